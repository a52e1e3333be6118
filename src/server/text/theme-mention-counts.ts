import "server-only";
import { db } from "@/server/db";
import { withPending } from "@/server/analytics/pending-responses";

/**
 * Read comments per theme key, over every counted (not excluded) response of the organisation (the counts beside
 * Settings → Themes), from the theme pre-aggregate's monthly rows (docs/decisions/0031).
 */
export async function themeMentionCounts(organizationId: string): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ key: string; count: number }[]>`
    SELECT t.key, sum(t.n)::int AS count
    FROM ${withPending("ThemeAggregate", organizationId)} t
    WHERE t."organizationId" = ${organizationId}::uuid AND t."dimension" = '' AND t."grain" = 'M' AND t."kind" = 't'
    GROUP BY t.key HAVING sum(t.n) <> 0`;
  return new Map(rows.map((r) => [r.key, r.count]));
}
