import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { adjustBenjaminiHochberg, isDiscovery } from "@/lib/multiple-comparisons";
import { compareNps, npsFromHistogram, sampleStatus, type NpsComparison, type NpsStats, type SampleStatus } from "@/lib/nps";
import { isResultSuppressed, suppressGroups } from "@/lib/suppression";
import type { GroupBy } from "@/schemas/analytics";
import { db } from "@/server/db";
import { HISTOGRAM_SUMS, histogramOf, narrowsToSegment, queryRollup, rollupSource, withAggregateCombinations, type AnalyticsFilter, type HistogramRow } from "./filter";

export type Segment = {
  /** The group's value ("华东", "EMAIL", a survey id, "2026-03"); "" when the value is missing. */
  key: string;
  /** Display label (survey name for groupBy survey), else the key. */
  label: string;
  stats: NpsStats;
  status: SampleStatus;
  /**
   * Why figures are hidden: "small" (n below suppressN), or "complementary" — the smallest other group is
   * hidden too when exactly one group is small, so its figures cannot be worked out as overall minus the rest.
   */
  suppressedReason: "small" | "complementary" | null;
  /** This segment against all other responses in the filter; null when suppressed or nothing to compare. */
  vsRest: NpsComparison | null;
  /**
   * vsRest's p adjusted for the table's multiple tests (Benjamini–Hochberg over every shown row's vsRest, so the
   * false discovery rate is 5 %), and whether it is significant after that; null without vsRest.
   */
  vsRestAdjusted: { q: number; significant: boolean } | null;
};

export type Segments = {
  groupBy: GroupBy;
  groups: Segment[];
  overall: NpsStats;
  /** The whole answer is hidden: narrowed to a segment with fewer than suppressN answers (src/lib/suppression.ts). */
  overallSuppressed: boolean;
};

/** The grouping expression over rollupSource rows: the dimension's value, the survey, or the month. */
function groupExpression(groupBy: GroupBy): Prisma.Sql {
  switch (groupBy.kind) {
    case "survey":
      return Prisma.sql`r."surveyId"::text`;
    case "month":
      return Prisma.sql`to_char(r."day", 'YYYY-MM')`;
    default:
      return Prisma.sql`r."value"`;
  }
}

/**
 * NPS per group with CI, sample status (suppressed below suppressN, and complementarily: no figures), and the
 * difference to the rest of the filtered responses with its p, raw and Benjamini–Hochberg adjusted across the
 * table. Sorted by n, largest first. A result narrowed to a segment with fewer than suppressN answers in all hides
 * every group and the overall (overallSuppressed).
 */
export async function getSegments(
  filter: AnalyticsFilter,
  groupBy: GroupBy,
  thresholds: { minN: number; suppressN: number },
): Promise<Segments> {
  await withAggregateCombinations(filter);
  const rows = await queryRollup<HistogramRow & { key: string }>(Prisma.sql`
    SELECT ${groupExpression(groupBy)} AS "key", ${HISTOGRAM_SUMS}
    FROM ${rollupSource(filter, filter.range, { grouping: groupBy })} r
    GROUP BY 1
    HAVING SUM(r."n") > 0`, { hashGroups: true });
  const histograms = rows.map((row) => ({ key: row.key, histogram: histogramOf(row) }));
  const total = Array.from({ length: 11 }, (_, i) => histograms.reduce((sum, g) => sum + (g.histogram[i] ?? 0), 0));
  const overall = npsFromHistogram(total);
  let labels = new Map<string, string>();
  if (groupBy.kind === "survey" && rows.length) {
    const surveys = await db.survey.findMany({
      where: { organizationId: filter.organizationId, id: { in: rows.map((r) => r.key) } },
      select: { id: true, name: true },
    });
    labels = new Map(surveys.map((s) => [s.id, s.name]));
  }
  const groups = histograms.map(({ key, histogram }) => {
    const stats = npsFromHistogram(histogram);
    const rest = npsFromHistogram(total.map((count, i) => count - (histogram[i] ?? 0)));
    return { key, label: labels.get(key) ?? key, stats, rest };
  });
  groups.sort((a, b) => b.stats.n - a.stats.n || a.key.localeCompare(b.key));
  const overallSuppressed = isResultSuppressed(overall.n, thresholds.suppressN, narrowsToSegment(filter));
  const reasons = suppressGroups(
    groups.map((g) => g.stats.n),
    thresholds.suppressN,
  );
  const shown = groups.map(({ key, label, stats, rest }, i): Segment => {
    const reason = overallSuppressed ? "small" : (reasons[i] ?? null);
    return {
      key,
      label,
      stats,
      status: reason ? "suppressed" : sampleStatus(stats.n, thresholds),
      suppressedReason: reason,
      vsRest: reason || rest.n === 0 ? null : compareNps(stats, rest),
      vsRestAdjusted: null,
    };
  });
  const q = adjustBenjaminiHochberg(shown.map((g) => g.vsRest?.pValue ?? null));
  shown.forEach((g, i) => {
    const value = q[i];
    if (g.vsRest && value !== null && value !== undefined) g.vsRestAdjusted = { q: value, significant: isDiscovery(value) };
  });
  return { groupBy, groups: shown, overall, overallSuppressed };
}
