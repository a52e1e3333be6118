import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import type { Translate } from "@/i18n/translate";
import { IMPORT_SKIP_REASONS, IMPORT_WARNINGS } from "@/lib/org-import";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { getOrgTree, type OrgTreeNode } from "@/server/org/get-org-tree";
import { assignScopeAction, importHierarchyAction } from "./actions";
import { ImportHierarchyForm } from "./import-form";

export const metadata: Metadata = { title: "Organisation · 组织架构" };

function Tree({ nodes, t }: { nodes: OrgTreeNode[]; t: Translate }) {
  return (
    <ul className="space-y-1 border-l border-slate-200 pl-4">
      {nodes.map((node) => (
        <li key={node.id} data-testid="org-unit" data-code={node.code}>
          <div className="flex flex-wrap items-baseline gap-2 text-sm">
            <span className="rounded bg-slate-100 px-1.5 text-[10px] font-medium text-slate-600">{t(`acct.kind.${node.kind}`)}</span>
            <span className="font-medium">{node.name}</span>
            <span className="text-xs text-slate-500">{node.code}</span>
            <span className="text-xs text-slate-600">{node.managerName ? t("org.manager", { name: node.managerName }) : t("org.noManager")}</span>
            {node.employees.length > 0 && (
              <span className="text-xs text-slate-500" title={node.employees.map((e) => e.name).join("、")}>
                {t("org.employeesCount", { count: node.employees.length })}
              </span>
            )}
          </div>
          {node.children.length > 0 && <Tree nodes={node.children} t={t} />}
        </li>
      ))}
    </ul>
  );
}

export default async function OrganizationSettingsPage() {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t } = await getTranslator();
  const tree = await getOrgTree(viewer.organizationId);
  const reasons = Object.fromEntries([...IMPORT_SKIP_REASONS, ...IMPORT_WARNINGS].map((r) => [r, t(`org.reason.${r}`)]));
  return (
    <div className="space-y-6">
      <PageHeader title={t("org.title")} subtitle={t("org.subtitle")} />
      <Card title={t("org.tree")}>{tree.roots.length === 0 ? <p className="text-sm text-slate-600">{t("org.treeEmpty")}</p> : <Tree nodes={tree.roots} t={t} />}</Card>
      <Card title={t("org.import.title")} description={t("org.import.help")}>
        <ImportHierarchyForm
          action={importHierarchyAction}
          labels={{
            file: t("org.import.file"),
            submit: t("org.import.submit"),
            submitting: t("org.import.submitting"),
            failed: t("org.import.failed"),
            done: t("org.import.done"),
            row: t("org.import.row"),
            reasons,
          }}
        />
      </Card>
      <Card title={t("org.scope.title")} description={t("org.scope.help")}>
        {tree.members.length === 0 ? (
          <p className="text-sm text-slate-600">{t("org.scope.none")}</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="org-scopes">
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th className="py-2 pr-4 font-medium">{t("org.scope.member")}</th>
                <th className="py-2 pr-4 font-medium">{t("org.scope.role")}</th>
                <th className="py-2 font-medium">{t("org.scope.unit")}</th>
              </tr>
            </thead>
            <tbody>
              {tree.members.map((member) => (
                <tr key={member.membershipId} className="border-b border-slate-100 last:border-0">
                  <td className="py-2 pr-4">
                    {member.name} <span className="text-xs text-slate-500">{member.email}</span>
                  </td>
                  <td className="py-2 pr-4">{t(`role.${member.role}`)}</td>
                  <td className="py-2">
                    <form action={assignScopeAction} className="flex items-center gap-2">
                      <input type="hidden" name="membershipId" value={member.membershipId} />
                      <select name="scopeUnitId" defaultValue={member.scopeUnitId ?? ""} aria-label={t("org.scope.unit")} className="rounded-md border border-slate-300 px-2 py-1">
                        <option value="">{t("org.scope.whole")}</option>
                        {tree.units.map((unit) => (
                          <option key={unit.id} value={unit.id}>
                            {unit.label}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50">
                        {t("org.scope.save")}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
