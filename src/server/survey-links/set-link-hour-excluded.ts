import "server-only";
import { AppError } from "@/lib/errors";
import { linkHourSchema } from "@/schemas/survey-link";
import { surveyIdSchema } from "@/schemas/survey";
import { updateResponsesCounted } from "@/server/analytics/response-aggregates";
import { db, TX_OPTIONS } from "@/server/db";
import { assertCanManageSurveyLinks, type SurveyLinkActor } from "./actor";

export type SetLinkHourExcludedOptions = { actor: SurveyLinkActor; surveyId: string; input: unknown };

/**
 * Marks every answer a public link received in one hour as excluded (test / spam: a burst of suspicious
 * answers) — or counts them again. ADMIN and OWNER. The dashboard's aggregates follow exactly: the change runs
 * through updateResponsesCounted (docs/decisions/0011), which uncounts the rows and counts them again in one
 * transaction. Another organisation's link or survey is "not found"; an hour without answers to change is a
 * 409. Returns how many responses changed.
 */
export async function setLinkHourExcluded({ actor, surveyId, input }: SetLinkHourExcludedOptions): Promise<{ changed: number }> {
  assertCanManageSurveyLinks(actor);
  const survey = surveyIdSchema.safeParse(surveyId);
  const parsed = linkHourSchema.safeParse(input);
  if (!survey.success || !parsed.success) throw new AppError("not_found", "Link not found.");
  const { linkId, hour, excluded } = parsed.data;
  const start = new Date(Math.floor(hour.getTime() / 3_600_000) * 3_600_000);
  const end = new Date(start.getTime() + 3_600_000);
  const link = await db.surveyLink.findFirst({ where: { organizationId: actor.organizationId, surveyId: survey.data, id: linkId }, select: { id: true } });
  if (!link) throw new AppError("not_found", "Link not found.");
  const changed = await db.$transaction(async (tx) => {
    const rows = await tx.response.findMany({
      where: { organizationId: actor.organizationId, surveyLinkId: link.id, createdAt: { gte: start, lt: end }, excluded: !excluded },
      select: { id: true },
    });
    const ids = rows.map((row) => row.id);
    if (ids.length === 0) return 0;
    return updateResponsesCounted(tx, actor.organizationId, ids, async () => {
      const result = await tx.response.updateMany({ where: { organizationId: actor.organizationId, id: { in: ids } }, data: { excluded } });
      return result.count;
    });
  }, TX_OPTIONS);
  if (changed === 0) throw new AppError("conflict", "There are no answers of this link in that hour to change.");
  return { changed };
}
