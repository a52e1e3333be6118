import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CategoryRateChart, ScoreRateChart, type CategoryBar } from "@/components/outcomes/outcome-charts";
import { RatioTrendChart } from "@/components/outcomes/outcome-trend-chart";
import { Card, PageHeader } from "@/components/ui/card";
import { Button, Select } from "@/components/ui/form";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { Locale } from "@/i18n/locales";
import type { MessageKey, Translate } from "@/i18n/translate";
import { RANGE_PRESETS } from "@/lib/date-range";
import { isAppError } from "@/lib/errors";
import { formatNumber } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import type { Comparison, PeriodTrend } from "@/lib/outcome-breakdowns";
import type { OutcomeVerdict } from "@/lib/outcome-report";
import { groupBySchema } from "@/schemas/analytics";
import { OUTCOME_BASE_TYPES, OUTCOME_WINDOWS } from "@/schemas/outcome";
import { getFilterOptions } from "@/server/analytics/get-filter-options";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { scopeUnitIdsOf } from "@/server/org/member-scope";
import { getOutcomeReport, listOutcomeTypes, type OutcomeSegmentBy, type OutcomeValue } from "@/server/outcomes/get-outcome-report";

export const metadata: Metadata = { title: "NPS vs behaviour · NPS 与客户行为" };

type SearchParams = Record<string, string | string[] | undefined>;
type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const SEGMENT_KEY = /^[\p{L}\p{N}_ .-]{1,64}$/u;

/** The page's own parameters as the report's query: type, windowDays, range (default all) and one segment "key=value". */
function reportQuery(search: SearchParams): { params: URLSearchParams; type: string; windowDays: string; range: string; segment: string } {
  const type = first(search.type) ?? "churned";
  const windowDays = first(search.windowDays) ?? "180";
  const rawRange = first(search.range) ?? "all";
  const range = (RANGE_PRESETS as readonly string[]).includes(rawRange) ? rawRange : "all";
  const segment = first(search.segment) ?? "";
  const params = new URLSearchParams({ type, windowDays, range });
  const at = segment.indexOf("=");
  if (at > 0 && SEGMENT_KEY.test(segment.slice(0, at)) && segment.length - at - 1 <= 200) {
    params.set(`attr.${segment.slice(0, at)}`, segment.slice(at + 1));
  }
  return { params, type, windowDays, range, segment };
}

/** The page's "break down by" parameter: attribute:<key>, channel or touchpoint; otherwise the first dimension offered. */
function segmentByOf(raw: string | undefined, fallback: string | undefined): { segmentBy: OutcomeSegmentBy | null; value: string } {
  for (const candidate of [raw, fallback]) {
    if (!candidate) continue;
    const parsed = groupBySchema.safeParse(candidate);
    if (!parsed.success) continue;
    const by = parsed.data;
    if (by.kind === "attribute") return { segmentBy: { kind: "attribute", key: by.key }, value: candidate };
    if (by.kind === "channel" || by.kind === "touchpoint") return { segmentBy: { kind: by.kind }, value: candidate };
  }
  return { segmentBy: null, value: "" };
}

function typeName(t: Translate, type: string): string {
  return (OUTCOME_BASE_TYPES as readonly string[]).includes(type) ? t(`outcomes.type.${type}` as MessageKey) : type;
}

function pText(t: Translate, p: number | null, locale: Locale): string {
  if (p === null) return "p —";
  if (p < 0.001) return t("outcomes.p.below");
  return t("outcomes.p.equals", { p: formatNumber(p, locale, p < 0.01 ? 3 : 2) });
}

function verdictText(verdict: OutcomeVerdict, type: string, t: Translate, locale: Locale): string {
  switch (verdict.kind) {
    case "not_enough":
      return t("outcomes.verdict.notEnough");
    case "higher":
      return verdict.ratio === null
        ? t("outcomes.verdict.higherFromZero", { type, difference: formatNumber(verdict.difference * 100, locale, 1), p: pText(t, verdict.p, locale) })
        : t("outcomes.verdict.higher", { type, ratio: formatNumber(verdict.ratio, locale, 1), p: pText(t, verdict.p, locale) });
    case "lower":
      return t("outcomes.verdict.lower", { type, ratio: formatNumber(verdict.ratio, locale, 2), p: pText(t, verdict.p, locale) });
    case "no_evidence":
      return verdict.nNeeded === null
        ? t("outcomes.verdict.noEvidenceNoN", { type, p: pText(t, verdict.p, locale) })
        : t("outcomes.verdict.noEvidence", { type, p: pText(t, verdict.p, locale), needed: formatNumber(verdict.nNeeded, locale) });
  }
}

