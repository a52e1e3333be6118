import type { Locale } from "@/i18n/locales";
import type { Translate } from "@/i18n/translate";
import { formatNumber, formatShare } from "@/lib/format";
import type { Funnel } from "@/server/distribution/get-funnel";
import { FunnelChart, type FunnelBar } from "./funnel-chart";

/** The funnel's numbers and chart (campaign page and survey page). */
export function FunnelView({ funnel, t, locale }: { funnel: Funnel; t: Translate; locale: Locale }) {
  const stages: FunnelBar[] = [
    { key: "queued", label: t("funnel.queued"), count: funnel.queued, tone: "neutral" },
    { key: "sent", label: t("funnel.sent"), count: funnel.sent, tone: "flow" },
    { key: "failed", label: t("funnel.failed"), count: funnel.failed, tone: "bad" },
    { key: "opened", label: t("funnel.opened"), count: funnel.opened, tone: "flow" },
    { key: "clicked", label: t("funnel.clicked"), count: funnel.clicked, tone: "flow" },
    { key: "responded", label: t("funnel.responded"), count: funnel.responded, tone: "flow" },
    { key: "unsubscribed", label: t("funnel.unsubscribed"), count: funnel.unsubscribed, tone: "bad" },
    { key: "throttled", label: t("funnel.throttled"), count: funnel.throttled, tone: "neutral" },
  ];
  return (
    <div className="space-y-4" data-testid="funnel">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-9">
        {stages.map((stage) => (
          <div key={stage.key} className="rounded-lg bg-slate-50 p-3" data-testid={`funnel-${stage.key}`}>
            <dt className="text-xs text-slate-600">{stage.label}</dt>
            <dd className="text-xl font-semibold tabular-nums text-slate-900" data-value={stage.count}>
              {formatNumber(stage.count, locale)}
            </dd>
          </div>
        ))}
        <div className="rounded-lg bg-blue-50 p-3" data-testid="funnel-response-rate">
          <dt className="text-xs text-blue-900">{t("funnel.responseRate")}</dt>
          <dd className="text-xl font-semibold tabular-nums text-blue-900">{funnel.responseRate === null ? t("common.none") : formatShare(funnel.responseRate, locale)}</dd>
        </div>
      </dl>
      {funnel.total + funnel.throttled > 0 ? <FunnelChart data={stages} countLabel={t("funnel.count")} /> : <p className="text-sm text-slate-600">{t("funnel.empty")}</p>}
      <p className="text-xs text-slate-500">{t("funnel.openedNote")}</p>
    </div>
  );
}
