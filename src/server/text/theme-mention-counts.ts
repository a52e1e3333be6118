import "server-only";
import { db } from "@/server/db";

/** Read comments per theme key, over every response of the organisation (the counts beside Settings → Themes). */
export async function themeMentionCounts(organizationId: string): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ key: string; count: number }[]>`
    SELECT t.key, count(*)::int AS count
    FROM "ResponseText" x CROSS JOIN LATERAL unnest(x.themes) AS t(key)
    WHERE x."organizationId" = ${organizationId}::uuid
    GROUP BY t.key`;
  return new Map(rows.map((r) => [r.key, r.count]));
}
