import { z } from "zod";

/** POST /api/v1/text/analyze: up to 1,000 texts of up to 5,000 characters (product contract, issue 14). */
export const MAX_ANALYZE_TEXTS = 1000;
export const MAX_ANALYZE_CHARACTERS = 5000;

export const textAnalyzeSchema = z.strictObject({
  texts: z
    .array(z.string().max(MAX_ANALYZE_CHARACTERS, `each text has at most ${MAX_ANALYZE_CHARACTERS} characters`))
    .min(1, "send at least one text")
    .max(MAX_ANALYZE_TEXTS, `send at most ${MAX_ANALYZE_TEXTS} texts per call`),
  /** The texts' language when known; the reader handles both either way. */
  locale: z.enum(["zh-CN", "en"]).nullable().optional(),
});

export type TextAnalyzeInput = z.infer<typeof textAnalyzeSchema>;

export type ThemeLabel = { "zh-CN": string; en: string };

export type TextAnalyzeResult = {
  tokens: string[];
  themes: { key: string; label: ThemeLabel; sentiment: number; polarity: "negative" | "neutral" | "positive" }[];
  sentiment: number;
  polarity: "negative" | "neutral" | "positive";
};
