import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { channelLabel } from "@/components/analytics/filter-bar";
import { CategoryChip } from "@/components/insights/category-chip";
import { HighlightedComment } from "@/components/themes/highlighted-comment";
import { ThemeTrendChart, type ThemeTrendDatum } from "@/components/themes/theme-trend-chart";
import { Card, PageHeader } from "@/components/ui/card";
import { Button, Select } from "@/components/ui/form";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { Locale } from "@/i18n/locales";
import type { Translate } from "@/i18n/translate";
import { RANGE_PRESETS } from "@/lib/date-range";
import { isAppError } from "@/lib/errors";
import { formatDateTime, formatNps, formatNumber, formatPercentages, formatPValue, formatShare } from "@/lib/format";
import { isDiscovery } from "@/lib/multiple-comparisons";
import type { NpsCategory } from "@/lib/nps";
import { personalDataView } from "@/lib/personal-data";
import { readAnalyticsParams, writeAnalyticsParams } from "@/schemas/analytics";
import { resolveFilter } from "@/server/analytics/filter";
import { getAttributeLabels } from "@/server/attributes/get-attribute-labels";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { scopeUnitIdsOf } from "@/server/org/member-scope";
import { getThemesView, type ThemesView, type ThemeView } from "@/server/text/get-themes-view";
import { listThemeVerbatims } from "@/server/text/list-theme-verbatims";

export const metadata: Metadata = { title: "What customers say · 客户怎么说" };

type SearchParams = Record<string, string | string[] | undefined>;
type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

const CATEGORIES: NpsCategory[] = ["DETRACTOR", "PASSIVE", "PROMOTER"];

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function themeLabel(theme: Pick<ThemeView, "label" | "key">, locale: Locale): string {
  return theme.label[locale] || theme.label[locale === "en" ? "zh-CN" : "en"] || theme.key;
}

