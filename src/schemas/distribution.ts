import { z } from "zod";
import { LOCALES } from "@/i18n/locales";
import { attributesSchema } from "@/schemas/contact";
import { classKeySchema } from "@/schemas/customer-classes";

const uuid = z.uuid("Not a valid id.");

/**
 * Who a campaign goes to: every contact, those whose attributes take one of the listed values (AND across keys), or
 * the contacts of one customer class (issue 15; classified at send time, src/server/customer-classes).
 */
export const audienceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("all") }),
  z.object({
    kind: z.literal("filter"),
    attributes: z
      .record(z.string().trim().min(1).max(64), z.array(z.string().trim().min(1).max(200)).min(1).max(50))
      .refine((value) => Object.keys(value).length > 0 && Object.keys(value).length <= 10, "Name 1–10 attributes."),
  }),
  z.object({ kind: z.literal("class"), classKey: classKeySchema }),
]);
export type Audience = z.infer<typeof audienceSchema>;

/** Up to two reminders, in days after the first email, increasing. Empty = off (the default). */
export const reminderDaysSchema = z
  .array(z.number().int().min(1).max(60))
  .max(2)
  .refine((days) => days.every((day, i) => i === 0 || day > (days[i - 1] ?? 0)), "Reminder days must increase.");

export const createCampaignSchema = z
  .object({
    surveyId: uuid,
    name: z.string().trim().min(1).max(120),
    audience: audienceSchema,
    sampleSize: z.number().int().min(1).max(10_000_000).nullish(),
    samplePercent: z.number().int().min(1).max(100).nullish(),
    /** Absent: send now. */
    scheduledAt: z.coerce.date().nullish(),
    reminderDays: reminderDaysSchema.default([]),
  })
  .refine((value) => value.sampleSize == null || value.samplePercent == null, {
    message: "Choose a sample size or a percentage, not both.",
    path: ["sampleSize"],
  });
export type CreateCampaignInput = z.input<typeof createCampaignSchema>;

/** An OrgUnit / Employee code as sent by other systems (e.g. "SH-LJZ", "E-117"). */
const orgCodeSchema = z.string().trim().min(1, "A code cannot be empty.").max(64, "A code has at most 64 characters.");

/** One contact in a transactional trigger: upserted by email. */
export const triggerContactSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")).pipe(z.string().max(254)),
  name: z.string().trim().max(120).optional(),
  locale: z.enum(LOCALES).optional(),
  externalId: z.string().trim().min(1).max(120).optional(),
  attributes: attributesSchema.optional(),
  /** The org unit (OrgUnit.code) that served this contact; overrides the top-level unitCode. */
  unitCode: orgCodeSchema.optional(),
  /** The employee (Employee.code) who served this contact; overrides the top-level employeeCode. */
  employeeCode: orgCodeSchema.optional(),
});

/** POST /api/v1/surveys/{id}/invitations */
export const triggerInvitationsSchema = z.object({
  contacts: z.array(triggerContactSchema).min(1, "Send at least one contact.").max(1000, "At most 1000 contacts per call."),
  /** Wait this long before sending (e.g. after a support call); at most 30 days. */
  delaySeconds: z.number().int().min(0).max(30 * 86_400).optional(),
  /** Touchpoint / unit / employee context stored on each invitation. */
  context: z.record(z.string().trim().min(1).max(64), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).optional(),
  /** Default unit code for every contact (a contact's own unitCode wins); unknown codes are refused with 422. */
  unitCode: orgCodeSchema.optional(),
  /** Default employee code for every contact; the unit defaults to the employee's unit. */
  employeeCode: orgCodeSchema.optional(),
});
export type TriggerInvitationsInput = z.input<typeof triggerInvitationsSchema>;

export const campaignIdSchema = uuid;
