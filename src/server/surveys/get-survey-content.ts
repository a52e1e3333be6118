import "server-only";
import { db } from "@/server/db";
import { getSurvey } from "./get-survey";
import { missingTranslationsOf, surveyContentOf, surveyLocales } from "./survey-content";

/** A survey's content for the builder, with what the builder must know: version, status, whether answers exist. */
export async function getSurveyContent({ organizationId, surveyId }: { organizationId: string; surveyId: string }) {
  const survey = await getSurvey({ organizationId, surveyId });
  const [questions, responses] = await Promise.all([
    db.question.findMany({ where: { organizationId, surveyId: survey.id }, orderBy: { position: "asc" } }),
    db.response.count({ where: { organizationId, surveyId: survey.id }, take: 1 }),
  ]);
  const content = surveyContentOf(survey, questions);
  return {
    survey,
    content,
    locales: surveyLocales(survey),
    missing: missingTranslationsOf(survey, questions),
    version: survey.version,
    status: survey.status,
    hasResponses: responses > 0,
    savedKeys: content.questions.map((q) => ({
      key: q.key,
      options: q.type === "SINGLE_CHOICE" || q.type === "MULTIPLE_CHOICE" ? q.settings.options.map((o) => o.key) : [],
    })),
  };
}

/** What a loaded survey still lacks before it can be published (its questions read, nothing else). */
export async function getMissingTranslations({ organizationId, survey }: { organizationId: string; survey: Parameters<typeof missingTranslationsOf>[0] & { id: string } }) {
  const questions = await db.question.findMany({ where: { organizationId, surveyId: survey.id } });
  return missingTranslationsOf(survey, questions);
}
