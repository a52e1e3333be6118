import type { Locale } from "@/i18n/locales";
import type { Translate } from "@/i18n/translate";
import { formatNps, formatNumber, formatPercentages } from "@/lib/format";
import type { NpsStats, SampleStatus } from "@/lib/nps";

/** NPS with its CI, n, mean and the P/P/D split — greyed below min n, honest about uncertainty. */
export function NpsHeadline({
  stats,
  status,
  t,
  locale,
  minN,
  suppressN,
}: {
  stats: NpsStats;
  status: SampleStatus;
  t: Translate;
  locale: Locale;
  minN: number;
  suppressN: number;
}) {
  const muted = status !== "ok";
  // Shown percentages are rounded so they add up to exactly 100 %.
  const [promoterPct, passivePct, detractorPct] = formatPercentages([stats.promoters, stats.passives, stats.detractors], locale);
  const segments = [
    { key: "promoters", label: t("dashboard.promoters"), count: stats.promoters, share: stats.promoterShare, pct: promoterPct, colour: "bg-promoter" },
    { key: "passives", label: t("dashboard.passives"), count: stats.passives, share: stats.passiveShare, pct: passivePct, colour: "bg-passive" },
    { key: "detractors", label: t("dashboard.detractors"), count: stats.detractors, share: stats.detractorShare, pct: detractorPct, colour: "bg-detractor" },
  ] as const;
  return (
    <div className={`grid gap-6 md:grid-cols-[minmax(0,1fr)_minmax(0,2fr)] ${muted ? "text-slate-700" : ""}`} data-testid="nps-headline">
      <div>
        <p className="text-sm font-medium text-slate-600">{t("dashboard.npsLong")}</p>
        <p className={`mt-1 text-5xl font-bold tabular-nums ${muted ? "text-slate-500" : "text-slate-900"}`} data-testid="nps-value">
          {formatNps(stats.nps, locale)}
        </p>
        {stats.ciLow !== null && stats.ciHigh !== null && (
          <p className="mt-2 text-sm text-slate-700" data-testid="nps-ci">
            {t("dashboard.ci", { low: formatNps(stats.ciLow, locale), high: formatNps(stats.ciHigh, locale) })}{" "}
            <abbr title={t("dashboard.ciHelp")} className="cursor-help text-blue-700 no-underline" aria-label={t("dashboard.ciHelp")}>
              ⓘ
            </abbr>
          </p>
        )}
        <CiBar low={stats.ciLow} high={stats.ciHigh} value={stats.nps} />
        <dl className="mt-4 grid grid-cols-2 gap-3 text-sm">
          <div>
            <dt className="text-slate-600" title={t("dashboard.responsesHelp")}>{t("dashboard.responses")}</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid="nps-n">{formatNumber(stats.n, locale)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("dashboard.mean")}</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid="nps-mean">{formatNumber(stats.mean, locale, 1)}</dd>
            {stats.meanCiLow !== null && stats.meanCiHigh !== null && (
              <dd className="text-xs text-slate-500">
                {t("dashboard.meanCi", { low: formatNumber(stats.meanCiLow, locale, 1), high: formatNumber(stats.meanCiHigh, locale, 1) })}
              </dd>
            )}
          </div>
        </dl>
        {status !== "ok" && (
          <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900" role="note" data-testid="low-n">
            {status === "suppressed" ? t("dashboard.fewerThan", { suppressN, minN }) : t("dashboard.lowN", { minN })}
          </p>
        )}
      </div>
      <div>
        <div className="flex h-8 w-full overflow-hidden rounded-md bg-slate-100" aria-hidden="true">
          {segments.map((segment) =>
            segment.share ? (
              <div key={segment.key} className={`${segment.colour} h-full`} style={{ width: `${segment.share * 100}%` }} />
            ) : null,
          )}
        </div>
        <ul className="mt-4 grid gap-3 sm:grid-cols-3">
          {segments.map((segment) => (
            <li key={segment.key} className="rounded-lg border border-slate-200 p-3" data-testid={`count-${segment.key}`}>
              <div className="flex items-center gap-2 text-sm text-slate-600">
                <span className={`inline-block h-3 w-3 rounded-sm ${segment.colour}`} aria-hidden="true" />
                {segment.label}
              </div>
              <p className="mt-1 text-xl font-semibold tabular-nums">
                <span data-testid="count">{formatNumber(segment.count, locale)}</span>
                <span className="ml-2 text-sm font-normal text-slate-600" data-testid="share">{segment.pct}</span>
              </p>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The CI drawn on the −100…+100 scale, so its width reads as uncertainty at a glance. */
function CiBar({ low, high, value }: { low: number | null; high: number | null; value: number | null }) {
  if (low === null || high === null || value === null) return null;
  const x = (v: number) => `${((v + 100) / 200) * 100}%`;
  return (
    <div className="relative mt-3 h-3 w-full rounded-full bg-slate-200" aria-hidden="true">
      <div className="absolute top-0 h-3 rounded-full bg-blue-300/80" style={{ left: x(low), width: `${((high - low) / 200) * 100}%` }} />
      <div className="absolute -top-0.5 h-4 w-1 rounded bg-blue-800" style={{ left: x(value) }} />
      <div className="absolute top-0 h-3 w-px bg-slate-400" style={{ left: "50%" }} />
    </div>
  );
}
