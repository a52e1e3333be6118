import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CaseBulkForm, type CaseBulkMessageKey } from "@/components/cases/case-bulk-form";
import { Card, PageHeader } from "@/components/ui/card";
import { Button, Select, TextInput } from "@/components/ui/form";
import { Pager } from "@/components/ui/pager";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { CASE_STATUSES } from "@/lib/case-rules";
import { isAppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { CASE_SEARCH_MAX, caseListPageQuerySchema, type CaseListFilters } from "@/schemas/case-list";
import { requireUser } from "@/server/auth/session";
import { caseActorFor } from "@/server/cases/case-actor";
import { listActiveRootCauses, listAssignableMembers, listCaseOwners, listCasePage } from "@/server/cases/list-cases";
import { getTranslator } from "@/server/i18n/request-locale";
import { bulkCasesAction } from "../actions";

export const metadata: Metadata = { title: "Cases · 工单" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The sort select's options: a column and its direction ("due.asc"). */
const SORT_OPTIONS = ["due.asc", "due.desc", "created.desc", "created.asc", "score.asc", "priority.desc"] as const;

const BULK_ERRORS: CaseBulkMessageKey[] = [
  "caseList.bulk.error.none",
  "caseList.bulk.error.owner",
  "caseList.bulk.error.rootCause",
  "caseList.bulk.error.forbidden",
  "caseList.bulk.error.notFound",
  "caseList.bulk.error.conflict",
  "caseList.bulk.error.failed",
];

/**
 * My cases, or all cases in the member's scope (viewers too, read-only), with search (customer, comment, case number),
 * filters, sorting, page numbers and — for CX managers and above — bulk assign / close.
 */
export default async function CasesPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const raw = await searchParams;
  const [sortPart, dirPart] = (first(raw.sort) ?? "").split(".");
  const parsed = caseListPageQuerySchema.parse({
    view: first(raw.view),
    status: first(raw.status),
    overdue: first(raw.overdue),
    owner: first(raw.owner),
    q: first(raw.q),
    sort: sortPart || undefined,
    dir: dirPart || first(raw.dir),
    page: first(raw.page),
  });
  const canManage = hasRole(viewer.role, "MANAGER");
  // Viewers own no cases: their list starts with every case in their scope.
  const query: CaseListFilters = { ...parsed, view: parsed.view ?? (canManage ? "mine" : "all") };
  const actor = await caseActorFor(viewer);
  const result = await listCasePage({ actor, query, page: parsed.page }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const [owners, assignable, rootCauses] = await Promise.all([
    query.view === "all" ? listCaseOwners(actor) : Promise.resolve([]),
    canManage ? listAssignableMembers(actor) : Promise.resolve([]),
    canManage ? listActiveRootCauses(actor, locale) : Promise.resolve([]),
  ]);
  const when = (date: Date) => formatDateTime(date, locale, viewer.timeZone);
  const sortValue = `${query.sort ?? "due"}.${query.dir ?? (query.sort === "created" || query.sort === "priority" ? "desc" : "asc")}`;
  const filtered = Boolean(query.q || query.status || query.overdue || query.owner);
  const params = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams();
    const base: Record<string, string | undefined> = {
      view: query.view,
      q: query.q,
      status: query.status,
      owner: query.view === "all" ? query.owner : undefined,
      overdue: query.overdue ? "1" : undefined,
      sort: query.sort ? sortValue : undefined,
      ...changes,
    };
    for (const [key, value] of Object.entries(base)) if (value) next.set(key, value);
    return `/cases?${next.toString()}`;
  };
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
  const rows = result.rows;
  const table = (
    <Table
      testId="cases-table"
      head={
        <>
          {canManage && <Th className="w-8" />}
          <Th>{t("caseList.number")}</Th>
          <Th>{t("cases.field.score")}</Th>
          {canManage && <Th>{t("caseList.customer")}</Th>}
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
          {canManage && (
            <Td>
              <input type="checkbox" name="caseId" value={row.id} aria-label={t("caseList.select", { ref: row.ref })} data-testid="case-select" />
            </Td>
          )}
          <Td className="whitespace-nowrap font-mono text-xs">
            <Link href={`/cases/${row.id}`} className="text-blue-800 hover:underline" data-testid="case-ref">
              {row.ref}
            </Link>
          </Td>
          <Td className="font-semibold">
            <Link href={`/cases/${row.id}`} className="text-blue-800 hover:underline" data-testid="case-link" data-case-id={row.id}>
              {row.score ?? t("common.none")}
            </Link>
          </Td>
          {canManage && <Td data-testid="case-customer">{row.customerName ?? t("caseList.anonymous")}</Td>}
          <Td className="max-w-xs truncate" title={row.comment ?? undefined}>
            {row.comment ?? t("common.none")}
            <span className="block text-xs text-slate-600">{row.surveyName}</span>
          </Td>
          <Td>{row.unitName ?? t("common.none")}</Td>
          <Td data-testid="case-owner">{row.ownerName ?? t("cases.noOwner")}</Td>
          <Td data-testid="case-status">{t(`cases.status.${row.status}`)}</Td>
          <Td>{t(`cases.priority.${row.priority}`)}</Td>
          <Td className="whitespace-nowrap">
            {when(row.dueAt)}
            {row.overdue && <span className="ml-1 rounded bg-red-100 px-1 text-xs font-semibold text-red-800">{t("cases.overdue")}</span>}
            {row.escalated && <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900">{t("cases.escalated")}</span>}
          </Td>
        </Tr>
      ))}
    </Table>
  );
  return (
    <>
      <PageHeader
        title={t("cases.title")}
        subtitle={t("cases.subtitle")}
        actions={
          canManage ? (
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
      <div className="mb-4 flex flex-wrap items-center gap-2">
        {tab("mine", t("cases.view.mine"))}
        {tab("all", t("cases.view.all"))}
        {!canManage && (
          <p className="basis-full text-sm text-slate-600 sm:ml-2 sm:basis-auto" data-testid="cases-viewer-note">
            {t("caseList.viewerNote")}
          </p>
        )}
      </div>
      <Card>
        <form method="get" className="mb-4 flex flex-wrap items-end gap-3" data-testid="cases-filter" role="search">
          <input type="hidden" name="view" value={query.view} />
          <label className="min-w-56 flex-1 text-sm">
            {t("caseList.search")}
            <TextInput name="q" type="search" defaultValue={query.q ?? ""} maxLength={CASE_SEARCH_MAX} placeholder={t("caseList.searchPlaceholder")} data-testid="cases-search" />
          </label>
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
          <label className="text-sm">
            {t("caseList.sort")}
            <Select name="sort" defaultValue={sortValue} data-testid="cases-sort">
              {SORT_OPTIONS.map((option) => (
                <option key={option} value={option}>
                  {t(`caseList.sort.${option}`)}
                </option>
              ))}
            </Select>
          </label>
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue} />
            {t("cases.filter.overdue")}
          </label>
          <Button type="submit" variant="secondary" data-testid="cases-apply">
            {t("cases.filter.apply")}
          </Button>
          {filtered && (
            <Link href={`/cases?view=${query.view}`} className="pb-2 text-sm text-blue-800 hover:underline">
              {t("caseList.clear")}
            </Link>
          )}
        </form>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="cases-empty">
            {filtered ? t("caseList.emptySearch") : t("cases.empty")}
          </p>
        ) : canManage ? (
          <CaseBulkForm
            action={bulkCasesAction}
            owners={assignable}
            rootCauses={rootCauses}
            labels={{
              title: t("caseList.bulk.title"),
              selected: t("caseList.bulk.selected"),
              selectPage: t("caseList.selectPage"),
              action: t("caseList.bulk.action"),
              assign: t("caseList.bulk.assign"),
              close: t("caseList.bulk.close"),
              owner: t("caseList.bulk.owner"),
              chooseOwner: t("caseList.bulk.chooseOwner"),
              rootCause: t("caseList.bulk.rootCause"),
              chooseRootCause: t("caseList.bulk.chooseRootCause"),
              apply: t("caseList.bulk.apply"),
              done: t("caseList.bulk.done"),
            }}
            messages={Object.fromEntries(BULK_ERRORS.map((key) => [key, t(key)])) as Record<CaseBulkMessageKey, string>}
          >
            {table}
          </CaseBulkForm>
        ) : (
          table
        )}
        <Pager
          page={result.page}
          pageCount={result.pageCount}
          total={result.total}
          pageSize={result.pageSize}
          href={(page) => params({ page: String(page) })}
          labels={{ label: t("pager.label"), previous: t("pager.previous"), next: t("pager.next"), summary: t("pager.summary"), page: t("pager.page") }}
          testId="cases-pager"
        />
      </Card>
    </>
  );
}
