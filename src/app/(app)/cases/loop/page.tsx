import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LoopMarkSentForm } from "@/components/cases/loop-mark-sent-form";
import { Card, PageHeader } from "@/components/ui/card";
import { Pager } from "@/components/ui/pager";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { loopPagesSchema } from "@/schemas/case-list";
import { requireUser } from "@/server/auth/session";
import { caseActorFor } from "@/server/cases/case-actor";
import { listLoopContacts, LOOP_LISTS, LOOP_SENT_FILTERS, loopPageQuerySchema, type LoopList, type LoopSentFilter } from "@/server/cases/list-loop-contacts";
import { getTranslator } from "@/server/i18n/request-locale";
import { markLoopSentAction } from "./actions";

export const metadata: Metadata = { title: "Promoters & passives · 推荐者与被动者" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Consented promoters (referral / review ask) and passives (activation), with "mark as sent" and CSV export. */
export default async function CaseLoopPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "MANAGER")) notFound();
  const { t, locale } = await getTranslator();
  const raw = await searchParams;
  const filters = loopPageQuerySchema.parse({ promoters: first(raw.promoters), passives: first(raw.passives) });
  const pages = loopPagesSchema.parse({ promotersPage: first(raw.promotersPage), passivesPage: first(raw.passivesPage) });
  const actor = await caseActorFor(viewer);
  const lists = await Promise.all(
    LOOP_LISTS.map(async (list) => ({ list, sent: filters[list], ...(await listLoopContacts({ actor, list, sent: filters[list], page: pages[`${list}Page`] })) })),
  );
  const when = (date: Date) => formatDateTime(date, locale, viewer.timeZone);
  const errors = {
    "cases.loop.error.forbidden": t("cases.loop.error.forbidden"),
    "cases.loop.error.notFound": t("cases.loop.error.notFound"),
    "cases.loop.error.failed": t("cases.loop.error.failed"),
  } as const;
  // A list's filter starts it again at its first page; the other list keeps its page.
  const loopHref = (changes: Record<string, string>) => {
    const params = new URLSearchParams({ ...filters, promotersPage: String(lists[0]?.page ?? 1), passivesPage: String(lists[1]?.page ?? 1), ...changes });
    for (const key of ["promotersPage", "passivesPage"]) if (params.get(key) === "1") params.delete(key);
    return `/cases/loop?${params.toString()}`;
  };
  const filterHref = (list: LoopList, sent: LoopSentFilter) => loopHref({ [list]: sent, [`${list}Page`]: "1" });
  const pagerLabels = { label: t("pager.label"), previous: t("pager.previous"), next: t("pager.next"), summary: t("pager.summary"), page: t("pager.page") };
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("cases.loop.title")}
        subtitle={t("cases.loop.subtitle")}
        actions={
          <Link href="/cases?view=all" className="text-sm font-medium text-blue-800 hover:underline">
            {t("cases.loop.back")}
          </Link>
        }
      />
      {lists.map(({ list, sent, rows, total, page, pageCount, pageSize }) => (
        <div key={list} id={`loop-${list}`} className="scroll-mt-4">
        <Card
          title={t(list === "promoters" ? "cases.loop.promoters" : "cases.loop.passives")}
          description={t("cases.loop.count", { count: total })}
          actions={
            <a
              href={`/cases/loop/export?list=${list}&sent=${sent}`}
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
              data-testid={`loop-export-${list}`}
            >
              {t("cases.loop.export")}
            </a>
          }
        >
          <div className="mb-3 flex gap-2 text-sm" data-testid={`loop-filter-${list}`}>
            {LOOP_SENT_FILTERS.map((option) => (
              <Link
                key={option}
                href={filterHref(list, option)}
                aria-current={sent === option ? "page" : undefined}
                className={`rounded-md px-2 py-1 ${sent === option ? "bg-blue-700 text-white" : "text-slate-700 hover:bg-slate-100"}`}
              >
                {t(`cases.loop.filter.${option}`)}
              </Link>
            ))}
          </div>
          {rows.length === 0 ? (
            <p className="text-sm text-slate-600">{t("cases.loop.empty")}</p>
          ) : (
            <Table
              testId={`loop-table-${list}`}
              head={
                <>
                  <Th>{t("cases.loop.name")}</Th>
                  <Th>{t("cases.loop.email")}</Th>
                  <Th>{t("cases.loop.score")}</Th>
                  <Th>{t("cases.loop.comment")}</Th>
                  <Th>{t("cases.loop.unit")}</Th>
                  <Th>{t("cases.loop.respondedAt")}</Th>
                  <Th>{t("cases.loop.status")}</Th>
                </>
              }
            >
              {rows.map((row) => (
                <Tr key={row.responseId}>
                  <Td className="font-medium">{row.name ?? t("cases.loop.anonymous")}</Td>
                  <Td>{row.email ?? t("common.none")}</Td>
                  <Td>{row.score ?? t("common.none")}</Td>
                  <Td className="max-w-xs truncate" title={row.comment ?? undefined}>
                    {row.comment ?? t("common.none")}
                    <span className="block text-xs text-slate-500">{row.surveyName}</span>
                  </Td>
                  <Td>{row.unitName ?? t("common.none")}</Td>
                  <Td>{when(row.respondedAt)}</Td>
                  <Td data-testid="loop-status">
                    {row.sentAt ? (
                      <span className="text-green-800">{t("cases.loop.sent", { date: when(row.sentAt) })}</span>
                    ) : (
                      <div className="space-y-1">
                        <span className="block text-slate-600">{t("cases.loop.notSent")}</span>
                        <LoopMarkSentForm
                          action={markLoopSentAction}
                          responseId={row.responseId}
                          labels={{ submit: t("cases.loop.markSent"), done: t("cases.loop.marked"), errors }}
                        />
                      </div>
                    )}
                  </Td>
                </Tr>
              ))}
            </Table>
          )}
          <Pager
            page={page}
            pageCount={pageCount}
            total={total}
            pageSize={pageSize}
            href={(target) => `${loopHref({ [`${list}Page`]: String(target) })}#loop-${list}`}
            labels={pagerLabels}
            testId={`loop-pager-${list}`}
          />
        </Card>
        </div>
      ))}
    </div>
  );
}
