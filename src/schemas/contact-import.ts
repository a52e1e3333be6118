import { z } from "zod";
import { CORE_FIELDS, FIELD_LIMITS } from "@/lib/contact-import";
import { DELIMITER_HINTS, ENCODING_HINTS } from "@/lib/contact-import-encoding";

/** ?encoding= of the upload: auto, utf-8, gb18030 (gbk, gb2312 and utf8 accepted as aliases). */
export const encodingHintSchema = z.preprocess(
  (value) => {
    if (typeof value !== "string" || value === "") return "auto";
    const lower = value.trim().toLowerCase();
    if (lower === "gbk" || lower === "gb2312" || lower === "cp936") return "gb18030";
    if (lower === "utf8" || lower === "utf-8-bom") return "utf-8";
    return lower;
  },
  z.enum(ENCODING_HINTS),
);

const DELIMITER_NAMES: Record<string, string> = { comma: ",", semicolon: ";", tab: "\t" };

/** ?delimiter= of the upload: auto, "," ";" or a tab (also by name: comma, semicolon, tab). */
export const delimiterHintSchema = z.preprocess(
  (value) => (typeof value !== "string" || value === "" ? "auto" : (DELIMITER_NAMES[value] ?? value)),
  z.enum(DELIMITER_HINTS),
);

export const importFormatSchema = z.object({ encoding: encodingHintSchema, delimiter: delimiterHintSchema });
export type ImportFormatInput = z.input<typeof importFormatSchema>;

/** The uploaded file's name, as the browser sends it (x-file-name, URI-encoded); only shown back to the user. */
export const importFileNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((name) => !/[\u0000-\u001f]/.test(name), "The file name contains control characters.");

/** `attributes.<key>`: a column imported as an attribute (every import's mapping accepts it). */
export const attributeTargetSchema = z
  .string()
  .regex(/^attributes\./)
  .refine((target) => {
    const key = target.slice("attributes.".length);
    return key.length > 0 && key.length <= FIELD_LIMITS.attributeKey && key.trim() === key;
  }, "Attribute names are 1–64 characters without leading or trailing spaces.")
  .transform((target) => target as `attributes.${string}`);

const mappingTargetSchema = z.union([z.enum(CORE_FIELDS), attributeTargetSchema]);

/** A column mapping (header → target) of any import, with that import's targets. */
export function columnMappingSchema<T extends z.ZodType<string>>(target: T) {
  return z.record(z.string().min(1).max(300), target).refine((mapping) => Object.keys(mapping).length <= 200, "Too many columns.");
}

export const runImportSchema = z.object({
  mapping: columnMappingSchema(mappingTargetSchema),
  onDuplicate: z.enum(["update", "skip"]),
});
export type RunImportInput = z.input<typeof runImportSchema>;
