import type { Metadata } from "next";
import { ChangeCard } from "@/components/analytics/change-card";
import { channelLabel, FilterBar } from "@/components/analytics/filter-bar";
import { SEGMENT_SORTS, SegmentsTable, type SegmentSort } from "@/components/analytics/segments-table";
import { ScoreDistributionChart, type ScoreBar } from "@/components/charts/score-distribution-chart";
import { nonResponseTableLabels, samplePlannerLabels, verbatimListLabels } from "@/components/insights/labels";
import { NonResponseTable } from "@/components/insights/non-response-table";
import { SamplePlanner } from "@/components/insights/sample-planner";
import { VerbatimList } from "@/components/insights/verbatim-list";
import { readVerbatimParams } from "@/components/insights/verbatim-params";
import { TrendChart, type TrendDatum } from "@/components/charts/trend-chart";
import { NpsHeadline } from "@/components/nps-headline";
import { Card, PageHeader } from "@/components/ui/card";
import { isLocale } from "@/i18n/locales";
import { isAppError } from "@/lib/errors";
import { formatNps, formatNumber } from "@/lib/format";
import { classifyScore, sampleStatus } from "@/lib/nps";
import { hasRole } from "@/lib/roles";
import { groupBySchema, groupByToString, rangeProblemOf, readAnalyticsParams, writeAnalyticsParams, type GroupBy } from "@/schemas/analytics";
import { narrowsToSegment, resolveFilter } from "@/server/analytics/filter";
import { getFilterOptions } from "@/server/analytics/get-filter-options";
import { getHeadline } from "@/server/analytics/get-headline";
import { getNpsSummary } from "@/server/analytics/get-nps-summary";
import { getNonResponse } from "@/server/analytics/get-non-response";
import { listVerbatims } from "@/server/analytics/list-verbatims";
import { getSegments } from "@/server/analytics/get-segments";
import { getTrend } from "@/server/analytics/get-trend";
import { isResultSuppressed } from "@/lib/suppression";
import { assertKnownDimensions } from "@/server/attributes/assert-known-dimensions";
import { getAttributeLabels } from "@/server/attributes/get-attribute-labels";
import { requireUser } from "@/server/auth/session";
import { scopeUnitIdsOf } from "@/server/org/member-scope";
import { getTranslator } from "@/server/i18n/request-locale";

export const metadata: Metadata = { title: "Dashboard · 仪表盘" };

