import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { previousRange, type DateRange } from "@/lib/date-range";
import { compareNps, npsFromHistogram, type NpsComparison, type NpsStats } from "@/lib/nps";
import { db } from "@/server/db";
import {
  filtersByAttribute,
  HISTOGRAM_SUMS,
  histogramOf,
  invitationWhere,
  rollupSource,
  withAggregateCombinations,
  type AnalyticsFilter,
  type HistogramRow,
} from "./filter";

export type Headline = {
  range: DateRange;
  stats: NpsStats;
  histogram: number[];
  previous: { range: DateRange; stats: NpsStats };
  /** This period against the previous one of equal length (adjusted-Wald z test). */
  change: NpsComparison | null;
  responseRate: { invitations: number; responded: number; rate: number | null };
};

async function histogramFor(filter: AnalyticsFilter, range: DateRange): Promise<number[]> {
  const rows = await db.$queryRaw<HistogramRow[]>`
    SELECT ${HISTOGRAM_SUMS} FROM ${rollupSource(filter, range)} r`;
  return histogramOf(rows[0]);
}

/**
 * Invitations created in the range (survey / channel / contact-attribute filters applied to the contact as it
 * is now) and how many of them were answered.
 */
async function responseRateFor(filter: AnalyticsFilter): Promise<Headline["responseRate"]> {
  const join = filtersByAttribute(filter)
    ? Prisma.sql`JOIN "Contact" c ON c."organizationId" = i."organizationId" AND c."id" = i."contactId"`
    : Prisma.empty;
  const rows = await db.$queryRaw<{ invitations: number; responded: number }[]>`
    SELECT COUNT(*)::int AS "invitations", COUNT(i."respondedAt")::int AS "responded"
    FROM "Invitation" i ${join}
    WHERE ${invitationWhere(filter)}`;
  const invitations = rows[0]?.invitations ?? 0;
  const responded = rows[0]?.responded ?? 0;
  return { invitations, responded, rate: invitations > 0 ? responded / invitations : null };
}

/** The headline: NPS with CI, mean, P/P/D, the 0–10 histogram, change vs the previous period, response rate. */
export async function getHeadline(filter: AnalyticsFilter): Promise<Headline> {
  await withAggregateCombinations(filter);
  const previous = previousRange(filter.range);
  const [current, before, responseRate] = await Promise.all([
    histogramFor(filter, filter.range),
    histogramFor(filter, previous),
    responseRateFor(filter),
  ]);
  const stats = npsFromHistogram(current);
  const previousStats = npsFromHistogram(before);
  return {
    range: filter.range,
    stats,
    histogram: current,
    previous: { range: previous, stats: previousStats },
    change: stats.n > 0 && previousStats.n > 0 ? compareNps(stats, previousStats) : null,
    responseRate,
  };
}
