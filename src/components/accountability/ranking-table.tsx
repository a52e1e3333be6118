import type { Locale } from "@/i18n/locales";
import type { Translate } from "@/i18n/translate";
import { NpsIntervalBar } from "@/components/charts/nps-interval-bar";
import { formatNps, formatNumber } from "@/lib/format";
import type { RankedFigure } from "@/lib/org-ranking";

/** `rankOf`: the number ranked organisation-wide, shown beside a rank that is not numbered within the table. */
export type RankingRow = RankedFigure & { label: string; sublabel: string | null; rankOf?: number | null };

/** A leaderboard: rank by the adjusted estimate, the raw NPS and its interval beside it; small samples greyed or hidden. */
export function RankingTable({
  rows,
  nameHeader,
  subHeader,
  t,
  locale,
  suppressN,
  testId,
}: {
  rows: RankingRow[];
  nameHeader: string;
  subHeader: string | null;
  t: Translate;
  locale: Locale;
  suppressN: number;
  testId: string;
}) {
  return (
    <div className="overflow-x-auto focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-600" tabIndex={0}>
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th className="py-2 pr-4 font-medium">{t("acct.col.rank")}</th>
            <th className="py-2 pr-4 font-medium">{nameHeader}</th>
            {subHeader !== null && <th className="py-2 pr-4 font-medium">{subHeader}</th>}
            <th className="py-2 pr-4 text-right font-medium">{t("acct.col.n")}</th>
            <th className="py-2 pr-4 text-right font-medium">{t("acct.col.shrunk")}</th>
            <th className="py-2 pr-4 text-right font-medium">{t("acct.col.nps")}</th>
            <th className="py-2 font-medium">{t("acct.col.ci")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const stats = row.stats;
            return (
              <tr key={row.id} className={`border-b border-slate-100 last:border-0 ${row.status !== "ok" ? "text-slate-400" : ""}`} data-testid="ranking-row" data-status={row.status}>
                <td className="py-2 pr-4 tabular-nums" data-testid="ranking-rank">
                  {row.rank ?? <span className="text-xs italic">{t("acct.notRanked")}</span>}
                  {row.rank !== null && row.rankOf ? (
                    <span className="ml-1 text-xs text-slate-500" data-testid="ranking-rank-of">
                      {t("acct.rankOf", { total: row.rankOf })}
                    </span>
                  ) : null}
                </td>
                <td className="py-2 pr-4 font-medium" data-testid="ranking-name">
                  {row.label}
                </td>
                {subHeader !== null && <td className="py-2 pr-4 text-slate-600">{row.sublabel ?? t("common.none")}</td>}
                {stats === null ? (
                  <td colSpan={4} className="py-2 text-xs italic" data-testid="ranking-hidden">
                    {t("acct.hidden", { suppressN })}
                  </td>
                ) : (
                  <>
                    <td className="py-2 pr-4 text-right tabular-nums" data-testid="ranking-n">
                      {formatNumber(stats.n, locale)}
                      {row.status === "low" && <span className="ml-1 rounded bg-amber-50 px-1 text-[10px] text-amber-800">{t("acct.tooFew")}</span>}
                    </td>
                    <td className="py-2 pr-4 text-right font-semibold tabular-nums" data-testid="ranking-shrunk">
                      {formatNps(row.shrunkNps, locale)}
                    </td>
                    <td className="py-2 pr-4 text-right tabular-nums" data-testid="ranking-nps">
                      {formatNps(stats.nps, locale)}
                    </td>
                    <td className="py-2">
                      {stats.ciLow !== null && stats.ciHigh !== null && stats.nps !== null && (
                        <div className="flex items-center gap-2">
                          <NpsIntervalBar width="w-32" low={stats.ciLow} high={stats.ciHigh} value={stats.nps} />
                          <span className="whitespace-nowrap text-xs tabular-nums text-slate-500">
                            {formatNps(stats.ciLow, locale)} … {formatNps(stats.ciHigh, locale)}
                          </span>
                        </div>
                      )}
                    </td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
