import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { granularityFor, type Granularity } from "@/lib/date-range";
import { npsFromHistogram, type NpsStats } from "@/lib/nps";
import { db } from "@/server/db";
import { HISTOGRAM_SUMS, histogramOf, rollupSource, type AnalyticsFilter, type HistogramRow } from "./filter";

export type TrendPoint = { period: string; stats: NpsStats };
export type Trend = { granularity: Granularity; points: TrendPoint[] };

const TRUNC: Record<Granularity, Prisma.Sql> = {
  day: Prisma.sql`'day'`,
  week: Prisma.sql`'week'`,
  month: Prisma.sql`'month'`,
};

/** NPS per local day / ISO week (Monday) / month, chosen to fit the range unless given. Empty buckets omitted. */
export async function getTrend(filter: AnalyticsFilter, granularity: Granularity = granularityFor(filter.range)): Promise<Trend> {
  const rows = await db.$queryRaw<(HistogramRow & { period: string })[]>`
    SELECT to_char(date_trunc(${TRUNC[granularity]}, r."day"), 'YYYY-MM-DD') AS "period", ${HISTOGRAM_SUMS}
    FROM ${rollupSource(filter, filter.range, { daily: granularity !== "month" })} r
    GROUP BY 1
    HAVING SUM(r."n") > 0
    ORDER BY 1`;
  return { granularity, points: rows.map((row) => ({ period: row.period, stats: npsFromHistogram(histogramOf(row)) })) };
}
