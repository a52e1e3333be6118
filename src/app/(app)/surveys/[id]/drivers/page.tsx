import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { channelLabel } from "@/components/analytics/filter-bar";
import { DriverQuadrantChart, type QuadrantPoint } from "@/components/drivers/driver-quadrant-chart";
import { Card, PageHeader } from "@/components/ui/card";
import { Button, Select } from "@/components/ui/form";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { Locale } from "@/i18n/locales";
import type { Translate } from "@/i18n/translate";
import { RANGE_PRESETS } from "@/lib/date-range";
import { isAppError } from "@/lib/errors";
import { formatNumber } from "@/lib/format";
import { priorityDriver, type DriverAnalysis, type DriverResult } from "@/lib/key-drivers";
import { pickText } from "@/schemas/localized";
import { readAnalyticsParams, writeAnalyticsParams } from "@/schemas/analytics";
import { getFilterOptions } from "@/server/analytics/get-filter-options";
import { requireUser } from "@/server/auth/session";
import { getDriversView, type DriversView, type SegmentDimension } from "@/server/drivers/get-drivers";
import { getTranslator } from "@/server/i18n/request-locale";
import { scopeUnitIdsOf } from "@/server/org/member-scope";

export const metadata: Metadata = { title: "Key drivers · 关键驱动因素" };

type SearchParams = Record<string, string | string[] | undefined>;
type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** "attribute:tier=gold", "touchpoint=开户", "channel=EMAIL" → dimension and value. */
function readSegment(raw: string | undefined): { dimension: SegmentDimension; token: string; value: string } | null {
  if (!raw) return null;
  const at = raw.indexOf("=");
  if (at <= 0) return null;
  const token = raw.slice(0, at);
  const value = raw.slice(at + 1);
  if (value === "" || value.length > 200) return null;
  if (token === "touchpoint" || token === "channel") return { dimension: { kind: token }, token, value };
  if (token.startsWith("attribute:") && /^[\p{L}\p{N}_ .-]{1,64}$/u.test(token.slice(10))) {
    return { dimension: { kind: "attribute", key: token.slice(10) }, token, value };
  }
  return null;
}

function pct(value: number | null, locale: Locale): string {
  return value === null ? "—" : `${formatNumber(value, locale, 1)}%`;
}

function interval(driver: DriverResult, locale: Locale): string {
  return driver.interval ? `${formatNumber(driver.interval.low, locale, 1)}–${formatNumber(driver.interval.high, locale, 1)}` : "—";
}

