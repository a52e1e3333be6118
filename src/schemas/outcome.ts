import { z } from "zod";

// Behaviour data and the validation report (issue 15).

/** The outcome types every organisation has; others are organisation-defined lower-case keys. */
export const OUTCOME_BASE_TYPES = ["churned", "purchased", "revenue", "complaint"] as const;
export type OutcomeBaseType = (typeof OUTCOME_BASE_TYPES)[number];

/** Follow-up windows of the validation report, in days. */
export const OUTCOME_WINDOWS = [90, 180, 365] as const;
export type OutcomeWindow = (typeof OUTCOME_WINDOWS)[number];

/** Events per POST /api/v1/outcomes call. */
export const MAX_OUTCOME_EVENTS = 5000;

export const outcomeTypeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "Use churned, purchased, revenue, complaint or your own lower-case key (a–z, 0–9, _; at most 40).")
  .describe("churned, purchased, revenue, complaint, or an organisation-defined lower-case key.");

export const outcomeEventInputSchema = z
  .strictObject({
    externalId: z.string().trim().min(1).max(200).describe("Your id of the event: a resend with the same id changes nothing."),
    email: z.string().trim().max(320).optional().describe("The contact's email (give email or customerId)."),
    customerId: z.string().trim().min(1).max(200).optional().describe("The contact's customer id (its externalId in contacts)."),
    type: outcomeTypeSchema,
    occurredAt: z.iso.datetime({ offset: true }).describe("When it happened, ISO 8601 with a time zone, e.g. 2026-10-01T08:00:00Z."),
    amount: z.number().finite().min(-1e13).max(1e13).optional().describe("An amount (revenue, purchase value), up to 4 decimals kept."),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, "An ISO 4217 code such as CNY.")
      .optional()
      .describe("ISO 4217 currency of the amount; CNY when an amount is given without one."),
  })
  .refine((event) => (event.email === undefined) !== (event.customerId === undefined), {
    message: "Give exactly one of email and customerId.",
  });

export const recordOutcomesSchema = z.strictObject({
  events: z.array(outcomeEventInputSchema).min(1).max(MAX_OUTCOME_EVENTS).describe(`1 to ${MAX_OUTCOME_EVENTS} events.`),
});
export type RecordOutcomesInput = z.infer<typeof recordOutcomesSchema>;

export const OUTCOME_UNMATCHED_REASONS = ["contact_not_found"] as const;

export const recordOutcomesResultSchema = z.object({
  accepted: z.int().min(0).describe("Events stored by this call."),
  duplicates: z.int().min(0).describe("Events whose externalId was already stored (or repeated in the call): nothing changed."),
  unmatched: z
    .array(z.object({ index: z.int().min(0), reason: z.enum(OUTCOME_UNMATCHED_REASONS) }))
    .describe("Events not stored because no contact has that email or customer id, by their index in events."),
});
export type RecordOutcomesResult = z.infer<typeof recordOutcomesResultSchema>;

const rate = z.number().min(0).max(1);

const visibleGroup = z.object({
  key: z.enum(["promoter", "passive", "detractor"]),
  n: z.int().min(0).describe("Contacts whose latest answer in the period, at least one window old, is in the category."),
  events: z.int().min(0).describe("Of them, contacts with the event within windowDays after that answer."),
  rate: rate.nullable().describe("events / n, 4 decimals; null when n = 0."),
  ciLow: rate.nullable().describe("Wilson 95 % interval, lower bound, 4 decimals."),
  ciHigh: rate.nullable().describe("Wilson 95 % interval, upper bound, 4 decimals."),
  meanAmount: z.number().nullable().optional().describe("type=revenue only: mean amount per contact in the window (0 for contacts without), 2 decimals."),
  meanLow: z.number().nullable().optional().describe("type=revenue only: Student-t 95 % interval of meanAmount, lower bound."),
  meanHigh: z.number().nullable().optional().describe("type=revenue only: upper bound."),
});

const suppressedGroup = z.object({
  key: z.enum(["promoter", "passive", "detractor"]),
  n: z.int().min(0),
  events: z.null(),
  rate: z.null(),
  ciLow: z.null(),
  ciHigh: z.null(),
  suppressed: z.literal(true).describe("n is below the organisation's suppression threshold: n only."),
});

const pValue = z.number().min(0).max(1).describe("Two-sided p, 4 decimals; 0.0001 with pBelow: true when smaller.");

export const apiOutcomeReportSchema = z.object({
  type: outcomeTypeSchema,
  windowDays: z.union([z.literal(90), z.literal(180), z.literal(365)]),
  excludedTooRecent: z
    .int()
    .min(0)
    .describe("Contacts with answers in the period but none at least one window old: left out, or their short follow-up would bias the rates."),
  groups: z.array(z.union([visibleGroup, suppressedGroup])).describe("promoter, passive, detractor — always these three, in this order."),
  detractorVsPromoter: z
    .object({
      ratio: z.number().nullable().describe("Detractors' rate / promoters' rate, 2 decimals; null when promoters' rate is 0."),
      difference: z.number().describe("Detractors' rate − promoters' rate, 4 decimals."),
      p: pValue.nullable().describe("Pooled two-proportion z test, two-sided; null when no one or everyone had the event."),
      pBelow: z.literal(true).optional(),
    })
    .nullable()
    .describe("null when either group is empty or suppressed."),
  chiSquare: z
    .object({
      statistic: z.number().describe("Pearson's X² of the 3 × 2 table (category × event), no continuity correction, 2 decimals."),
      df: z.int().min(1),
      p: pValue,
      pBelow: z.literal(true).optional(),
    })
    .nullable()
    .describe("null when a group is suppressed or the table has fewer than two non-empty rows or columns."),
});
export type ApiOutcomeReport = z.infer<typeof apiOutcomeReportSchema>;
