import { z } from "zod";
import { outcomeTypeSchema } from "@/schemas/outcome";

// Customer classes (issue 15): the organisation's classes and their ordered rules. The pure engine
// (src/lib/customer-classes.ts) is the specification; these schemas check what admins and the database hand it.

export const NPS_CATEGORIES = ["PROMOTER", "PASSIVE", "DETRACTOR"] as const;
export const CLASS_KEY = /^[a-z][a-z0-9_]{0,39}$/;
export const CLASS_NAME_MAX = 60;
/** Ten years: a longer window is a typo. */
export const CLASS_WINDOW_MAX_DAYS = 3650;
export const CLASS_RULES_MAX = 50;
export const CLASS_CONDITIONS_MAX = 6;

export const classKeySchema = z.string().trim().regex(CLASS_KEY, "Use a lower-case key: a–z, 0–9, _ (at most 40).");

export const outcomeTestSchema = z.strictObject({
  type: outcomeTypeSchema,
  present: z.boolean(),
  windowDays: z.number().int().min(1).max(CLASS_WINDOW_MAX_DAYS),
  minTotal: z.number().finite().min(0).max(1e12).optional(),
});

/** CustomerClassRule.conditions. */
export const classConditionsSchema = z.strictObject({
  all: z.array(outcomeTestSchema).max(CLASS_CONDITIONS_MAX).optional(),
  any: z.array(outcomeTestSchema).max(CLASS_CONDITIONS_MAX).optional(),
});
export type ClassConditions = z.infer<typeof classConditionsSchema>;

const score = z.number().int().min(0).max(10);

/** A rule as the settings save it. */
export const classRuleInputSchema = z
  .strictObject({
    id: z.uuid().optional(),
    classKey: classKeySchema,
    categories: z.array(z.enum(NPS_CATEGORIES)).max(3),
    scoreMin: score.nullable(),
    scoreMax: score.nullable(),
    conditions: classConditionsSchema,
  })
  .refine((rule) => rule.scoreMin === null || rule.scoreMax === null || rule.scoreMin <= rule.scoreMax, {
    path: ["scoreMax"],
    message: "The lowest score must not be above the highest.",
  })
  .refine((rule) => !(rule.conditions.any ?? []).concat(rule.conditions.all ?? []).some((t) => t.minTotal !== undefined && !t.present), {
    path: ["conditions"],
    message: "An amount applies to events that are present.",
  });
export type ClassRuleInput = z.infer<typeof classRuleInputSchema>;

/** A class as the settings save it (new classes name their key; existing ones keep it). */
export const classInputSchema = z.strictObject({
  key: classKeySchema,
  nameZh: z.string().trim().min(1).max(CLASS_NAME_MAX),
  nameEn: z.string().trim().min(1).max(CLASS_NAME_MAX),
});
export type ClassInput = z.infer<typeof classInputSchema>;

/** The list page's query: lenient, a bad page is page 1. */
export const classListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

/** Condition rows a rule form shows (the rule's own and a blank one, up to the maximum). */
export const CLASS_FORM_CONDITION_ROWS = CLASS_CONDITIONS_MAX;

/**
 * A rule form (Settings → customer classes) as classRuleInputSchema's input: categories as checkboxes `cat`, scores
 * as text ("" = none), condition rows `c<i>.mode` (all | any), `c<i>.type` ("" drops the row), `c<i>.present` (1 | 0),
 * `c<i>.window` and `c<i>.min` (days, amount; "" = no amount). Numbers that do not parse fail the schema, not here.
 */
export function classRuleFromForm(form: { get(name: string): unknown; getAll(name: string): unknown[] }): unknown {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.trim() : "";
  };
  const number = (value: string) => (value === "" ? null : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN);
  const all: unknown[] = [];
  const any: unknown[] = [];
  for (let i = 0; i < CLASS_FORM_CONDITION_ROWS; i += 1) {
    const type = text(`c${i}.type`);
    if (type === "") continue;
    const min = number(text(`c${i}.min`));
    const test = { type, present: text(`c${i}.present`) !== "0", windowDays: number(text(`c${i}.window`)), ...(min === null ? {} : { minTotal: min }) };
    (text(`c${i}.mode`) === "any" ? any : all).push(test);
  }
  const id = text("id");
  return {
    ...(id ? { id } : {}),
    classKey: text("classKey"),
    categories: form.getAll("cat").filter((value): value is string => typeof value === "string"),
    scoreMin: number(text("scoreMin")),
    scoreMax: number(text("scoreMax")),
    conditions: { ...(all.length > 0 ? { all } : {}), ...(any.length > 0 ? { any } : {}) },
  };
}

/** Follow-up cases for a class: who works them and by when (a day in the organisation's time zone, today … a year ahead). */
export const CLASS_CASES_MAX_DAYS_AHEAD = 365;
export const classCasesInputSchema = z.strictObject({
  classKey: classKeySchema,
  ownerId: z.uuid("Choose who works the cases."),
  dueDate: z.iso.date("Use a date such as 2026-12-31."),
});
export type ClassCasesInput = z.infer<typeof classCasesInputSchema>;
