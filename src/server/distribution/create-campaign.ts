import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";
import { newSampleSeed } from "@/lib/sampling";
import { createCampaignSchema, type CreateCampaignInput } from "@/schemas/distribution";
import { db } from "@/server/db";
import type { Enqueuer } from "@/server/queue/queues";
import { getSurvey } from "@/server/surveys/get-survey";

export type CampaignActor = { organizationId: string; userId: string | null; role: RoleName };

export type CreateCampaignOptions = {
  actor: CampaignActor;
  input: CreateCampaignInput;
  enqueue: Enqueuer;
  now?: Date;
};

/**
 * Creates a campaign (ADMIN+) and queues its fan-out — now, or at its scheduled time. The invitations
 * themselves are created at send time (fanOutCampaign), so throttling sees the state of that moment.
 */
export async function createCampaign({ actor, input, enqueue, now = new Date() }: CreateCampaignOptions) {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "Sending campaigns needs the ADMIN role or higher.");
  const data = createCampaignSchema.parse(input);
  const survey = await getSurvey({ organizationId: actor.organizationId, surveyId: data.surveyId });
  if (survey.status !== "ACTIVE") {
    throw new AppError("conflict", survey.status === "CLOSED" ? "This survey is closed." : "Publish the survey before sending it.");
  }
  const scheduledAt = data.scheduledAt && data.scheduledAt.getTime() > now.getTime() ? data.scheduledAt : null;
  const campaign = await db.campaign.create({
    data: {
      organizationId: actor.organizationId,
      surveyId: survey.id,
      name: data.name,
      audience: { ...data.audience, seed: newSampleSeed() } as Prisma.InputJsonObject,
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
