import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { Button, Select } from "@/components/ui/form";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { Locale } from "@/i18n/locales";
import type { Translate } from "@/i18n/translate";
import { presetRange, RANGE_PRESETS, todayIn, type RangePreset } from "@/lib/date-range";
import { isAppError } from "@/lib/errors";
import { formatNps, formatNumber, formatPValue, formatShare } from "@/lib/format";
import { formatQValue } from "@/lib/multiple-comparisons";
import type { NpsStats } from "@/lib/nps";
import { getTouchpointImpact, type TouchpointImpact } from "@/server/analytics/get-touchpoint-impact";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { scopeUnitIdsOf } from "@/server/org/member-scope";

export const metadata: Metadata = { title: "Touchpoint impact · 触点影响" };

const WINDOWS = [30, 90, 180, 365] as const;

type SearchParams = Record<string, string | string[] | undefined>;
type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function figure(stats: NpsStats, t: Translate, locale: Locale): string {
  if (stats.n === 0 || stats.nps === null || stats.ciLow === null || stats.ciHigh === null) return t("stats.touchpoints.nobody");
  return t("stats.touchpoints.figure", {
    nps: formatNps(stats.nps, locale),
    low: formatNps(stats.ciLow, locale),
    high: formatNps(stats.ciHigh, locale),
    n: formatNumber(stats.n, locale),
  });
}