/** "What customers say" for one survey: themes, their NPS, trend, sentiment, distinctive words and verbatims. */
export default async function ThemesPage({ params, searchParams }: Props) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const { id } = await params;
  const search = await searchParams;
  const parsed = readAnalyticsParams(search);
  const query = parsed.success ? parsed.data : readAnalyticsParams({}).data!;
  // Whoever reads the dashboard reads this; a member scoped to a unit reads that unit's subtree only.
  const unitIds = await scopeUnitIdsOf(viewer);

  let view: ThemesView;
  try {
    view = await getThemesView({ organizationId: viewer.organizationId, surveyId: id, query, timeZone: viewer.timeZone, unitIds });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    if (isAppError(error) && (error.code === "bad_request" || error.code === "validation_failed")) {
      const details = (error.details ?? {}) as { unknownDimension?: string };
      return (
        <>
          <PageHeader title={t("themes.title")} />
          <Card>
            <p role="alert" data-testid="themes-error">
              {t("themes.unknownDimension", { key: details.unknownDimension ?? "" })}
            </p>
            <Link href={`/surveys/${id}/themes`} className="mt-3 inline-block text-sm font-medium text-blue-800 hover:underline">
              {t("themes.back")}
            </Link>
          </Card>
        </>
      );
    }
    throw error;
  }

  const base = `/surveys/${view.survey.id}/themes`;
  const filterParams = writeAnalyticsParams({ ...query, survey: [] });
  const hrefWith = (extra: Record<string, string>) => {
    const next = new URLSearchParams(filterParams);
    for (const [key, value] of Object.entries(extra)) next.set(key, value);
    return `${base}?${next.toString()}#verbatims`;
  };
  const kept = writeAnalyticsParams({ ...query, survey: [], range: undefined, from: undefined, to: undefined });
  const narrowed = [...query.channel.map((c) => channelLabel(t, c)), ...query.touchpoint, ...Object.values(query.attributes).flat()];

  const byDetractors = [...view.themes].sort((a, b) => (b.detractorShare ?? -1) - (a.detractorShare ?? -1) || b.mentions - a.mentions);
  const top = byDetractors[0];
  const topByMentions = [...view.themes].filter((th) => th.mentions > 0).sort((a, b) => b.mentions - a.mentions).slice(0, 5);
  const tested = view.themes.filter((th) => th.p !== null).length;

  const selectedKey = first(search.theme);
  const selected = selectedKey ? view.themes.find((th) => th.key === selectedKey) : undefined;
  const vcat = first(search.vcat);
  const verbatimCategory = (CATEGORIES as string[]).includes(vcat ?? "") ? (vcat as NpsCategory) : null;
  const verbatims = selected
    ? await listThemeVerbatims(resolveFilter({ ...query, survey: [view.survey.id] }, { organizationId: viewer.organizationId, timeZone: viewer.timeZone, unitIds }), {
        themeKey: selected.key,
        category: verbatimCategory,
        view: personalDataView(viewer.role),
      })
    : null;
  const dimensionLabels = selected
    ? (await getAttributeLabels(viewer.organizationId)).filter((a) => a.role === "DIMENSION").map((a) => ({ key: a.key, label: a.label[locale] }))
    : [];

  const trendData: ThemeTrendDatum[] = view.trend.map((point) => {
    const datum: ThemeTrendDatum = { month: point.month };
    for (const theme of topByMentions) datum[theme.key] = point.shares ? Math.round((point.shares[theme.key] ?? 0) * 1000) / 10 : null;
    return datum;
  });

  return (
    <>
      <PageHeader
        title={t("themes.title")}
        subtitle={t("themes.subtitle", { survey: view.survey.name })}
        actions={
          <Link href={`/surveys/${view.survey.id}`} className="text-sm font-medium text-blue-800 hover:underline">
            {t("themes.back")}
          </Link>
        }
      />
      <div className="space-y-6">
        <form method="get" className="flex flex-wrap items-end gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="themes-filter">
          {[...kept].map(([name, value]) => (
            <input key={`${name}=${value}`} type="hidden" name={name} value={value} />
          ))}
          <div>
            <label htmlFor="themes-range" className="block text-sm font-medium text-slate-700">
              {t("themes.period")}
            </label>
            <Select id="themes-range" name="range" defaultValue={query.range === "custom" ? "90d" : query.range} className="min-w-40">
              {RANGE_PRESETS.map((value) => (
                <option key={value} value={value}>
                  {t(`analytics.range.${value}`)}
                </option>
              ))}
            </Select>
          </div>
          <Button type="submit" variant="secondary">
            {t("themes.apply")}
          </Button>
          {narrowed.length > 0 && <p className="text-sm text-slate-600">{t("themes.filtersApplied", { filters: narrowed.join(locale === "en" ? ", " : "、") })}</p>}
        </form>

        <Card>
          <div className="space-y-1 text-sm text-slate-700" data-testid="themes-summary">
            <p>
              {t("themes.summary", {
                commented: formatNumber(view.commented, locale),
                n: formatNumber(view.n, locale),
                from: view.range.from,
                to: view.range.to,
              })}
            </p>
            {view.pending > 0 && (
              <p className="text-amber-900" role="status" data-testid="themes-pending">
                {t("themes.pending", { pending: formatNumber(view.pending, locale) })}
              </p>
            )}
            {top && top.detractorShare !== null && top.detractorShare > 0 && (
              <p className="font-medium text-slate-900" data-testid="top-detractor-theme" data-key={top.key}>
                {t("themes.topDetractor", { theme: themeLabel(top, locale), share: formatShare(top.detractorShare, locale) })}
              </p>
            )}
          </div>
        </Card>

        {view.commented === 0 ? (
          <Card>
            <p className="text-sm text-slate-600" data-testid="themes-empty">
              {t("themes.noComments")}
            </p>
          </Card>
        ) : (
          <>
            <Card title={t("themes.shares.title")} description={t("themes.shares.description")}>
              <ShareChart themes={byDetractors} locale={locale} t={t} hrefOf={(key) => hrefWith({ theme: key })} />
            </Card>

            <Card title={t("themes.table.title")} description={t("themes.table.description", { count: tested })}>
              <ThemeTable themes={byDetractors} locale={locale} t={t} hrefOf={(key) => hrefWith({ theme: key })} />
            </Card>

            {selected && verbatims && (
              <Card title={t("themes.verbatims.title", { theme: themeLabel(selected, locale) })}>
                <div id="verbatims" data-testid="theme-verbatims" data-key={selected.key} className="space-y-3">
                  <nav className="flex flex-wrap gap-2 text-sm" aria-label={t("insights.verbatims.category")}>
                    {[null, ...CATEGORIES].map((c) => (
                      <Link
                        key={c ?? "all"}
                        href={hrefWith(c ? { theme: selected.key, vcat: c } : { theme: selected.key })}
                        aria-current={verbatimCategory === c ? "page" : undefined}
                        className={`rounded-full border px-3 py-1 ${verbatimCategory === c ? "border-blue-700 bg-blue-50 font-semibold text-blue-900" : "border-slate-300 text-slate-700 hover:bg-slate-50"}`}
                      >
                        {c ? t(`insights.category.${c}`) : t("themes.verbatims.allCategories")}
                      </Link>
                    ))}
                    <Link href={`${base}?${filterParams.toString()}`} className="ml-auto py-1 text-blue-800 hover:underline">
                      {t("themes.verbatims.close")}
                    </Link>
                  </nav>
                  <p className="text-sm text-slate-600">{t("themes.verbatims.count", { shown: verbatims.items.length, total: formatNumber(verbatims.total, locale) })}</p>
                  <ul className="divide-y divide-slate-100">
                    {verbatims.items.map((item) => (
                      <li key={item.id} className="py-3" data-testid="theme-verbatim">
                        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
                          {item.category && <CategoryChip category={item.category} label={t(`insights.category.${item.category}`)} />}
                          <span className="font-semibold tabular-nums text-slate-800">
                            {item.score === null ? t("insights.verbatims.noScore") : t("insights.verbatims.score", { score: item.score })}
                          </span>
                          <time dateTime={item.createdAt.toISOString()}>{formatDateTime(item.createdAt, locale, viewer.timeZone)}</time>
                          {dimensionLabels.flatMap(({ key, label }) =>
                            item.attributes[key] ? [
                              <span key={key} className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-700">
                                {label}: {item.attributes[key]}
                              </span>,
                            ] : [],
                          )}
                        </div>
                        <p className="mt-1 text-sm text-slate-900" lang={item.locale}>
                          <HighlightedComment text={item.comment} keywords={selected.keywords} />
                        </p>
                      </li>
                    ))}
                  </ul>
                </div>
              </Card>
            )}

            <div className="grid gap-6 lg:grid-cols-2">
              <Card title={t("themes.trend.title")} description={t("themes.trend.description")}>
                <ThemeTrendChart data={trendData} series={topByMentions.map((th) => ({ key: th.key, label: themeLabel(th, locale) }))} ariaLabel={t("themes.trend.aria")} />
              </Card>
              <Card title={t("themes.sentiment.title")} description={t("themes.sentiment.description")}>
                <SentimentBars view={view} locale={locale} t={t} />
              </Card>
            </div>

            <Card title={t("themes.words.title")} description={t("themes.words.description")}>
              <DistinctiveWords view={view} locale={locale} t={t} />
            </Card>
          </>
        )}
      </div>
    </>
  );
}

