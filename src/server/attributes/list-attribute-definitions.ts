import "server-only";
import type { AttributeKindName, AttributeRoleName } from "@/lib/attribute-defaults";
import { db } from "@/server/db";
import { assertCanManageAttributes, type AttributeActor } from "./actor";

/** An attribute definition with what its values look like, as Settings → Attributes lists it. */
export type AttributeDefinitionRow = {
  key: string;
  labelZh: string;
  labelEn: string;
  kind: AttributeKindName;
  role: AttributeRoleName;
  bands: number[] | null;
  valueAliases: Record<string, string>;
  position: number;
  /** Distinct non-empty raw values in the sample (SAMPLE_ROWS latest responses and SAMPLE_ROWS contacts). */
  distinctValues: number;
  /** The most frequent raw values in the sample, most frequent first. */
  examples: string[];
};

/** Rows of each source looked at for the value counts: enough to be telling, cheap at any size. */
export const ATTRIBUTE_SAMPLE_ROWS = 20_000;
const EXAMPLES = 5;

export function readBands(value: unknown): number[] | null {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "number") ? (value as number[]) : null;
}

export function readAliases(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/** The organisation's attribute definitions in their order, with value counts and examples from a sample. */
export async function listAttributeDefinitions({ actor }: { actor: AttributeActor }): Promise<AttributeDefinitionRow[]> {
  assertCanManageAttributes(actor);
  const { organizationId } = actor;
  const [definitions, stats] = await Promise.all([
    db.attributeDefinition.findMany({ where: { organizationId }, orderBy: [{ position: "asc" }, { key: "asc" }] }),
    db.$queryRaw<{ key: string; distinct: number; examples: string[] }[]>`
      WITH src AS (
        (SELECT r."attributes" FROM "Response" r WHERE r."organizationId" = ${organizationId}::uuid
         ORDER BY r."createdAt" DESC LIMIT ${ATTRIBUTE_SAMPLE_ROWS})
        UNION ALL
        (SELECT c."attributes" FROM "Contact" c WHERE c."organizationId" = ${organizationId}::uuid AND c."erasedAt" IS NULL
         LIMIT ${ATTRIBUTE_SAMPLE_ROWS})
      ), kv AS (
        SELECT e."key", e."value", COUNT(*) AS "n"
        FROM src CROSS JOIN LATERAL jsonb_each_text(CASE WHEN jsonb_typeof(src."attributes") = 'object' THEN src."attributes" ELSE '{}'::jsonb END) e
        WHERE e."value" <> ''
        GROUP BY 1, 2
      )
      SELECT "key", COUNT(*)::int AS "distinct", (array_agg("value" ORDER BY "n" DESC, "value"))[1:${EXAMPLES}] AS "examples"
      FROM kv GROUP BY "key"`,
  ]);
  const byKey = new Map(stats.map((s) => [s.key, s]));
  return definitions.map((d) => ({
    key: d.key,
    labelZh: d.labelZh,
    labelEn: d.labelEn,
    kind: d.kind,
    role: d.role,
    bands: readBands(d.bands),
    valueAliases: readAliases(d.valueAliases),
    position: d.position,
    distinctValues: byKey.get(d.key)?.distinct ?? 0,
    examples: byKey.get(d.key)?.examples ?? [],
  }));
}
