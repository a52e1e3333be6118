import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { Pager } from "@/components/ui/pager";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { isAppError } from "@/lib/errors";
import { formatDate, formatNumber } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { CLASS_KEY, classListQuerySchema } from "@/schemas/customer-classes";
import { requireUser } from "@/server/auth/session";
import { classActorFor } from "@/server/customer-classes/class-actor";
import { className } from "@/server/customer-classes/get-class-settings";
import { listClassContacts } from "@/server/customer-classes/list-class-contacts";
import { addDays, todayIn } from "@/lib/date-range";
import { CLASS_CASES_MAX_DAYS_AHEAD } from "@/schemas/customer-classes";
import { listAssignableMembers } from "@/server/cases/list-cases";
import { db } from "@/server/db";
import { getTranslator } from "@/server/i18n/request-locale";
import { followUpClassAction } from "./actions";
import { FollowUpForm } from "./follow-up-form";
import { FOLLOW_UP_MESSAGE_KEYS, type FollowUpMessageKey } from "./follow-up-state";

export const metadata: Metadata = { title: "Customer class · 客户分类" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ key: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** /contacts/classes/<key>: the class's customers, 25 a page, masked for viewers; export and campaign for managers / admins. */
export default async function CustomerClassPage({ params, searchParams }: Props) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const { key } = await params;
  if (!CLASS_KEY.test(key)) notFound();
  const raw = await searchParams;
  const { page } = classListQuerySchema.parse({ page: typeof raw.page === "string" ? raw.page : undefined });
  const actor = await classActorFor(viewer);
  const list = await listClassContacts({ actor, classKey: key, page }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const { timeZone } = await db.organization.findUniqueOrThrow({ where: { id: viewer.organizationId }, select: { timeZone: true } });
  const name = className(list.cls, locale);
  const canExport = hasRole(viewer.role, "MANAGER");
  const canSend = hasRole(viewer.role, "ADMIN");
  const canFollowUp = canExport && list.total > 0;
  const members = canFollowUp ? await listAssignableMembers({ ...actor, userId: viewer.userId }) : [];
  const today = todayIn(timeZone);
  const pagerLabels = { label: t("pager.label"), previous: t("pager.previous"), next: t("pager.next"), summary: t("pager.summary"), page: t("pager.page") };
  return (
    <>
      <PageHeader
        title={name}
        subtitle={t("classes.list.subtitle", { count: formatNumber(list.total, locale) })}
        actions={
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <Link href="/contacts/classes" className="text-blue-700 hover:underline">
              {t("classes.backToOverview")}
            </Link>
            {canExport && list.total > 0 && (
              <a
                href={`/contacts/classes/${key}/export`}
                className="rounded-md border border-slate-300 bg-white px-3 py-2 font-semibold text-slate-800 hover:bg-slate-50"
                data-testid="class-export"
              >
                {t("classes.list.export")}
              </a>
            )}
            {canSend && list.total > 0 && (
              <Link
                href={`/campaigns/new?class=${encodeURIComponent(key)}`}
                className="rounded-md bg-blue-700 px-3 py-2 font-semibold text-white hover:bg-blue-800"
                data-testid="class-campaign"
              >
                {t("classes.list.campaign")}
              </Link>
            )}
          </div>
        }
      />
      <Card>
        {list.view === "masked" && (
          <p className="mb-4 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="class-masked">
            {t("classes.list.masked")}
          </p>
        )}
        {list.rows.length === 0 ? (
          <p className="text-sm text-slate-600">{t("classes.list.empty")}</p>
        ) : (
          <div className="overflow-x-auto focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-600" tabIndex={0}>
            <Table
              testId="class-contacts"
              head={
                <>
                  <Th>{t("classes.list.name")}</Th>
                  <Th>{t("classes.list.email")}</Th>
                  <Th className="text-right">{t("classes.list.score")}</Th>
                  <Th>{t("classes.list.answeredAt")}</Th>
                </>
              }
            >
              {list.rows.map((row) => (
                <Tr key={row.id}>
                  <Td className="font-medium">
                    <Link href={`/contacts/${row.id}`} className="text-blue-700 hover:underline">
                      {row.name ?? row.externalId ?? t("common.none")}
                    </Link>
                    {row.unsubscribed && <span className="ml-2 rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800">{t("classes.list.unsubscribed")}</span>}
                  </Td>
                  <Td className="break-all">{row.email ?? t("common.none")}</Td>
                  <Td className="text-right tabular-nums">{row.score ?? t("common.none")}</Td>
                  <Td className="whitespace-nowrap">{row.answeredAt ? formatDate(row.answeredAt, locale, timeZone) : t("common.none")}</Td>
                </Tr>
              ))}
            </Table>
          </div>
        )}
        <Pager
          page={list.page}
          pageCount={list.pageCount}
          total={list.total}
          pageSize={list.pageSize}
          href={(p) => (p > 1 ? `/contacts/classes/${key}?page=${p}` : `/contacts/classes/${key}`)}
          labels={pagerLabels}
          testId="class-pager"
        />
      </Card>
      {canFollowUp && members.length > 0 && (
        <div className="mt-6">
          <Card title={t("classes.followUp.title")}>
            <FollowUpForm
              action={followUpClassAction}
              classKey={key}
              members={members}
              defaultOwnerId={members.some((m) => m.id === viewer.userId) ? viewer.userId : (members[0]?.id ?? "")}
              defaultDueDate={addDays(today, 7)}
              minDate={today}
              maxDate={addDays(today, CLASS_CASES_MAX_DAYS_AHEAD)}
              labels={{
                title: t("classes.followUp.title"),
                hint: t("classes.followUp.hint", { name }),
                owner: t("classes.followUp.owner"),
                dueDate: t("classes.followUp.dueDate"),
                submit: t("classes.followUp.submit"),
                pending: t("classes.followUp.pending"),
                done: t("classes.followUp.done"),
                casesLink: t("classes.followUp.casesLink"),
              }}
              messages={Object.fromEntries(FOLLOW_UP_MESSAGE_KEYS.map((k) => [k, t(k)])) as Record<FollowUpMessageKey, string>}
            />
          </Card>
        </div>
      )}
    </>
  );
}
