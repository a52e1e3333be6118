import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { effectiveThrottleDays } from "@/lib/throttle";
import { sampleTarget } from "@/lib/sampling";
import { audienceSchema } from "@/schemas/distribution";
import { classAudienceSql } from "@/server/customer-classes/class-audience";
import { db } from "@/server/db";
import type { Enqueuer } from "@/server/queue/queues";
import { countSkips, insertInvitations, lockOrganizationInvitations } from "./insert-invitations";

export type FanOutOptions = { organizationId: string; campaignId: string; enqueue: Enqueuer; now?: Date };

export type FanOutResult =
  | { started: false }
  | { started: true; audienceCount: number; queuedCount: number; throttledCount: number; unsubscribedCount: number; skippedCount: number };

/**
 * The campaign's audience as SQL over "Contact" c (attribute filters: any listed value, all keys; a customer class:
 * `classSql` from classAudienceSql in src/server/customer-classes, nobody without it).
 */
export function audienceWhere(organizationId: string, audience: unknown, classSql?: Prisma.Sql): Prisma.Sql {
  const parsed = audienceSchema.safeParse(audience);
  const parts = [Prisma.sql`c."organizationId" = ${organizationId}::uuid`];
  if (parsed.success && parsed.data.kind === "filter") {
    for (const [key, values] of Object.entries(parsed.data.attributes)) {
      parts.push(Prisma.sql`c."attributes"->>${key} = ANY(${values}::text[])`);
    }
  }
  if (parsed.success && parsed.data.kind === "class") parts.push(classSql ?? Prisma.sql`FALSE`);
  return Prisma.join(parts, " AND ");
}

function seedOf(audience: unknown): string {
  const seed = typeof audience === "object" && audience !== null ? (audience as Record<string, unknown>).seed : undefined;
  return typeof seed === "string" ? seed : "0";
}

/**
 * Sends a campaign: claims it (SCHEDULED → SENDING, once), draws the audience and its random sample,
 * creates the invitations and skips set-based in one transaction with the throttle of this moment, records
 * the counts on the campaign, and queues the emails. Running it twice does nothing the second time.
 */
export async function fanOutCampaign({ organizationId, campaignId, enqueue, now = new Date() }: FanOutOptions): Promise<FanOutResult> {
  const outcome = await db.$transaction(
    async (tx) => {
      const claimed = await tx.campaign.updateMany({
        where: { organizationId, id: campaignId, status: "SCHEDULED" },
        data: { status: "SENDING", startedAt: now },
      });
      if (claimed.count === 0) return null;
      const campaign = await tx.campaign.findFirstOrThrow({
        where: { organizationId, id: campaignId },
        include: { survey: { select: { throttleDays: true, status: true } }, organization: { select: { throttleDays: true } } },
      });
      await lockOrganizationInvitations(tx, organizationId);
      const where = audienceWhere(organizationId, campaign.audience, await classAudienceSql(organizationId, campaign.audience, now));
      const counted = await tx.$queryRaw<{ n: number }[]>`SELECT COUNT(*)::int AS "n" FROM "Contact" c WHERE ${where}`;
      const audienceCount = counted[0]?.n ?? 0;
      const target = sampleTarget(audienceCount, { sampleSize: campaign.sampleSize, samplePercent: campaign.samplePercent });
      // A uniform random permutation fixed by the campaign's seed: md5 of seed and id.
      const audience =
        target >= audienceCount
          ? Prisma.sql`SELECT c."id" FROM "Contact" c WHERE ${where}`
          : Prisma.sql`SELECT c."id" FROM "Contact" c WHERE ${where} ORDER BY md5(${seedOf(campaign.audience)} || c."id"::text) LIMIT ${target}`;
      const sendAfter = campaign.scheduledAt && campaign.scheduledAt > now ? campaign.scheduledAt : null;
      const result =
        campaign.survey.status === "CLOSED"
          ? { invited: [], skipped: [] }
          : await insertInvitations(tx, {
              organizationId,
              surveyId: campaign.surveyId,
              campaignId,
              source: "campaign",
              channel: "EMAIL",
              audience,
              throttleDays: effectiveThrottleDays(campaign.organization.throttleDays, campaign.survey.throttleDays),
              now,
              sendAfter,
            });
      const counts = { audienceCount: target, queuedCount: result.invited.length, ...countSkips(result.skipped) };
      await tx.campaign.update({
        where: { organizationId_id: { organizationId, id: campaignId } },
        data: { ...counts, ...(result.invited.length === 0 ? { status: "SENT", finishedAt: now } : {}) },
      });
      return { counts, ids: result.invited.map((row) => row.invitationId), sendAfter };
    },
    { maxWait: 30_000, timeout: 10 * 60_000 },
  );
  if (!outcome) return { started: false };
  await enqueue.send(organizationId, outcome.ids, outcome.sendAfter);
  return { started: true, ...outcome.counts };
}
