import { z } from "zod";
import { LOCALES } from "@/i18n/locales";
import { FIELD_LIMITS } from "@/lib/contact-import";

export const attributeValueSchema = z.union([z.string().max(FIELD_LIMITS.attributeValue), z.number(), z.boolean()]);
export const attributesSchema = z.record(z.string().trim().min(1).max(FIELD_LIMITS.attributeKey), attributeValueSchema);

/** An optional text field: trimmed, empty → undefined. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => (value === "" ? undefined : value))
    .optional();

export const contactInputSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")).pipe(z.string().max(FIELD_LIMITS.email)),
  name: optionalText(FIELD_LIMITS.name),
  phone: optionalText(FIELD_LIMITS.phone),
  externalId: optionalText(FIELD_LIMITS.externalId),
  locale: z.enum(LOCALES).optional(),
  attributes: attributesSchema.optional(),
});
export type ContactInput = z.input<typeof contactInputSchema>;

/** A contact id in a URL. */
export const contactIdSchema = z.uuid();

/** /contacts?q=&page= */
export const contactListQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .catch("")
    .default(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
