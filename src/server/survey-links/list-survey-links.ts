import "server-only";
import type { SurveyLinkChannel } from "@/schemas/survey-link";
import { db } from "@/server/db";
import { getSurvey } from "@/server/surveys/get-survey";
import { assertCanViewSurveyLinks, type SurveyLinkActor } from "./actor";

/** What the links page shows about one public link. */
export type SurveyLinkSummary = {
  id: string;
  surveyId: string;
  name: string;
  channel: SurveyLinkChannel;
  /** The tag written into each response's attributes, e.g. "branch" = "浦东支行"; both null when untagged. */
  attributeKey: string | null;
  attributeValue: string | null;
  token: string;
  createdAt: Date;
  disabledAt: Date | null;
  createdBy: string | null;
  /** Responses that came through the link, test/spam (excluded) ones not counted. */
  responses: number;
};

export const SURVEY_LINK_SUMMARY_SELECT = {
  id: true,
  surveyId: true,
  name: true,
  channel: true,
  attributeKey: true,
  attributeValue: true,
  token: true,
  createdAt: true,
  disabledAt: true,
  createdBy: { select: { name: true } },
  _count: { select: { responses: { where: { excluded: false } } } },
} as const;

type SummaryRow = Omit<SurveyLinkSummary, "createdBy" | "responses" | "channel"> & {
  channel: string;
  createdBy: { name: string } | null;
  _count: { responses: number };
};

export function toSurveyLinkSummary({ createdBy, _count, channel, ...row }: SummaryRow): SurveyLinkSummary {
  return { ...row, channel: channel === "QR" ? "QR" : "LINK", createdBy: createdBy?.name ?? null, responses: _count.responses };
}

export type ListSurveyLinksOptions = { actor: SurveyLinkActor; surveyId: string };

/**
 * A survey's public links, newest first, disabled ones included. Another organisation's survey (or an id that
 * is not one) is "not found".
 */
export async function listSurveyLinks({ actor, surveyId }: ListSurveyLinksOptions): Promise<SurveyLinkSummary[]> {
  assertCanViewSurveyLinks(actor);
  const survey = await getSurvey({ organizationId: actor.organizationId, surveyId });
  const rows = await db.surveyLink.findMany({
    where: { organizationId: actor.organizationId, surveyId: survey.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: SURVEY_LINK_SUMMARY_SELECT,
  });
  return rows.map(toSurveyLinkSummary);
}
