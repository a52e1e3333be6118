import { z } from "zod";
import { OUTCOME_FIELD_LIMITS, OUTCOME_IMPORT_FIELDS, OUTCOME_TYPE_KEY } from "@/lib/outcome-import";
import { columnMappingSchema } from "./contact-import";

/**
 * POST /contacts/outcomes/<importId>/run: the column mapping of an outcome import and the stored type of each type
 * value in the file (a base type, an organisation key, or "" to skip — and report — that value's rows). Values not
 * named here are read as suggested (src/lib/outcome-import.ts suggestOutcomeType).
 */
export const runOutcomeImportSchema = z.strictObject({
  mapping: columnMappingSchema(z.enum(OUTCOME_IMPORT_FIELDS)),
  typeValues: z
    .record(
      z.string().max(OUTCOME_FIELD_LIMITS.typeValue),
      z.union([z.literal(""), z.string().regex(OUTCOME_TYPE_KEY, "Use churned, purchased, revenue, complaint or your own lower-case key (a–z, 0–9, _).")]),
    )
    .refine((values) => Object.keys(values).length <= 500, "At most 500 type values.")
    .default({}),
});
export type RunOutcomeImportInput = z.input<typeof runOutcomeImportSchema>;
