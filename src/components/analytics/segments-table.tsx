import type { Locale } from "@/i18n/locales";
import type { Translate } from "@/i18n/translate";
import { NpsIntervalBar } from "@/components/charts/nps-interval-bar";
import { formatNps, formatNumber, formatPValue } from "@/lib/format";
import { formatQValue } from "@/lib/multiple-comparisons";
import type { Segment } from "@/server/analytics/get-segments";

export const SEGMENT_SORTS = ["n", "nps", "delta", "key"] as const;
export type SegmentSort = (typeof SEGMENT_SORTS)[number];

export function sortSegments(groups: Segment[], sort: SegmentSort, desc: boolean): Segment[] {
  const value = (g: Segment): number | string => {
    if (sort === "key") return g.label;
    if (g.status === "suppressed") return Number.NEGATIVE_INFINITY;
    if (sort === "n") return g.stats.n;
    if (sort === "nps") return g.stats.nps ?? Number.NEGATIVE_INFINITY;
    return g.vsRest?.difference ?? Number.NEGATIVE_INFINITY;
  };
  const sorted = [...groups].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const order = typeof x === "string" || typeof y === "string" ? String(x).localeCompare(String(y)) : x - y;
    return desc ? -order : order;
  });
  // Suppressed rows are listed but never ranked: always last.
  return [...sorted.filter((g) => g.status !== "suppressed"), ...sorted.filter((g) => g.status === "suppressed")];
}

export function SegmentsTable({
  groups,
  t,
  locale,
  suppressN,
  minN,
  sort,
  desc,
  sortHref,
  missingLabel,
  groupLabel,
}: {
  groups: Segment[];
  t: Translate;
  locale: Locale;
  suppressN: number;
  minN: number;
  sort: SegmentSort;
  desc: boolean;
  sortHref: (sort: SegmentSort, desc: boolean) => string;
  missingLabel: (segment: Segment) => string;
  /** Heading of the group column: the grouping's display name (e.g. an attribute's), else "Group". */
  groupLabel?: string;
}) {
  // Benjamini–Hochberg over this table's tests: m = rows with a comparison.
  const tests = groups.filter((g) => g.vsRestAdjusted !== null).length;
  const correctionHelp = t("stats.segments.correctionHelp", { m: formatNumber(tests, locale) });
  const header = (column: SegmentSort, label: string, className = "") => {
    const active = sort === column;
    const nextDesc = active ? !desc : column !== "key";
    return (
      <th className={`py-2 pr-4 font-medium ${className}`} aria-sort={active ? (desc ? "descending" : "ascending") : "none"}>
        <a href={sortHref(column, nextDesc)} className="hover:underline" title={t("analytics.segments.sortBy", { column: label })}>
          {label}
          {active ? (desc ? " ↓" : " ↑") : ""}
        </a>
      </th>
    );
  };
  return (
    <div className="overflow-x-auto focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-600" tabIndex={0}>
      <table className="w-full text-left text-sm" data-testid="segments">
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            {header("key", groupLabel ?? t("analytics.segments.group"))}
            {header("n", t("analytics.segments.n"), "text-right")}
            {header("nps", t("analytics.segments.nps"), "text-right")}
            <th className="py-2 pr-4 font-medium">{t("analytics.segments.ci")}</th>
            {header("delta", t("analytics.segments.delta"), "text-right")}
            <th className="py-2 font-medium">
              <span title={correctionHelp} data-testid="segments-correction-help">
                {t("stats.segments.significance")}{" "}
                <abbr title={correctionHelp} aria-label={correctionHelp} className="cursor-help text-blue-700 no-underline">
                  ⓘ
                </abbr>
              </span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sortSegments(groups, sort, desc).map((g) => {
            const suppressed = g.status === "suppressed";
            return (
              <tr key={g.key} className={`border-b border-slate-100 last:border-0 ${suppressed ? "bg-slate-50 text-slate-600" : ""}`} data-testid="segment-row" data-status={g.status}>
                <td className="min-w-28 py-2 pr-4 font-medium" data-testid="segment-key">
                  {g.key === "" ? missingLabel(g) : g.label}
                </td>
                <td className="py-2 pr-4 text-right tabular-nums" data-testid="segment-n">
                  {formatNumber(g.stats.n, locale)}
                </td>
                {suppressed ? (
                  <td colSpan={4} className="py-2 text-xs italic" data-testid="segment-suppressed">
                    {g.suppressedReason === "complementary"
                      ? t("analytics.segments.complementary")
                      : t("analytics.segments.suppressed", { suppressN })}
                  </td>
                ) : (
                  <>
                    <td className={`py-2 pr-4 text-right font-semibold tabular-nums ${g.status === "low" ? "text-slate-500" : ""}`} data-testid="segment-nps">
                      {formatNps(g.stats.nps, locale)}
                      {g.status === "low" && (
                        <span className="ml-1 rounded bg-amber-50 px-1 text-[10px] font-normal text-amber-800" title={t("dashboard.lowN", { minN })}>
                          {t("analytics.segments.low")}
                        </span>
                      )}
                    </td>
                    <td className="py-2 pr-4" title={g.stats.ciLow !== null && g.stats.ciHigh !== null ? t("analytics.ci.plain", { low: formatNps(g.stats.ciLow, locale), high: formatNps(g.stats.ciHigh, locale) }) : undefined}>
                      {g.stats.ciLow !== null && g.stats.ciHigh !== null && g.stats.nps !== null && (
                        <div className="flex items-center gap-2">
                          <NpsIntervalBar low={g.stats.ciLow} high={g.stats.ciHigh} value={g.stats.nps} />
                          <span className="whitespace-nowrap text-xs tabular-nums text-slate-500">
                            {formatNps(g.stats.ciLow, locale)} … {formatNps(g.stats.ciHigh, locale)}
                          </span>
                        </div>
                      )}
                    </td>
                    <td className="py-2 pr-4 text-right tabular-nums" data-testid="segment-delta">
                      {g.vsRest ? formatNps(g.vsRest.difference, locale) : "—"}
                    </td>
                    <td className="py-2 text-xs" data-testid="segment-significance" title={correctionHelp}>
                      {g.vsRest &&
                        g.vsRestAdjusted &&
                        (g.vsRestAdjusted.significant ? (
                          <span className="rounded bg-blue-50 px-1.5 py-0.5 font-medium text-blue-900" data-significant="true">
                            {t("stats.segments.significant", { q: formatQValue(g.vsRestAdjusted.q), p: formatPValue(g.vsRest.pValue) })}
                          </span>
                        ) : (
                          <span className="text-slate-500" data-significant="false">
                            {t("stats.segments.notSignificant", { q: formatQValue(g.vsRestAdjusted.q), p: formatPValue(g.vsRest.pValue) })}
                          </span>
                        ))}
                    </td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
