import { z } from "zod";
import { LOCALES } from "@/i18n/locales";
import { CASE_PRIORITIES, caseRuleMatchSchema, type CaseRuleMatch } from "@/lib/case-rules";
import { REPLY_BODY_MAX, REPLY_SUBJECT_MAX, rootCauseCreateSchema } from "./case";

/**
 * Settings → Cases: SLA hours and fallback owner, assignment rules, root causes, reply templates.
 * A rule's conditions are the existing CaseRule.match (caseRuleMatchSchema in lib/case-rules.ts); the form
 * writes them as text, which the helpers below turn into that shape and back.
 */

/** A year: longer SLAs are certainly a typo. */
export const CASE_SLA_HOURS_MAX = 8760;
export const CASE_RULE_NAME_MAX = 120;
export const REPLY_TEMPLATE_NAME_MAX = 120;

/** The placeholders the reply sender fills (fillReplyTemplate in lib/case-rules.ts); tests keep the two in step. */
export const REPLY_TEMPLATE_PLACEHOLDERS = ["name", "brand"] as const;

const uuid = z.uuid();
/** A form's optional id: "" or absent means none. */
const optionalId = z.preprocess((value) => (value === "" || value === null ? undefined : value), uuid.optional());

const hours = z.coerce.number().int().min(1).max(CASE_SLA_HOURS_MAX);

export const caseSlaSettingsSchema = z.object({
  slaHours: z.object({ URGENT: hours, HIGH: hours, NORMAL: hours, LOW: hours }),
  /** null: no fallback owner (the organisation's first OWNER then takes unassigned cases). */
  fallbackOwnerId: z.preprocess((value) => (value === "" ? null : value), uuid.nullable()),
});
export type CaseSlaSettingsInput = z.input<typeof caseSlaSettingsSchema>;

/** A rule as services take it: the match is CaseRule.match itself; at most one of user / unit owns. */
export const caseRuleInputSchema = z
  .object({
    id: optionalId,
    name: z.string().trim().min(1).max(CASE_RULE_NAME_MAX),
    match: caseRuleMatchSchema,
    ownerId: uuid.nullable(),
    ownerUnitId: uuid.nullable(),
    priority: z.enum(CASE_PRIORITIES),
    active: z.boolean(),
  })
  .refine((rule) => !(rule.ownerId && rule.ownerUnitId), { path: ["ownerId"], message: "Choose a member or a unit, not both." });
export type CaseRuleInput = z.input<typeof caseRuleInputSchema>;

/** A rule without any condition would open a case for every response, promoters included. */
export function hasCondition(match: CaseRuleMatch): boolean {
  return Object.values(match).some((value) => {
    if (value === undefined) return false;
    if (Array.isArray(value)) return value.length > 0;
    if (typeof value === "object") return Object.keys(value).length > 0;
    return true;
  });
}

/** Splits "开户, 理赔、挂失" (also ，; and new lines) into trimmed, distinct, non-empty items. */
export function splitList(text: string): string[] {
  const items = text
    .split(/[,，、;；\n\r]+/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
  return [...new Set(items)];
}

export type AttributeLines = { ok: true; value: Record<string, string[]> } | { ok: false; line: number };

/** "region = 华东, 华南" per line (also ":" / "："); blank lines are skipped; a line without key or values fails. */
export function parseAttributeLines(text: string): AttributeLines {
  const value: Record<string, string[]> = {};
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "") continue;
    const at = line.search(/[=:：]/);
    const key = at === -1 ? "" : line.slice(0, at).trim();
    const values = at === -1 ? [] : splitList(line.slice(at + 1));
    if (key === "" || values.length === 0) return { ok: false, line: index + 1 };
    value[key] = [...new Set([...(value[key] ?? []), ...values])];
  }
  return { ok: true, value };
}

/** The form's text for a match's attributes, one "key = a, b" line each (parseAttributeLines reads it back). */
export function formatAttributeLines(attributes: Record<string, string[]> | undefined): string {
  return Object.entries(attributes ?? {})
    .map(([key, values]) => `${key} = ${values.join(", ")}`)
    .join("\n");
}

/** The conditions the settings form edits; others (minScore, surveyIds, unitCodes) are kept as stored. */
export const FORM_MATCH_KEYS = ["categories", "maxScore", "touchpoints", "attributes"] as const;

/**
 * A rule's match after an edit: the conditions the form edits come from `edited` only (an emptied field
 * removes its condition); the others are kept as stored unless `edited` sets them.
 */
