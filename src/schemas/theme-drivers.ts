import { z } from "zod";
import { apiDriverSchema, apiDriversSchema } from "@/schemas/drivers";

// GET /api/v1/surveys/{id}/drivers?includeThemes=true — comment themes as binary drivers (issue 14).

export const apiThemeDriverSchema = apiDriverSchema
  .extend({
    questionId: z.null().describe("Null: a comment theme, not a question."),
    themeKey: z.string().describe("The theme's key in the organisation's taxonomy, e.g. waiting."),
    scale: z.object({ min: z.literal(0), max: z.literal(1) }).describe("0: the response's read comment does not mention the theme; 1: it does."),
  })
  .describe("A comment theme as a binary driver: performance is the share of complete cases mentioning it; a negative correlation marks a complaint.");

export const apiDriversWithThemesSchema = apiDriversSchema
  .extend({
    n: z.int().min(0).describe("Complete cases: responses in the filter with a read comment that answered the 0–10 question and every driver question."),
    drivers: z.array(z.union([apiDriverSchema, apiThemeDriverSchema])).describe("Questions and themes, ordered by importance, highest first."),
  })
  .describe("The key driver analysis with the organisation's comment themes as binary drivers beside the survey's questions.");
export type ApiDriversWithThemesBody = z.infer<typeof apiDriversWithThemesSchema>;