/** Touchpoint impact on a relationship survey's NPS (issue 13), and the detractor Pareto per touchpoint. MANAGER+, unscoped members. */
export default async function TouchpointImpactPage({ params, searchParams }: Props) {
  const viewer = await requireUser();
  // A viewer meets a page that does not exist for them, as on every MANAGER page (not an error page).
  if (!hasRole(viewer.role, "MANAGER")) notFound();
  // Touchpoints cross units: a member limited to a unit does not read the organisation-wide comparison.
  if ((await scopeUnitIdsOf(viewer)) !== null) notFound();
  const { t, locale } = await getTranslator();
  const { id } = await params;
  const search = await searchParams;
  const rangeParam = first(search.range);
  const range: RangePreset = (RANGE_PRESETS as readonly string[]).includes(rangeParam ?? "") ? (rangeParam as RangePreset) : "90d";
  const windowParam = Number(first(search.window));
  const windowDays = (WINDOWS as readonly number[]).includes(windowParam) ? windowParam : 90;

  let impact: TouchpointImpact;
  try {
    impact = await getTouchpointImpact({
      organizationId: viewer.organizationId,
      timeZone: viewer.timeZone,
      surveyId: id,
      range: presetRange(range, todayIn(viewer.timeZone)),
      windowDays,
      suppressN: viewer.suppressN,
    });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  const maxDetractors = Math.max(1, ...impact.pareto.map((row) => row.detractors));

  return (
    <>
      <PageHeader
        title={t("stats.touchpoints.title")}
        subtitle={t("stats.touchpoints.subtitle", { survey: impact.survey.name })}
        actions={
          <Link href={`/surveys/${id}`} className="text-sm font-medium text-blue-800 hover:underline">
            {t("stats.touchpoints.back")}
          </Link>
        }
      />
      <div className="space-y-6">
        <form method="get" className="flex flex-wrap items-end gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="touchpoints-filter">
          <div>
            <label htmlFor="touchpoints-range" className="block text-sm font-medium text-slate-700">
              {t("stats.touchpoints.period")}
            </label>
            <Select id="touchpoints-range" name="range" defaultValue={range} className="min-w-40">
              {RANGE_PRESETS.map((value) => (
                <option key={value} value={value}>
                  {t(`analytics.range.${value}`)}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <label htmlFor="touchpoints-window" className="block text-sm font-medium text-slate-700">
              {t("stats.touchpoints.window")}
            </label>
            <Select id="touchpoints-window" name="window" defaultValue={String(windowDays)} className="min-w-40">
              {WINDOWS.map((days) => (
                <option key={days} value={days}>
                  {t("stats.touchpoints.windowDays", { days })}
                </option>
              ))}
            </Select>
          </div>
          <Button type="submit" variant="secondary">
            {t("stats.touchpoints.apply")}
          </Button>
        </form>

        <Card title={t("stats.touchpoints.impactTitle")} description={t("stats.touchpoints.impactHelp", { n: formatNumber(impact.n, locale) })}>
          {impact.touchpoints.length === 0 ? (
            <p className="text-sm text-slate-600" data-testid="touchpoints-empty">
              {t("stats.touchpoints.empty")}
            </p>
          ) : (
            <Table
              testId="touchpoint-impact"
              head={
                <>
                  <Th>{t("stats.touchpoints.col.touchpoint")}</Th>
                  <Th>{t("stats.touchpoints.col.with")}</Th>
                  <Th>{t("stats.touchpoints.col.without")}</Th>
                  <Th className="text-right">{t("stats.touchpoints.col.delta")}</Th>
                  <Th>{t("stats.segments.significance")}</Th>
                </>
              }
            >
              {impact.touchpoints.map((row) => (
                <Tr key={row.touchpoint}>
                  <Td className="font-medium" data-testid="touchpoint-name">
                    {row.touchpoint}
                  </Td>
                  {row.suppressed ? (
                    <Td colSpan={4} className="text-xs italic text-slate-600" data-testid="touchpoint-hidden">
                      {t("stats.touchpoints.hidden", { suppressN: viewer.suppressN })}
                    </Td>
                  ) : (
                    <>
                      <Td className="tabular-nums" data-testid="touchpoint-with">
                        {figure(row.exposed, t, locale)}
                      </Td>
                      <Td className="tabular-nums" data-testid="touchpoint-without">
                        {figure(row.notExposed, t, locale)}
                      </Td>
                      <Td className="text-right tabular-nums" data-testid="touchpoint-delta">
                        {row.difference ? formatNps(row.difference.difference, locale) : "—"}
                      </Td>
                      <Td className="text-xs" data-testid="touchpoint-significance" title={t("stats.segments.correctionHelp", { m: formatNumber(impact.touchpoints.filter((r) => r.adjusted).length, locale) })}>
                        {row.difference && row.adjusted
                          ? t(row.adjusted.significant ? "stats.segments.significant" : "stats.segments.notSignificant", {
                              q: formatQValue(row.adjusted.q),
                              p: formatPValue(row.difference.pValue),
                            })
                          : "—"}
                      </Td>
                    </>
                  )}
                </Tr>
              ))}
            </Table>
          )}
        </Card>

        <Card title={t("stats.touchpoints.paretoTitle")} description={t("stats.touchpoints.paretoHelp")}>
          {impact.pareto.length === 0 ? (
            <p className="text-sm text-slate-600">{t("stats.touchpoints.empty")}</p>
          ) : (
            <ol className="space-y-3" data-testid="detractor-pareto">
              {impact.pareto.map((row) => (
                <li key={row.touchpoint || "-"} data-testid="pareto-row">
                  <div className="flex flex-wrap items-baseline justify-between gap-x-4 text-sm">
                    <span className="font-medium">{row.touchpoint === "" ? t("stats.touchpoints.otherSmall") : row.touchpoint}</span>
                    <span className="text-xs tabular-nums text-slate-600">
                      {t("stats.touchpoints.paretoRow", {
                        detractors: formatNumber(row.detractors, locale),
                        n: formatNumber(row.n, locale),
                        share: formatShare(row.detractorShare, locale),
                        cumulative: formatShare(row.cumulativeShare, locale),
                      })}
                    </span>
                  </div>
                  <div className="relative mt-1 h-3 w-full rounded bg-slate-100" aria-hidden="true">
                    <div className="absolute inset-y-0 left-0 rounded bg-detractor" style={{ width: `${(row.detractors / maxDetractors) * 100}%` }} />
                    <div className="absolute inset-y-0 w-0.5 bg-slate-700" style={{ left: `${row.cumulativeShare * 100}%` }} title={formatShare(row.cumulativeShare, locale)} />
                  </div>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </>
  );
}