export function mergeRuleMatch(stored: CaseRuleMatch | null, edited: CaseRuleMatch): CaseRuleMatch {
  const out: CaseRuleMatch = { ...(stored ?? {}) };
  for (const key of FORM_MATCH_KEYS) delete out[key];
  for (const [key, value] of Object.entries(edited) as [keyof CaseRuleMatch, CaseRuleMatch[keyof CaseRuleMatch]][]) {
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    Object.assign(out, { [key]: value });
  }
  return out;
}

/** What is wrong with a rule's (merged) match, as the field to flag, or null when it can be saved. */
export function ruleMatchProblem(match: CaseRuleMatch): "match" | "match.maxScore" | null {
  if (!hasCondition(match)) return "match";
  if (match.minScore !== undefined && match.maxScore !== undefined && match.minScore > match.maxScore) return "match.maxScore";
  return null;
}

const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());

/**
 * The rule form as posted (strings; categories from checkboxes; owner as "user" | "unit" | "auto"), turned
 * into caseRuleInputSchema's shape. Errors name the form's fields.
 */
export const caseRuleFormSchema = z
  .object({
    id: optionalId,
    name: z.string().trim().min(1).max(CASE_RULE_NAME_MAX),
    categories: z.array(z.enum(["DETRACTOR", "PASSIVE", "PROMOTER"])).max(3),
    maxScore: z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), z.coerce.number().int().min(0).max(10).optional()),
    touchpoints: z.string().max(4000),
    attributes: z.string().max(8000),
    ownerKind: z.enum(["user", "unit", "auto"]),
    ownerId: z.string(),
    ownerUnitId: z.string(),
    priority: z.enum(CASE_PRIORITIES),
    active: checkbox,
  })
  .transform((form, ctx) => {
    const attributes = parseAttributeLines(form.attributes);
    if (!attributes.ok) {
      ctx.addIssue({ code: "custom", path: ["attributes"], message: `Line ${attributes.line}: write key = value, value.` });
      return z.NEVER;
    }
    const touchpoints = splitList(form.touchpoints);
    const ownerId = form.ownerKind === "user" ? form.ownerId : null;
    const ownerUnitId = form.ownerKind === "unit" ? form.ownerUnitId : null;
    if (ownerId !== null && !uuid.safeParse(ownerId).success) {
      ctx.addIssue({ code: "custom", path: ["ownerId"], message: "Choose a member." });
      return z.NEVER;
    }
    if (ownerUnitId !== null && !uuid.safeParse(ownerUnitId).success) {
      ctx.addIssue({ code: "custom", path: ["ownerUnitId"], message: "Choose a unit." });
      return z.NEVER;
    }
    const match: CaseRuleMatch = {};
    if (form.categories.length > 0) match.categories = [...new Set(form.categories)];
    if (form.maxScore !== undefined) match.maxScore = form.maxScore;
    if (touchpoints.length > 0) match.touchpoints = touchpoints;
    if (Object.keys(attributes.value).length > 0) match.attributes = attributes.value;
    return { id: form.id, name: form.name, match, ownerId, ownerUnitId, priority: form.priority, active: form.active };
  });
export type CaseRuleForm = z.output<typeof caseRuleFormSchema>;

export const caseRuleMoveSchema = z.object({ id: uuid, direction: z.enum(["up", "down"]) });
export const caseRuleIdSchema = z.object({ id: uuid });
export const caseRuleActiveSchema = z.object({ id: uuid, active: z.enum(["true", "false"]).transform((v) => v === "true") });

/** A new root cause: the cases area's schema (key, zh-CN and en names). */
export const rootCauseInputSchema = rootCauseCreateSchema;
export type RootCauseInput = z.input<typeof rootCauseInputSchema>;
/** Renaming keeps the key: reports and exports refer to it. */
export const rootCauseRenameSchema = rootCauseCreateSchema.pick({ labelZh: true, labelEn: true }).extend({ id: uuid });
export type RootCauseRenameInput = z.input<typeof rootCauseRenameSchema>;
export const rootCauseIdSchema = z.object({ id: uuid });

/** The {placeholders} of a text that the reply sender would leave as they are. */
export function unknownPlaceholders(text: string): string[] {
  const known: readonly string[] = REPLY_TEMPLATE_PLACEHOLDERS;
  const found = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "").filter((name) => !known.includes(name));
  return [...new Set(found)];
}

const templateText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => unknownPlaceholders(text).length === 0, { message: "Unknown placeholder." });

export const replyTemplateInputSchema = z.object({
  id: optionalId,
  locale: z.enum(LOCALES),
  name: z.string().trim().min(1).max(REPLY_TEMPLATE_NAME_MAX),
  subject: templateText(REPLY_SUBJECT_MAX),
  body: templateText(REPLY_BODY_MAX),
});
export type ReplyTemplateInput = z.input<typeof replyTemplateInputSchema>;
export const replyTemplateIdSchema = z.object({ id: uuid });
