import "server-only";
import type { Locale } from "@/i18n/locales";
import type { MessageKey, Translate } from "@/i18n/translate";
import { classifyScore, isValidScore, npsFromHistogram, toApiStats } from "@/lib/nps";
import { neutralizeCell, neutralizeValue, type CellValue } from "@/lib/spreadsheet-safety";
import type { ChannelName } from "@/schemas/analytics";
import type { AnalyticsFilter } from "@/server/analytics/filter";
import type { ExportRow } from "./response-rows";

export type { CellValue };

const FIXED_COLUMNS = [
  "export.column.respondedAt",
  "export.column.survey",
  "export.column.score",
  "export.column.category",
  "export.column.comment",
  "export.column.language",
  "export.column.channel",
  "export.column.touchpoint",
  "export.column.contactEmail",
] as const satisfies readonly MessageKey[];

/** Column widths (characters) for the spreadsheet: the fixed columns, then every attribute column. */
export const FIXED_COLUMN_WIDTHS = [17, 24, 12, 11, 60, 9, 10, 16, 28] as const;
export const ATTRIBUTE_COLUMN_WIDTH = 16;
export const SCORE_COLUMN_INDEX = 2;

const CHANNEL_KEYS: Record<ChannelName, MessageKey> = {
  EMAIL: "export.channel.EMAIL",
  LINK: "export.channel.LINK",
  QR: "export.channel.QR",
  API: "export.channel.API",
  SMS: "export.channel.SMS",
  IMPORT: "export.channel.IMPORT",
};

/** An attribute column: its key, and its display names when the organisation has defined it. */
export type AttributeColumn = string | { key: string; label?: Readonly<Record<Locale, string>> };

const columnKey = (column: AttributeColumn): string => (typeof column === "string" ? column : column.key);

/**
 * The header row: translated fixed columns, then the attribute columns under their display names in the
 * translator's language (the key when there is none). Neutralised.
 */
export function headerRow(t: Translate, attributeColumns: readonly AttributeColumn[]): string[] {
  const locale: Locale = t.locale ?? "en";
  const attributeHeader = (column: AttributeColumn) => (typeof column === "string" ? column : (column.label?.[locale] ?? column.key));
  return [...FIXED_COLUMNS.map((key) => t(key)), ...attributeColumns.map(attributeHeader)].map(neutralizeCell);
}

/** An attribute value as a cell: strings and numbers as they are, anything else as its JSON. */
function attributeCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? null;
}

function attributeOf(attributes: unknown, key: string): unknown {
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) return undefined;
  return Object.prototype.hasOwnProperty.call(attributes, key) ? (attributes as Record<string, unknown>)[key] : undefined;
}

/** Turns database rows into spreadsheet rows; every text cell neutralised, the score a number. */
export function createRowMapper(t: Translate, attributeColumns: readonly AttributeColumn[]): (row: ExportRow) => CellValue[] {
  const attributeKeys = attributeColumns.map(columnKey);
  const categoryLabel = {
    PROMOTER: t("export.category.PROMOTER"),
    PASSIVE: t("export.category.PASSIVE"),
    DETRACTOR: t("export.category.DETRACTOR"),
  } as const;
  const channelLabels = new Map(Object.entries(CHANNEL_KEYS).map(([channel, key]) => [channel, t(key)]));
  const channelLabel = (channel: string): string => channelLabels.get(channel) ?? channel;
  return (row) => {
    const score = isValidScore(row.score) ? row.score : null;
    const cells: CellValue[] = [
      row.localTime,
      row.surveyName,
      score,
      score === null ? null : categoryLabel[classifyScore(score)],
      row.comment,
      row.locale,
      channelLabel(row.channel),
      row.touchpoint,
      row.email,
    ];
    for (const key of attributeKeys) cells.push(attributeCell(attributeOf(row.attributes, key)));
    return cells.map(neutralizeValue);
  };
}

/** Counts the 0–10 answers of the exported rows as they stream past (for the summary sheet). */
export class ScoreTally {
  readonly histogram: number[] = new Array<number>(11).fill(0);
  rows = 0;

  add(row: ExportRow): void {
    this.rows += 1;
    if (isValidScore(row.score)) this.histogram[row.score] = (this.histogram[row.score] ?? 0) + 1;
  }
}

export type SummaryContext = {
  filter: AnalyticsFilter;
  timeZone: string;
  surveyNames: readonly string[];
  /** "2026-11-22 09:30" in the export's time zone. */
  exportedAt: string;
};

function describeFilter(t: Translate, context: SummaryContext): string {
  const { filter } = context;
  const parts: string[] = [];
  if (context.surveyNames.length) parts.push(`${t("export.summary.filter.surveys")}: ${context.surveyNames.join(", ")}`);
  if (filter.channels.length) {
    parts.push(`${t("export.summary.filter.channels")}: ${filter.channels.map((c) => t(CHANNEL_KEYS[c])).join(", ")}`);
  }
  if (filter.touchpoints.length) parts.push(`${t("export.summary.filter.touchpoints")}: ${filter.touchpoints.join(", ")}`);
  for (const [key, values] of Object.entries(filter.attributes)) {
    if (values.length) parts.push(`${key}: ${values.join(", ")}`);
  }
  return parts.length ? parts.join("; ") : t("export.summary.noFilters");
}

/**
 * The summary sheet: the filter, then n, P/P/D, NPS with its CI and the mean of the exported rows, computed
 * by src/lib/nps.ts from their 0–10 histogram (the rollup the dashboard reads holds the same histogram), and
 * rounded as the API rounds them.
 */
export function summaryRows(t: Translate, tally: ScoreTally, context: SummaryContext): CellValue[][] {
  const stats = toApiStats(npsFromHistogram(tally.histogram));
  const rows: [string, CellValue][] = [
    [t("export.summary.period"), t("export.summary.periodValue", { from: context.filter.range.from, to: context.filter.range.to })],
    [t("export.summary.timeZone"), context.timeZone],
    [t("export.summary.filters"), describeFilter(t, context)],
    [t("export.summary.rows"), tally.rows],
    [t("export.summary.n"), stats.n],
    [t("export.summary.promoters"), stats.promoters],
    [t("export.summary.passives"), stats.passives],
    [t("export.summary.detractors"), stats.detractors],
    [t("export.summary.nps"), stats.nps],
    [t("export.summary.ciLow"), stats.ciLow],
    [t("export.summary.ciHigh"), stats.ciHigh],
    [t("export.summary.mean"), stats.mean],
    [t("export.summary.exportedAt"), context.exportedAt],
  ];
  return [
    [t("export.summary.figure"), t("export.summary.value")].map(neutralizeCell),
    ...rows.map(([label, value]) => [neutralizeCell(label), neutralizeValue(value)]),
    [],
    [neutralizeCell(t("export.summary.note"))],
  ];
}