function ShareChart({ themes, locale, t, hrefOf }: { themes: ThemeView[]; locale: Locale; t: Translate; hrefOf: (key: string) => string }) {
  const max = Math.max(0.01, ...themes.flatMap((th) => [th.share ?? 0, th.detractorShare ?? 0, th.promoterShare ?? 0]));
  const bars = [
    { name: t("themes.shares.all"), value: (th: ThemeView) => th.share, colour: "bg-slate-500" },
    { name: t("themes.shares.detractors"), value: (th: ThemeView) => th.detractorShare, colour: "bg-red-700" },
    { name: t("themes.shares.promoters"), value: (th: ThemeView) => th.promoterShare, colour: "bg-emerald-700" },
  ];
  return (
    <div data-testid="theme-shares">
      <ul className="mb-3 flex flex-wrap gap-4 text-xs text-slate-700" aria-hidden="true">
        {bars.map((bar) => (
          <li key={bar.name} className="flex items-center gap-1.5">
            <span className={`inline-block h-2.5 w-2.5 rounded-sm ${bar.colour}`} />
            {bar.name}
          </li>
        ))}
      </ul>
      <ol className="space-y-3" aria-label={t("themes.shares.aria")}>
        {themes.map((theme) => (
          <li key={theme.key} className="grid gap-1 sm:grid-cols-[12rem_1fr] sm:gap-4" data-testid="theme-share" data-key={theme.key}>
            <a href={hrefOf(theme.key)} className="text-sm font-medium text-blue-800 hover:underline" data-testid="theme-link">
              {themeLabel(theme, locale)}
            </a>
            <div className="space-y-0.5">
              {bars.map((bar) => {
                const value = bar.value(theme);
                return (
                  <div key={bar.name} className="flex items-center gap-2 text-xs text-slate-700">
                    <span className="sr-only">{bar.name}:</span>
                    <span className="h-2.5 flex-1 rounded bg-slate-100" aria-hidden="true">
                      <span className={`block h-full rounded ${bar.colour}`} style={{ width: `${((value ?? 0) / max) * 100}%` }} />
                    </span>
                    <span className="w-12 text-right tabular-nums">{formatShare(value, locale)}</span>
                  </div>
                );
              })}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

function ThemeTable({ themes, locale, t, hrefOf }: { themes: ThemeView[]; locale: Locale; t: Translate; hrefOf: (key: string) => string }) {
  return (
    <Table
      testId="themes-table"
      head={
        <>
          <Th>{t("themes.table.theme")}</Th>
          <Th className="text-right">{t("themes.table.mentions")}</Th>
          <Th className="text-right">{t("themes.table.with")}</Th>
          <Th className="text-right">{t("themes.table.without")}</Th>
          <Th className="text-right">{t("themes.table.difference")}</Th>
          <Th className="text-right">{t("themes.table.p")}</Th>
          <Th className="text-right">{t("themes.table.q")}</Th>
          <Th>{t("themes.table.verbatims")}</Th>
        </>
      }
    >
      {themes.map((theme) => {
        const hidden = theme.nps.suppressed;
        const diff = theme.nps.nps !== null && theme.withoutNps.nps !== null ? theme.nps.nps - theme.withoutNps.nps : null;
        return (
          <Tr key={theme.key}>
            <Td className="font-medium text-slate-900">{themeLabel(theme, locale)}</Td>
            <Td className="text-right tabular-nums">{formatNumber(theme.mentions, locale)}</Td>
            {hidden ? (
              <Td colSpan={5} className="text-slate-500 italic">
                {t("themes.table.suppressed")}
              </Td>
            ) : (
              <>
                <Td className="text-right tabular-nums">{formatNps(theme.nps.nps, locale)}</Td>
                <Td className="text-right tabular-nums">{formatNps(theme.withoutNps.nps, locale)}</Td>
                <Td className="text-right font-medium tabular-nums">{formatNps(diff, locale)}</Td>
                <Td className="text-right tabular-nums text-slate-600">{theme.p === null ? "—" : formatPValue(theme.p)}</Td>
                <Td className="text-right tabular-nums" data-testid="theme-q">
                  {theme.q === null ? "—" : (
                    <span className={isDiscovery(theme.q) ? "font-semibold text-slate-900" : "text-slate-600"} title={isDiscovery(theme.q) ? t("themes.table.significant") : t("themes.table.notSignificant")}>
                      {formatPValue(theme.q).replace(/^p/, "q")}
                    </span>
                  )}
                </Td>
              </>
            )}
            <Td>
              {theme.mentions > 0 ? (
                <a href={hrefOf(theme.key)} className="text-sm text-blue-800 hover:underline">
                  {t("themes.table.read")}
                </a>
              ) : (
                "—"
              )}
            </Td>
          </Tr>
        );
      })}
    </Table>
  );
}

function SentimentBars({ view, locale, t }: { view: ThemesView; locale: Locale; t: Translate }) {
  const parts = [
    { key: "negative", colour: "bg-red-700", label: t("themes.sentiment.negative") },
    { key: "neutral", colour: "bg-slate-400", label: t("themes.sentiment.neutral") },
    { key: "positive", colour: "bg-emerald-700", label: t("themes.sentiment.positive") },
  ] as const;
  return (
    <div className="space-y-3" data-testid="themes-sentiment">
      <ul className="flex flex-wrap gap-4 text-xs text-slate-700" aria-hidden="true">
        {parts.map((p) => (
          <li key={p.key} className="flex items-center gap-1.5">
            <span className={`inline-block h-2.5 w-2.5 rounded-sm ${p.colour}`} />
            {p.label}
          </li>
        ))}
      </ul>
      {view.sentiment.map((row) => {
        const counts = parts.map((p) => row[p.key]);
        const total = counts.reduce((s, v) => s + v, 0);
        const labels = formatPercentages(counts, locale);
        return (
          <div key={row.category} className="text-sm">
            <p className="mb-1 font-medium text-slate-800">{t(`themes.sentiment.${row.category}`)}</p>
            {row.suppressed || total === 0 ? (
              <p className="text-slate-500 italic">{t("themes.sentiment.suppressed")}</p>
            ) : (
              <>
                <div className="flex h-3 overflow-hidden rounded" aria-hidden="true">
                  {parts.map((p, i) => (
                    <span key={p.key} className={p.colour} style={{ width: `${((counts[i] ?? 0) / total) * 100}%` }} />
                  ))}
                </div>
                <p className="mt-1 text-xs text-slate-700">
                  {parts.map((p, i) => `${p.label} ${labels[i]}`).join(" · ")} ({formatNumber(total, locale)})
                </p>
              </>
            )}
          </div>
        );
      })}
    </div>
  );
}

function DistinctiveWords({ view, locale, t }: { view: ThemesView; locale: Locale; t: Translate }) {
  if (!view.words) return <p className="text-sm text-slate-500 italic">{t("themes.words.suppressed")}</p>;
  const sides = [
    { key: "detractors", title: t("themes.words.detractors"), words: view.words.detractors, colour: "bg-red-700" },
    { key: "promoters", title: t("themes.words.promoters"), words: view.words.promoters, colour: "bg-emerald-700" },
  ] as const;
  const max = Math.max(1.96, ...sides.flatMap((s) => s.words.map((w) => Math.abs(w.z))));
  return (
    <div className="grid gap-6 md:grid-cols-2">
      {sides.map((side) => (
        <div key={side.key} data-testid={`words-${side.key}`}>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">{side.title}</h3>
          {side.words.length === 0 ? (
            <p className="text-sm text-slate-500">{t("themes.words.none")}</p>
          ) : (
            <Table
              head={
                <>
                  <Th>{t("themes.words.word")}</Th>
                  <Th className="text-right">{t("themes.words.counts")}</Th>
                  <Th className="text-right">{t("themes.words.z")}</Th>
                </>
              }
            >
              {side.words.map((w) => (
                <Tr key={w.word}>
                  <Td className="font-medium text-slate-900">{w.word}</Td>
                  <Td className="text-right tabular-nums text-slate-600">
                    {formatNumber(w.countA, locale)} / {formatNumber(w.countB, locale)}
                  </Td>
                  <Td className="text-right tabular-nums">
                    <span className="inline-flex items-center gap-2">
                      <span className="hidden h-2 w-16 rounded bg-slate-100 sm:inline-block" aria-hidden="true">
                        <span className={`block h-full rounded ${side.colour}`} style={{ width: `${(Math.abs(w.z) / max) * 100}%` }} />
                      </span>
                      {formatNumber(Math.abs(w.z), locale, 1)}
                    </span>
                  </Td>
                </Tr>
              ))}
            </Table>
          )}
        </div>
      ))}
    </div>
  );
}
