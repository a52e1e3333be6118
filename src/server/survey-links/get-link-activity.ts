import "server-only";
import { flagBursts } from "@/lib/link-guard";
import { db } from "@/server/db";
import { getSurvey } from "@/server/surveys/get-survey";
import { assertCanViewSurveyLinks, type SurveyLinkActor } from "./actor";

/** How many days back the links page looks at answers per hour. */
export const LINK_ACTIVITY_DAYS = 14;

/** One hour of one public link's answers. */
export type LinkHourActivity = {
  linkId: string;
  /** The start of the hour (UTC hour boundary). */
  hour: Date;
  answers: number;
  /** Distinct client addresses (their keyed hashes) among the answers. */
  addresses: number;
  /** Answers from the busiest single address. */
  topAddressAnswers: number;
  excluded: number;
  /** A burst of suspicious answers (src/lib/link-guard.ts flagBursts). */
  burst: boolean;
};

type Row = { linkId: string; hour: Date; answers: number; addresses: number; topAddressAnswers: number; excluded: number };

/**
 * A survey's public-link answers per link and hour over the last LINK_ACTIVITY_DAYS days, newest first, with
 * bursts flagged against each link's own typical hour. Counted in SQL from the (organizationId, surveyLinkId,
 * createdAt) index; excluded answers count here (so a burst stays visible after it was excluded).
 */
export async function getLinkActivity({ actor, surveyId, now = new Date() }: { actor: SurveyLinkActor; surveyId: string; now?: Date }): Promise<LinkHourActivity[]> {
  assertCanViewSurveyLinks(actor);
  const survey = await getSurvey({ organizationId: actor.organizationId, surveyId });
  const since = new Date(now.getTime() - LINK_ACTIVITY_DAYS * 24 * 3600 * 1000);
  const rows = await db.$queryRaw<Row[]>`
    WITH per_address AS (
      SELECT r."surveyLinkId" AS "linkId", date_trunc('hour', r."createdAt") AS hour, r."clientHash",
             count(*)::int AS n, count(*) FILTER (WHERE r."excluded")::int AS excluded
      FROM "SurveyLink" l
      JOIN "Response" r ON r."organizationId" = l."organizationId" AND r."surveyLinkId" = l."id"
      WHERE l."organizationId" = ${actor.organizationId}::uuid AND l."surveyId" = ${survey.id}::uuid
        AND r."organizationId" = ${actor.organizationId}::uuid AND r."createdAt" >= ${since}::timestamptz
      GROUP BY 1, 2, 3
    )
    SELECT "linkId", hour, sum(n)::int AS answers, count("clientHash")::int AS addresses,
           max(CASE WHEN "clientHash" IS NULL THEN 0 ELSE n END)::int AS "topAddressAnswers", sum(excluded)::int AS excluded
    FROM per_address GROUP BY 1, 2 ORDER BY 2 DESC, 1`;
  const byLink = new Map<string, Row[]>();
  for (const row of rows) byLink.set(row.linkId, [...(byLink.get(row.linkId) ?? []), row]);
  const flagged = new Map<Row, boolean>();
  for (const hours of byLink.values()) flagBursts(hours).forEach((hour, i) => flagged.set(hours[i] as Row, hour.burst));
  return rows.map((row) => ({ ...row, burst: flagged.get(row) ?? false }));
}
