import "server-only";
import { createSurveyLinkSchema, type CreateSurveyLinkInput } from "@/schemas/survey-link";
import { ensureAttributeDefinitions } from "@/server/attributes/ensure-attribute-definitions";
import { db } from "@/server/db";
import { generateToken } from "@/server/distribution/token";
import { getSurvey } from "@/server/surveys/get-survey";
import { assertCanManageSurveyLinks, type SurveyLinkActor } from "./actor";
import { SURVEY_LINK_SUMMARY_SELECT, toSurveyLinkSummary, type SurveyLinkSummary } from "./list-survey-links";

export type CreateSurveyLinkOptions = { actor: SurveyLinkActor; surveyId: string; input: CreateSurveyLinkInput };

/**
 * Creates a public (anonymous, multi-use) link to a survey of the actor's organisation, with an unguessable
 * token (256 bits) and an optional attribute tag that the respondent page writes into each response's
 * attributes. Any survey status is allowed: what respondents of a draft or closed survey see is the
 * respondent page's business. Throws a ZodError on invalid input, AppError not_found / forbidden otherwise.
 */
export async function createSurveyLink({ actor, surveyId, input }: CreateSurveyLinkOptions): Promise<SurveyLinkSummary> {
  assertCanManageSurveyLinks(actor);
  const data = createSurveyLinkSchema.parse(input);
  const survey = await getSurvey({ organizationId: actor.organizationId, surveyId });
  const row = await db.$transaction(async (tx) => {
    // A tag is a segment chosen on purpose: its key becomes a dimension unless its name says it is personal.
    if (data.attributeKey) await ensureAttributeDefinitions(tx, actor.organizationId, [data.attributeKey], { intent: "dimension" });
    return tx.surveyLink.create({
      data: {
        organizationId: actor.organizationId,
        surveyId: survey.id,
        token: generateToken(),
        name: data.name,
        channel: data.channel,
        attributeKey: data.attributeKey ?? null,
        attributeValue: data.attributeValue ?? null,
        createdById: actor.userId,
      },
      select: SURVEY_LINK_SUMMARY_SELECT,
    });
  });
  return toSurveyLinkSummary(row);
}
