import type { Locale } from "@/i18n/locales";
import { formatNps, formatNumber, formatShare } from "@/lib/format";
import type { NonResponse, NonResponseRow } from "@/server/analytics/get-non-response";
import { Table, Td, Th } from "@/components/ui/table";
import { interpolate } from "@/i18n/interpolate";

export type NonResponseTableLabels = {
  explanation: string;
  /** With `{invitations}`, `{respondents}`, `{nonRespondents}`, `{rate}`. */
  summary: string;
  attribute: string;
  value: string;
  respondents: string;
  nonRespondents: string;
  gap: string;
  gapHelp: string;
  /** With `{gap}`. */
  gapPoints: string;
  /** With `{count}`, `{total}`. */
  countOf: string;
  largeGap: string;
  /** With `{points}`, `{alpha}`. */
  largeGapHelp: string;
  /** With `{count}`. */
  largeGapsFound: string;
  noLargeGaps: string;
  notSet: string;
  empty: string;
  oneSided: string;
  noAttributes: string;
  /** With `{keys}`. */
  skipped: string;
};

export type NonResponseTableProps = {
  /** getNonResponse's result. */
  data: NonResponse;
  locale: Locale;
  labels: NonResponseTableLabels;
  /** Display names of attribute keys in the page's language; a key without one is shown as it is. */
  attributeLabels?: ReadonlyMap<string, string>;
  /** Show at most this many rows (largest gaps first); default: all. */
  maxRows?: number;
};

function ShareBar({ share, count, total, tone, labels, locale }: {
  share: number | null;
  count: number;
  total: number;
  tone: "respondents" | "nonRespondents";
  labels: NonResponseTableLabels;
  locale: Locale;
}) {
  const colour = tone === "respondents" ? "bg-blue-700" : "bg-slate-400";
  return (
    <div className="flex min-w-40 items-center gap-2" title={interpolate(labels.countOf, { count: formatNumber(count, locale), total: formatNumber(total, locale) })}>
      <div className="h-2.5 w-24 shrink-0 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
        {share !== null && share > 0 && <div className={`h-full ${colour}`} style={{ width: `${Math.min(100, share * 100)}%` }} />}
      </div>
      <span className="tabular-nums text-slate-800" data-testid={`share-${tone}`}>
        {formatShare(share, locale)}
      </span>
    </div>
  );
}

/**
 * Respondents vs non-respondents per contact attribute value: two small bars (share among those who
 * answered, among those who did not), the gap in points, large gaps highlighted (text, not only colour),
 * with a plain-language explanation of why it matters.
 */
export function NonResponseTable({ data, locale, labels, attributeLabels, maxRows }: NonResponseTableProps) {
  const { rows, thresholds } = data;
  const shown = maxRows === undefined ? rows : rows.slice(0, Math.max(0, maxRows));
  const flagged = rows.filter((row) => row.flagged).length;
  const valueLabel = (row: NonResponseRow) => (row.kind === "missing" ? labels.notSet : row.value);
  const largeGapHelp = interpolate(labels.largeGapHelp, {
    points: formatNumber(thresholds.minGapPoints, locale, 1),
    alpha: formatNumber(thresholds.alpha, locale, 3),
  });

  return (
    <div data-testid="non-response">
      <p className="text-sm text-slate-700">{labels.explanation}</p>
      {data.invitations > 0 && (
        <p className="mt-2 text-sm text-slate-600 tabular-nums" data-testid="non-response-summary">
          {interpolate(labels.summary, {
            invitations: formatNumber(data.invitations, locale),
            respondents: formatNumber(data.respondents, locale),
            nonRespondents: formatNumber(data.nonRespondents, locale),
            rate: formatShare(data.responseRate, locale),
          })}
        </p>
      )}

      {data.invitations === 0 ? (
        <p className="mt-4 text-sm text-slate-600" data-testid="non-response-empty">
          {labels.empty}
        </p>
      ) : data.respondents === 0 || data.nonRespondents === 0 ? (
        <p className="mt-4 text-sm text-slate-600" data-testid="non-response-one-sided">
          {labels.oneSided}
        </p>
      ) : rows.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">{labels.noAttributes}</p>
      ) : (
        <>
          <p
            className={`mt-3 rounded-md px-3 py-2 text-sm ${flagged ? "bg-amber-50 text-amber-900" : "bg-slate-50 text-slate-700"}`}
            role="note"
            data-testid="non-response-verdict"
          >
            {flagged ? interpolate(labels.largeGapsFound, { count: formatNumber(flagged, locale) }) : labels.noLargeGaps}
          </p>
          <div className="mt-4">
            <Table
              testId="non-response-table"
              head={
                <>
                  <Th>{labels.attribute}</Th>
                  <Th>{labels.value}</Th>
                  <Th>
                    <span className="inline-flex items-center gap-1.5">
                      <span className="inline-block h-2.5 w-2.5 rounded-full bg-blue-700" aria-hidden="true" />
                      {labels.respondents}
                    </span>
                  </Th>
                  <Th>
                    <span className="inline-flex items-center gap-1.5">
                      <span className="inline-block h-2.5 w-2.5 rounded-full bg-slate-400" aria-hidden="true" />
                      {labels.nonRespondents}
                    </span>
                  </Th>
                  <Th className="text-right">
                    <abbr title={labels.gapHelp} className="cursor-help no-underline">
                      {labels.gap}
                    </abbr>
                  </Th>
                </>
              }
            >
              {shown.map((row) => (
                <tr
                  key={`${row.key}\u0000${row.kind}\u0000${row.value}`}
                  className={`border-b border-slate-100 align-middle last:border-0 ${row.flagged ? "bg-amber-50" : ""}`}
                  data-testid="non-response-row"
                  data-flagged={row.flagged || undefined}
                >
                  <Td className="text-slate-600">{attributeLabels?.get(row.key) ?? row.key}</Td>
                  <Td className={row.kind === "missing" ? "italic text-slate-500" : "font-medium text-slate-900"}>{valueLabel(row)}</Td>
                  <Td>
                    <ShareBar share={row.respondentShare} count={row.respondents} total={data.respondents} tone="respondents" labels={labels} locale={locale} />
                  </Td>
                  <Td>
                    <ShareBar share={row.nonRespondentShare} count={row.nonRespondents} total={data.nonRespondents} tone="nonRespondents" labels={labels} locale={locale} />
                  </Td>
                  <Td className="whitespace-nowrap text-right tabular-nums">
                    <span className={row.flagged ? "font-semibold text-amber-900" : "text-slate-700"} data-testid="gap">
                      {row.gapPoints === null ? "—" : interpolate(labels.gapPoints, { gap: formatNps(row.gapPoints, locale) })}
                    </span>
                    {row.flagged && (
                      <span className="ml-2 rounded bg-amber-200 px-1.5 py-0.5 text-xs font-semibold text-amber-950" title={largeGapHelp}>
                        ⚠ {labels.largeGap}
                      </span>
                    )}
                  </Td>
                </tr>
              ))}
            </Table>
          </div>
          <p className="mt-2 text-xs text-slate-500">{largeGapHelp}</p>
        </>
      )}
      {data.skippedKeys.length > 0 && (
        <p className="mt-2 text-xs text-slate-500">{interpolate(labels.skipped, { keys: data.skippedKeys.map((k) => attributeLabels?.get(k.key) ?? k.key).join(", ") })}</p>
      )}
    </div>
  );
}
