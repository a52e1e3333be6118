import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { granularityFor, type Granularity } from "@/lib/date-range";
import { DEFAULT_SUPPRESS_N, npsFromHistogram, type NpsStats } from "@/lib/nps";
import { suppressGroups, type SuppressionReason } from "@/lib/suppression";
import { db } from "@/server/db";
import { HISTOGRAM_SUMS, histogramOf, rollupSource, withAggregateCombinations, type AnalyticsFilter, type HistogramRow } from "./filter";

export type TrendPoint = {
  period: string;
  stats: NpsStats;
  /**
   * Why the period's figures must not be shown: "small" (0 < n < suppressN) or "complementary" (hidden too, so a
   * small period cannot be worked out as the range's total minus the other periods); null when shown.
   */
  suppressedReason: SuppressionReason | null;
};
export type Trend = { granularity: Granularity; points: TrendPoint[] };

const TRUNC: Record<Granularity, Prisma.Sql> = {
  day: Prisma.sql`'day'`,
  week: Prisma.sql`'week'`,
  month: Prisma.sql`'month'`,
};

/**
 * NPS per local day / ISO week (Monday) / month, chosen to fit the range unless given. Empty buckets omitted.
 * Small periods, and complementarily the smallest others, are marked suppressed (src/lib/suppression.ts).
 */
export async function getTrend(
  filter: AnalyticsFilter,
  granularity: Granularity = granularityFor(filter.range),
  thresholds: { suppressN: number } = { suppressN: DEFAULT_SUPPRESS_N },
): Promise<Trend> {
  await withAggregateCombinations(filter);
  const rows = await db.$queryRaw<(HistogramRow & { period: string })[]>`
    SELECT to_char(date_trunc(${TRUNC[granularity]}, r."day"), 'YYYY-MM-DD') AS "period", ${HISTOGRAM_SUMS}
    FROM ${rollupSource(filter, filter.range, { daily: granularity !== "month" })} r
    GROUP BY 1
    HAVING SUM(r."n") > 0
    ORDER BY 1`;
  const points = rows.map((row) => ({ period: row.period, stats: npsFromHistogram(histogramOf(row)) }));
  const reasons = suppressGroups(
    points.map((p) => p.stats.n),
    thresholds.suppressN,
  );
  return { granularity, points: points.map((p, i) => ({ ...p, suppressedReason: reasons[i] ?? null })) };
}