function percent(value: number | null, locale: Locale): string {
  return value === null ? "—" : `${formatNumber(value * 100, locale, 1)}%`;
}

/** A p- or q-value in a table cell: "—" when there is none, "< 0.001" below that, else three decimals. */
function probability(value: number | null, locale: Locale): string {
  return value === null ? "—" : value < 0.001 ? "< 0.001" : formatNumber(value, locale, 3);
}

/** The cells the segment and over-time tables share: detractor and promoter rates, their ratio with its interval, and p. */
function RateRatioCells({ row, locale }: { row: Pick<Comparison, "detractorRate" | "promoterRate" | "ratio" | "ratioLow" | "ratioHigh" | "p">; locale: Locale }) {
  return (
    <>
      <Td className="text-right tabular-nums">{percent(row.detractorRate, locale)}</Td>
      <Td className="text-right tabular-nums">{percent(row.promoterRate, locale)}</Td>
      <Td className="whitespace-nowrap text-right tabular-nums">
        {formatNumber(row.ratio, locale, 2)}
        {row.ratioLow !== null && <span className="text-slate-500"> ({formatNumber(row.ratioLow, locale, 2)}–{formatNumber(row.ratioHigh, locale, 2)})</span>}
      </Td>
      <Td className="text-right tabular-nums text-slate-600">{probability(row.p, locale)}</Td>
    </>
  );
}

function trendText(trend: PeriodTrend | null, t: Translate, locale: Locale): string {
  if (!trend) return t("outcomes.trend.notEnough");
  const values = { factor: formatNumber(trend.factorPerQuarter, locale, 3), low: formatNumber(trend.factorLow, locale, 3), high: formatNumber(trend.factorHigh, locale, 3), p: pText(t, trend.p, locale) };
  return t(`outcomes.trend.${trend.direction}`, values);
}

/** The value-at-stake card's body: revenue-weighted NPS beside the head count's, revenue at risk, the formulas. */
function ValueAtStake({ value, plainNps, days, t, locale }: { value: OutcomeValue; plainNps: number | null; days: number; t: Translate; locale: Locale }) {
  if (value.suppressed) return <p className="text-sm text-slate-600">{t("outcomes.value.suppressed")}</p>;
  const { weighted, atRisk } = value;
  const money = (amount: number | null) => formatNumber(amount, locale, 0);
  return (
    <div className="space-y-4 text-sm text-slate-800" data-testid="outcomes-value">
      <dl className="grid gap-4 sm:grid-cols-2">
        <div>
          <dt className="font-medium text-slate-600">{t("outcomes.value.weighted")}</dt>
          {weighted ? (
            <>
              <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid="outcomes-weighted-nps">
                {formatNumber(weighted.nps, locale, 1)}
              </dd>
              <dd className="text-slate-600">{t("outcomes.value.weightedValue", { nps: formatNumber(weighted.nps, locale, 1), low: formatNumber(weighted.ciLow, locale, 1), high: formatNumber(weighted.ciHigh, locale, 1) })}</dd>
              <dd className="mt-1 text-slate-600">
                {t("outcomes.value.plain", { nps: formatNumber(plainNps, locale, 1), revenue: money(weighted.revenue), n: formatNumber(weighted.n, locale) })}
              </dd>
            </>
          ) : (
            <dd className="mt-1 text-slate-600">{t("outcomes.value.noRevenue")}</dd>
          )}
        </div>
        <div>
          <dt className="font-medium text-slate-600">{t("outcomes.value.atRisk")}</dt>
          {atRisk ? (
            <>
              <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid="outcomes-revenue-at-risk">
                {atRisk.excessChurn > 0 ? money(atRisk.amount) : money(0)}
              </dd>
              {atRisk.excessChurn > 0 ? (
                <>
                  <dd className="text-slate-600">{t("outcomes.value.atRiskValue", { amount: money(atRisk.amount), low: money(atRisk.ciLow), high: money(atRisk.ciHigh) })}</dd>
                  <dd className="mt-1 text-slate-600">
                    {t("outcomes.value.atRiskExplain", {
                      revenue: money(atRisk.detractorRevenue),
                      days,
                      excess: formatNumber(atRisk.excessChurn * 100, locale, 1),
                      detractorChurn: percent(atRisk.detractorChurn, locale),
                      promoterChurn: percent(atRisk.promoterChurn, locale),
                    })}
                  </dd>
                  {atRisk.ciLow !== null && atRisk.ciLow <= 0 && <dd className="mt-1 text-amber-800">{t("outcomes.value.includesZero")}</dd>}
                </>
              ) : (
                <dd className="text-slate-600">
                  {t("outcomes.value.noExcess", { detractorChurn: percent(atRisk.detractorChurn, locale), promoterChurn: percent(atRisk.promoterChurn, locale) })}
                </dd>
              )}
            </>
          ) : (
            <dd className="mt-1 text-slate-600">{t("outcomes.value.noCompare")}</dd>
          )}
        </div>
      </dl>
      <p className="text-xs text-slate-500" data-testid="outcomes-value-help">
        {t("outcomes.value.help", { days })}
      </p>
    </div>
  );
}

