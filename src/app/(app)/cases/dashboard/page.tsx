import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DashboardStat } from "@/components/cases/dashboard-stat";
import { RootCauseChart, type RootCauseBar } from "@/components/charts/root-cause-chart";
import { Card, PageHeader } from "@/components/ui/card";
import { Button, Select } from "@/components/ui/form";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { caseActorFor } from "@/server/cases/case-actor";
import { CASE_DASHBOARD_DAYS, caseDashboardQuerySchema, getCaseDashboard } from "@/server/cases/get-case-dashboard";
import { getTranslator } from "@/server/i18n/request-locale";

export const metadata: Metadata = { title: "Case dashboard · 工单看板" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Open / overdue / resolved, median times and root causes, for CX managers and above within their scope. */
export default async function CaseDashboardPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "MANAGER")) notFound();
  const { t, locale } = await getTranslator();
  const raw = await searchParams;
  const { days } = caseDashboardQuerySchema.parse({ days: Array.isArray(raw.days) ? raw.days[0] : raw.days });
  const actor = await caseActorFor(viewer);
  const dashboard = await getCaseDashboard({ actor, suppressN: viewer.suppressN, locale, days });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const hours = (value: number | null) => (value === null ? t("cases.dashboard.none") : t("cases.dashboard.hours", { hours: number.format(value) }));
  const points = (value: number | null) => (value === null ? t("cases.dashboard.none") : number.format(value));
  const suppressedText = t("cases.dashboard.suppressed", { n: dashboard.suppressN });
  const bars: RootCauseBar[] = dashboard.rootCauses.map((row) => ({
    label: row.label,
    cases: row.cases,
    n: row.n,
    nps: row.stats?.nps ?? null,
    ciLow: row.stats?.ciLow ?? null,
    ciHigh: row.stats?.ciHigh ?? null,
  }));
  const npsRank = new Map(dashboard.rootCausesByNps.map((row, index) => [row.id, index + 1]));
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("cases.dashboard.title")}
        subtitle={t("cases.dashboard.subtitle")}
        actions={
          <Link href="/cases?view=all" className="text-sm font-medium text-blue-800 hover:underline">
            {t("cases.detail.back")}
          </Link>
        }
      />
      <form method="get" className="flex items-end gap-2" data-testid="case-dashboard-range">
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">{t("cases.dashboard.range")}</span>
          <Select name="days" defaultValue={String(days)}>
            {CASE_DASHBOARD_DAYS.map((d) => (
              <option key={d} value={d}>
                {t(`cases.dashboard.range.${d}`)}
              </option>
            ))}
          </Select>
        </label>
        <Button type="submit" variant="secondary">
          {t("cases.dashboard.apply")}
        </Button>
      </form>
      {actor.scopeUnitIds !== null && !hasRole(actor.role, "ADMIN") && (
        <p className="rounded-md bg-blue-50 px-3 py-2 text-sm text-blue-900" data-testid="case-dashboard-scope">
          {t("cases.dashboard.scopeNote")}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <DashboardStat testId="case-dashboard-open" label={t("cases.dashboard.open")} value={String(dashboard.open)} help={t("cases.dashboard.openHelp")} />
        <DashboardStat
          testId="case-dashboard-overdue"
          label={t("cases.dashboard.overdue")}
          value={String(dashboard.overdue)}
          help={t("cases.dashboard.openHelp")}
          tone={dashboard.overdue > 0 ? "alert" : "normal"}
        />
        <DashboardStat testId="case-dashboard-resolved" label={t("cases.dashboard.resolved")} value={String(dashboard.resolved)} help={t("cases.dashboard.resolvedHelp")} />
        <DashboardStat
          testId="case-dashboard-first-contact"
          label={t("cases.dashboard.medianFirstContact")}
          value={hours(dashboard.medianHoursToFirstContact)}
          help={t("cases.dashboard.medianHelp")}
        />
        <DashboardStat testId="case-dashboard-resolve" label={t("cases.dashboard.medianClose")} value={hours(dashboard.medianHoursToResolve)} help={t("cases.dashboard.medianHelp")} />
      </div>
      <Card title={t("cases.dashboard.rootCauses")} description={t("cases.dashboard.rootCausesHelp")}>
        {dashboard.rootCauses.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="case-dashboard-no-root-causes">
            {t("cases.dashboard.noRootCauses")}
          </p>
        ) : (
          <div className="space-y-4">
            <RootCauseChart
              data={bars}
              labels={{
                chart: t("cases.dashboard.chart"),
                cases: t("cases.dashboard.count"),
                nps: t("cases.dashboard.nps"),
                ci: t("cases.dashboard.ci"),
                n: t("cases.dashboard.n"),
                suppressed: suppressedText,
              }}
            />
            <Table
              testId="case-dashboard-root-causes"
              head={
                <>
                  <Th>{t("cases.field.rootCause")}</Th>
                  <Th className="text-right">{t("cases.dashboard.count")}</Th>
                  <Th className="text-right">{t("cases.dashboard.n")}</Th>
                  <Th className="text-right">{t("cases.dashboard.nps")}</Th>
                  <Th>{t("cases.dashboard.ci")}</Th>
                  <Th className="text-right">{t("cases.dashboard.npsRank")}</Th>
                </>
              }
            >
              {dashboard.rootCauses.map((row) => (
                <Tr key={row.id}>
                  <Td className="font-medium" data-testid="root-cause-label">
                    {row.label}
                  </Td>
                  <Td className="text-right" data-testid="root-cause-count">
                    {row.cases}
                  </Td>
                  <Td className="text-right">{row.n}</Td>
                  {row.stats ? (
                    <>
                      <Td className="text-right font-semibold">{points(row.stats.nps)}</Td>
                      <Td>
                        {points(row.stats.ciLow)} – {points(row.stats.ciHigh)}
                      </Td>
                      <Td className="text-right">{npsRank.get(row.id) ?? t("cases.dashboard.none")}</Td>
                    </>
                  ) : (
                    <>
                      <Td colSpan={2} className="text-slate-500">
                        {suppressedText}
                      </Td>
                      <Td className="text-right">{t("cases.dashboard.none")}</Td>
                    </>
                  )}
                </Tr>
              ))}
            </Table>
          </div>
        )}
      </Card>

      <Card title={t("themes.caseDashboard.title")} description={t("themes.caseDashboard.help")}>
        {dashboard.openThemes.length === 0 ? (
          <p className="text-sm text-slate-600">{t("themes.caseDashboard.none")}</p>
        ) : (
          <ul className="flex flex-wrap gap-2" data-testid="open-case-themes">
            {dashboard.openThemes.map((theme) => (
              <li key={theme.key} className="rounded-md border border-slate-200 bg-white px-2.5 py-1 text-sm text-slate-800" data-key={theme.key}>
                {theme.label} <span className="font-semibold tabular-nums">{number.format(theme.cases)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