export default async function DriversPage({ params, searchParams }: Props) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const { id } = await params;
  const search = await searchParams;
  const parsed = readAnalyticsParams(search);
  const query = parsed.success ? parsed.data : readAnalyticsParams({}).data!;
  // Whoever can read the dashboard reads this; a member scoped to a unit reads that unit's subtree only.
  const unitIds = await scopeUnitIdsOf(viewer);
  const segA = readSegment(first(search.a));
  const segB = readSegment(first(search.b));
  const comparable = segA !== null && segB !== null && segA.token === segB.token && segA.value !== segB.value;
  // Comment themes as binary drivers beside the questions (issue 14).
  const includeThemes = first(search.themes) === "1";

  let view: DriversView;
  try {
    view = await getDriversView({
      organizationId: viewer.organizationId,
      surveyId: id,
      query,
      timeZone: viewer.timeZone,
      unitIds,
      segment: comparable ? { dimension: segA.dimension, a: segA.value, b: segB.value } : null,
      includeThemes,
    });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    if (isAppError(error) && (error.code === "bad_request" || error.code === "validation_failed")) {
      const details = (error.details ?? {}) as { unknownDimension?: string };
      return (
        <>
          <PageHeader title={t("drivers.title")} />
          <Card>
            <p role="alert" data-testid="drivers-error">{t("drivers.unknownDimension", { key: details.unknownDimension ?? "" })}</p>
            <Link href={`/surveys/${id}/drivers`} className="mt-3 inline-block text-sm font-medium text-blue-700 hover:underline">
              {t("drivers.back")}
            </Link>
          </Card>
        </>
      );
    }
    throw error;
  }
  const options = await getFilterOptions({ organizationId: viewer.organizationId, unitIds });
  const { analysis, comparison } = view;
  const labelOf = (driver: DriverResult) => {
    const label = pickText(driver.label, locale, locale === "en" ? "zh-CN" : "en") || driver.key;
    return driver.type === "THEME" ? t("themes.drivers.label", { theme: label }) : label;
  };
  const priority = priorityDriver(analysis);

  // Keep the dashboard's narrowing (channels, touchpoints, attributes) in the forms below.
  const kept = writeAnalyticsParams({ ...query, survey: [], range: undefined, from: undefined, to: undefined });
  const segmentChoices = [
    ...options.attributes.map((a) => ({ token: `attribute:${a.key}`, label: a.label[locale], values: a.values.map((v) => ({ value: v.value, label: v.value })) })),
    { token: "touchpoint", label: t("drivers.compare.touchpoint"), values: options.touchpoints.map((v) => ({ value: v, label: v })) },
    { token: "channel", label: t("drivers.compare.channel"), values: options.channels.map((v) => ({ value: v, label: channelLabel(t, v) })) },
  ].filter((choice) => choice.values.length >= 2);
  const narrowed = [...query.channel.map((c) => channelLabel(t, c)), ...query.touchpoint, ...Object.values(query.attributes).flat()];

  return (
    <>
      <PageHeader
        title={t("drivers.title")}
        subtitle={t("drivers.subtitle", { survey: view.survey.name })}
        actions={
          <Link href={`/surveys/${id}`} className="text-sm font-medium text-blue-800 hover:underline">
            {t("drivers.back")}
          </Link>
        }
      />
      <div className="space-y-6">
        <form method="get" className="flex flex-wrap items-end gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="drivers-filter">
          {[...kept].map(([name, value]) => (
            <input key={`${name}=${value}`} type="hidden" name={name} value={value} />
          ))}
          {first(search.a) && <input type="hidden" name="a" value={first(search.a)} />}
          {first(search.b) && <input type="hidden" name="b" value={first(search.b)} />}
          <div>
            <label htmlFor="drivers-range" className="block text-sm font-medium text-slate-700">
              {t("drivers.period")}
            </label>
            <Select id="drivers-range" name="range" defaultValue={query.range === "custom" ? "90d" : query.range} className="min-w-40">
              {RANGE_PRESETS.map((value) => (
                <option key={value} value={value}>
                  {t(`analytics.range.${value}`)}
                </option>
              ))}
            </Select>
          </div>
          <label className="flex items-center gap-2 pb-2 text-sm text-slate-800">
            <input type="checkbox" name="themes" value="1" defaultChecked={includeThemes} className="h-4 w-4 rounded border-slate-400" data-testid="drivers-include-themes" />
            {t("themes.drivers.include")}
          </label>
          <Button type="submit" variant="secondary">
            {t("drivers.apply")}
          </Button>
          {includeThemes && <p className="w-full text-sm text-slate-600" data-testid="drivers-themes-note">{t("themes.drivers.note")}</p>}
          {narrowed.length > 0 && <p className="text-sm text-slate-600">{t("drivers.filtersApplied", { filters: narrowed.join(locale === "en" ? ", " : "、") })}</p>}
        </form>

        <AnalysisSummary analysis={analysis} t={t} locale={locale} />

        {analysis.status === "ok" && (
          <Card className={priority ? "border-red-200 bg-red-50" : ""}>
            <div data-testid="priority-driver">
              <h2 className="text-base font-semibold text-slate-900">{t("drivers.priority.title")}</h2>
              <p className="mt-1 text-sm text-slate-800">
                {priority
                  ? t("drivers.priority.body", {
                      driver: labelOf(priority),
                      importance: pct(priority.importance, locale),
                      low: priority.interval ? formatNumber(priority.interval.low, locale, 1) : "—",
                      high: priority.interval ? pct(priority.interval.high, locale) : "—",
                      performance: formatNumber(priority.performancePct, locale, 1),
                      average: formatNumber(analysis.averagePerformancePct, locale, 1),
                    })
                  : t("drivers.priority.none")}
              </p>
            </div>
          </Card>
        )}

        {analysis.status === "ok" && (
          <Card
            title={t("drivers.chart.title")}
            description={t("drivers.chart.split", {
              importance: pct(analysis.averageImportance, locale),
              performance: formatNumber(analysis.averagePerformancePct, locale, 1),
            })}
          >
            <DriverQuadrantChart
              points={analysis.drivers.map((driver): QuadrantPoint => ({
                name: labelOf(driver),
                performancePct: driver.performancePct ?? 0,
                importance: driver.importance ?? 0,
                error: [(driver.importance ?? 0) - (driver.interval?.low ?? driver.importance ?? 0), (driver.interval?.high ?? driver.importance ?? 0) - (driver.importance ?? 0)],
                quadrant: driver.quadrant ?? "secondary_strength",
                tooltip: [
                  `${t("drivers.table.importance")}: ${pct(driver.importance, locale)} (${interval(driver, locale)})`,
                  `${t("drivers.table.performance")}: ${formatNumber(driver.performancePct, locale, 1)}`,
                  driver.quadrant ? t(`drivers.quadrant.${driver.quadrant}`) : "",
                ],
              }))}
              importanceSplit={analysis.averageImportance ?? 0}
              performanceSplit={analysis.averagePerformancePct ?? 0}
              labels={{
                aria: t("drivers.chart.aria"),
                x: t("drivers.chart.x"),
                y: t("drivers.chart.y"),
                quadrants: {
                  priority_fix: t("drivers.quadrant.priority_fix"),
                  key_strength: t("drivers.quadrant.key_strength"),
                  secondary_weakness: t("drivers.quadrant.secondary_weakness"),
                  secondary_strength: t("drivers.quadrant.secondary_strength"),
                },
              }}
            />
          </Card>
        )}

        {analysis.drivers.length > 0 && (
          <Card title={t("drivers.table.title")}>
            <DriverTable analysis={analysis} t={t} locale={locale} labelOf={labelOf} />
          </Card>
        )}

        <Card title={t("drivers.compare.title")} description={t("drivers.compare.description")}>
          {segmentChoices.length === 0 ? (
            <p className="text-sm text-slate-600">{t("drivers.compare.noValues")}</p>
          ) : (
            <form method="get" className="flex flex-wrap items-end gap-4" data-testid="segment-form">
              {[...writeAnalyticsParams({ ...query, survey: [] })].map(([name, value]) => (
                <input key={`${name}=${value}`} type="hidden" name={name} value={value} />
              ))}
              {includeThemes && <input type="hidden" name="themes" value="1" />}
              {(["a", "b"] as const).map((side) => (
                <div key={side} className="min-w-48">
                  <label htmlFor={`segment-${side}`} className="block text-sm font-medium text-slate-700">
                    {t(side === "a" ? "drivers.compare.a" : "drivers.compare.b")}
                  </label>
                  <Select id={`segment-${side}`} name={side} defaultValue={first(search[side]) ?? ""}>
                    <option value="">—</option>
                    {segmentChoices.map((choice) => (
                      <optgroup key={choice.token} label={choice.label}>
                        {choice.values.map((v) => (
                          <option key={v.value} value={`${choice.token}=${v.value}`}>
                            {v.label}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </Select>
                </div>
              ))}
              <Button type="submit">{t("drivers.compare.submit")}</Button>
            </form>
          )}
          {(first(search.a) || first(search.b)) && !comparable && (
            <p className="mt-3 text-sm text-amber-800" role="alert">
              {t("drivers.compare.sameDimension")}
            </p>
          )}
          {comparison && <Comparison view={view} t={t} locale={locale} labelOf={labelOf} />}
        </Card>
      </div>
    </>
  );
}

function AnalysisSummary({ analysis, t, locale }: { analysis: DriverAnalysis; t: Translate; locale: Locale }) {
  if (analysis.status === "no_drivers") return <Card><p className="text-sm text-slate-700" data-testid="drivers-status">{t("drivers.noDrivers")}</p></Card>;
  if (analysis.status === "no_variance") return <Card><p className="text-sm text-slate-700" data-testid="drivers-status">{t("drivers.noVariance")}</p></Card>;
  if (analysis.status === "too_few") {
    return (
      <Card>
        <p className="text-sm text-slate-500" data-testid="drivers-status">
          {t("drivers.tooFew", { n: formatNumber(analysis.n, locale), minN: formatNumber(analysis.minN, locale) })}
        </p>
      </Card>
    );
  }
  const bootstrap = analysis.bootstrap;
  return (
    <Card>
      <div className="space-y-1 text-sm text-slate-700" data-testid="drivers-status">
        <p>
          {t("drivers.method", {
            n: formatNumber(analysis.n, locale),
            r2: formatNumber(analysis.r2, locale, 3),
            r2pct: pct((analysis.r2 ?? 0) * 100, locale),
          })}
        </p>
        {bootstrap && (
          <p className="text-slate-600">
            {bootstrap.sampled
              ? t("drivers.bootstrap.sampled", { resamples: bootstrap.resamples, size: formatNumber(bootstrap.sampleSize, locale), n: formatNumber(analysis.n, locale) })
              : t("drivers.bootstrap.all", { resamples: bootstrap.resamples, n: formatNumber(analysis.n, locale) })}
          </p>
        )}
      </div>
    </Card>
  );
}

function DriverTable({ analysis, t, locale, labelOf }: { analysis: DriverAnalysis; t: Translate; locale: Locale; labelOf: (d: DriverResult) => string }) {
  const greyed = analysis.status !== "ok";
  return (
    <Table
      testId="drivers-table"
      head={
        <>
          <Th>{t("drivers.table.driver")}</Th>
          <Th className="text-right">{t("drivers.table.importance")}</Th>
          <Th className="text-right">{t("drivers.table.interval")}</Th>
          <Th className="text-right">{t("drivers.table.rawWeight")}</Th>
          <Th className="text-right">{t("drivers.table.correlation")}</Th>
          <Th className="text-right">{t("drivers.table.mean")}</Th>
          <Th className="text-right">{t("drivers.table.performance")}</Th>
          <Th>{t("drivers.table.quadrant")}</Th>
        </>
      }
    >
      {analysis.drivers.map((driver) => (
        <Tr key={driver.questionId}>
          <Td className={greyed ? "text-slate-400" : "font-medium text-slate-900"} data-driver-type={driver.type}>
            {labelOf(driver)}
          </Td>
          {greyed ? (
            <Td colSpan={7} className="text-slate-400 italic">
              {t("drivers.tooFewShort")}
            </Td>
          ) : (
            <>
              <Td className="text-right tabular-nums">{pct(driver.importance, locale)}</Td>
              <Td className="text-right tabular-nums text-slate-600">{interval(driver, locale)}</Td>
              <Td className="text-right tabular-nums">{formatNumber(driver.rawWeight, locale, 4)}</Td>
              <Td className="text-right tabular-nums">{formatNumber(driver.correlation, locale, 3)}</Td>
              <Td className="text-right tabular-nums">
                {driver.type === "THEME"
                  ? t("themes.drivers.mentioned", { share: pct(driver.performancePct, locale) })
                  : t("drivers.scale", { mean: formatNumber(driver.performance, locale, 2), min: driver.scale.min, max: driver.scale.max })}
              </Td>
              <Td className="text-right tabular-nums">{formatNumber(driver.performancePct, locale, 1)}</Td>
              <Td data-quadrant={driver.quadrant ?? ""}>{driver.quadrant ? t(`drivers.quadrant.${driver.quadrant}`) : "—"}</Td>
            </>
          )}
        </Tr>
      ))}
    </Table>
  );
}

function Comparison({ view, t, locale, labelOf }: { view: DriversView; t: Translate; locale: Locale; labelOf: (d: DriverResult) => string }) {
  const comparison = view.comparison;
  if (!comparison) return null;
  const { a, b, differs } = comparison;
  const byId = (analysis: DriverAnalysis) => new Map(analysis.drivers.map((d) => [d.questionId, d]));
  const ia = byId(a.analysis);
  const ib = byId(b.analysis);
  const segmentName = (value: string) => (comparison.dimension.kind === "channel" ? channelLabel(t, value) : value);
  const cell = (analysis: DriverAnalysis, driver: DriverResult | undefined) =>
    analysis.status !== "ok" || !driver ? (
      <span className="text-slate-400 italic">{t("drivers.tooFewShort")}</span>
    ) : (
      <>
        <span className="font-medium">{pct(driver.importance, locale)}</span> <span className="text-slate-500">({interval(driver, locale)})</span>
      </>
    );
  return (
    <div className="mt-5" data-testid="segment-comparison">
      <Table
        head={
          <>
            <Th>{t("drivers.table.driver")}</Th>
            <Th className="text-right">{t("drivers.compare.n", { segment: segmentName(a.value), n: formatNumber(a.analysis.n, locale) })}</Th>
            <Th className="text-right">{t("drivers.compare.n", { segment: segmentName(b.value), n: formatNumber(b.analysis.n, locale) })}</Th>
            <Th />
          </>
        }
      >
        {view.analysis.drivers.map((driver) => {
          const flagged = differs[driver.questionId] === true;
          return (
            <Tr key={driver.questionId}>
              <Td className="font-medium text-slate-900">{labelOf(driver)}</Td>
              <Td className="text-right tabular-nums">{cell(a.analysis, ia.get(driver.questionId))}</Td>
              <Td className="text-right tabular-nums">{cell(b.analysis, ib.get(driver.questionId))}</Td>
              <Td>
                {flagged ? (
                  <span className="rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900" title={t("drivers.compare.flagHelp")} data-testid="segment-differs">
                    {t("drivers.compare.differs")}
                  </span>
                ) : (
                  <span className="text-xs text-slate-500">{t("drivers.compare.overlap")}</span>
                )}
              </Td>
            </Tr>
          );
        })}
      </Table>
      <p className="mt-2 text-xs text-slate-500">{t("drivers.compare.flagHelp")}</p>
    </div>
  );
}
