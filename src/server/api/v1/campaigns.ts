import "server-only";
import { pageOf } from "@/lib/api-cursor";
import { createCampaignSchema } from "@/schemas/distribution";
import type { ApiKeyPrincipal } from "@/server/api-keys/require-api-key";
import { db } from "@/server/db";
import { createCampaign } from "@/server/distribution/create-campaign";
import { getCampaign } from "@/server/distribution/list-campaigns";
import { validationError } from "@/server/http/respond";
import type { Enqueuer } from "@/server/queue/queues";
import { assertKnownParams, PAGE_PARAMS, pathId, readPage } from "./params";

const CAMPAIGN_SELECT = {
  id: true,
  surveyId: true,
  name: true,
  audience: true,
  sampleSize: true,
  samplePercent: true,
  status: true,
  scheduledAt: true,
  reminderDays: true,
  audienceCount: true,
  queuedCount: true,
  throttledCount: true,
  unsubscribedCount: true,
  skippedCount: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

/** GET /api/v1/campaigns: the organisation's email campaigns, newest first. */
export async function listApiCampaigns({ principal, searchParams }: { principal: ApiKeyPrincipal; searchParams: URLSearchParams }) {
  assertKnownParams(searchParams, [...PAGE_PARAMS]);
  const { limit, beforeId } = readPage(searchParams);
  const rows = await db.campaign.findMany({
    where: { organizationId: principal.organizationId, ...(beforeId ? { id: { lt: beforeId } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
    select: CAMPAIGN_SELECT,
  });
  return pageOf(rows, limit);
}

/** GET /api/v1/campaigns/{id}: the campaign's status and its email funnel. */
export async function getApiCampaign({ principal, id }: { principal: ApiKeyPrincipal; id: string }) {
  const campaignId = pathId(id, "Campaign");
  const { campaign, funnel } = await getCampaign({ organizationId: principal.organizationId, campaignId });
  const shown = Object.fromEntries(Object.keys(CAMPAIGN_SELECT).map((key) => [key, campaign[key as keyof typeof CAMPAIGN_SELECT]]));
  return { ...shown, status: campaign.status, funnel };
}

/**
 * POST /api/v1/campaigns: creates a campaign for an ACTIVE survey (audience, sample, optional schedule,
 * reminders) and queues its sending — the campaign page's createCampaign. 409 when the survey is not open.
 */
export async function createApiCampaign({ principal, input, enqueue }: { principal: ApiKeyPrincipal; input: unknown; enqueue: Enqueuer }) {
  const parsed = createCampaignSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const campaign = await createCampaign({
    actor: { organizationId: principal.organizationId, userId: principal.createdById, role: "ADMIN" },
    input: parsed.data,
    enqueue,
  });
  return getApiCampaign({ principal, id: campaign.id });
}
