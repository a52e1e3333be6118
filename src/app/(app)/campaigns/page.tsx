import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatDateTime, formatNumber, formatShare } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { listCampaigns } from "@/server/distribution/list-campaigns";
import { getTranslator } from "@/server/i18n/request-locale";

export const metadata: Metadata = { title: "Campaigns · 发送活动" };

export default async function CampaignsPage() {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const campaigns = await listCampaigns({ organizationId: viewer.organizationId });
  const canSend = hasRole(viewer.role, "ADMIN");
  return (
    <>
      <PageHeader
        title={t("campaigns.title")}
        subtitle={t("campaigns.subtitle")}
        actions={
          canSend ? (
            <Link href="/campaigns/new" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800" data-testid="new-campaign">
              {t("campaigns.new")}
            </Link>
          ) : undefined
        }
      />
      {!canSend && <p className="mb-4 text-sm text-slate-600">{t("campaigns.viewOnly")}</p>}
      <Card>
        {campaigns.length === 0 ? (
          <p className="text-sm text-slate-600">{t("campaigns.empty")}</p>
        ) : (
          <Table
            testId="campaigns"
            head={
              <>
                <Th>{t("campaigns.name")}</Th>
                <Th>{t("campaigns.survey")}</Th>
                <Th>{t("campaigns.status")}</Th>
                <Th>{t("campaigns.scheduled")}</Th>
                <Th className="text-right">{t("campaigns.invited")}</Th>
                <Th className="text-right">{t("funnel.sent")}</Th>
                <Th className="text-right">{t("campaigns.responseRate")}</Th>
              </>
            }
          >
            {campaigns.map((campaign) => (
              <Tr key={campaign.id}>
                <Td>
                  <Link href={`/campaigns/${campaign.id}`} className="font-medium text-blue-800 hover:underline">
                    {campaign.name}
                  </Link>
                </Td>
                <Td>{campaign.survey.name}</Td>
                <Td>{t(`campaigns.status.${campaign.status}`)}</Td>
                <Td className="whitespace-nowrap">{campaign.scheduledAt ? formatDateTime(campaign.scheduledAt, locale, viewer.timeZone) : t("common.none")}</Td>
                <Td className="text-right tabular-nums">{formatNumber(campaign.queuedCount, locale)}</Td>
                <Td className="text-right tabular-nums">{formatNumber(campaign.sent, locale)}</Td>
                <Td className="text-right tabular-nums">{formatShare(campaign.responseRate, locale)}</Td>
              </Tr>
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}
