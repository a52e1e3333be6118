import "server-only";
import { missingTranslations } from "@/lib/survey-content";
import { db } from "@/server/db";
import { getSurvey } from "./get-survey";
import { surveyContentOf, surveyLocales } from "./survey-content";

/** A survey's content for the builder, with what the builder must know: version, status, whether answers exist. */
export async function getSurveyContent({ organizationId, surveyId }: { organizationId: string; surveyId: string }) {
  const survey = await getSurvey({ organizationId, surveyId });
  const [questions, responses] = await Promise.all([
    db.question.findMany({ where: { organizationId, surveyId: survey.id }, orderBy: { position: "asc" } }),
    db.response.count({ where: { organizationId, surveyId: survey.id }, take: 1 }),
  ]);
  const content = surveyContentOf(survey, questions);
  const locales = surveyLocales(survey);
  return {
    survey,
    content,
    locales,
    missing: missingTranslations(content, locales),
    version: survey.version,
    status: survey.status,
    hasResponses: responses > 0,
    savedKeys: content.questions.map((q) => ({
      key: q.key,
      options: q.type === "SINGLE_CHOICE" || q.type === "MULTIPLE_CHOICE" ? q.settings.options.map((o) => o.key) : [],
    })),
  };
}
