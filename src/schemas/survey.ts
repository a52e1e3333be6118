import { z } from "zod";
import { LOCALES } from "@/i18n/locales";
import { SURVEY_TEMPLATES } from "./survey-content";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => (value === "" ? undefined : value))
    .optional();

export const createSurveySchema = z
  .object({
    name: z.string().trim().min(1, "Give the survey a name.").max(120),
    brandName: z.string().trim().min(1, "Name the brand customers are asked about.").max(80),
    kind: z.enum(["RELATIONSHIP", "TRANSACTIONAL"]).default("RELATIONSHIP"),
    touchpoint: optionalText(80),
    defaultLocale: z.enum(LOCALES).default("zh-CN"),
    template: z.enum(SURVEY_TEMPLATES).default("standard"),
  })
  .refine((value) => value.kind !== "TRANSACTIONAL" || value.touchpoint !== undefined, {
    message: "A transactional survey needs its touchpoint.",
    path: ["touchpoint"],
  });
export type CreateSurveyInput = z.input<typeof createSurveySchema>;

export const surveyIdSchema = z.uuid();
