import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FilterBar } from "@/components/analytics/filter-bar";
import { EmotionCurveChart, type EmotionPoint } from "@/components/journeys/emotion-curve-chart";
import { Card, PageHeader } from "@/components/ui/card";
import type { Locale } from "@/i18n/locales";
import type { Translate } from "@/i18n/translate";
import { isAppError } from "@/lib/errors";
import { formatNps, formatNumber, formatPValue } from "@/lib/format";
import { formatQValue } from "@/lib/multiple-comparisons";
import { hasRole } from "@/lib/roles";
import { pickText } from "@/schemas/localized";
import { rangeProblemOf, readAnalyticsParams, writeAnalyticsParams } from "@/schemas/analytics";
import { resolveFilter } from "@/server/analytics/filter";
import { getFilterOptions } from "@/server/analytics/get-filter-options";
import { assertKnownDimensions } from "@/server/attributes/assert-known-dimensions";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { getJourneyView, type JourneyStageView, type JourneyView } from "@/server/journeys/get-journey-view";
import { scopeUnitIdsOf } from "@/server/org/member-scope";

export const metadata: Metadata = { title: "Journey · 客户旅程" };

type SearchParams = Record<string, string | string[] | undefined>;
type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

const KIND_STYLES = {
  PHYSICAL: "border-amber-300 bg-amber-50 text-amber-900",
  DIGITAL: "border-sky-300 bg-sky-50 text-sky-900",
  INTERPERSONAL: "border-violet-300 bg-violet-50 text-violet-900",
} as const;

function stageName(stage: { nameZh: string; nameEn: string }, locale: Locale): string {
  return locale === "en" ? stage.nameEn : stage.nameZh;
}

function figure(stage: JourneyStageView, t: Translate, locale: Locale): string {
  const { stats } = stage;
  return t("journeys.stage.figure", {
    nps: formatNps(stats.nps, locale),
    low: formatNps(stats.ciLow, locale),
    high: formatNps(stats.ciHigh, locale),
    n: formatNumber(stats.n, locale),
  });
}

/** The test line of a stage: its difference to the rest of the journey, q (BH) and the raw p. */
function testLine(stage: JourneyStageView, t: Translate, locale: Locale): string | null {
  if (!stage.vsRest || !stage.adjusted) return null;
  return t(stage.adjusted.significant ? "journeys.stage.significant" : "journeys.stage.notSignificant", {
    difference: formatNps(stage.vsRest.difference, locale),
    q: formatQValue(stage.adjusted.q),
    p: formatPValue(stage.vsRest.pValue),
  });
}

/**
 * A journey (issue 13): each stage's NPS with CI and n under the dashboard's filters, the emotion curve with its CI
 * band, pain and delight points (each stage against the rest of the journey, Benjamini–Hochberg across stages), CSAT /
 * CES where asked, the top driver, and a link to each stage's verbatims on the dashboard. MANAGER+.
 */
