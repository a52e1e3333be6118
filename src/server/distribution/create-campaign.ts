import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";
import { newSampleSeed, sampleTarget } from "@/lib/sampling";
import { effectiveThrottleDays, throttleCutoff } from "@/lib/throttle";
import { createCampaignSchema, type CreateCampaignInput } from "@/schemas/distribution";
import { classAudienceSql } from "@/server/customer-classes/class-audience";
import { db } from "@/server/db";
import type { Enqueuer } from "@/server/queue/queues";
import { getSurvey } from "@/server/surveys/get-survey";
import { audienceWhere } from "./fan-out-campaign";

export type CampaignActor = { organizationId: string; userId: string | null; role: RoleName };

export type CreateCampaignOptions = {
  actor: CampaignActor;
  input: CreateCampaignInput;
  enqueue: Enqueuer;
  now?: Date;
  /** The sample's seed shown in the confirmation (previewCampaign), so the recipients shown are among those drawn. */
  seed?: string;
};

const SEED = /^[0-9a-f]{16}$/;

/**
 * Creates a campaign (ADMIN+) and queues its fan-out — now, or at its scheduled time. The invitations
 * themselves are created at send time (fanOutCampaign), so throttling sees the state of that moment.
 */
export async function createCampaign({ actor, input, enqueue, now = new Date(), seed }: CreateCampaignOptions) {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "Sending campaigns needs the ADMIN role or higher.");
  const data = createCampaignSchema.parse(input);
  const survey = await getSurvey({ organizationId: actor.organizationId, surveyId: data.surveyId });
  if (survey.status !== "ACTIVE") {
    throw new AppError("conflict", survey.status === "CLOSED" ? "This survey is closed." : "Publish the survey before sending it.");
  }
  await classAudienceSql(actor.organizationId, data.audience, now, { strict: true });
  const scheduledAt = data.scheduledAt && data.scheduledAt.getTime() > now.getTime() ? data.scheduledAt : null;
  const campaign = await db.campaign.create({
    data: {
      organizationId: actor.organizationId,
      surveyId: survey.id,
      name: data.name,
      audience: { ...data.audience, seed: seed && SEED.test(seed) ? seed : newSampleSeed() } as Prisma.InputJsonObject,
      sampleSize: data.sampleSize ?? null,
      samplePercent: data.samplePercent ?? null,
      status: "SCHEDULED",
      scheduledAt: scheduledAt ?? now,
      reminderDays: data.reminderDays,
      createdById: actor.userId,
    },
  });
  await enqueue.fanout({ organizationId: actor.organizationId, campaignId: campaign.id }, scheduledAt);
  return campaign;
}

export type CampaignPreview = {
  /** The seed of the sample drawn here; pass it to createCampaign so the recipients shown are the ones drawn. */
  seed: string;
  /** Contacts matching the audience. */
  audienceCount: number;
  /** Drawn by the sample (= audienceCount without one). */
  sampledCount: number;
  /** Of those drawn: who would get an email now, and who would be skipped and why. */
  recipientCount: number;
  throttledCount: number;
  unsubscribedCount: number;
  noEmailCount: number;
  /** Up to `sampleLimit` recipients, in the sample's order. */
  sample: { name: string | null; email: string; locale: string | null }[];
};

/**
 * What a campaign would do if sent now (ADMIN+), for the confirmation before sending: the audience's size, the
 * sample drawn from it (with a fresh seed), how many of those would be emailed or skipped — the same rules as the
 * fan-out (erased, no email, unsubscribed, throttled across surveys and channels) — and a few recipients. Reads only.
 * The fan-out at send time applies the rules again: scheduled campaigns see that moment's contacts.
 */
export async function previewCampaign({
  actor,
  input,
  now = new Date(),
  sampleLimit = 5,
  seed = newSampleSeed(),
}: {
  actor: CampaignActor;
  input: CreateCampaignInput;
  now?: Date;
  sampleLimit?: number;
  seed?: string;
}): Promise<CampaignPreview> {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "Sending campaigns needs the ADMIN role or higher.");
  const data = createCampaignSchema.parse(input);
  const { organizationId } = actor;
  const survey = await getSurvey({ organizationId, surveyId: data.surveyId });
  if (survey.status !== "ACTIVE") {
    throw new AppError("conflict", survey.status === "CLOSED" ? "This survey is closed." : "Publish the survey before sending it.");
  }
  const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { throttleDays: true } });
  const where = audienceWhere(organizationId, data.audience, await classAudienceSql(organizationId, data.audience, now, { strict: true }));
  const counted = await db.$queryRaw<{ n: number }[]>`SELECT COUNT(*)::int AS "n" FROM "Contact" c WHERE ${where}`;
  const audienceCount = counted[0]?.n ?? 0;
  const target = sampleTarget(audienceCount, { sampleSize: data.sampleSize, samplePercent: data.samplePercent });
  const drawn =
    target >= audienceCount
      ? Prisma.sql`SELECT c."id", md5(${seed} || c."id"::text) AS "order" FROM "Contact" c WHERE ${where}`
      : Prisma.sql`SELECT c."id", md5(${seed} || c."id"::text) AS "order" FROM "Contact" c WHERE ${where} ORDER BY md5(${seed} || c."id"::text) LIMIT ${target}`;
  const cutoff = throttleCutoff(now, effectiveThrottleDays(organization.throttleDays, survey.throttleDays));
  const throttled = cutoff
    ? Prisma.sql`(c."lastInvitedAt" > ${cutoff} OR EXISTS (
        SELECT 1 FROM "Invitation" i
        WHERE i."organizationId" = ${organizationId}::uuid AND i."contactId" = c."id" AND i."createdAt" > ${cutoff} AND i."failedAt" IS NULL))`
    : Prisma.sql`FALSE`;
  const classified = Prisma.sql`
    SELECT c."name", c."email", c."locale", d."order",
      CASE
        WHEN c."erasedAt" IS NOT NULL OR c."email" IS NULL OR c."email" = '' THEN 'NO_EMAIL'
        WHEN c."unsubscribedAt" IS NOT NULL THEN 'UNSUBSCRIBED'
        WHEN ${throttled} THEN 'THROTTLED'
        ELSE 'OK'
      END AS "reason"
    FROM (${drawn}) d JOIN "Contact" c ON c."organizationId" = ${organizationId}::uuid AND c."id" = d."id"`;
  const [counts, sample] = await Promise.all([
    db.$queryRaw<{ reason: string; n: number }[]>`SELECT k."reason", COUNT(*)::int AS "n" FROM (${classified}) k GROUP BY k."reason"`,
    db.$queryRaw<{ name: string | null; email: string; locale: string | null }[]>`
      SELECT k."name", k."email", k."locale" FROM (${classified}) k WHERE k."reason" = 'OK' ORDER BY k."order" LIMIT ${sampleLimit}`,
  ]);
  const count = (reason: string) => counts.find((row) => row.reason === reason)?.n ?? 0;
  return {
    seed,
    audienceCount,
    sampledCount: target,
    recipientCount: count("OK"),
    throttledCount: count("THROTTLED"),
    unsubscribedCount: count("UNSUBSCRIBED"),
    noEmailCount: count("NO_EMAIL"),
    sample,
  };
}
