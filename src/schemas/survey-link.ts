import { z } from "zod";

// ---------------------------------------------------------------------------
// Public links / QR codes of a survey (anonymous, multi-use; see prisma model SurveyLink)
// ---------------------------------------------------------------------------

export const SURVEY_LINK_NAME_MAX = 80;
export const SURVEY_LINK_ATTRIBUTE_VALUE_MAX = 80;
export const SURVEY_LINK_ATTRIBUTE_KEY_MAX = 40;
/** The attribute the link writes into each response's attributes: a lower-case identifier like "branch". */
export const SURVEY_LINK_ATTRIBUTE_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
/** The channels a public link can carry (the others are for invitations and the API). */
export const SURVEY_LINK_CHANNELS = ["LINK", "QR"] as const;
export type SurveyLinkChannel = (typeof SURVEY_LINK_CHANNELS)[number];

/** "" and whitespace-only count as "not given" (an empty form field). */
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : value));

export const createSurveyLinkSchema = z
  .object({
    name: z.string().trim().min(1, "Give the link a name.").max(SURVEY_LINK_NAME_MAX),
    channel: z.enum(SURVEY_LINK_CHANNELS).default("LINK"),
    attributeKey: optionalText.pipe(
      z
        .string()
        .regex(SURVEY_LINK_ATTRIBUTE_KEY_PATTERN, "Use lower-case letters, digits and _ (starting with a letter), at most 40 characters.")
        .optional(),
    ),
    attributeValue: optionalText.pipe(z.string().max(SURVEY_LINK_ATTRIBUTE_VALUE_MAX).optional()),
  })
  .superRefine((value, ctx) => {
    if (value.attributeKey !== undefined && value.attributeValue === undefined) {
      ctx.addIssue({ code: "custom", path: ["attributeValue"], message: "Give the tag a value, or leave both tag fields empty." });
    }
    if (value.attributeKey === undefined && value.attributeValue !== undefined) {
      ctx.addIssue({ code: "custom", path: ["attributeKey"], message: "Give the tag a name, or leave both tag fields empty." });
    }
  });
export type CreateSurveyLinkInput = z.input<typeof createSurveyLinkSchema>;
export type CreateSurveyLinkData = z.output<typeof createSurveyLinkSchema>;

export const surveyLinkIdSchema = z.uuid();

export const QR_FORMATS = ["svg", "png"] as const;
export type QrFormat = (typeof QR_FORMATS)[number];
/** `?format=` of the QR download route; missing means SVG. */
export const qrFormatSchema = z.enum(QR_FORMATS).default("svg");

export type SurveyLinkField = "name" | "channel" | "attributeKey" | "attributeValue";
/** What went wrong with one form field, for a translated message. */
export type SurveyLinkFieldProblem = "required" | "tooLong" | "invalidKey" | "missingPair" | "invalid";

/** One problem per field (the first zod reported), so forms can show translated messages next to fields. */
export function surveyLinkFieldProblems(error: z.ZodError): Partial<Record<SurveyLinkField, SurveyLinkFieldProblem>> {
  const problems: Partial<Record<SurveyLinkField, SurveyLinkFieldProblem>> = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (field !== "name" && field !== "channel" && field !== "attributeKey" && field !== "attributeValue") continue;
    if (problems[field] !== undefined) continue;
    if (issue.code === "too_small") problems[field] = "required";
    else if (issue.code === "too_big") problems[field] = "tooLong";
    else if (issue.code === "invalid_format") problems[field] = "invalidKey";
    else if (issue.code === "custom") problems[field] = "missingPair";
    else problems[field] = field === "name" ? "required" : "invalid";
  }
  return problems;
}

/** One hour of a public link's answers to exclude (a burst) or count again: the links page's action. */
export const linkHourSchema = z.object({
  linkId: surveyLinkIdSchema,
  /** The hour's start, as the activity table lists it (ISO 8601). */
  hour: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
  excluded: z.boolean(),
});
