import { z } from "zod";
import { QUADRANTS } from "@/lib/relative-weights";

// GET /api/v1/surveys/{id}/drivers — the response shape (also the OpenAPI document's schema).

const percent = z.number().min(0).max(100);

export const apiDriverSchema = z
  .object({
    questionId: z.uuid().describe("The driver question's id."),
    label: z.partialRecord(z.enum(["zh-CN", "en"]), z.string()).describe('The question\'s wording per language, e.g. {"zh-CN": "…", "en": "…"}.'),
    scale: z.object({ min: z.int(), max: z.int() }).describe("The answer scale (rating and CSAT 1–5, CES and SERVQUAL perception 1–7)."),
    importance: percent.nullable().describe("Share of R² attributed to the driver, in % (relative weight / R² × 100; sums to 100 over the drivers), 2 decimals."),
    ciLow: percent.nullable().describe("Lower bound of the 95 % percentile bootstrap interval of importance, 2 decimals."),
    ciHigh: percent.nullable().describe("Upper bound of the 95 % percentile bootstrap interval of importance, 2 decimals."),
    rawWeight: z.number().min(0).max(1).nullable().describe("Johnson's raw relative weight ε (part of R²), 4 decimals."),
    correlation: z.number().min(-1).max(1).nullable().describe("Pearson correlation of the driver with the 0–10 score over the complete cases, 4 decimals."),
    performance: z.number().nullable().describe("The driver's mean on its own scale over the complete cases, 2 decimals."),
    performancePct: percent.nullable().describe("The mean normalised to 0–100: (mean − min) / (max − min) × 100, 2 decimals."),
    quadrant: z
      .enum(QUADRANTS)
      .nullable()
      .describe(
        "Importance × performance: priority_fix (importance above 100 / k, performance below the drivers' average), key_strength (above, at or above), secondary_weakness (not above, below), secondary_strength (not above, at or above).",
      ),
  })
  .describe("One numeric driver question. Every figure is null unless status is ok.");

export const apiDriversSchema = z
  .object({
    n: z.int().min(0).describe("Complete cases: responses in the filter that answered the 0–10 question and every driver."),
    r2: z.number().min(0).max(1).nullable().describe("R² of the score on all drivers (= the sum of the raw weights), 4 decimals; null unless status is ok."),
    method: z.literal("relative-weights").describe("Johnson's (2000) relative weights on Pearson correlations."),
    status: z
      .enum(["ok", "too_few", "no_drivers", "no_variance"])
      .describe(
        "ok; too_few: n below minN (figures null, shown greyed as too few); no_drivers: the survey has no rating, CSAT, CES or SERVQUAL question; no_variance: the score does not vary, nothing to attribute (figures null).",
      ),
    minN: z.int().min(0).describe("Complete cases needed: max(30, 10 × drivers)."),
    drivers: z.array(apiDriverSchema).describe("Ordered by importance, highest first (in question order when status is not ok)."),
  })
  .describe(
    "Key driver analysis of a survey. The bootstrap (500 resamples, fixed seed: the same data give the same intervals) runs on all complete cases, or on a uniform sample of 20,000 of them when there are more.",
  );
export type ApiDriversBody = z.infer<typeof apiDriversSchema>;
