import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import { withPending } from "./pending-responses";

export type FilterOptions = {
  surveys: { id: string; name: string }[];
  channels: string[];
  touchpoints: string[];
  /**
   * Dimension attributes (docs/decisions/0011) in their settings order, with display names in both languages and
   * their values, most answered first. Personal and hidden attributes are never offered; a dimension with more
   * than MAX_VALUES_PER_KEY values offers its most answered ones.
   */
  attributes: { key: string; label: { "zh-CN": string; en: string }; values: { value: string; n: number }[] }[];
};

const MAX_VALUES_PER_KEY = 100;

/**
 * What the dashboard's filters can offer, from the monthly aggregate rows (one per month × dimension value): the
 * organisation's, or for a scoped member (`unitIds`) their units' own rows (scope = unit), so they are offered the
 * channels, touchpoints and attribute values of their units' responses only.
 */
export async function getFilterOptions({ organizationId, unitIds = null }: { organizationId: string; unitIds?: string[] | null }): Promise<FilterOptions> {
  const counts = db.$queryRaw<{ dimension: string; value: string; n: number }[]>`
    SELECT r."dimension", r."value", SUM(r."n")::int AS "n"
    FROM ${withPending("ResponseAggregate", organizationId)} r
    WHERE r."organizationId" = ${organizationId}::uuid AND r."grain" = 'M'
      AND ${unitIds ? Prisma.sql`r."scope" = ANY(${unitIds}::text[])` : Prisma.sql`r."scope" = ''`}
      AND (r."dimension" IN ('channel', 'touchpoint') OR r."dimension" LIKE 'a:%') AND r."value" <> ''
    GROUP BY 1, 2 HAVING SUM(r."n") > 0`;
  const [surveys, rows, definitions] = await Promise.all([
    db.survey.findMany({ where: { organizationId }, select: { id: true, name: true }, orderBy: { createdAt: "desc" } }),
    counts,
    db.attributeDefinition.findMany({
      where: { organizationId, role: "DIMENSION" },
      select: { key: true, labelZh: true, labelEn: true },
      orderBy: [{ position: "asc" }, { key: "asc" }],
    }),
  ]);
  const byDimension = new Map<string, { value: string; n: number }[]>();
  for (const row of rows) byDimension.set(row.dimension, [...(byDimension.get(row.dimension) ?? []), { value: row.value, n: row.n }]);
  const sorted = (dimension: string) =>
    (byDimension.get(dimension) ?? []).sort((a, b) => b.n - a.n || a.value.localeCompare(b.value));
  return {
    surveys,
    channels: sorted("channel").map((v) => v.value).sort(),
    touchpoints: sorted("touchpoint").map((v) => v.value).sort(),
    attributes: definitions
      .map((d) => ({ key: d.key, label: { "zh-CN": d.labelZh, en: d.labelEn }, values: sorted(`a:${d.key}`).slice(0, MAX_VALUES_PER_KEY) }))
      .filter((a) => a.values.length > 0),
  };
}
