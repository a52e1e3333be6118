import { z } from "zod";
import { isIsoDate, RANGE_PRESETS, rangeProblem, type RangeProblem } from "@/lib/date-range";

export const CHANNELS = ["EMAIL", "LINK", "QR", "API", "SMS", "IMPORT"] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** Attribute keys are user data: letters (any script), digits, space, _ . - only; always bound as parameters. */
export const attributeKeySchema = z.string().regex(/^[\p{L}\p{N}_ .-]{1,64}$/u, "Not a valid attribute key.");

export const FIXED_GROUP_BY = ["touchpoint", "channel", "survey", "locale", "month"] as const;
export type GroupBy = { kind: (typeof FIXED_GROUP_BY)[number] } | { kind: "attribute"; key: string };

/** "attribute:region", "touchpoint", "channel", "survey", "locale", "month". */
export const groupBySchema = z.string().transform((value, ctx): GroupBy => {
  if ((FIXED_GROUP_BY as readonly string[]).includes(value)) return { kind: value as (typeof FIXED_GROUP_BY)[number] };
  if (value.startsWith("attribute:")) {
    const key = attributeKeySchema.safeParse(value.slice("attribute:".length));
    if (key.success) return { kind: "attribute", key: key.data };
  }
  ctx.addIssue({ code: "custom", message: `groupBy must be one of ${FIXED_GROUP_BY.join(", ")} or attribute:<key>.` });
  return z.NEVER;
});

export function groupByToString(groupBy: GroupBy): string {
  return groupBy.kind === "attribute" ? `attribute:${groupBy.key}` : groupBy.kind;
}

const isoDate = z
  .string()
  .refine(isIsoDate, "Use a date like 2026-11-22.")
  .refine((value) => value >= "1970-01-01" && value <= "2099-12-31", "Dates must lie between 1970 and 2099.");
/** Free text that goes into SQL parameters: PostgreSQL text cannot hold NUL characters. */
const text = (max: number) => z.string().max(max).refine((value) => !value.includes("\u0000"), "Text must not contain NUL characters.");
const list = <T extends z.ZodType>(item: T) => z.array(item).max(50).default([]);

/** The dashboard's (and the API's) filter, as it travels in a URL. */
export const analyticsQuerySchema = z
  .object({
    range: z.enum([...RANGE_PRESETS, "custom"]).default("90d"),
    from: isoDate.optional(),
    to: isoDate.optional(),
    survey: list(z.uuid()),
    channel: list(z.enum(CHANNELS)),
    touchpoint: list(text(80)),
    attributes: z.record(attributeKeySchema, z.array(text(200)).max(50)).default({}),
  })
  .refine((q) => rangeProblem(q.from, q.to, q.range === "custom") !== "missing", {
    message: "A custom range needs from and to.",
    path: ["from"],
    params: { rangeProblem: "missing" },
  })
  .refine((q) => rangeProblem(q.from, q.to, q.range === "custom") !== "order", {
    message: "from must not be after to.",
    path: ["to"],
    params: { rangeProblem: "order" },
  });
export type AnalyticsQuery = z.output<typeof analyticsQuerySchema>;

/**
 * Why the dashboard's period cannot be read ("order": from after to, "missing": custom without both dates),
 * or null when the parameters fail for another reason (or not at all). The page explains it instead of
 * silently showing a default period.
 */
export function rangeProblemOf(error: z.ZodError | undefined): RangeProblem | null {
  for (const issue of error?.issues ?? []) {
    if (issue.code !== "custom") continue;
    const problem = (issue.params as { rangeProblem?: unknown } | undefined)?.rangeProblem;
    if (problem === "order" || problem === "missing") return problem;
  }
  return null;
}

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function entries(params: Params): [string, string][] {
  if (params instanceof URLSearchParams) return [...params.entries()];
  return Object.entries(params).flatMap(([key, value]) =>
    value === undefined ? [] : Array.isArray(value) ? value.map((v): [string, string] => [key, v]) : [[key, value] as [string, string]],
  );
}

/**
 * Reads the filter from URL parameters: `range`, `from`, `to`, repeated `survey`, `channel`, `touchpoint`,
 * and `attr.<key>=<value>` (repeatable). Empty values are ignored. Unknown parameters are ignored.
 */
export function readAnalyticsParams(params: Params) {
  const raw: { range?: string; from?: string; to?: string; survey: string[]; channel: string[]; touchpoint: string[]; attributes: Record<string, string[]> } =
    { survey: [], channel: [], touchpoint: [], attributes: {} };
  for (const [key, value] of entries(params)) {
    if (value === "") continue;
    if (key === "range" || key === "from" || key === "to") raw[key] = value;
    else if (key === "survey" || key === "channel" || key === "touchpoint") raw[key].push(value);
    else if (key.startsWith("attr.")) (raw.attributes[key.slice(5)] ??= []).push(value);
  }
  return analyticsQuerySchema.safeParse(raw);
}

/** The inverse of readAnalyticsParams, for links that keep the filter. */
export function writeAnalyticsParams(query: Partial<AnalyticsQuery>): URLSearchParams {
  const params = new URLSearchParams();
  if (query.range) params.set("range", query.range);
  if (query.range === "custom") {
    if (query.from) params.set("from", query.from);
    if (query.to) params.set("to", query.to);
  }
  for (const id of query.survey ?? []) params.append("survey", id);
  for (const c of query.channel ?? []) params.append("channel", c);
  for (const t of query.touchpoint ?? []) params.append("touchpoint", t);
  for (const [key, values] of Object.entries(query.attributes ?? {})) for (const v of values) params.append(`attr.${key}`, v);
  return params;
}
