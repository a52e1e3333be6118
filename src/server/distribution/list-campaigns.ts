import "server-only";
import { campaignDisplayStatus } from "@/lib/campaign-status";
import { AppError } from "@/lib/errors";
import { campaignIdSchema } from "@/schemas/distribution";
import { db } from "@/server/db";
import { getFunnel } from "./get-funnel";

export async function listCampaigns({ organizationId, take = 100 }: { organizationId: string; take?: number }) {
  const campaigns = await db.campaign.findMany({
    where: { organizationId },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      name: true,
      status: true,
      createdAt: true,
      scheduledAt: true,
      queuedCount: true,
      survey: { select: { id: true, name: true } },
    },
  });
  const responded = await db.invitation.groupBy({
    by: ["campaignId"],
    where: { organizationId, campaignId: { in: campaigns.map((c) => c.id) }, respondedAt: { not: null } },
    _count: { _all: true },
  });
  const sent = await db.invitation.groupBy({
    by: ["campaignId"],
    where: { organizationId, campaignId: { in: campaigns.map((c) => c.id) }, sentAt: { not: null } },
    _count: { _all: true },
  });
  const sending = campaigns.filter((c) => c.status === "SENDING").map((c) => c.id);
  const pending = sending.length
    ? await db.invitation.groupBy({
        by: ["campaignId"],
        where: { organizationId, campaignId: { in: sending }, sentAt: null, failedAt: null, unsubscribedAt: null },
        _count: { _all: true },
      })
    : [];
  const count = (rows: typeof sent, id: string) => rows.find((row) => row.campaignId === id)?._count._all ?? 0;
  return campaigns.map((campaign) => {
    const sentCount = count(sent, campaign.id);
    return {
      ...campaign,
      status: campaignDisplayStatus(campaign.status, count(pending, campaign.id)),
      sent: sentCount,
      responseRate: sentCount > 0 ? count(responded, campaign.id) / sentCount : null,
    };
  });
}

export type CampaignListItem = Awaited<ReturnType<typeof listCampaigns>>[number];

/** A campaign of this organisation with its funnel; another organisation's is "not found". */
export async function getCampaign({ organizationId, campaignId }: { organizationId: string; campaignId: string }) {
  const id = campaignIdSchema.safeParse(campaignId);
  if (!id.success) throw new AppError("not_found", "Campaign not found.");
  const campaign = await db.campaign.findFirst({
    where: { organizationId, id: id.data },
    include: { survey: { select: { id: true, name: true } } },
  });
  if (!campaign) throw new AppError("not_found", "Campaign not found.");
  const funnel = await getFunnel({ organizationId, campaignId: campaign.id });
  // funnel.queued: the campaign's invitations not yet sent, failed or unsubscribed.
  return { campaign: { ...campaign, status: campaignDisplayStatus(campaign.status, funnel.queued) }, funnel };
}

export type CampaignDetail = Awaited<ReturnType<typeof getCampaign>>;

/** The organisation's default throttle window in days (the new-campaign page names it). */
export async function getOrganizationThrottleDays({ organizationId }: { organizationId: string }): Promise<number> {
  const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { throttleDays: true } });
  return organization.throttleDays;
}
