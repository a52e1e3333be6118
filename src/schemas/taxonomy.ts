import { z } from "zod";
import { INDUSTRIES } from "@/lib/text/theme-templates";

/** Keywords per theme and characters per keyword an admin may enter. */
export const MAX_THEME_KEYWORDS = 200;
export const MAX_KEYWORD_LENGTH = 60;

const keyword = z
  .string()
  .trim()
  .min(1)
  .max(MAX_KEYWORD_LENGTH)
  // `&` joins parts that must all occur (themes.ts); an empty part would match everything.
  .refine((k) => k.split("&").every((part) => part.trim() !== ""), "empty part around &");

/** "排队, 等候\nqueue" → ["排队", "等候", "queue"]: one keyword a line or separated by commas (either width). */
export function splitKeywords(text: string): string[] {
  return [...new Set(text.split(/[\n,，、;；]+/u).map((k) => k.trim()).filter((k) => k !== ""))];
}

export const themeKeySchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, "lower-case letters, digits and _; 2 to 40 characters, starting with a letter");

/** A theme as an admin saves it (new or edited). */
export const themeInputSchema = z.strictObject({
  key: themeKeySchema,
  labelZh: z.string().trim().min(1).max(40),
  labelEn: z.string().trim().min(1).max(60),
  keywords: z.array(keyword).min(1).max(MAX_THEME_KEYWORDS),
  exclusions: z.array(keyword).max(MAX_THEME_KEYWORDS).default([]),
});
export type ThemeInput = z.infer<typeof themeInputSchema>;

export const addKeywordSchema = z.strictObject({ key: themeKeySchema, keyword });

export const applyTemplateSchema = z.strictObject({ industry: z.enum(INDUSTRIES as unknown as readonly ["banking", "insurance", "telecom", "retail"]) });
