import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import { Pager } from "@/components/ui/pager";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { MessageKey, Translate } from "@/i18n/translate";
import { AUDIT_ACTIONS, AUDIT_RETENTION_DAYS } from "@/lib/audit-actions";
import { formatDateTime } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { auditFilterFrom, type AuditFilter } from "@/schemas/audit";
import { getAuditRetention, listAuditActors, listAuditEvents } from "@/server/audit/list-audit-events";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { setAuditRetentionAction, verifyAuditAction } from "./actions";
import { VerifyChain } from "./verify-chain";

export const metadata: Metadata = { title: "Audit log · 审计日志" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function actionLabel(t: Translate, action: string): string {
  return (AUDIT_ACTIONS as readonly string[]).includes(action) ? t(`audit.action.${action}` as MessageKey) : action;
}

function query(filter: AuditFilter, page?: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, String(value));
  if (page && page > 1) params.set("page", String(page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** A short, readable summary of an entry's details (before → after for changes); the CSV has the full JSON. */
function detailsText(details: unknown): string {
  if (!details || typeof details !== "object") return "";
  const text = JSON.stringify(details);
  return text === "{}" ? "" : text.length > 240 ? `${text.slice(0, 239)}…` : text;
}

/** Settings → Audit log (ADMIN and OWNER; others get the 404 page): filters, paging, CSV, chain check, retention. */
export default async function AuditPage({ searchParams }: Props) {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const raw = await searchParams;
  const { t, locale } = await getTranslator();
  const filter = auditFilterFrom(raw);
  const pageParam = Number(Array.isArray(raw.page) ? raw.page[0] : raw.page);
  const [list, actors, retention] = await Promise.all([
    listAuditEvents({ actor: viewer, filter, page: Number.isFinite(pageParam) ? pageParam : 1 }),
    listAuditActors(viewer),
    getAuditRetention(viewer),
  ]);
  const when = (date: Date) => formatDateTime(date, locale, viewer.timeZone);
  const retentionLabel = (days: number) => (days % 365 === 0 ? t("audit.retention.years", { n: days / 365 }) : t("audit.retention.days", { n: days }));

  return (
    <>
      <PageHeader
        title={t("audit.title")}
        subtitle={t("audit.subtitle")}
        actions={
          <a
            href={`/settings/audit/export${query(filter)}`}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
            data-testid="audit-export"
          >
            {t("audit.export")}
          </a>
        }
      />
      <div className="space-y-6">
        <Card title={t("audit.filter.title")}>
          <form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5 lg:items-end" data-testid="audit-filters">
            <Field label={t("audit.filter.actor")} htmlFor="audit-actor">
              <Select id="audit-actor" name="actor" defaultValue={filter.actor ?? ""}>
                <option value="">{t("audit.filter.anyActor")}</option>
                <option value="system">{t("audit.filter.system")}</option>
                {actors.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} ({a.email})
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t("audit.filter.action")} htmlFor="audit-action">
              <Select id="audit-action" name="action" defaultValue={filter.action ?? ""}>
                <option value="">{t("audit.filter.anyAction")}</option>
                {AUDIT_ACTIONS.map((action) => (
                  <option key={action} value={action}>
                    {actionLabel(t, action)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t("audit.filter.from")} htmlFor="audit-from">
              <TextInput id="audit-from" name="from" type="date" defaultValue={filter.from ?? ""} />
            </Field>
            <Field label={t("audit.filter.to")} htmlFor="audit-to">
              <TextInput id="audit-to" name="to" type="date" defaultValue={filter.to ?? ""} />
            </Field>
            <div className="flex gap-2">
              <Button type="submit">{t("audit.filter.apply")}</Button>
              <a href="/settings/audit" className="rounded-md px-3 py-2 text-sm text-slate-700 underline-offset-2 hover:underline">
                {t("audit.filter.reset")}
              </a>
            </div>
          </form>
        </Card>

        <Card title={t("audit.table.caption")}>
          {list.total === 0 ? (
            <p className="text-sm text-slate-600" data-testid="audit-empty">
              {t("audit.empty")}
            </p>
          ) : (
            <Table
              testId="audit-table"
              head={
                <>
                  <Th>{t("audit.col.seq")}</Th>
                  <Th>{t("audit.col.at")}</Th>
                  <Th>{t("audit.col.actor")}</Th>
                  <Th>{t("audit.col.action")}</Th>
                  <Th>{t("audit.col.target")}</Th>
                  <Th>{t("audit.col.details")}</Th>
                  <Th>{t("audit.col.ip")}</Th>
                </>
              }
            >
              {list.rows.map((row) => (
                <Tr key={row.id}>
                  <Td className="tabular-nums text-slate-600">{row.seq ?? "–"}</Td>
                  <Td className="whitespace-nowrap">{when(row.at)}</Td>
                  <Td>
                    {row.actorId ? (
                      <span title={row.actorEmail ?? undefined}>{row.actorName ?? row.actorEmail ?? row.actorId}</span>
                    ) : (
                      <span className="text-slate-600">{t("audit.system")}</span>
                    )}
                  </Td>
                  <Td data-testid="audit-row-action" data-action={row.action}>
                    {actionLabel(t, row.action)}
                  </Td>
                  <Td className="text-slate-700">
                    {row.targetType}
                    {row.targetId ? <span className="block max-w-40 truncate font-mono text-xs text-slate-600">{row.targetId}</span> : null}
                  </Td>
                  <Td className="max-w-md break-all font-mono text-xs text-slate-700">{detailsText(row.details)}</Td>
                  <Td className="whitespace-nowrap font-mono text-xs">{row.ip ?? ""}</Td>
                </Tr>
              ))}
            </Table>
          )}
          <Pager
            page={list.page}
            pageCount={list.pageCount}
            total={list.total}
            pageSize={list.pageSize}
            href={(page) => `/settings/audit${query(filter, page)}`}
            labels={{
              label: t("audit.pager.label"),
              previous: t("audit.pager.previous"),
              next: t("audit.pager.next"),
              summary: t("audit.pager.summary"),
              page: t("audit.pager.page"),
            }}
            testId="audit-pager"
          />
        </Card>

        <div className="grid gap-6 lg:grid-cols-2">
          <Card title={t("audit.verify.title")} description={t("audit.verify.description")}>
            <VerifyChain
              action={verifyAuditAction}
              labels={{
                button: t("audit.verify.button"),
                running: t("audit.verify.running"),
                ok: t("audit.verify.ok"),
                broken: t("audit.verify.broken"),
                unchained: t("audit.verify.unchained"),
                problems: {
                  hash_mismatch: t("audit.verify.problem.hash_mismatch"),
                  prev_hash_mismatch: t("audit.verify.problem.prev_hash_mismatch"),
                  seq_gap: t("audit.verify.problem.seq_gap"),
                  head_mismatch: t("audit.verify.problem.head_mismatch"),
                },
              }}
            />
            <p className="mt-3 text-xs text-slate-600">{t("audit.verify.cli")}</p>
          </Card>
          <Card title={t("audit.retention.title")} description={t("audit.retention.description")}>
            <form action={setAuditRetentionAction} className="flex flex-wrap items-end gap-3" data-testid="audit-retention">
              <Field label={t("audit.retention.label")} htmlFor="audit-retention-days">
                <Select id="audit-retention-days" name="days" defaultValue={retention.days === null ? "forever" : String(retention.days)}>
                  <option value="forever">{t("audit.retention.forever")}</option>
                  {AUDIT_RETENTION_DAYS.map((days) => (
                    <option key={days} value={String(days)}>
                      {retentionLabel(days)}
                    </option>
                  ))}
                </Select>
              </Field>
              <Button type="submit" variant="secondary">
                {t("audit.retention.save")}
              </Button>
            </form>
            {raw.saved === "1" && (
              <p className="mt-3 text-sm text-emerald-800" role="status" data-testid="audit-retention-saved">
                {t("audit.retention.saved")}
              </p>
            )}
            {retention.checkpointAt && (
              <p className="mt-3 text-xs text-slate-600">{t("audit.retention.checkpoint", { seq: retention.checkpointSeq, time: when(retention.checkpointAt) })}</p>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
