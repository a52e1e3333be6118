import { ServqualGapChart, type ServqualGapBar } from "@/components/charts/servqual-gap-chart";
import { Card } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { Locale } from "@/i18n/locales";
import type { Translate } from "@/i18n/translate";
import { KANO_CATEGORIES, type KanoCategory } from "@/lib/kano";
import { pickText } from "@/schemas/localized";
import type { InstrumentResults as InstrumentResultsData } from "@/server/analytics/get-instrument-results";

export type InstrumentResultsProps = {
  /** From getInstrumentResults({ organizationId, surveyId }). */
  results: InstrumentResultsData;
  t: Translate;
  /** The reader's language (numbers, category names, question texts). */
  locale: Locale;
  /** The survey's default locale: question texts fall back to it. */
  fallbackLocale: Locale;
  /** Below this n a figure is marked "read with care" (the organisation's minN). */
  minN: number;
};

/** Signed with a real minus sign, 2 decimals: "−0.84", "+0.25", "0.00". */
function signed(value: number | null, locale: Locale, decimals = 2): string {
  if (value === null) return "—";
  const text = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(Math.abs(value));
  if (Number(value.toFixed(decimals)) === 0) return text;
  return value < 0 ? `−${text}` : `+${text}`;
}

function plain(value: number | null, locale: Locale, decimals = 2): string {
  if (value === null) return "—";
  return new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

function gapClass(value: number | null): string {
  if (value === null) return "text-slate-500";
  return value < 0 ? "text-orange-800" : "text-blue-800";
}

/**
 * SERVQUAL gaps (per dimension as a chart with confidence intervals, per item as a table) and Kano feature
 * categories with Better/Worse coefficients. Renders nothing for a survey with neither instrument.
 */
export function InstrumentResults({ results, t, locale, fallbackLocale, minN }: InstrumentResultsProps) {
  if (!results.servqual && !results.kano) return null;
  return (
    <div className="space-y-6" data-testid="instrument-results">
      {results.servqual && <ServqualSection servqual={results.servqual} t={t} locale={locale} fallbackLocale={fallbackLocale} minN={minN} />}
      {results.kano && <KanoSection kano={results.kano} t={t} locale={locale} fallbackLocale={fallbackLocale} />}
    </div>
  );
}

function ServqualSection({
  servqual,
  t,
  locale,
  fallbackLocale,
  minN,
}: {
  servqual: NonNullable<InstrumentResultsData["servqual"]>;
  t: Translate;
  locale: Locale;
  fallbackLocale: Locale;
  minN: number;
}) {
  const title = t("instruments.servqual.title");
  if (servqual.respondents === 0) {
    return (
      <Card title={title}>
        <p className="text-sm text-slate-600" data-testid="servqual-empty">
          {t("instruments.servqual.empty")}
        </p>
      </Card>
    );
  }
  const bars: ServqualGapBar[] = servqual.dimensions.flatMap((d) =>
    d.gap === null
      ? []
      : [{ label: t(`instruments.dimension.${d.dimension}`), gap: d.gap, lower: d.ci95?.lower ?? null, upper: d.ci95?.upper ?? null, n: d.n }],
  );
  const items = servqual.dimensions.flatMap((d) => servqual.items.filter((item) => item.dimension === d.dimension));
  return (
    <Card
      title={title}
      description={t("instruments.servqual.help", { scale: servqual.scale })}
      actions={
        <div className="text-right" data-testid="servqual-overall">
          <div className="text-xs text-slate-500">{t("instruments.servqual.overall")}</div>
          <div className={`text-2xl font-semibold tabular-nums ${gapClass(servqual.overall.unweightedGap)}`}>
            {signed(servqual.overall.unweightedGap, locale)}
          </div>
          <div className="text-xs text-slate-500">{t("instruments.servqual.respondents", { n: servqual.respondents })}</div>
        </div>
      }
    >
      <ServqualGapChart
        data={bars}
        labels={{
          gap: t("instruments.servqual.gap"),
          ci: t("instruments.servqual.ci"),
          n: t("instruments.servqual.n"),
          chart: t("instruments.servqual.chartLabel"),
        }}
      />
      {servqual.respondents < minN && (
        <p className="mt-2 text-xs text-amber-800" data-testid="servqual-low-n">
          {t("instruments.servqual.lowN", { minN })}
        </p>
      )}
      <div className="mt-4">
        <Table
          testId="servqual-items"
          head={
            <>
              <Th>{t("instruments.servqual.dimension")}</Th>
              <Th>{t("instruments.servqual.item")}</Th>
              <Th className="text-right">{t("instruments.servqual.n")}</Th>
              <Th className="text-right">{t("instruments.servqual.expectation")}</Th>
              <Th className="text-right">{t("instruments.servqual.perception")}</Th>
              <Th className="text-right">{t("instruments.servqual.gap")}</Th>
              <Th className="text-right">{t("instruments.servqual.ci")}</Th>
            </>
          }
        >
          {items.map((item) => (
            <Tr key={item.itemId}>
              <Td className="whitespace-nowrap text-slate-600">{t(`instruments.dimension.${item.dimension}`)}</Td>
              <Td className="text-slate-900">{pickText(item.text, locale, fallbackLocale) || item.key}</Td>
              <Td className={`text-right tabular-nums ${item.n < minN ? "text-slate-400" : ""}`}>{item.n}</Td>
              <Td className="text-right tabular-nums">{plain(item.meanExpectation, locale)}</Td>
              <Td className="text-right tabular-nums">{plain(item.meanPerception, locale)}</Td>
              <Td className={`text-right font-medium tabular-nums ${gapClass(item.gap)}`}>
                {item.n === 0 ? t("instruments.servqual.noAnswers") : signed(item.gap, locale)}
              </Td>
              <Td className="whitespace-nowrap text-right tabular-nums text-slate-600">
                {item.ci95 ? `${signed(item.ci95.lower, locale)} – ${signed(item.ci95.upper, locale)}` : "—"}
              </Td>
            </Tr>
          ))}
        </Table>
      </div>
    </Card>
  );
}

function KanoSection({
  kano,
  t,
  locale,
  fallbackLocale,
}: {
  kano: NonNullable<InstrumentResultsData["kano"]>;
  t: Translate;
  locale: Locale;
  fallbackLocale: Locale;
}) {
  const title = t("instruments.kano.title");
  if (kano.features.every((feature) => feature.summary.n === 0)) {
    return (
      <Card title={title}>
        <p className="text-sm text-slate-600" data-testid="kano-empty">
          {t("instruments.kano.empty")}
        </p>
      </Card>
    );
  }
  const categoryName = (category: KanoCategory) => t(`instruments.kano.category.${category}`);
  return (
    <Card title={title} description={t("instruments.kano.help")}>
      <Table
        testId="kano-features"
        head={
          <>
            <Th>{t("instruments.kano.feature")}</Th>
            <Th className="text-right">{t("instruments.kano.n")}</Th>
            <Th>{t("instruments.kano.category")}</Th>
            {KANO_CATEGORIES.map((category) => (
              <Th key={category} className="text-right" title={categoryName(category)}>
                <abbr title={categoryName(category)} className="no-underline">
                  {category}
                </abbr>
              </Th>
            ))}
            <Th className="text-right">{t("instruments.kano.better")}</Th>
            <Th className="text-right">{t("instruments.kano.worse")}</Th>
          </>
        }
      >
        {kano.features.map((feature) => (
          <Tr key={feature.questionId}>
            <Td className="text-slate-900">{pickText(feature.text, locale, fallbackLocale) || feature.key}</Td>
            <Td className="text-right tabular-nums">{feature.summary.n}</Td>
            <Td data-testid="kano-category">
              {feature.summary.mode ? (
                <span className="inline-flex items-center gap-1">
                  <span className="rounded bg-slate-100 px-1.5 font-mono text-xs font-semibold text-slate-700">{feature.summary.mode}</span>
                  {categoryName(feature.summary.mode)}
                </span>
              ) : (
                t("instruments.kano.noCategory")
              )}
            </Td>
            {KANO_CATEGORIES.map((category) => (
              <Td
                key={category}
                className={`text-right tabular-nums ${category === feature.summary.mode ? "font-semibold text-slate-900" : "text-slate-600"}`}
              >
                {feature.summary.counts[category]}
              </Td>
            ))}
            <Td className="text-right tabular-nums">{plain(feature.summary.better, locale)}</Td>
            <Td className="text-right tabular-nums">{feature.summary.worse === null ? "—" : signed(feature.summary.worse, locale)}</Td>
          </Tr>
        ))}
      </Table>
      <p className="mt-2 text-xs text-slate-500">
        {KANO_CATEGORIES.map((category) => `${category} = ${categoryName(category)}`).join(" · ")}
      </p>
    </Card>
  );
}
