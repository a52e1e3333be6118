import { z } from "zod";
import { ATTRIBUTE_KINDS, ATTRIBUTE_ROLES } from "@/lib/attribute-defaults";
import { attributeKeySchema } from "./analytics";

export const ATTRIBUTE_LABEL_MAX = 60;
/** Contact attribute keys are at most this long (FIELD_LIMITS.attributeKey is shorter); longer ones get no definition. */
export const ATTRIBUTE_KEY_MAX = 200;
export const ATTRIBUTE_BANDS_MAX = 20;
export const ATTRIBUTE_ALIASES_MAX = 200;
export const ATTRIBUTE_VALUE_MAX = 200;
export const ATTRIBUTE_POSITION_MAX = 10_000;

const label = z
  .string()
  .trim()
  .min(1, "Give a name.")
  .max(ATTRIBUTE_LABEL_MAX, `At most ${ATTRIBUTE_LABEL_MAX} characters.`)
  .refine((value) => !value.includes("\u0000"), "Text must not contain NUL characters.");

const value = z
  .string()
  .trim()
  .min(1, "A value cannot be empty.")
  .max(ATTRIBUTE_VALUE_MAX)
  .refine((v) => !v.includes("\u0000"), "Text must not contain NUL characters.");

/** Ascending band edges of a NUMBER dimension: [1, 3, 5, 10] → "<1", "1–3", "3–5", "5–10", "≥10". */
export const attributeBandsSchema = z
  .array(z.number().finite())
  .min(1)
  .max(ATTRIBUTE_BANDS_MAX, `At most ${ATTRIBUTE_BANDS_MAX} band edges.`)
  .refine((edges) => edges.every((edge, i) => i === 0 || edge > (edges[i - 1] ?? -Infinity)), "Band edges must be in ascending order, each once.");

/**
 * Merged values: {"old value": "value it counts as"}. One step only (the SQL looks a value up once), so a value
 * that others are merged into cannot itself be merged away.
 */
export const valueAliasesSchema = z
  .record(value, value)
  .refine((aliases) => Object.keys(aliases).length <= ATTRIBUTE_ALIASES_MAX, `At most ${ATTRIBUTE_ALIASES_MAX} merged values.`)
  .refine((aliases) => Object.values(aliases).every((target) => !Object.hasOwn(aliases, target)), "A value that others are merged into cannot itself be merged into another one.");

/** An admin's change to one attribute definition (Settings → Attributes). */
export const attributeDefinitionUpdateSchema = z
  .object({
    key: z.string().min(1).max(ATTRIBUTE_KEY_MAX),
    labelZh: label,
    labelEn: label,
    kind: z.enum(ATTRIBUTE_KINDS),
    role: z.enum(ATTRIBUTE_ROLES),
    bands: attributeBandsSchema.nullable().default(null),
    valueAliases: valueAliasesSchema.default({}),
    position: z.coerce.number().int().min(0).max(ATTRIBUTE_POSITION_MAX).default(0),
  })
  .refine((input) => input.bands === null || input.kind === "NUMBER", { message: "Only number attributes have bands.", path: ["bands"] })
  .refine((input) => input.role !== "DIMENSION" || attributeKeySchema.safeParse(input.key).success, {
    message: "This key cannot be a dimension: filters take keys of letters, digits, spaces and _ . - only.",
    path: ["role"],
  });
export type AttributeDefinitionUpdate = z.input<typeof attributeDefinitionUpdateSchema>;
export type AttributeDefinitionUpdateData = z.output<typeof attributeDefinitionUpdateSchema>;

/** "1, 3, 5, 10" (commas, semicolons, spaces or the Chinese comma) → [1, 3, 5, 10]; "" → null; NaN entries stay to fail validation. */
export function parseBandsText(text: string): number[] | null {
  const parts = text.split(/[\s,;，；、]+/u).filter((part) => part !== "");
  if (parts.length === 0) return null;
  return parts.map((part) => (/^-?\d+(\.\d+)?$/.test(part) ? Number(part) : Number.NaN));
}

export function formatBands(bands: readonly number[] | null): string {
  return bands ? bands.join(", ") : "";
}

/** The separators of a merged value line: "old value => new value" (also →, ⇒, ＝>). */
const ALIAS_SEPARATOR = /\s*(?:=>|→|⇒|＝>)\s*/u;

/** Lines "old => new" → {"old": "new"}; blank lines are skipped; a line without a separator is reported by number. */
export function parseAliasesText(text: string): { aliases: Record<string, string> } | { badLine: number } {
  const aliases: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const parts = line.split(ALIAS_SEPARATOR);
    if (parts.length !== 2) return { badLine: index + 1 };
    const [from, to] = parts.map((part) => part.trim());
    if (!from || !to) return { badLine: index + 1 };
    if (from !== to) aliases[from] = to;
  }
  return { aliases };
}

export function formatAliases(aliases: Readonly<Record<string, string>>): string {
  return Object.entries(aliases)
    .map(([from, to]) => `${from} => ${to}`)
    .join("\n");
}
