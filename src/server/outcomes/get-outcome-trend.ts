import "server-only";
import type { GroupCategoryCount } from "@/lib/outcome-breakdowns";
import { responseWhere, type AnalyticsFilter } from "@/server/analytics/filter";
import { db } from "@/server/db";
import { followUpWithin } from "./follow-ups";

/**
 * The validation report over time: per quarter of the answer (in the organisation's time zone), one row per contact
 * — their latest answer in that quarter, at least one window old — by NPS category, and how many had an event of
 * `type` within `windowDays` after it. A contact who answered in several quarters counts once in each. Aggregated
 * in SQL from the answers' follow-ups ("OutcomeFollowUp", decision 0028; src/lib/outcome-breakdowns.ts compares the
 * categories).
 */
export async function outcomeQuarterRows(
  filter: AnalyticsFilter,
  { type, windowDays, now }: { type: string; windowDays: number; now: Date },
): Promise<GroupCategoryCount[]> {
  const matureBefore = new Date(now.getTime() - windowDays * 86_400_000);
  const within = followUpWithin(windowDays);
  return db.$queryRaw<GroupCategoryCount[]>`
    WITH picked AS (
      SELECT DISTINCT ON (r."contactId", q.quarter) r."id", r."contactId", r."score", r."createdAt", q.quarter
      FROM "Response" r
      CROSS JOIN LATERAL (SELECT to_char(date_trunc('quarter', r."createdAt" AT TIME ZONE ${filter.timeZone}), 'YYYY-"Q"Q') AS quarter) q
      WHERE ${responseWhere(filter)} AND r."score" IS NOT NULL AND r."contactId" IS NOT NULL AND r."createdAt" <= ${matureBefore}
      ORDER BY r."contactId", q.quarter, r."createdAt" DESC
    )
    SELECT p.quarter AS key,
           CASE WHEN p."score" >= 9 THEN 'promoter' WHEN p."score" >= 7 THEN 'passive' ELSE 'detractor' END AS category,
           count(*)::int AS n,
           count(*) FILTER (WHERE f."firstAt" <= p."createdAt" + ${within.interval})::int AS events
    FROM picked p
    LEFT JOIN "OutcomeFollowUp" f ON f."organizationId" = ${filter.organizationId}::uuid AND f."type" = ${type}
      AND f."contactId" = p."contactId" AND f."responseId" = p."id"
    GROUP BY 1, 2 ORDER BY 1, 2`;
}
