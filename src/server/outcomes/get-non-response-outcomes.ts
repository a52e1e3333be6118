import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { roundTo } from "@/lib/nps";
import { twoProportionTest, wilsonInterval } from "@/lib/proportion-tests";
import { filtersByAttribute, invitationWhere, type AnalyticsFilter } from "@/server/analytics/filter";
import { db } from "@/server/db";

export type NonResponseSide = { n: number; events: number; rate: number | null; ciLow: number | null; ciHigh: number | null };
export type NonResponseOutcomes = {
  respondents: NonResponseSide;
  nonRespondents: NonResponseSide;
  /** Non-respondents' rate − respondents', 4 decimals. */
  difference: number | null;
  /** Two-sided p of the pooled two-proportion test, 4 decimals; null when undefined. */
  p: number | null;
  /** A side below the suppression threshold: its figures and the test are hidden. */
  suppressed: boolean;
};

type Row = { responded: boolean; n: number; events: number };

/**
 * Are the unhappy ones simply not answering? For the contacts invited to the survey in the filter (their latest
 * invitation at least one window old), the outcome's rate within the window after that invitation among those who
 * answered it and those who did not. Aggregated in SQL.
 */
export async function getNonResponseOutcomes(
  filter: AnalyticsFilter,
  { type, windowDays, now, suppressN }: { type: string; windowDays: number; now: Date; suppressN: number },
): Promise<NonResponseOutcomes> {
  const matureBefore = new Date(now.getTime() - windowDays * 86_400_000);
  const contactJoin = filtersByAttribute(filter)
    ? Prisma.sql`JOIN "Contact" c ON c."organizationId" = i."organizationId" AND c.id = i."contactId"`
    : Prisma.empty;
  const rows = await db.$queryRaw<Row[]>`
    WITH invited AS (
      SELECT DISTINCT ON (i."contactId") i."contactId", i."createdAt", i."respondedAt" IS NOT NULL AS responded
      FROM "Invitation" i ${contactJoin}
      WHERE ${invitationWhere(filter)} AND i."createdAt" <= ${matureBefore}
      ORDER BY i."contactId", i."createdAt" DESC
    )
    SELECT v.responded, count(*)::int AS n,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM "OutcomeEvent" e
             WHERE e."organizationId" = ${filter.organizationId}::uuid AND e."contactId" = v."contactId" AND e."type" = ${type}
               AND e."occurredAt" > v."createdAt" AND e."occurredAt" <= v."createdAt" + make_interval(days => ${windowDays}::int)
           ))::int AS events
    FROM invited v GROUP BY v.responded`;
  const side = (responded: boolean) => rows.find((r) => r.responded === responded) ?? { responded, n: 0, events: 0 };
  const a = side(true);
  const b = side(false);
  const suppressed = [a, b].some((s) => s.n > 0 && s.n < suppressN);
  const figures = (s: Row): NonResponseSide => {
    if (suppressed) return { n: s.n, events: 0, rate: null, ciLow: null, ciHigh: null };
    const interval = wilsonInterval(s.events, s.n);
    return { n: s.n, events: s.events, rate: s.n ? roundTo(s.events / s.n, 4) : null, ciLow: interval ? roundTo(interval.low, 4) : null, ciHigh: interval ? roundTo(interval.high, 4) : null };
  };
  const test = suppressed ? null : twoProportionTest(b.events, b.n, a.events, a.n);
  return {
    respondents: figures(a),
    nonRespondents: figures(b),
    difference: test ? roundTo(test.difference, 4) : null,
    p: test?.p == null ? null : roundTo(test.p, 4),
    suppressed,
  };
}
