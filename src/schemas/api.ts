import { z } from "zod";
import type { Granularity } from "@/lib/date-range";
import { FIXED_GROUP_BY, groupBySchema, type GroupBy } from "./analytics";

// ---------------------------------------------------------------------------
// API keys
// ---------------------------------------------------------------------------

export const API_KEY_NAME_MAX = 80;

/** The settings form: a name people recognise the key by ("CRM production"). */
export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "Give the key a name.").max(API_KEY_NAME_MAX),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const apiKeyIdSchema = z.uuid();

/**
 * `nps_<prefix>_<secret>`: prefix = 8 base62 characters (shown in lists, never contains `_`), secret = 32
 * random bytes in base64url (43 characters, may contain `_` and `-`). Parsed strictly; anything else is no key.
 */
export const API_KEY_PATTERN = /^nps_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

// ---------------------------------------------------------------------------
// GET /api/v1/surveys/{id}/nps
// ---------------------------------------------------------------------------

export const TIME_GROUP_BY = ["day", "week", "month"] as const satisfies readonly Granularity[];

/** What `groupBy` asks for: segments (getSegments) or periods (getTrend). "month" is a period. */
export type ApiGroupBy = { kind: "segments"; groupBy: GroupBy } | { kind: "periods"; granularity: Granularity };

export const API_GROUP_BY_VALUES = [
  ...FIXED_GROUP_BY.filter((value) => value !== "month"),
  ...TIME_GROUP_BY,
] as const;

/** "attribute:<key>", "touchpoint", "channel", "survey", "locale", "day", "week", "month". */
export const apiGroupBySchema = z.string().transform((value, ctx): ApiGroupBy => {
  if ((TIME_GROUP_BY as readonly string[]).includes(value)) return { kind: "periods", granularity: value as Granularity };
  const parsed = groupBySchema.safeParse(value);
  if (parsed.success) return { kind: "segments", groupBy: parsed.data };
  ctx.addIssue({
    code: "custom",
    message: `Use one of ${API_GROUP_BY_VALUES.join(", ")} or attribute:<key>.`,
  });
  return z.NEVER;
});

/** Query parameters the endpoint understands; anything else is answered 400 (a typo must not widen a filter). */
export const NPS_SINGLE_PARAMS = ["range", "from", "to", "groupBy"] as const;
export const NPS_REPEATABLE_PARAMS = ["channel", "touchpoint", "survey"] as const;
export const ATTRIBUTE_PARAM_PREFIX = "attr.";

// Response shapes (also the OpenAPI document's schemas).
const count = z.int().min(0);
const points = z.number().min(-100).max(100);

export const apiNpsStatsSchema = z
  .object({
    n: count.describe("Respondents who answered the 0–10 question (skipped answers are not counted)."),
    promoters: count.describe("Answers 9–10."),
    passives: count.describe("Answers 7–8."),
    detractors: count.describe("Answers 0–6."),
    nps: points.nullable().describe("Net Promoter Score in points, −100..100 (2 decimals); null when n = 0."),
    ciLow: points.nullable().describe("Lower bound of the adjusted-Wald 95 % confidence interval, in points; null when n = 0."),
    ciHigh: points.nullable().describe("Upper bound of the adjusted-Wald 95 % confidence interval, in points; null when n = 0."),
    mean: z.number().min(0).max(10).nullable().describe("Mean 0–10 score (2 decimals); null when n = 0."),
  })
  .describe("NPS statistics of one set of answers. Numbers, never strings.");
export type ApiNpsStatsBody = z.infer<typeof apiNpsStatsSchema>;

const groupKey = z
  .string()
  .describe(
    'The group\'s value: the attribute value ("华东"), touchpoint, channel (EMAIL …), survey id, locale, or the first day of the period (YYYY-MM-DD) for day / week (Monday) / month. "" when responses lack the value.',
  );

export const apiVisibleGroupSchema = apiNpsStatsSchema
  .extend({ key: groupKey, suppressed: z.literal(false) })
  .describe("A group with enough answers: its statistics.");

export const apiSuppressedGroupSchema = z
  .object({
    key: groupKey,
    n: count,
    promoters: z.null(),
    passives: z.null(),
    detractors: z.null(),
    nps: z.null(),
    ciLow: z.null(),
    ciHigh: z.null(),
    mean: z.null(),
    suppressed: z.literal(true),
  })
  .describe(
    "A group with fewer answers than the organisation's suppression threshold (default 5): only its key and n are given, every figure is null, to protect respondents' anonymity.",
  );

export const apiGroupSchema = z.union([apiVisibleGroupSchema, apiSuppressedGroupSchema]);

export const apiSuppressedStatsSchema = z
  .object({
    n: count,
    promoters: z.null(),
    passives: z.null(),
    detractors: z.null(),
    nps: z.null(),
    ciLow: z.null(),
    ciHigh: z.null(),
    mean: z.null(),
  })
  .describe(
    "The same keys as NpsStats, every figure null: the filter narrows the answers to a segment (channel, touchpoint, attr.<key>) with fewer answers than the organisation's suppression threshold (default 5), so its figures are hidden like a small group's.",
  );
export type ApiSuppressedStatsBody = z.infer<typeof apiSuppressedStatsSchema>;

/** A whole filtered result: its statistics, or (narrowed to a small segment) n only. */
export const apiNpsResultSchema = z.union([apiNpsStatsSchema, apiSuppressedStatsSchema]);
export type ApiNpsResultBody = z.infer<typeof apiNpsResultSchema>;
export type ApiGroupBody = z.infer<typeof apiGroupSchema>;

export const apiGroupedNpsSchema = z
  .object({
    groups: z
      .array(apiGroupSchema)
      .describe("Segments sorted by n (largest first); periods in chronological order. Groups without answers are left out."),
    /** All answers matching the filter, whatever their group (suppressed like a small group when narrowed to a small segment). */
    overall: apiNpsResultSchema,
  })
  .describe("NPS per group (groupBy given) and, as overall, for the whole filter.");
export type ApiGroupedNpsBody = z.infer<typeof apiGroupedNpsSchema>;

export const API_ERROR_CODES = ["bad_request", "unauthorized", "not_found", "validation_failed", "internal_error"] as const;

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().describe(`Machine-readable code, e.g. ${API_ERROR_CODES.join(", ")}.`),
      message: z.string().describe("Human-readable explanation (English)."),
    }),
  })
  .describe("Every error answer has this shape.");
