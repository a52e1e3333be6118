import { z } from "zod";
import { LOCALES } from "@/i18n/locales";

export const attributeValueSchema = z.union([z.string().max(200), z.number(), z.boolean()]);
export const attributesSchema = z.record(z.string().trim().min(1).max(64), attributeValueSchema);

export const contactInputSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")).pipe(z.string().max(254)),
  name: z
    .string()
    .trim()
    .max(120)
    .transform((value) => (value === "" ? undefined : value))
    .optional(),
  locale: z.enum(LOCALES).optional(),
  attributes: attributesSchema.optional(),
});
export type ContactInput = z.input<typeof contactInputSchema>;
