import { z } from "zod";

/** 物理触点 / 数字触点 / 人际触点. */
export const JOURNEY_TOUCHPOINT_KINDS = ["PHYSICAL", "DIGITAL", "INTERPERSONAL"] as const;
export type JourneyTouchpointKindName = (typeof JOURNEY_TOUCHPOINT_KINDS)[number];

export const MAX_JOURNEY_STAGES = 12;
export const MAX_STAGE_TOUCHPOINTS = 20;

/** A display name: trimmed, 1–80 characters, no NUL (PostgreSQL text cannot hold it). */
const name = z
  .string()
  .trim()
  .min(1, "required")
  .max(80, "tooLong")
  .refine((value) => !value.includes("\u0000"), "invalid");

export const journeyTouchpointInputSchema = z.object({
  touchpoint: z.string().trim().min(1, "required").max(80, "tooLong").refine((value) => !value.includes("\u0000"), "invalid"),
  kind: z.enum(JOURNEY_TOUCHPOINT_KINDS),
});

export const journeyStageInputSchema = z.object({
  nameZh: name,
  nameEn: name,
  touchpoints: z.array(journeyTouchpointInputSchema).max(MAX_STAGE_TOUCHPOINTS, "tooMany").default([]),
});

/**
 * A journey as the editor sends it: names in both languages and the stages in order (the array order is the
 * stage order), each with its touchpoints. A touchpoint may sit in one stage of a journey only.
 */
export const journeyInputSchema = z
  .object({
    nameZh: name,
    nameEn: name,
    stages: z.array(journeyStageInputSchema).min(1, "noStages").max(MAX_JOURNEY_STAGES, "tooMany"),
  })
  .superRefine((journey, ctx) => {
    const seen = new Set<string>();
    journey.stages.forEach((stage, s) =>
      stage.touchpoints.forEach((tp, t) => {
        if (seen.has(tp.touchpoint)) ctx.addIssue({ code: "custom", message: "duplicateTouchpoint", path: ["stages", s, "touchpoints", t, "touchpoint"] });
        seen.add(tp.touchpoint);
      }),
    );
  });
export type JourneyInput = z.output<typeof journeyInputSchema>;

/** The validation messages the editor translates (`journeys.error.<key>`). */
export const JOURNEY_VALIDATION_KEYS = ["required", "tooLong", "invalid", "tooMany", "noStages", "duplicateTouchpoint", "unknownTouchpoint"] as const;
export type JourneyValidationKey = (typeof JOURNEY_VALIDATION_KEYS)[number];

export function journeyValidationKey(message: string | undefined): JourneyValidationKey {
  return (JOURNEY_VALIDATION_KEYS as readonly string[]).includes(message ?? "") ? (message as JourneyValidationKey) : "invalid";
}
