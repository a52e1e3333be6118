import { z } from "zod";
import { setupSchema } from "@/schemas/accounts";

/** Upper bounds of the honesty thresholds (product.md "Minimum n"): a greyed figure below 1,000 answers is the most anyone needs. */
export const MAX_MIN_N = 1000;
export const MAX_SUPPRESS_N = 100;
/** Throttle days: 0 (no throttle) to a year. */
export const MAX_THROTTLE_DAYS = 365;

const count = (min: number, max: number) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() !== "" ? Number(value.trim()) : value), z.number().int().min(min).max(max));

/**
 * Settings → General: the organisation's name, brand per language, time zone, default language, honesty thresholds
 * and throttle. Name, brand, time zone and language are the first-run setup's own fields (src/schemas/accounts.ts).
 */
export const orgSettingsSchema = z
  .object({
    name: setupSchema.shape.organizationName,
    brandZh: setupSchema.shape.brandZh,
    brandEn: setupSchema.shape.brandEn,
    timeZone: setupSchema.shape.timeZone,
    defaultLocale: setupSchema.shape.defaultLocale,
    minN: count(1, MAX_MIN_N),
    suppressN: count(1, MAX_SUPPRESS_N),
    throttleDays: count(0, MAX_THROTTLE_DAYS),
  })
  .superRefine((value, context) => {
    if (value.minN < value.suppressN) context.addIssue({ code: "custom", path: ["minN"], message: "min_below_suppress" });
  });
export type OrgSettingsInput = z.input<typeof orgSettingsSchema>;
export type OrgSettings = z.output<typeof orgSettingsSchema>;
export type OrgSettingsField = keyof OrgSettings;
export const ORG_SETTINGS_FIELDS = ["name", "brandZh", "brandEn", "timeZone", "defaultLocale", "minN", "suppressN", "throttleDays"] as const satisfies readonly OrgSettingsField[];

/** Why a field was refused: a catalogue key's last part (orgSettings.error.<reason>). */
export type OrgSettingsProblem = "invalid" | "time_zone" | "too_small" | "too_big" | "min_below_suppress" | "name_required";
export type OrgSettingsProblems = Partial<Record<OrgSettingsField, OrgSettingsProblem>>;

/** The first problem of each field of a refused input. */
export function orgSettingsProblems(error: z.ZodError): OrgSettingsProblems {
  const problems: OrgSettingsProblems = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (typeof field !== "string" || !(ORG_SETTINGS_FIELDS as readonly string[]).includes(field)) continue;
    const key = field as OrgSettingsField;
    if (problems[key]) continue;
    problems[key] =
      issue.code === "custom" && (issue.message === "time_zone" || issue.message === "min_below_suppress")
        ? issue.message
        : issue.code === "too_small"
          ? key === "name"
            ? "name_required"
            : "too_small"
          : issue.code === "too_big"
            ? "too_big"
            : "invalid";
  }
  return problems;
}
