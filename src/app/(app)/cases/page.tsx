import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { Button, Select } from "@/components/ui/form";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { CASE_STATUSES } from "@/lib/case-rules";
import { isAppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { caseListQuerySchema } from "@/schemas/case";
import { requireUser } from "@/server/auth/session";
import { caseActorFor } from "@/server/cases/case-actor";
import { listCaseOwners, listCases } from "@/server/cases/list-cases";
import { getTranslator } from "@/server/i18n/request-locale";

export const metadata: Metadata = { title: "Cases · 工单" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** My cases for every member; all cases in scope, with filters, for CX managers and above. */
export default async function CasesPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const raw = await searchParams;
  const canSeeAll = hasRole(viewer.role, "MANAGER");
  const parsed = caseListQuerySchema.parse({ view: first(raw.view), status: first(raw.status), overdue: first(raw.overdue), owner: first(raw.owner) });
  const query = canSeeAll ? parsed : { ...parsed, view: "mine" as const };
  const actor = await caseActorFor(viewer);
  const rows = await listCases({ actor, query }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const owners = canSeeAll && query.view === "all" ? await listCaseOwners(actor) : [];
  const when = (date: Date) => formatDateTime(date, locale, viewer.timeZone);
  const tab = (view: "mine" | "all", label: string) => (
    <Link
      href={`/cases?view=${view}`}
      data-testid={`cases-tab-${view}`}
      aria-current={query.view === view ? "page" : undefined}
      className={`rounded-md px-3 py-1.5 text-sm font-medium ${query.view === view ? "bg-blue-700 text-white" : "text-slate-700 hover:bg-slate-100"}`}
    >
      {label}
    </Link>
  );
  return (
    <>
      <PageHeader
        title={t("cases.title")}
        subtitle={t("cases.subtitle")}
        actions={
          canSeeAll ? (
            <div className="flex gap-4 text-sm font-medium text-blue-800">
              <Link href="/cases/dashboard" className="hover:underline" data-testid="cases-dashboard-link">
                {t("cases.dashboardLink")}
              </Link>
              <Link href="/cases/loop" className="hover:underline">
                {t("cases.loopLink")}
              </Link>
            </div>
          ) : undefined
        }
      />
      <div className="mb-4 flex gap-2">
        {tab("mine", t("cases.view.mine"))}
        {canSeeAll && tab("all", t("cases.view.all"))}
      </div>
      <Card>
        <form method="get" className="mb-4 flex flex-wrap items-end gap-3" data-testid="cases-filter">
          <input type="hidden" name="view" value={query.view} />
          <label className="text-sm">
            {t("cases.filter.status")}
            <Select name="status" defaultValue={query.status ?? ""}>
              <option value="">{t("cases.filter.allStatuses")}</option>
              {CASE_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`cases.status.${status}`)}
                </option>
              ))}
            </Select>
          </label>
          {query.view === "all" && (
            <label className="text-sm">
              {t("cases.filter.owner")}
              <Select name="owner" defaultValue={query.owner ?? ""}>
                <option value="">{t("cases.filter.allOwners")}</option>
                {owners.map((owner) => (
                  <option key={owner.id} value={owner.id}>
                    {owner.name}
                  </option>
                ))}
              </Select>
            </label>
          )}
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue} />
            {t("cases.filter.overdue")}
          </label>
          <Button type="submit" variant="secondary">
            {t("cases.filter.apply")}
          </Button>
        </form>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="cases-empty">
            {t("cases.empty")}
          </p>
        ) : (
          <Table
            testId="cases-table"
            head={
              <>
                <Th>{t("cases.field.score")}</Th>
                <Th>{t("cases.field.comment")}</Th>
                <Th>{t("cases.field.unit")}</Th>
                <Th>{t("cases.field.owner")}</Th>
                <Th>{t("cases.field.status")}</Th>
                <Th>{t("cases.field.priority")}</Th>
                <Th>{t("cases.field.due")}</Th>
              </>
            }
          >
            {rows.map((row) => (
              <Tr key={row.id}>
                <Td className="font-semibold">
                  <Link href={`/cases/${row.id}`} className="text-blue-800 hover:underline" data-testid="case-link" data-case-id={row.id}>
                    {row.score ?? t("common.none")}
                  </Link>
                </Td>
                <Td className="max-w-xs truncate" title={row.comment ?? undefined}>
                  {row.comment ?? t("common.none")}
                  <span className="block text-xs text-slate-500">{row.surveyName}</span>
                </Td>
                <Td>{row.unitName ?? t("common.none")}</Td>
                <Td>{row.ownerName ?? t("cases.noOwner")}</Td>
                <Td data-testid="case-status">{t(`cases.status.${row.status}`)}</Td>
                <Td>{t(`cases.priority.${row.priority}`)}</Td>
                <Td>
                  {when(row.dueAt)}
                  {row.overdue && <span className="ml-1 rounded bg-red-100 px-1 text-xs font-semibold text-red-800">{t("cases.overdue")}</span>}
                  {row.escalated && <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900">{t("cases.escalated")}</span>}
                </Td>
              </Tr>
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}
