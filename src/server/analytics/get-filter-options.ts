import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";

export type FilterOptions = {
  surveys: { id: string; name: string }[];
  channels: string[];
  touchpoints: string[];
  /** Attribute keys with their values, most answered first; keys with too many values (ids, numbers) are left out. */
  attributes: { key: string; values: { value: string; n: number }[] }[];
};

const MAX_VALUES_PER_KEY = 40;

/**
 * What the dashboard's filters can offer, read from the monthly rollup (cheap: one row per month × segment).
 * A scoped member (`unitIds`) is offered the channels, touchpoints and attribute values of their units only.
 */
export async function getFilterOptions({ organizationId, unitIds = null }: { organizationId: string; unitIds?: string[] | null }): Promise<FilterOptions> {
  const inScope = unitIds ? Prisma.sql`AND r."unitId" = ANY(${unitIds}::text[])` : Prisma.empty;
  const [surveys, dims, attributes] = await Promise.all([
    db.survey.findMany({ where: { organizationId }, select: { id: true, name: true }, orderBy: { createdAt: "desc" } }),
    db.$queryRaw<{ kind: string; value: string }[]>`
      SELECT DISTINCT 'channel' AS "kind", r."channel"::text AS "value" FROM "ResponseRollupMonthly" r WHERE r."organizationId" = ${organizationId}::uuid AND r."n" > 0 ${inScope}
      UNION
      SELECT DISTINCT 'touchpoint', r."touchpoint" FROM "ResponseRollupMonthly" r WHERE r."organizationId" = ${organizationId}::uuid AND r."n" > 0 AND r."touchpoint" <> '' ${inScope}`,
    db.$queryRaw<{ key: string; value: string; n: number; values: number }[]>`
      WITH kv AS (
        SELECT e."key", e."value", SUM(r."n")::int AS "n"
        FROM "ResponseRollupMonthly" r CROSS JOIN LATERAL jsonb_each_text(r."attributes") e
        WHERE r."organizationId" = ${organizationId}::uuid AND r."n" > 0 ${inScope}
        GROUP BY 1, 2
      )
      SELECT "key", "value", "n", COUNT(*) OVER (PARTITION BY "key")::int AS "values" FROM kv
      ORDER BY "key", "n" DESC, "value"`,
  ]);
  const byKey = new Map<string, { value: string; n: number }[]>();
  for (const row of attributes) {
    if (row.values > MAX_VALUES_PER_KEY) continue;
    byKey.set(row.key, [...(byKey.get(row.key) ?? []), { value: row.value, n: row.n }]);
  }
  return {
    surveys,
    channels: dims.filter((d) => d.kind === "channel").map((d) => d.value).sort(),
    touchpoints: dims.filter((d) => d.kind === "touchpoint").map((d) => d.value).sort(),
    attributes: [...byKey.entries()].map(([key, values]) => ({ key, values })),
  };
}