export default async function JourneyPage({ params, searchParams }: Props) {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "MANAGER")) notFound();
  const { t, locale } = await getTranslator();
  const { id } = await params;
  const search = await searchParams;
  const parsed = readAnalyticsParams(search);
  const rangeError = parsed.success ? null : rangeProblemOf(parsed.error);
  const query = parsed.success ? parsed.data : readAnalyticsParams({}).data!;
  const unitIds = await scopeUnitIdsOf(viewer);
  const options = await getFilterOptions({ organizationId: viewer.organizationId, unitIds });
  query.survey = query.survey.filter((s) => options.surveys.some((o) => o.id === s));
  const filter = resolveFilter(query, { ...viewer, unitIds });
  const thresholds = { minN: viewer.minN, suppressN: viewer.suppressN };

  let problem: string | null = rangeError
    ? t(rangeError === "order" ? "analytics.error.rangeOrder" : "analytics.error.rangeMissing", { from: filter.range.from, to: filter.range.to })
    : null;
  if (!problem) {
    try {
      await assertKnownDimensions({ organizationId: viewer.organizationId, attributes: query.attributes, groupBy: null });
    } catch (error) {
      if (!isAppError(error) || error.code !== "bad_request") throw error;
      problem = t("journeys.unknownDimension");
    }
  }
  let view: JourneyView;
  try {
    view = await getJourneyView({ organizationId: viewer.organizationId, journeyId: id, filter: problem ? { ...filter, attributes: {} } : filter, thresholds, drivers: !problem });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  const { journey, overall, stages } = view;
  const name = stageName(journey, locale);
  const canEdit = hasRole(viewer.role, "ADMIN");
  const filterParams = writeAnalyticsParams(query);
  const verbatimsHref = (touchpoints: string[]) => {
    const next = new URLSearchParams(filterParams);
    next.delete("touchpoint");
    for (const tp of touchpoints) next.append("touchpoint", tp);
    return `/dashboard?${next.toString()}`;
  };
  const pains = stages.filter((s) => s.point === "pain");
  const delights = stages.filter((s) => s.point === "delight");
  const correction = t("journeys.correctionHelp", { m: formatNumber(view.tests, locale) });
  const shownOverall = !view.overallSuppressed && overall.n > 0;

  const curve: EmotionPoint[] = stages.map((stage) => {
    const hidden = stage.status === "suppressed" || stage.status === "empty";
    return {
      stage: stageName(stage, locale),
      nps: hidden ? null : stage.stats.nps,
      band: hidden || stage.stats.ciLow === null || stage.stats.ciHigh === null ? null : [stage.stats.ciLow, stage.stats.ciHigh],
      low: stage.status === "low",
      point: stage.point,
      lines: hidden
        ? [t(stage.status === "empty" ? "journeys.stage.empty" : "journeys.stage.hidden", { suppressN: viewer.suppressN })]
        : [figure(stage, t, locale), ...(testLine(stage, t, locale) ? [testLine(stage, t, locale)!] : [])],
    };
  });

  return (
    <>
      <PageHeader
        title={name}
        subtitle={t("journeys.view.subtitle", { from: filter.range.from, to: filter.range.to, stages: formatNumber(stages.length, locale) })}
        actions={
          <div className="flex items-center gap-3 text-sm font-medium">
            <Link href="/journeys" className="text-blue-800 hover:underline">
              {t("journeys.back")}
            </Link>
            {canEdit && (
              <Link href={`/journeys/${journey.id}/edit`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-slate-800 hover:bg-slate-50">
                {t("journeys.edit")}
              </Link>
            )}
          </div>
        }
      />
      <div className="space-y-6">
        <FilterBar t={t} locale={locale} query={query} filter={filter} options={options} groupBy="" resetHref={`/journeys/${journey.id}`} />
        {problem && (
          <Card>
            <p className="text-red-800" role="alert" data-testid="journey-filter-problem">
              {problem}
            </p>
          </Card>
        )}
        {view.overallSuppressed ? (
          <Card>
            <p className="text-slate-700" role="status" data-testid="journey-suppressed">
              {t("stats.headline.suppressed", { suppressN: viewer.suppressN })}
            </p>
          </Card>
        ) : overall.n === 0 ? (
          <Card>
            <p className="text-slate-700" role="status" data-testid="journey-no-answers">
              {t("journeys.noAnswers", { from: filter.range.from, to: filter.range.to })}
            </p>
          </Card>
        ) : (
          <>
            <Card
              title={t("journeys.curve.title")}
              description={t("journeys.curve.help", {
                nps: formatNps(overall.nps, locale),
                low: formatNps(overall.ciLow, locale),
                high: formatNps(overall.ciHigh, locale),
                n: formatNumber(overall.n, locale),
                minN: viewer.minN,
              })}
            >
              <EmotionCurveChart
                data={curve}
                overall={shownOverall ? overall.nps : null}
                overallLabel={t("journeys.curve.overall", { nps: formatNps(overall.nps, locale) })}
                ariaLabel={curve.map((d) => `${d.stage}: ${d.lines[0] ?? ""}`).join("; ")}
                keyLabel={t("journeys.curve.key")}
              />
              <div className="mt-4 grid gap-3 sm:grid-cols-2" data-testid="journey-points">
                <div className="rounded-lg border border-red-200 bg-red-50 p-3" data-testid="pain-points">
                  <h3 className="text-sm font-semibold text-red-900">{t("journeys.pain.title")}</h3>
                  <p className="mt-1 text-sm text-red-900">
                    {pains.length === 0 ? t("journeys.pain.none") : pains.map((s) => `${stageName(s, locale)} (${formatNps(s.stats.nps, locale)})`).join(locale === "en" ? ", " : "、")}
                  </p>
                </div>
                <div className="rounded-lg border border-emerald-200 bg-emerald-50 p-3" data-testid="delight-points">
                  <h3 className="text-sm font-semibold text-emerald-900">{t("journeys.delight.title")}</h3>
                  <p className="mt-1 text-sm text-emerald-900">
                    {delights.length === 0
                      ? t("journeys.delight.none")
                      : delights.map((s) => `${stageName(s, locale)} (${formatNps(s.stats.nps, locale)})`).join(locale === "en" ? ", " : "、")}
                  </p>
                </div>
              </div>
              <p className="mt-3 text-xs text-slate-600" data-testid="journey-method" title={correction}>
                {t("journeys.method")}{" "}
                <span className="cursor-help underline decoration-dotted" title={correction} tabIndex={0} aria-label={correction}>
                  {t("journeys.correction", { m: formatNumber(view.tests, locale) })}
                </span>
              </p>
            </Card>

            <ol className="grid gap-4 md:grid-cols-2 lg:grid-cols-3" data-testid="journey-stages">
              {stages.map((stage, index) => {
                const hidden = stage.status === "suppressed" || stage.status === "empty";
                const line = testLine(stage, t, locale);
                const border = stage.point === "pain" ? "border-red-400" : stage.point === "delight" ? "border-emerald-400" : "border-slate-200";
                return (
                  <li key={stage.id} className={`rounded-xl border-2 bg-white p-4 shadow-sm ${border}`} data-testid="journey-stage" data-point={stage.point ?? "none"} data-status={stage.status}>
                    <div className="flex flex-wrap items-start justify-between gap-2">
                      <h2 className="text-base font-semibold text-slate-900">
                        <span className="mr-1 text-slate-500">{index + 1}.</span>
                        {stageName(stage, locale)}
                      </h2>
                      {stage.point && (
                        <span
                          className={`rounded-full px-2 py-0.5 text-xs font-semibold ${stage.point === "pain" ? "bg-red-100 text-red-900" : "bg-emerald-100 text-emerald-900"}`}
                          data-testid="stage-point"
                          title={correction}
                        >
                          {t(stage.point === "pain" ? "journeys.pain.badge" : "journeys.delight.badge")}
                        </span>
                      )}
                    </div>
                    <ul className="mt-2 flex flex-wrap gap-1" aria-label={t("journeys.form.touchpoints")}>
                      {stage.touchpoints.map((tp) => (
                        <li key={tp.touchpoint} className={`rounded border px-1.5 py-0.5 text-xs ${KIND_STYLES[tp.kind]}`}>
                          {tp.touchpoint} · {t(`journeys.kind.${tp.kind}`)}
                        </li>
                      ))}
                    </ul>
                    {hidden ? (
                      <p className="mt-3 text-sm italic text-slate-600" data-testid="stage-hidden">
                        {t(stage.status === "empty" ? "journeys.stage.empty" : "journeys.stage.hidden", { suppressN: viewer.suppressN })}
                      </p>
                    ) : (
                      <div className={stage.status === "low" ? "text-slate-500" : ""}>
                        <p className="mt-3 text-2xl font-bold tabular-nums" data-testid="stage-nps">
                          {formatNps(stage.stats.nps, locale)}
                        </p>
                        <p className="text-xs tabular-nums text-slate-600" data-testid="stage-figure">
                          {figure(stage, t, locale)}
                        </p>
                        {stage.status === "low" && (
                          <p className="mt-1 text-xs font-medium text-slate-600" data-testid="stage-low">
                            {t("journeys.stage.low", { minN: viewer.minN })}
                          </p>
                        )}
                        {line && (
                          <p className="mt-1 text-xs text-slate-700" data-testid="stage-test" title={correction}>
                            {line}
                          </p>
                        )}
                        {stage.instruments.map((m) => (
                          <p key={m.type} className="mt-1 text-xs tabular-nums text-slate-700" data-testid={`stage-${m.type.toLowerCase()}`}>
                            {t(`journeys.stage.${m.type === "CSAT" ? "csat" : "ces"}`, {
                              mean: formatNumber(m.mean, locale, 2),
                              max: m.scale.max,
                              low: m.ciLow === null ? "—" : formatNumber(m.ciLow, locale, 2),
                              high: m.ciHigh === null ? "—" : formatNumber(m.ciHigh, locale, 2),
                              n: formatNumber(m.n, locale),
                            })}
                          </p>
                        ))}
                        {stage.topDriver && (
                          <p className="mt-2 text-xs text-slate-700" data-testid="stage-driver">
                            {stage.topDriver.status === "ok"
                              ? t("journeys.stage.topDriver", {
                                  driver: pickText(stage.topDriver.label, locale, locale === "en" ? "zh-CN" : "en"),
                                  importance: formatNumber(stage.topDriver.importance, locale, 1),
                                })
                              : t("journeys.stage.driverTooFew", { n: formatNumber(stage.topDriver.n, locale), minN: formatNumber(stage.topDriver.minN, locale) })}
                          </p>
                        )}
                      </div>
                    )}
                    {stage.included.length > 0 && !hidden && (
                      <Link href={verbatimsHref(stage.included)} className="mt-3 inline-block text-sm font-medium text-blue-800 hover:underline" data-testid="stage-verbatims">
                        {t("journeys.stage.verbatims")}
                      </Link>
                    )}
                  </li>
                );
              })}
            </ol>
          </>
        )}
      </div>
    </>
  );
}
