import { z } from "zod";
import { RESPONSE_FIELDS } from "@/lib/response-import";
import { attributeTargetSchema, columnMappingSchema } from "./contact-import";

/** POST /surveys/<id>/import/<importId>/run: the column mapping of a historical response import. */
export const runResponseImportSchema = z.object({
  mapping: columnMappingSchema(z.union([z.enum(RESPONSE_FIELDS), attributeTargetSchema])),
});
export type RunResponseImportInput = z.input<typeof runResponseImportSchema>;
