import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/distribution/auto-refresh";
import { FunnelView } from "@/components/distribution/funnel-view";
import { Card, PageHeader } from "@/components/ui/card";
import { isAppError } from "@/lib/errors";
import { formatDateTime, formatNumber } from "@/lib/format";
import { audienceSchema } from "@/schemas/distribution";
import { requireUser } from "@/server/auth/session";
import { className, getClassSettings } from "@/server/customer-classes/get-class-settings";
import { getCampaign, type CampaignDetail } from "@/server/distribution/list-campaigns";
import { getTranslator } from "@/server/i18n/request-locale";

export const metadata: Metadata = { title: "Campaign · 发送活动" };

type Props = { params: Promise<{ id: string }> };

export default async function CampaignPage({ params }: Props) {
  const { id } = await params;
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  let detail: CampaignDetail;
  try {
    detail = await getCampaign({ organizationId: viewer.organizationId, campaignId: id });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  const { campaign, funnel } = detail;
  const audience = audienceSchema.safeParse(campaign.audience);
  const audienceClass = audience.success && audience.data.kind === "class" ? audience.data.classKey : null;
  const classRow = audienceClass ? (await getClassSettings(viewer.organizationId)).classes.find((c) => c.key === audienceClass) : undefined;
  const audienceText = audienceClass
    ? t("classes.audience.describe", { name: classRow ? className(classRow, locale) : audienceClass })
    : audience.success && audience.data.kind === "filter"
      ? Object.entries(audience.data.attributes)
          .map(([key, values]) => `${key} = ${values.join(", ")}`)
          .join(" · ")
      : t("campaigns.detail.audienceAll");
  const sampleText =
    campaign.sampleSize != null
      ? t("campaigns.detail.sampleSize", { n: campaign.sampleSize })
      : campaign.samplePercent != null
        ? t("campaigns.detail.samplePercent", { n: campaign.samplePercent })
        : t("campaigns.detail.sampleAll");
  const done = funnel.sent + funnel.failed + funnel.unsubscribed;
  const active = campaign.status === "SCHEDULED" || campaign.status === "SENDING" || funnel.queued > 0;
  return (
    <>
      <AutoRefresh active={active} />
      <PageHeader
        title={campaign.name}
        subtitle={`${campaign.survey.name} · ${t(`campaigns.status.${campaign.status}`)}`}
        actions={
          <Link href="/campaigns" className="text-sm font-medium text-blue-800 hover:underline">
            ← {t("campaigns.title")}
          </Link>
        }
      />
      <div className="space-y-6">
        <Card>
          <dl className="grid gap-4 text-sm sm:grid-cols-2 lg:grid-cols-4">
            <div>
              <dt className="text-slate-500">{t("campaigns.detail.audience")}</dt>
              <dd className="font-medium">{audienceText}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("campaigns.detail.sample")}</dt>
              <dd className="font-medium">{sampleText}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("campaigns.scheduled")}</dt>
              <dd className="font-medium">{campaign.scheduledAt ? formatDateTime(campaign.scheduledAt, locale, viewer.timeZone) : t("common.none")}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("campaigns.detail.reminders")}</dt>
              <dd className="font-medium">
                {campaign.reminderDays.length === 0
                  ? t("campaigns.detail.remindersOff")
                  : t("campaigns.detail.remindersDays", { days: campaign.reminderDays.join(", ") })}
              </dd>
            </div>
          </dl>
        </Card>
        <Card title={t("campaigns.detail.progress")}>
          <p className="text-sm text-slate-700" data-testid="campaign-progress">
            {t("campaigns.detail.progressText", { done: formatNumber(done, locale), total: formatNumber(funnel.total, locale) })}
          </p>
          <div className="mt-2 h-2 w-full overflow-hidden rounded bg-slate-100">
            <div className="h-2 bg-blue-600" style={{ width: `${funnel.total ? Math.round((100 * done) / funnel.total) : 0}%` }} />
          </div>
          <p className="mt-3 text-sm text-slate-600" data-testid="campaign-skipped">
            {t("campaigns.detail.skipped")}:{" "}
            {t("campaigns.detail.skippedText", {
              throttled: formatNumber(campaign.throttledCount, locale),
              unsubscribed: formatNumber(campaign.unsubscribedCount, locale),
              other: formatNumber(campaign.skippedCount, locale),
            })}
          </p>
        </Card>
        <Card title={t("funnel.title")}>
          <FunnelView funnel={funnel} t={t} locale={locale} />
        </Card>
      </div>
    </>
  );
}
