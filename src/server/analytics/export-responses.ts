import "server-only";
import type { Locale } from "@/i18n/locales";
import { createTranslator } from "@/i18n/translate";
import type { PersonalDataView } from "@/lib/personal-data";
import type { CellValue } from "@/lib/spreadsheet-safety";
import { attributeRolesFor } from "@/server/contacts/attribute-roles";
import { maskExportRow } from "@/server/export/mask-row";
import { type ExportFormat } from "@/server/export/format";
import { discoverAttributeKeys, responseBatches, surveyNames, type ExportRow } from "@/server/export/response-rows";
import { toWebStream } from "@/server/export/streams";
import {
  ATTRIBUTE_COLUMN_WIDTH,
  createRowMapper,
  FIXED_COLUMN_WIDTHS,
  headerRow,
  ScoreTally,
  summaryRows,
} from "@/server/export/table";
import { csvStream } from "@/server/export/write-csv";
import { xlsxStream } from "@/server/export/write-xlsx";
import type { AnalyticsFilter } from "./filter";

export type ExportResponsesOptions = {
  filter: AnalyticsFilter;
  format: ExportFormat;
  /** Language of the headers, categories, channels and the summary sheet. */
  locale: Locale;
  /** Time zone of the "responded at" column; the filter's (the organisation's) by default. */
  timeZone?: string;
  /** Rows per database round trip (keyset pagination). */
  batchSize?: number;
  /** "Now", for the summary's "exported at" (tests). */
  now?: Date;
  /** "masked": emails and personal attributes masked for a role that does not need them (src/lib/personal-data.ts). */
  personalData?: PersonalDataView;
};

function localMinute(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}`;
}

/**
 * The filtered responses (the dashboard's filter, raw rows, excluded ones left out) as CSV or XLSX, streamed:
 * rows come out of PostgreSQL in keyset-paginated batches as the reader pulls, so a million rows never sit in
 * memory. Columns: responded at (local time), survey, score, category, comment, language, channel,
 * touchpoint, contact email (empty once erased), then one column per attribute key found in the filtered
 * rows. Every text cell is neutralised against formula injection. XLSX adds a summary sheet (n, P/P/D, NPS
 * with its 95 % CI, mean) computed from the exported rows.
 *
 * Resolves once the attribute keys are known (so a database failure is still an ordinary error, before any
 * byte is sent); a failure later on errors the stream.
 */
export async function exportResponses(options: ExportResponsesOptions): Promise<ReadableStream<Uint8Array>> {
  const { filter, format, locale } = options;
  const timeZone = options.timeZone ?? filter.timeZone;
  const t = createTranslator(locale);
  const personalData = options.personalData ?? "full";
  const [attributeKeys, names, roles] = await Promise.all([discoverAttributeKeys(filter), surveyNames(filter), attributeRolesFor(filter.organizationId, personalData)]);
  const header = headerRow(t, attributeKeys);
  const toCells = createRowMapper(t, attributeKeys);
  const tally = new ScoreTally();

  async function* cellBatches(): AsyncGenerator<CellValue[][], void, undefined> {
    for await (const batch of responseBatches({ filter, timeZone, batchSize: options.batchSize })) {
      yield batch.map((row: ExportRow) => {
        tally.add(row);
        return toCells(maskExportRow(row, personalData, roles));
      });
    }
  }

  if (format === "csv") return toWebStream(csvStream(header, cellBatches()));
  return toWebStream(
    xlsxStream({
      data: {
        name: t("export.sheet.responses"),
        header,
        columnWidths: [...FIXED_COLUMN_WIDTHS, ...attributeKeys.map(() => ATTRIBUTE_COLUMN_WIDTH)],
        rows: cellBatches(),
      },
      summary: () => ({
        name: t("export.sheet.summary"),
        columnWidths: [48, 40],
        rows: summaryRows(t, tally, {
          filter,
          timeZone,
          surveyNames: names,
          exportedAt: localMinute(options.now ?? new Date(), timeZone),
        }),
      }),
    }),
  );
}
