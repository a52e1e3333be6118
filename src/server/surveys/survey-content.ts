import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { isLocale, type Locale } from "@/i18n/locales";
import { missingTranslations, type MissingText } from "@/lib/survey-content";
import { brandNamesSchema, questionSchema, thankYouSchema, type SurveyContent, type SurveyQuestion } from "@/schemas/survey-content";

type QuestionRow = { key: string; type: string; required: boolean; text: Prisma.JsonValue; settings: Prisma.JsonValue; position: number };
type SurveyRow = {
  name: string;
  brandName: string;
  brandNames: Prisma.JsonValue;
  kind: "RELATIONSHIP" | "TRANSACTIONAL";
  touchpoint: string | null;
  defaultLocale: string;
  locales: string[];
  followUpEnabled: boolean;
  thankYou: Prisma.JsonValue;
};

/** A stored question as the builder and the respondent page read it (null if the row does not parse). */
export function questionFromRow(row: QuestionRow): SurveyQuestion | null {
  const parsed = questionSchema.safeParse({ key: row.key, type: row.type, required: row.required, text: row.text, settings: row.settings ?? {} });
  return parsed.success ? parsed.data : null;
}

/** The survey's questions in order, as typed content. */
export function questionsFromRows(rows: readonly QuestionRow[]): SurveyQuestion[] {
  return [...rows]
    .sort((a, b) => a.position - b.position)
    .map(questionFromRow)
    .filter((question): question is SurveyQuestion => question !== null);
}

export function surveyLocales(survey: Pick<SurveyRow, "locales">): Locale[] {
  const locales = survey.locales.filter(isLocale);
  return locales.length > 0 ? locales : ["zh-CN", "en"];
}

function brandNamesOf(value: Prisma.JsonValue): SurveyContent["brandNames"] {
  const parsed = brandNamesSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

/** The whole editable content of a survey: what the builder shows and what a revision records. */
export function surveyContentOf(survey: SurveyRow, rows: readonly QuestionRow[]): SurveyContent {
  const thankYou = thankYouSchema.safeParse(survey.thankYou ?? {});
  return {
    name: survey.name,
    brandName: survey.brandName,
    brandNames: brandNamesOf(survey.brandNames),
    kind: survey.kind,
    touchpoint: survey.touchpoint,
    defaultLocale: isLocale(survey.defaultLocale) ? survey.defaultLocale : "zh-CN",
    followUpEnabled: survey.followUpEnabled,
    thankYou: thankYou.success ? thankYou.data : { promoterAsk: {} },
    questions: questionsFromRows(rows),
  };
}

/** Texts the stored survey still lacks in one of its languages: what stands between a draft and publishing. */
export function missingTranslationsOf(survey: SurveyRow, rows: readonly QuestionRow[]): MissingText[] {
  return missingTranslations(surveyContentOf(survey, rows), surveyLocales(survey));
}
