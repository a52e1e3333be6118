import "server-only";
import { PassThrough, type Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { CellValue } from "@/lib/spreadsheet-safety";
import { drained } from "./streams";

/** Excel's limit on the characters of one cell. */
export const XLSX_MAX_CELL_CHARS = 32_767;
/** Uncompressed bytes allowed to wait for the zip compressor before the writer pauses. */
const ZIP_BACKLOG_LIMIT = 4 * 1024 * 1024;
/** Rows written between two chances for the compressor to run. */
const ROWS_PER_SLICE = 250;

export type XlsxSheet = {
  name: string;
  header: readonly string[];
  columnWidths?: readonly number[];
  rows: AsyncIterable<CellValue[][]>;
};

export type XlsxDocument = {
  /** The large sheet, streamed row by row. */
  data: XlsxSheet;
  /** A small sheet written after the data sheet (built once the data has streamed past). */
  summary: () => { name: string; rows: CellValue[][]; columnWidths?: readonly number[] };
};

function stateLength(stream: object, key: "_writableState" | "_readableState"): number {
  const state: unknown = Reflect.get(stream, key);
  if (typeof state !== "object" || state === null) return 0;
  const length: unknown = Reflect.get(state, "length");
  return typeof length === "number" ? length : 0;
}

/**
 * Bytes a streaming worksheet has handed towards the zip compressor that are not compressed yet.
 *
 * exceljs 4.4 writes each committed row into a StreamBuf that is piped into archiver without honouring
 * backpressure, and the compressor only gets the event loop between our batches: left alone, a fast database
 * outruns zlib and the uncompressed XML piles up in memory (≈ 0.5 GB for a million rows). This reads the
 * buffered length of the streams the worksheet's StreamBuf pipes into (exceljs `worksheet.stream.pipes`,
 * Node/readable-stream `_writableState.length` / `_readableState.length`) plus what the StreamBuf still holds
 * (`buffers`), so the writer can wait. It returns 0 if those internals change (a test watches for that: tests/integration/export-responses.test.ts).
 */
export function zipBacklog(worksheet: ExcelJS.Worksheet): number {
  const stream: unknown = Reflect.get(worksheet, "stream");
  if (typeof stream !== "object" || stream === null) return 0;
  let total = 0;
  // Not yet piped (the zip has not reached this entry): the StreamBuf keeps the data itself.
  const buffers: unknown = Reflect.get(stream, "buffers");
  if (Array.isArray(buffers)) {
    for (const buffer of buffers as unknown[]) {
      const length: unknown = typeof buffer === "object" && buffer !== null ? Reflect.get(buffer, "length") : undefined;
      if (typeof length === "number") total += length;
    }
  }
  const pipes: unknown = Reflect.get(stream, "pipes");
  if (!Array.isArray(pipes)) return total;
  for (const pipe of pipes as unknown[]) {
    if (typeof pipe === "object" && pipe !== null) total += stateLength(pipe, "_writableState") + stateLength(pipe, "_readableState");
  }
  return total;
}

/** One turn of the event loop: completed compression work gets handled. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Waits for I/O (the compressor's thread) without spinning. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

function cellForXlsx(value: CellValue): string | number | null {
  return typeof value === "string" && value.length > XLSX_MAX_CELL_CHARS ? value.slice(0, XLSX_MAX_CELL_CHARS) : value;
}

/**
 * An .xlsx workbook streamed with exceljs's WorkbookWriter: the data sheet (bold, frozen, filterable header;
 * rows committed as they are written, inline strings so nothing is kept per row), then the summary sheet.
 * Memory stays flat: the writer pauses while the reader is slow or the compressor is behind.
 */
export function xlsxStream(document: XlsxDocument): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const stopped = () => output.destroyed;

  const waitForRoom = async (worksheet: ExcelJS.Worksheet) => {
    await drained(output);
    while (!stopped() && zipBacklog(worksheet) > ZIP_BACKLOG_LIMIT) {
      await pause();
      await drained(output);
    }
  };

  void (async () => {
    try {
      const { data } = document;
      const sheet = workbook.addWorksheet(data.name, { views: [{ state: "frozen", ySplit: 1 }] });
      if (data.columnWidths) sheet.columns = data.columnWidths.map((width) => ({ width }));
      const header = sheet.addRow([...data.header]);
      header.font = { bold: true };
      header.commit();
      if (data.header.length) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: data.header.length } };

      for await (const batch of data.rows) {
        for (let start = 0; start < batch.length; start += ROWS_PER_SLICE) {
          if (stopped()) return;
          for (const row of batch.slice(start, start + ROWS_PER_SLICE)) sheet.addRow(row.map(cellForXlsx)).commit();
          await waitForRoom(sheet);
          await nextTurn();
        }
      }
      if (stopped()) return;
      sheet.commit();

      const summary = document.summary();
      const summarySheet = workbook.addWorksheet(summary.name);
      if (summary.columnWidths) summarySheet.columns = summary.columnWidths.map((width) => ({ width }));
      summary.rows.forEach((cells, index) => {
        const row = summarySheet.addRow(cells.map(cellForXlsx));
        if (index === 0) row.font = { bold: true };
        row.commit();
      });
      summarySheet.commit();
      await workbook.commit();
    } catch (error) {
      output.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return output;
}
