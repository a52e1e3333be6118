import type { Locale } from "@/i18n/locales";
import type { Translate } from "@/i18n/translate";
import { formatNps, formatNumber, formatPValue, formatShare } from "@/lib/format";
import type { Headline } from "@/server/analytics/get-headline";

/** Change vs the previous period of equal length, with its p-value said plainly; and the response rate. */
export function ChangeCard({ headline, t, locale }: { headline: Headline; t: Translate; locale: Locale }) {
  const { change, previous, responseRate } = headline;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="change">
        <h2 className="text-sm font-medium text-slate-600">{t("analytics.change.title")}</h2>
        {change ? (
          <>
            <p className={`mt-1 text-3xl font-bold tabular-nums ${change.significant ? "text-slate-900" : "text-slate-500"}`} data-testid="change-value">
              {formatNps(change.difference, locale)}
            </p>
            <p className="mt-2 text-sm text-slate-700" data-testid="change-significance">
              {change.significant
                ? t("analytics.change.significant", { p: formatPValue(change.pValue) })
                : t("analytics.change.notSignificant", { p: formatPValue(change.pValue) })}
            </p>
            <p className="mt-1 text-xs text-slate-500">
              {t("analytics.change.previous", {
                from: previous.range.from,
                to: previous.range.to,
                nps: formatNps(previous.stats.nps, locale),
                n: formatNumber(previous.stats.n, locale),
              })}
            </p>
          </>
        ) : (
          <p className="mt-2 text-sm text-slate-600">{t("analytics.change.none")}</p>
        )}
      </div>
      <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="response-rate">
        <h2 className="text-sm font-medium text-slate-600">{t("analytics.responseRate")}</h2>
        {responseRate.rate === null ? (
          <p className="mt-2 text-sm text-slate-600" data-testid="response-rate-scope">{t("analytics.responseRate.none")}</p>
        ) : (
          <>
            <p className="mt-1 text-3xl font-bold tabular-nums text-slate-900">{formatShare(responseRate.rate, locale)}</p>
            <p className="mt-2 text-sm text-slate-700">
              {t("analytics.responseRate.detail", {
                responded: formatNumber(responseRate.responded, locale),
                invitations: formatNumber(responseRate.invitations, locale),
              })}
            </p>
            <p className="mt-1 text-xs text-slate-600" data-testid="response-rate-scope">
              {t("analytics.responseRate.scope")}
            </p>
          </>
        )}
      </div>
    </div>
  );
}
