import type { Metadata } from "next";
import Link from "next/link";
import { ClassTrendChart, type ClassTrendDatum } from "@/components/customer-classes/class-trend-chart";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatDateTime, formatNumber, formatShare } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { classActorFor } from "@/server/customer-classes/class-actor";
import { getClassOverview } from "@/server/customer-classes/get-class-overview";
import { className } from "@/server/customer-classes/get-class-settings";
import { db } from "@/server/db";
import { getTranslator } from "@/server/i18n/request-locale";

export const metadata: Metadata = { title: "Customer classes · 客户分类" };
export const dynamic = "force-dynamic";

/** /contacts/classes: customers per class now and month by month (the contacts layout admits whole-organisation readers). */
export default async function CustomerClassesPage() {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const actor = await classActorFor(viewer);
  const overview = await getClassOverview({ actor });
  const { timeZone } = await db.organization.findUniqueOrThrow({ where: { id: viewer.organizationId }, select: { timeZone: true } });
  const share = (n: number) => formatShare(overview.total === 0 ? null : n / overview.total, locale);
  const series = overview.classes.map((c) => ({ key: c.key, name: className(c, locale) }));
  const data: ClassTrendDatum[] = overview.trend.map((point) => ({ month: point.month, ...Object.fromEntries(overview.classes.map((c) => [c.key, point.counts[c.key] ?? 0])) }));
  return (
    <>
      <PageHeader
        title={t("classes.title")}
        subtitle={t("classes.subtitle")}
        actions={
          <div className="flex flex-wrap gap-3 text-sm">
            <Link href="/contacts" className="text-blue-700 hover:underline">
              {t("classes.backToContacts")}
            </Link>
            {hasRole(viewer.role, "ADMIN") && (
              <Link href="/contacts/classes/settings" className="text-blue-700 hover:underline" data-testid="class-settings-link">
                {t("classes.settingsLink")}
              </Link>
            )}
          </div>
        }
      />
      <div className="grid grid-cols-1 gap-6">
        <Card title={t("classes.now.title")} description={t("classes.now.description", { time: formatDateTime(overview.now, locale, timeZone) })}>
          <ul className="grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="class-cards">
            {overview.classes.map((c) => (
              <li key={c.key}>
                <Link
                  href={`/contacts/classes/${c.key}`}
                  className="block rounded-lg border border-slate-200 p-4 hover:border-blue-600 hover:bg-blue-50"
                  data-testid={`class-card-${c.key}`}
                >
                  <span className="block text-sm font-medium text-slate-700">{className(c, locale)}</span>
                  <span className="mt-1 block text-2xl font-semibold text-slate-900" data-testid={`class-count-${c.key}`}>
                    {formatNumber(overview.counts[c.key] ?? 0, locale)}
                  </span>
                  <span className="block text-xs text-slate-500">{share(overview.counts[c.key] ?? 0)}</span>
                </Link>
              </li>
            ))}
          </ul>
          <p className="mt-3 text-sm text-slate-600">
            {t("classes.unclassified")}: {formatNumber(overview.unclassified, locale)} · {t("classes.total", { total: formatNumber(overview.total, locale) })}
          </p>
        </Card>
        <Card title={t("classes.trend.title")} description={t("classes.trend.description", { zone: timeZone })}>
          <ClassTrendChart data={data} series={series} label={t("classes.trend.title")} />
          <div className="mt-4 overflow-x-auto focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-600" tabIndex={0}>
            <Table
              testId="class-trend-table"
              head={
                <>
                  <Th>{t("classes.trend.month")}</Th>
                  {overview.classes.map((c) => (
                    <Th key={c.key} className="text-right">
                      {className(c, locale)}
                    </Th>
                  ))}
                  <Th className="text-right">{t("classes.unclassified")}</Th>
                </>
              }
            >
              {overview.trend.map((point) => (
                <Tr key={point.month}>
                  <Td>{point.month}</Td>
                  {overview.classes.map((c) => (
                    <Td key={c.key} className="text-right tabular-nums">
                      {formatNumber(point.counts[c.key] ?? 0, locale)}
                    </Td>
                  ))}
                  <Td className="text-right tabular-nums">{formatNumber(point.unclassified, locale)}</Td>
                </Tr>
              ))}
            </Table>
          </div>
        </Card>
      </div>
    </>
  );
}
