import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { compareNps, npsFromHistogram, sampleStatus, type NpsComparison, type NpsStats, type SampleStatus } from "@/lib/nps";
import type { GroupBy } from "@/schemas/analytics";
import { db } from "@/server/db";
import { HISTOGRAM_SUMS, histogramOf, rollupSource, type AnalyticsFilter, type HistogramRow } from "./filter";

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
};

export type Segments = { groupBy: GroupBy; groups: Segment[]; overall: NpsStats };

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
 * NPS per group with CI, sample status (suppressed below suppressN: no figures), and the difference to the
 * rest of the filtered responses with its significance. Sorted by n, largest first.
 */
export async function getSegments(
  filter: AnalyticsFilter,
  groupBy: GroupBy,
  thresholds: { minN: number; suppressN: number },
): Promise<Segments> {
  const rows = await db.$queryRaw<(HistogramRow & { key: string })[]>`
    SELECT ${groupExpression(groupBy)} AS "key", ${HISTOGRAM_SUMS}
    FROM ${rollupSource(filter, filter.range, { grouping: groupBy })} r
    GROUP BY 1
    HAVING SUM(r."n") > 0`;
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
  const groups = histograms.map(({ key, histogram }): Segment => {
    const stats = npsFromHistogram(histogram);
    const status = sampleStatus(stats.n, thresholds);
    const rest = npsFromHistogram(total.map((count, i) => count - (histogram[i] ?? 0)));
    return {
      key,
      label: labels.get(key) ?? key,
      stats,
      status,
      suppressedReason: status === "suppressed" ? "small" : null,
      vsRest: status === "suppressed" || rest.n === 0 ? null : compareNps(stats, rest),
    };
  });
  groups.sort((a, b) => b.stats.n - a.stats.n || a.key.localeCompare(b.key));
  const small = groups.filter((g) => g.status === "suppressed");
  const visible = groups.filter((g) => g.status !== "suppressed");
  const smallestVisible = visible[visible.length - 1];
  if (small.length === 1 && smallestVisible) {
    smallestVisible.status = "suppressed";
    smallestVisible.suppressedReason = "complementary";
    smallestVisible.vsRest = null;
  }
  return { groupBy, groups, overall };
}
