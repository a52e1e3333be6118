import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { guessAttributeDefaults } from "@/lib/attribute-defaults";
import { attributeKeySchema } from "@/schemas/analytics";
import { ATTRIBUTE_KEY_MAX } from "@/schemas/attributes";

type Tx = Pick<Prisma.TransactionClient, "$queryRaw">;

/** Keys, or attribute objects ({key: value}) whose values help guess each new key's kind and role. */
export type AttributeSamples = readonly string[] | readonly Readonly<Record<string, unknown>>[];

export type EnsureAttributeDefinitionsOptions = {
  /**
   * "dimension": the key was chosen as a segment on purpose (a public link's tag): its values are not judged,
   * only its name (a key called "email" is still personal).
   */
  intent?: "dimension";
};

/** At most this many values per key are looked at. */
const SAMPLE_LIMIT = 500;

/** Key → some of its values, in the order first met. */
function collect(samples: AttributeSamples): Map<string, unknown[]> {
  const byKey = new Map<string, unknown[]>();
  for (const sample of samples) {
    if (typeof sample === "string") {
      if (!byKey.has(sample)) byKey.set(sample, []);
      continue;
    }
    for (const [key, value] of Object.entries(sample)) {
      const values = byKey.get(key) ?? [];
      if (values.length < SAMPLE_LIMIT) values.push(value);
      byKey.set(key, values);
    }
  }
  return byKey;
}

/**
 * Creates the definitions of attribute keys the organisation has not met before (docs/decisions/0010), with
 * defaults from src/lib/attribute-defaults.ts: ids, emails, phones, names and free text are never DIMENSION.
 * Existing definitions are left exactly as they are (an admin may have changed them). One
 * `INSERT … ON CONFLICT DO NOTHING` for the whole batch, keys in a fixed order (concurrent batches lock them in
 * the same order); run it in the transaction that writes the attributes. A key the filters cannot name (see
 * attributeKeySchema: letters, digits, space, _ . -) is defined HIDDEN rather than DIMENSION. New keys are placed after the existing ones. Returns the keys it
 * created.
 */
export async function ensureAttributeDefinitions(
  tx: Tx,
  organizationId: string,
  samples: AttributeSamples,
  options: EnsureAttributeDefinitionsOptions = {},
): Promise<string[]> {
  const byKey = collect(samples);
  const keys = [...byKey.keys()].filter((key) => key.length <= ATTRIBUTE_KEY_MAX && !key.includes("\u0000")).sort();
  if (keys.length === 0) return [];
  const rows = keys.map((key) => {
    const guess = guessAttributeDefaults(key, options.intent === "dimension" ? [] : (byKey.get(key) ?? []));
    // A key the filters cannot name (attributeKeySchema) cannot be a dimension.
    const role = guess.role === "DIMENSION" && !attributeKeySchema.safeParse(key).success ? "HIDDEN" : guess.role;
    return { key, ...guess, role };
  });
  const created = await tx.$queryRaw<{ key: string }[]>`
    INSERT INTO "AttributeDefinition" ("organizationId", "key", "labelZh", "labelEn", "kind", "role", "position", "updatedAt")
    SELECT ${organizationId}::uuid, d."key", d."labelZh", d."labelEn", d."kind"::"AttributeKind", d."role"::"AttributeRole",
           (SELECT COALESCE(MAX(e."position") + 1, 0) FROM "AttributeDefinition" e WHERE e."organizationId" = ${organizationId}::uuid) + d."n"::int - 1,
           now()
    FROM unnest(${keys}::text[], ${rows.map((r) => r.labelZh)}::text[], ${rows.map((r) => r.labelEn)}::text[],
                ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.role)}::text[]) WITH ORDINALITY AS d("key", "labelZh", "labelEn", "kind", "role", "n")
    WHERE NOT EXISTS (SELECT 1 FROM "AttributeDefinition" x WHERE x."organizationId" = ${organizationId}::uuid AND x."key" = d."key")
    ORDER BY d."n"
    ON CONFLICT ("organizationId", "key") DO NOTHING
    RETURNING "key"`;
  return created.map((row) => row.key).sort();
}
