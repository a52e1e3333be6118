import { z } from "zod";
import { LOCALES } from "@/i18n/locales";
import { SERVQUAL_DIMENSIONS } from "@/lib/servqual";
import { localizedTextSchema } from "./localized";

/**
 * What the survey builder edits: the survey's settings and its ordered questions, each with its text in
 * every locale. The same shapes are stored in Question.text / Question.settings and in SurveyRevision.
 */

const text = localizedTextSchema;
const emptyText = () => ({});

/** Question keys name answers in exports and the API: short, stable, lower-case. */
export const questionKeySchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "Use a-z, 0-9 and _ (start with a letter).");

/** The follow-up question after the score always has this key; its wording can differ per category. */
export const FOLLOW_UP_KEY = "reason";
export const NPS_KEY = "nps";

export const MAX_CHOICE_OPTIONS = 12;
/** Beyond this many questions, response rates fall: the builder warns (the NPS method: keep the others few). */
export const QUESTION_COUNT_WARNING = 5;
export const MAX_QUESTIONS = 40;

const choiceOptionSchema = z.object({ key: questionKeySchema, label: text });

const base = {
  key: questionKeySchema,
  required: z.boolean().default(false),
  text,
};

const categoryTextSchema = z
  .object({ PROMOTER: text.default(emptyText), PASSIVE: text.default(emptyText), DETRACTOR: text.default(emptyText) })
  .default({ PROMOTER: {}, PASSIVE: {}, DETRACTOR: {} });

export const questionSchema = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("NPS"), settings: z.object({ lowLabel: text.default(emptyText), highLabel: text.default(emptyText) }) }),
  z.object({ ...base, type: z.literal("OPEN_TEXT"), settings: z.object({ byCategory: categoryTextSchema }).default({ byCategory: { PROMOTER: {}, PASSIVE: {}, DETRACTOR: {} } }) }),
  z.object({ ...base, type: z.literal("RATING"), settings: z.object({ lowLabel: text.default(emptyText), highLabel: text.default(emptyText) }) }),
  z.object({ ...base, type: z.literal("CSAT"), settings: z.object({}).default({}) }),
  z.object({ ...base, type: z.literal("CES"), settings: z.object({}).default({}) }),
  z.object({ ...base, type: z.literal("SINGLE_CHOICE"), settings: z.object({ options: z.array(choiceOptionSchema).min(2).max(MAX_CHOICE_OPTIONS) }) }),
  z.object({ ...base, type: z.literal("MULTIPLE_CHOICE"), settings: z.object({ options: z.array(choiceOptionSchema).min(2).max(MAX_CHOICE_OPTIONS) }) }),
  z.object({ ...base, type: z.literal("SERVQUAL"), settings: z.object({ dimension: z.enum(SERVQUAL_DIMENSIONS), scale: z.literal(7).default(7) }) }),
  z.object({ ...base, type: z.literal("KANO"), settings: z.object({ functional: text.default(emptyText), dysfunctional: text.default(emptyText) }) }),
]);
export type SurveyQuestion = z.output<typeof questionSchema>;
export type SurveyQuestionInput = z.input<typeof questionSchema>;
export type QuestionType = SurveyQuestion["type"];

export const QUESTION_TYPES = ["NPS", "OPEN_TEXT", "RATING", "CSAT", "CES", "SINGLE_CHOICE", "MULTIPLE_CHOICE", "SERVQUAL", "KANO"] as const;
/** Types an admin can add after the NPS question and its follow-up. */
export const DRIVER_TYPES = ["RATING", "CSAT", "CES", "SINGLE_CHOICE", "MULTIPLE_CHOICE", "OPEN_TEXT", "SERVQUAL", "KANO"] as const;
export type DriverType = (typeof DRIVER_TYPES)[number];

const optionalUrl = z
  .string()
  .trim()
  .max(500)
  .transform((value) => (value === "" ? undefined : value))
  .pipe(z.url({ protocol: /^https?$/, error: "Use an http(s) address." }).optional())
  .optional();

export const thankYouSchema = z
  .object({
    /** Shown to promoters on the thank-you page, with a button to promoterUrl (review site, referral form). */
    promoterAsk: text.default(emptyText),
    promoterUrl: optionalUrl,
  })
  .default({ promoterAsk: {} });
export type ThankYou = z.output<typeof thankYouSchema>;

/** Brand names per language; blank entries are dropped (that language uses brandName: src/lib/brand.ts). */
export const brandNamesSchema = z
  .partialRecord(z.enum(LOCALES), z.string().trim().max(80, "Keep the brand under 80 characters."))
  .default({})
  .transform((names) => Object.fromEntries(Object.entries(names).filter(([, name]) => name !== undefined && name !== "")) as Partial<Record<(typeof LOCALES)[number], string>>);

export const surveyContentSchema = z
  .object({
    name: z.string().trim().min(1, "Give the survey a name.").max(120),
    brandName: z.string().trim().min(1, "Name the brand customers are asked about.").max(80),
    /** The brand per language ("Demo Bank" for en, "示例银行" for zh-CN); an empty one falls back to brandName. */
    brandNames: brandNamesSchema,
    kind: z.enum(["RELATIONSHIP", "TRANSACTIONAL"]),
    touchpoint: z
      .string()
      .trim()
      .max(80)
      .transform((value) => (value === "" ? null : value))
      .nullable()
      .default(null),
    defaultLocale: z.enum(LOCALES),
    followUpEnabled: z.boolean(),
    thankYou: thankYouSchema,
    questions: z.array(questionSchema).min(1).max(MAX_QUESTIONS),
  })
  .superRefine((content, ctx) => {
    if (content.kind === "TRANSACTIONAL" && !content.touchpoint) {
      ctx.addIssue({ code: "custom", path: ["touchpoint"], message: "A transactional survey needs its touchpoint." });
    }
    const first = content.questions[0];
    if (!first || first.type !== "NPS" || first.key !== NPS_KEY) {
      ctx.addIssue({ code: "custom", path: ["questions", 0], message: "The NPS question comes first." });
    }
    const seen = new Set<string>();
    content.questions.forEach((question, index) => {
      if (index > 0 && question.type === "NPS") {
        ctx.addIssue({ code: "custom", path: ["questions", index, "type"], message: "A survey has one NPS question." });
      }
      if (question.key === FOLLOW_UP_KEY && question.type !== "OPEN_TEXT") {
        ctx.addIssue({ code: "custom", path: ["questions", index, "type"], message: "The follow-up question is open text." });
      }
      if (seen.has(question.key)) {
        ctx.addIssue({ code: "custom", path: ["questions", index, "key"], message: "Each question needs its own key." });
      }
      seen.add(question.key);
      if (question.type === "SINGLE_CHOICE" || question.type === "MULTIPLE_CHOICE") {
        const keys = question.settings.options.map((option) => option.key);
        if (new Set(keys).size !== keys.length) {
          ctx.addIssue({ code: "custom", path: ["questions", index, "settings", "options"], message: "Each option needs its own key." });
        }
      }
    });
  })
  // Only a transactional survey has a touchpoint; a leftover one (kind switched back) is dropped.
  .transform((content) => (content.kind === "TRANSACTIONAL" ? content : { ...content, touchpoint: null }));
export type SurveyContent = z.output<typeof surveyContentSchema>;
export type SurveyContentInput = z.input<typeof surveyContentSchema>;

export const SURVEY_TEMPLATES = ["standard", "servqual", "kano"] as const;
export type SurveyTemplate = (typeof SURVEY_TEMPLATES)[number];
