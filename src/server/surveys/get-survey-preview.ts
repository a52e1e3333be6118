import "server-only";
import type { Locale } from "@/i18n/locales";
import { driverQuestions } from "@/lib/survey-content";
import { showSurvey, type RespondentView } from "@/server/responses/get-respondent-view";
import { previewCategory } from "@/server/responses/respondent-document";
import { db } from "@/server/db";
import { getSurvey } from "./get-survey";

export type PreviewStep = "start" | "drivers" | "done";

/**
 * The respondent page of a survey as it stands (drafts included), for the builder's preview: the same
 * view the respondent gets, at the chosen step and score, without a token and without recording anything.
 */
export async function getSurveyPreview(options: {
  organizationId: string;
  surveyId: string;
  locale: Locale | null;
  step: PreviewStep;
  score: number;
}): Promise<Exclude<RespondentView, { state: "not_found" }>> {
  const survey = await getSurvey({ organizationId: options.organizationId, surveyId: options.surveyId });
  const questions = await db.question.findMany({ where: { organizationId: options.organizationId, surveyId: survey.id }, orderBy: { position: "asc" } });
  const shown = showSurvey({ ...survey, questions }, options.locale, null, null, false);
  const category = previewCategory(options.score);
  const hasDrivers = driverQuestions(shown.questions).length > 0;
  if (options.step === "start") return { state: "start", submissionKey: null, firstOpen: false, ...shown };
  if (options.step === "drivers" && hasDrivers) return { state: "drivers", category, resume: null, ...shown };
  // The thank-you of a respondent who agreed to be contacted (the one that mentions the follow-up).
  return { state: "done", category, resume: null, contactConsent: true, ...shown };
}