export default async function OutcomesPage({ params, searchParams }: Props) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const { id } = await params;
  const search = await searchParams;
  // Whoever can read the dashboard reads this; a member scoped to a unit reads that unit's subtree only.
  const unitIds = await scopeUnitIdsOf(viewer);
  const query = reportQuery(search);

  const [options, types] = await Promise.all([getFilterOptions({ organizationId: viewer.organizationId, unitIds }), listOutcomeTypes(viewer.organizationId)]);
  const by = segmentByOf(first(search.by), options.attributes[0] ? `attribute:${options.attributes[0].key}` : "channel");

  let report: Awaited<ReturnType<typeof getOutcomeReport>>;
  try {
    report = await getOutcomeReport({
      organizationId: viewer.organizationId,
      surveyId: id,
      searchParams: query.params,
      unitIds,
      withNonResponse: true,
      withValue: true,
      segmentBy: by.segmentBy,
      withTrend: true,
    });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    if (isAppError(error) && (error.code === "bad_request" || error.code === "validation_failed")) {
      return (
        <>
          <PageHeader title={t("outcomes.title")} />
          <Card>
            <p role="alert" data-testid="outcomes-error">
              {t("outcomes.error", { message: error.message })}
            </p>
            <Link href={`/surveys/${id}/outcomes`} className="mt-3 inline-block text-sm font-medium text-blue-700 hover:underline">
              {t("outcomes.back")}
            </Link>
          </Card>
        </>
      );
    }
    throw error;
  }
  const { api, scores, verdict, nonResponse, value, segments, overTime } = report;
  const counted = api.groups.reduce((sum, g) => sum + g.n, 0);
  const byKey = (key: string) => api.groups.find((g) => g.key === key)?.n ?? 0;
  const plainNps = counted ? (100 * (byKey("promoter") - byKey("detractor"))) / counted : null;
  const dimensionName = (segmentBy: OutcomeSegmentBy) =>
    segmentBy.kind === "attribute" ? (options.attributes.find((a) => a.key === segmentBy.key)?.label[locale] ?? segmentBy.key) : t(`outcomes.by.${segmentBy.kind}`);
  const type = typeName(t, api.type);
  const visible = api.groups.filter((g) => !("suppressed" in g && g.suppressed) && g.rate !== null);
  const bars: CategoryBar[] = visible.map((g) => ({
    key: g.key,
    name: t(`outcomes.category.${g.key}`),
    rate: (g.rate ?? 0) * 100,
    error: [((g.rate ?? 0) - (g.ciLow ?? 0)) * 100, ((g.ciHigh ?? 0) - (g.rate ?? 0)) * 100],
    label: percent(g.rate, locale),
  }));
  const revenue = api.type === "revenue";

  return (
    <>
      <PageHeader
        title={t("outcomes.title")}
        subtitle={t("outcomes.subtitle", { survey: report.survey.name })}
        actions={
          <div className="flex flex-wrap gap-4">
            {hasRole(viewer.role, "ADMIN") && (
              <Link href="/contacts/outcomes" className="text-sm font-medium text-blue-800 hover:underline" data-testid="outcomes-import-link">
                {t("outcomeImport.link")}
              </Link>
            )}
            {hasRole(viewer.role, "MANAGER") && (
              <Link href="/contacts/classes" className="text-sm font-medium text-blue-800 hover:underline" data-testid="outcomes-classes-link">
                {t("classes.link")}
              </Link>
            )}
            <Link href={`/surveys/${id}`} className="text-sm font-medium text-blue-800 hover:underline">
              {t("outcomes.back")}
            </Link>
          </div>
        }
      />
      <div className="space-y-6">
        <form method="get" className="grid gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:flex sm:flex-wrap sm:items-end" data-testid="outcomes-filter">
          <div>
            <label htmlFor="outcomes-type" className="block text-sm font-medium text-slate-700">
              {t("outcomes.filter.type")}
            </label>
            <Select id="outcomes-type" name="type" defaultValue={api.type} className="min-w-36">
              {types.map((value) => (
                <option key={value} value={value}>
                  {typeName(t, value)}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <label htmlFor="outcomes-window" className="block text-sm font-medium text-slate-700">
              {t("outcomes.filter.window")}
            </label>
            <Select id="outcomes-window" name="windowDays" defaultValue={String(api.windowDays)} className="min-w-32">
              {OUTCOME_WINDOWS.map((days) => (
                <option key={days} value={days}>
                  {t("outcomes.window", { days })}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <label htmlFor="outcomes-range" className="block text-sm font-medium text-slate-700">
              {t("outcomes.filter.period")}
            </label>
            <Select id="outcomes-range" name="range" defaultValue={query.range} className="min-w-36">
              {RANGE_PRESETS.map((value) => (
                <option key={value} value={value}>
                  {t(`analytics.range.${value}`)}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <label htmlFor="outcomes-segment" className="block text-sm font-medium text-slate-700">
              {t("outcomes.filter.segment")}
            </label>
            <Select id="outcomes-segment" name="segment" defaultValue={query.segment} className="min-w-44">
              <option value="">{t("outcomes.filter.allSegments")}</option>
              {options.attributes.map((attribute) => (
                <optgroup key={attribute.key} label={attribute.label[locale]}>
                  {attribute.values.map((v) => (
                    <option key={v.value} value={`${attribute.key}=${v.value}`}>
                      {v.value}
                    </option>
                  ))}
                </optgroup>
              ))}
            </Select>
          </div>
          <div>
            <label htmlFor="outcomes-by" className="block text-sm font-medium text-slate-700">
              {t("outcomes.filter.by")}
            </label>
            <Select id="outcomes-by" name="by" defaultValue={by.value} className="min-w-36">
              {options.attributes.map((attribute) => (
                <option key={attribute.key} value={`attribute:${attribute.key}`}>
                  {attribute.label[locale]}
                </option>
              ))}
              <option value="channel">{t("outcomes.by.channel")}</option>
              <option value="touchpoint">{t("outcomes.by.touchpoint")}</option>
            </Select>
          </div>
          <Button type="submit" variant="secondary">
            {t("outcomes.filter.apply")}
          </Button>
        </form>

        <Card className={verdict.kind === "higher" ? "border-red-200 bg-red-50" : ""}>
          <h2 className="text-base font-semibold text-slate-900">{t("outcomes.verdict.title")}</h2>
          <p className="mt-1 text-base text-slate-900" data-testid="outcomes-verdict" data-kind={verdict.kind}>
            {verdictText(verdict, type, t, locale)}
          </p>
          {api.excludedTooRecent > 0 && (
            <p className="mt-2 text-sm text-slate-600" data-testid="outcomes-excluded">
              {t("outcomes.excluded", { n: formatNumber(api.excludedTooRecent, locale), days: api.windowDays })}
            </p>
          )}
          <p className="mt-2 text-xs text-slate-500">{t("outcomes.method", { days: api.windowDays })}</p>
        </Card>

        <Card title={t("outcomes.table.title")}>
          {bars.length > 0 && <CategoryRateChart bars={bars} labels={{ aria: t("outcomes.chart.categories.aria"), y: t("outcomes.chart.rate") }} />}
          <Table
            testId="outcomes-table"
            head={
              <>
                <Th>{t("outcomes.table.category")}</Th>
                <Th className="text-right">{t("outcomes.table.n")}</Th>
                <Th className="text-right">{t("outcomes.table.events")}</Th>
                <Th className="text-right">{t("outcomes.table.rate")}</Th>
                <Th className="text-right">{t("outcomes.table.interval")}</Th>
                {revenue && <Th className="text-right">{t("outcomes.table.mean")}</Th>}
                {revenue && <Th className="text-right">{t("outcomes.table.meanInterval")}</Th>}
              </>
            }
          >
            {api.groups.map((g) => {
              const hidden = "suppressed" in g && g.suppressed === true;
              return (
                <Tr key={g.key}>
                  <Td className="font-medium text-slate-900">{t(`outcomes.category.${g.key}`)}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(g.n, locale)}</Td>
                  {hidden ? (
                    <Td colSpan={revenue ? 5 : 3} className="text-slate-500 italic">
                      {t("outcomes.tooFew")}
                    </Td>
                  ) : (
                    <>
                      <Td className="text-right tabular-nums">{formatNumber(g.events, locale)}</Td>
                      <Td className="text-right tabular-nums font-medium">{percent(g.rate, locale)}</Td>
                      <Td className="text-right tabular-nums text-slate-600">
                        {g.ciLow === null ? "—" : `${percent(g.ciLow, locale)} – ${percent(g.ciHigh, locale)}`}
                      </Td>
                      {revenue && "meanAmount" in g && <Td className="text-right tabular-nums">{formatNumber(g.meanAmount ?? null, locale, 2)}</Td>}
                      {revenue && "meanAmount" in g && (
                        <Td className="text-right tabular-nums text-slate-600">
                          {g.meanLow == null ? "—" : `${formatNumber(g.meanLow, locale, 2)} – ${formatNumber(g.meanHigh ?? null, locale, 2)}`}
                        </Td>
                      )}
                    </>
                  )}
                </Tr>
              );
            })}
          </Table>
        </Card>

        <Card title={t("outcomes.tests.title")} description={t("outcomes.tests.note")}>
          <ul className="space-y-2 text-sm text-slate-800" data-testid="outcomes-tests">
            <li>
              {api.detractorVsPromoter
                ? t("outcomes.tests.ratio", {
                    ratio: formatNumber(api.detractorVsPromoter.ratio, locale, 2),
                    difference: formatNumber(api.detractorVsPromoter.difference * 100, locale, 2),
                    p: pText(t, api.detractorVsPromoter.p, locale),
                  })
                : t("outcomes.tests.ratioNone")}
            </li>
            <li>
              {api.chiSquare
                ? t("outcomes.tests.chiSquare", {
                    statistic: formatNumber(api.chiSquare.statistic, locale, 2),
                    df: api.chiSquare.df,
                    p: pText(t, api.chiSquare.p, locale),
                  })
                : t("outcomes.tests.chiSquareNone")}
            </li>
          </ul>
        </Card>

        {nonResponse && (
          <Card title={t("outcomes.nonResponse.title")} description={t("outcomes.nonResponse.description")}>
            {nonResponse.respondents.n + nonResponse.nonRespondents.n === 0 ? (
              <p className="text-sm text-slate-600">{t("outcomes.nonResponse.none")}</p>
            ) : (
              <div data-testid="outcomes-non-response">
                <Table
                  head={
                    <>
                      <Th />
                      <Th className="text-right">{t("outcomes.table.n")}</Th>
                      <Th className="text-right">{t("outcomes.table.rate")}</Th>
                      <Th className="text-right">{t("outcomes.table.interval")}</Th>
                    </>
                  }
                >
                  {(["respondents", "nonRespondents"] as const).map((key) => {
                    const side = nonResponse[key];
                    return (
                      <Tr key={key}>
                        <Td className="font-medium text-slate-900">{t(`outcomes.nonResponse.${key}`)}</Td>
                        <Td className="text-right tabular-nums">{formatNumber(side.n, locale)}</Td>
                        <Td className="text-right tabular-nums">{percent(side.rate, locale)}</Td>
                        <Td className="text-right tabular-nums text-slate-600">
                          {side.ciLow === null ? "—" : `${percent(side.ciLow, locale)} – ${percent(side.ciHigh, locale)}`}
                        </Td>
                      </Tr>
                    );
                  })}
                </Table>
                <p className="mt-2 text-sm text-slate-700">
                  {nonResponse.suppressed || nonResponse.difference === null
                    ? t("outcomes.nonResponse.suppressed")
                    : t("outcomes.nonResponse.summary", { difference: formatNumber(nonResponse.difference * 100, locale, 2), p: pText(t, nonResponse.p, locale) })}
                </p>
              </div>
            )}
          </Card>
        )}

        {value && (
          <Card title={t("outcomes.value.title")}>
            <ValueAtStake value={value} plainNps={plainNps} days={api.windowDays} t={t} locale={locale} />
          </Card>
        )}

        {segments && (
          <Card title={t("outcomes.segments.title", { dimension: dimensionName(segments.segmentBy) })} description={t("outcomes.segments.description")}>
            {segments.rows.length === 0 ? (
              <p className="text-sm text-slate-600">{t("outcomes.segments.none")}</p>
            ) : (
              <Table
                testId="outcomes-segments"
                head={
                  <>
                    <Th>{t("outcomes.segments.segment")}</Th>
                    <Th className="text-right">{t("outcomes.table.n")}</Th>
                    <Th className="text-right">{t("outcomes.segments.detractorRate")}</Th>
                    <Th className="text-right">{t("outcomes.segments.promoterRate")}</Th>
                    <Th className="text-right">{t("outcomes.segments.ratio")}</Th>
                    <Th className="text-right">p</Th>
                    <Th className="text-right">{t("outcomes.segments.q")}</Th>
                  </>
                }
              >
                {segments.rows.map((row) => (
                  <Tr key={row.key}>
                    <Td className="font-medium text-slate-900">{row.key === "" ? t("outcomes.segments.empty") : row.key}</Td>
                    <Td className="text-right tabular-nums">{formatNumber(row.n, locale)}</Td>
                    {row.suppressed ? (
                      <Td colSpan={5} className="text-slate-500 italic">
                        {t("outcomes.tooFew")}
                      </Td>
                    ) : (
                      <>
                        <RateRatioCells row={row} locale={locale} />
                        <Td className="whitespace-nowrap text-right tabular-nums">
                          {probability(row.q, locale)}
                          {row.significant && <span className="ml-1 rounded bg-red-100 px-1 text-xs font-medium text-red-800">{t("outcomes.segments.significant")}</span>}
                        </Td>
                      </>
                    )}
                  </Tr>
                ))}
              </Table>
            )}
          </Card>
        )}

        {overTime && (
          <Card title={t("outcomes.trend.title")} description={t("outcomes.trend.description")}>
            {overTime.periods.length === 0 ? (
              <p className="text-sm text-slate-600">{t("outcomes.trend.none")}</p>
            ) : (
              <div className="space-y-3">
                <p className="text-sm font-medium text-slate-900" data-testid="outcomes-trend" data-direction={overTime.trend?.direction ?? "none"}>
                  {trendText(overTime.trend, t, locale)}
                </p>
                <RatioTrendChart
                  points={overTime.periods.map((p) => ({
                    period: p.key,
                    ratio: p.ratio,
                    error: p.ratio !== null && p.ratioLow !== null && p.ratioHigh !== null ? [p.ratio - p.ratioLow, p.ratioHigh - p.ratio] : null,
                  }))}
                  labels={{ aria: t("outcomes.trend.aria"), y: t("outcomes.trend.y"), none: t("outcomes.trend.noRelationship") }}
                />
                <Table
                  testId="outcomes-trend-table"
                  head={
                    <>
                      <Th>{t("outcomes.trend.quarter")}</Th>
                      <Th className="text-right">{t("outcomes.table.n")}</Th>
                      <Th className="text-right">{t("outcomes.segments.detractorRate")}</Th>
                      <Th className="text-right">{t("outcomes.segments.promoterRate")}</Th>
                      <Th className="text-right">{t("outcomes.segments.ratio")}</Th>
                      <Th className="text-right">p</Th>
                    </>
                  }
                >
                  {overTime.periods.map((row) => (
                    <Tr key={row.key}>
                      <Td className="font-medium text-slate-900">{row.key}</Td>
                      <Td className="text-right tabular-nums">{formatNumber(row.n, locale)}</Td>
                      {row.suppressed ? (
                        <Td colSpan={4} className="text-slate-500 italic">
                          {t("outcomes.tooFew")}
                        </Td>
                      ) : (
                        <>
                          <RateRatioCells row={row} locale={locale} />
                        </>
                      )}
                    </Tr>
                  ))}
                </Table>
              </div>
            )}
          </Card>
        )}

        <Card title={t("outcomes.chart.scores.title")} description={scores.some((s) => s.suppressed) ? t("outcomes.chart.hiddenPoints") : undefined}>
          <ScoreRateChart
            points={scores.map((s) => ({ score: s.score, n: s.n, rate: s.rate === null ? null : Math.round(s.rate * 1000) / 10 }))}
            labels={{ aria: t("outcomes.chart.scores.aria"), x: t("outcomes.chart.score"), y: t("outcomes.chart.rate") }}
          />
        </Card>
      </div>
    </>
  );
}