type SearchParams = Record<string, string | string[] | undefined>;
type Props = { searchParams: Promise<SearchParams> };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function DashboardPage({ searchParams }: Props) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const params = await searchParams;
  const parsed = readAnalyticsParams(params);
  // A period that cannot be read (from after to, custom without both dates) is said to the user, never
  // silently replaced by the default 90 days.
  const rangeError = parsed.success ? null : rangeProblemOf(parsed.error);
  const query = parsed.success ? parsed.data : readAnalyticsParams({}).data!;
  // A member scoped to a unit reads their subtree only: every figure, option and verbatim below (docs/decisions/0009).
  const unitIds = await scopeUnitIdsOf(viewer);
  const options = await getFilterOptions({ organizationId: viewer.organizationId, unitIds });
  // Only this organisation's surveys: an id from elsewhere is dropped, never queried.
  query.survey = query.survey.filter((id) => options.surveys.some((s) => s.id === id));
  const filter = resolveFilter(query, { ...viewer, unitIds });

  if (rangeError) {
    const typed = { from: first(params.from) ?? "", to: first(params.to) ?? "" };
    return (
      <>
        <PageHeader title={t("dashboard.title")} />
        <div className="space-y-6">
          <FilterBar
            t={t}
            locale={locale}
            query={{ ...query, range: "custom" }}
            filter={{ ...filter, range: typed }}
            options={options}
            groupBy={first(params.groupBy) ?? ""}
          />
          <Card>
            <p className="text-red-800" role="alert" data-testid="range-error">
              {t(rangeError === "order" ? "analytics.error.rangeOrder" : "analytics.error.rangeMissing", {
                from: typed.from || "—",
                to: typed.to || "—",
              })}
            </p>
          </Card>
        </div>
      </>
    );
  }

  const defaultGroupBy: GroupBy = options.attributes.some((a) => a.key === "region")
    ? { kind: "attribute", key: "region" }
    : { kind: "survey" };
  const groupByParsed = groupBySchema.safeParse(first(params.groupBy) ?? "");
  const groupBy = groupByParsed.success ? groupByParsed.data : defaultGroupBy;
  // Filters and groupings name dimensions only (docs/decisions/0010): an unknown key (an old link, a personal
  // attribute, a typo) is explained on the page instead of being queried.
  const attributeLabels = await getAttributeLabels(viewer.organizationId);
  const labelOf = (key: string) => attributeLabels.find((a) => a.key === key)?.label[locale] ?? key;
  try {
    await assertKnownDimensions({ organizationId: viewer.organizationId, attributes: query.attributes, groupBy });
  } catch (error) {
    if (!isAppError(error) || error.code !== "bad_request") throw error;
    const details = (error.details ?? {}) as { unknownDimension?: string; knownDimensions?: string[] };
    const known = (details.knownDimensions ?? []).map(labelOf);
    return (
      <>
        <PageHeader title={t("dashboard.title")} />
        <Card>
          <p className="text-slate-800" role="alert" data-testid="unknown-dimension">
            {t("analytics.error.unknownDimension", {
              key: details.unknownDimension ?? "",
              known: known.length ? known.join(locale === "en" ? ", " : "、") : t("analytics.error.noDimensions"),
            })}
          </p>
          <a href="/dashboard" className="mt-3 inline-block text-sm font-medium text-blue-700 hover:underline">
            {t("analytics.error.resetLink")}
          </a>
        </Card>
      </>
    );
  }
  const dimensionLabels = attributeLabels.filter((a) => a.role === "DIMENSION").map((a) => ({ key: a.key, label: a.label[locale] }));
  const sortParam = first(params.sort);
  const sort: SegmentSort = (SEGMENT_SORTS as readonly string[]).includes(sortParam ?? "") ? (sortParam as SegmentSort) : "n";
  const desc = first(params.dir) !== "asc";
  const thresholds = { minN: viewer.minN, suppressN: viewer.suppressN };

  const verbatimParams = readVerbatimParams(params);
  const [headline, trend, segments, verbatims, nonResponse, everything] = await Promise.all([
    getHeadline(filter),
    getTrend(filter, undefined, thresholds),
    getSegments(filter, groupBy, thresholds),
    listVerbatims(filter, { ...verbatimParams, limit: 10 }),
    getNonResponse(filter),
    // Whether anything was ever answered (in the member's scope): "no responses yet" and "nothing matches
    // these filters" are different messages.
    getNpsSummary({ organizationId: viewer.organizationId, unitIds }),
  ]);

  const filterParams = writeAnalyticsParams(query);
  const withParams = (extra: Record<string, string>) => {
    const next = new URLSearchParams(filterParams);
    for (const [key, value] of Object.entries(extra)) next.set(key, value);
    return `?${next.toString()}`;
  };
  const groupByValue = groupByToString(groupBy);
  const status = sampleStatus(headline.stats.n, thresholds);
  // A result narrowed to a small segment is hidden whole (src/lib/suppression.ts), as in the API.
  const headlineSuppressed = isResultSuppressed(headline.stats.n, viewer.suppressN, narrowsToSegment(filter));
  const bars: ScoreBar[] = headline.histogram.map((count, score) => ({ score, count, category: classifyScore(score) }));
  const trendData: TrendDatum[] = trend.points.map((p) =>
    p.suppressedReason !== null
      ? {
          period: p.period,
          nps: null,
          band: null,
          n: p.stats.n,
          low: true,
          npsLabel: t("stats.trend.hidden"),
          nLabel: t("analytics.trend.tooltipN", { n: formatNumber(p.stats.n, locale) }),
          ciLabel: t("stats.trend.hiddenHelp", { suppressN: viewer.suppressN }),
        }
      : {
          period: p.period,
          nps: p.stats.nps,
          band: p.stats.ciLow !== null && p.stats.ciHigh !== null ? [p.stats.ciLow, p.stats.ciHigh] : null,
          n: p.stats.n,
          low: p.stats.n < viewer.minN,
          npsLabel: formatNps(p.stats.nps, locale),
          nLabel: t("analytics.trend.tooltipN", { n: formatNumber(p.stats.n, locale) }),
          ciLabel: t("analytics.trend.tooltipCi", { low: formatNps(p.stats.ciLow, locale), high: formatNps(p.stats.ciHigh, locale) }),
        },
  );
  const groupByOptions = [
    ...options.attributes.map((a) => ({ value: `attribute:${a.key}`, label: t("analytics.segments.by.attribute", { key: a.label[locale] }) })),
    ...(["survey", "touchpoint", "channel", "locale", "month"] as const).map((kind) => ({ value: kind, label: t(`analytics.segments.by.${kind}`) })),
  ];
  const canExport = hasRole(viewer.role, "MANAGER");
  const segmentLabel = (key: string, label: string) =>
    groupBy.kind === "channel" ? channelLabel(t, key) : groupBy.kind === "locale" && isLocale(key) ? t(`locale.${key}`) : label;

  return (
    <>
      <PageHeader
        title={t("dashboard.title")}
        subtitle={t("analytics.period", { from: filter.range.from, to: filter.range.to })}
        actions={
          canExport && (
            <div className="flex items-center gap-2 text-sm" data-testid="export-links">
              <span className="text-slate-600" title={t("analytics.export.help")}>
                {t("analytics.export")}
              </span>
              <a href={`/dashboard/export${withParams({ format: "csv" })}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50">
                {t("analytics.export.csv")}
              </a>
              <a href={`/dashboard/export${withParams({ format: "xlsx" })}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50" data-testid="export-xlsx">
                {t("analytics.export.xlsx")}
              </a>
            </div>
          )
        }
      />
      <div className="space-y-6">
        <FilterBar t={t} locale={locale} query={query} filter={filter} options={options} groupBy={groupByValue} />
        {headline.stats.n === 0 ? (
          <Card>
            {everything.stats.n === 0 ? (
              <p className="text-slate-600" data-testid="no-responses">
                {t("dashboard.noResponses")}
              </p>
            ) : (
              <>
                <p className="text-slate-700" role="status" data-testid="no-match">
                  {t("analytics.noMatch", { from: filter.range.from, to: filter.range.to })}
                </p>
                <a href="/dashboard" className="mt-3 inline-block text-sm font-medium text-blue-700 hover:underline">
                  {t("analytics.noMatch.reset")}
                </a>
              </>
            )}
          </Card>
        ) : headlineSuppressed ? (
          <Card>
            <p className="text-slate-700" role="status" data-testid="headline-suppressed">
              {t("stats.headline.suppressed", { suppressN: viewer.suppressN })}
            </p>
            <a href="/dashboard" className="mt-3 inline-block text-sm font-medium text-blue-700 hover:underline">
              {t("analytics.noMatch.reset")}
            </a>
          </Card>
        ) : (
          <>
            <Card>
              <NpsHeadline stats={headline.stats} status={status} t={t} locale={locale} minN={viewer.minN} suppressN={viewer.suppressN} />
            </Card>
            <ChangeCard headline={headline} t={t} locale={locale} />
            <Card
              title={t("analytics.trend.title")}
              description={t("analytics.trend.help", { unit: t(`analytics.trend.unit.${trend.granularity}`), minN: viewer.minN })}
            >
              <TrendChart data={trendData} ariaLabel={trendData.map((d) => `${d.period}: ${d.npsLabel} (n=${d.n})`).join("; ")} />
            </Card>
            <Card
              title={t("analytics.segments.title")}
              description={t("analytics.segments.help")}
              actions={
                <form method="get" className="flex items-end gap-2 text-sm" data-testid="group-by-form">
                  {[...filterParams.entries()].map(([key, value], i) => (
                    <input key={`${key}-${i}`} type="hidden" name={key} value={value} />
                  ))}
                  <label>
                    <span className="sr-only">{t("analytics.segments.groupBy")}</span>
                    <select name="groupBy" defaultValue={groupByValue} className="rounded-md border border-slate-300 bg-white px-2 py-1.5" aria-label={t("analytics.segments.groupBy")}>
                      {groupByOptions.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                  </label>
                  <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50">
                    {t("analytics.apply")}
                  </button>
                </form>
              }
            >
              {segments.groups.length === 0 ? (
                <p className="text-sm text-slate-600">{t("analytics.segments.empty")}</p>
              ) : (
                <SegmentsTable
                  groups={segments.groups.map((g) => ({ ...g, label: segmentLabel(g.key, g.label) }))}
                  t={t}
                  locale={locale}
                  suppressN={viewer.suppressN}
                  minN={viewer.minN}
                  sort={sort}
                  desc={desc}
                  sortHref={(column, nextDesc) => withParams({ groupBy: groupByValue, sort: column, dir: nextDesc ? "desc" : "asc" })}
                  missingLabel={() => t("analytics.segments.missing")}
                  groupLabel={groupBy.kind === "attribute" ? labelOf(groupBy.key) : undefined}
                />
              )}
            </Card>
            <div className="grid gap-6 lg:grid-cols-2">
              <Card title={t("dashboard.distribution")} description={t("dashboard.distributionHelp")}>
                <ScoreDistributionChart data={bars} labels={{ count: t("dashboard.count"), score: t("dashboard.score") }} />
              </Card>
              <Card title={t("insights.planner.title")} description={t("insights.planner.description")}>
                <SamplePlanner
                  key={`${headline.stats.nps ?? "none"}-${headline.responseRate.rate ?? "none"}`}
                  currentNps={headline.stats.nps}
                  responseRate={headline.responseRate.rate}
                  current={{ n: headline.stats.n, promoters: headline.stats.promoters, detractors: headline.stats.detractors }}
                  locale={locale}
                  labels={samplePlannerLabels(t)}
                />
              </Card>
            </div>
            <Card title={t("insights.verbatims.title")} description={t("insights.verbatims.description")}>
              <VerbatimList
                items={verbatims.items}
                nextCursor={verbatims.nextCursor}
                category={verbatimParams.category ?? null}
                search={verbatimParams.search ?? null}
                before={verbatimParams.before ?? null}
                hiddenParams={[...filterParams.entries(), ["groupBy", groupByValue]]}
                action="/dashboard"
                locale={locale}
                timeZone={viewer.timeZone}
                labels={verbatimListLabels(t)}
                attributeLabels={dimensionLabels}
              />
            </Card>
            <Card title={t("insights.nonResponse.title")}>
              <NonResponseTable
                data={nonResponse}
                locale={locale}
                labels={nonResponseTableLabels(t)}
                attributeLabels={new Map(attributeLabels.map((a) => [a.key, a.label[locale]]))}
                maxRows={12}
              />
            </Card>
          </>
        )}
      </div>
    </>
  );
}
