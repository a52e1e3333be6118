import "server-only";
import { AppError } from "@/lib/errors";
import { surveyLinkIdSchema } from "@/schemas/survey-link";
import { surveyIdSchema } from "@/schemas/survey";
import { db } from "@/server/db";
import { assertCanManageSurveyLinks, type SurveyLinkActor } from "./actor";
import { SURVEY_LINK_SUMMARY_SELECT, toSurveyLinkSummary, type SurveyLinkSummary } from "./list-survey-links";

export type DisableSurveyLinkOptions = { actor: SurveyLinkActor; surveyId: string; linkId: string };

/**
 * Disables a public link of the actor's organisation: respondents opening it are turned away from now on
 * (by the respondent page). Idempotent — a disabled link keeps its first disabledAt. Another organisation's
 * link, a link of another survey, or an id that is not one is "not found".
 */
export async function disableSurveyLink({ actor, surveyId, linkId }: DisableSurveyLinkOptions): Promise<SurveyLinkSummary> {
  assertCanManageSurveyLinks(actor);
  const survey = surveyIdSchema.safeParse(surveyId);
  const link = surveyLinkIdSchema.safeParse(linkId);
  if (!survey.success || !link.success) throw new AppError("not_found", "Link not found.");
  const where = { id: link.data, surveyId: survey.data, organizationId: actor.organizationId };
  await db.surveyLink.updateMany({ where: { ...where, disabledAt: null }, data: { disabledAt: new Date() } });
  const row = await db.surveyLink.findFirst({ where, select: SURVEY_LINK_SUMMARY_SELECT });
  if (!row) throw new AppError("not_found", "Link not found.");
  return toSurveyLinkSummary(row);
}
