import "server-only";
import { createReadStream } from "node:fs";
import { mkdir, open, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline, Transform, type TransformCallback } from "node:stream";
import { parse, type Options } from "csv-parse";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { AppError } from "@/lib/errors";
import {
  checkEncodingHint,
  detectDelimiter,
  detectEncoding,
  detectFileKind,
  lineOfFirstReplacement,
  type DelimiterHint,
  type EncodingHint,
  type EncodingProblem,
  type FileKind,
  type ImportDelimiter,
  type ImportEncoding,
} from "@/lib/contact-import-encoding";

/** Largest upload we take (a 100k-row CSV with a dozen columns is ~15 MB). */
export const MAX_UPLOAD_BYTES = 64 * 2 ** 20;
/** Bytes read for encoding and delimiter detection. */
const SAMPLE_BYTES = 256 * 1024;

/**
 * An import problem the user can fix: an AppError (422) whose `details` name the catalogue message
 * (contacts.import.error.<code>) and its parameters, so routes can answer in the user's language.
 */
export type ImportProblemDetails = { problem: string; params?: Record<string, string | number> };

export function importProblem(problem: EncodingProblem | { code: string }, fallback: string): AppError {
  const params: Record<string, string | number> = {};
  if ("line" in problem && problem.line !== null) params.line = problem.line;
  if ("guess" in problem && problem.guess) params.guess = problem.guess;
  const details: ImportProblemDetails = { problem: problem.code, params };
  return new AppError("validation_failed", fallback, details);
}

const ENGLISH: Record<EncodingProblem["code"], string> = {
  not_utf8: "This file is not valid UTF-8. It looks like GBK / GB18030 (what Excel in China saves): choose GBK.",
  not_gb18030: "This file is not valid GBK / GB18030: choose UTF-8 or automatic detection.",
  looks_utf8: "This file is UTF-8, not GBK: choose UTF-8 or automatic detection.",
  utf16: "UTF-16 text files are not supported: save the file as CSV UTF-8 or as an Excel workbook (.xlsx).",
  xls: "Old Excel files (.xls) are not supported: save the file as an Excel workbook (.xlsx) or CSV.",
  unknown_encoding: "The file's text encoding was not recognised: save it as CSV UTF-8.",
};

export function encodingError(problem: EncodingProblem): AppError {
  return importProblem(problem, ENGLISH[problem.code]);
}

/** The folder of all uploads: one folder per organisation (git-ignored). */
export function uploadsRoot(): string {
  return path.join(process.cwd(), ".data", "uploads");
}

/** Where an upload waits between its preview and its run (git-ignored; deleted after the run, or after 24 h unused). */
export function uploadPath(organizationId: string, importId: string): string {
  return path.join(uploadsRoot(), organizationId, `${importId}.upload`);
}

/** Streams a request body to `file`, refusing more than `maxBytes`. Returns the size written. */
export async function saveUpload(body: ReadableStream<Uint8Array>, file: string, maxBytes = MAX_UPLOAD_BYTES): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, "w", 0o600);
  let size = 0;
  try {
    const reader = body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new AppError("payload_too_large", `The file is larger than ${Math.round(maxBytes / 2 ** 20)} MB.`, {
          problem: "too_large",
          params: { mb: Math.round(maxBytes / 2 ** 20) },
        } satisfies ImportProblemDetails);
      }
      await handle.write(value);
    }
  } catch (error) {
    await handle.close();
    await rm(file, { force: true });
    throw error;
  }
  await handle.close();
  return size;
}

export async function removeUpload(file: string): Promise<void> {
  await rm(file, { force: true });
}

async function readSample(file: string): Promise<{ sample: Uint8Array; complete: boolean }> {
  const size = (await stat(file)).size;
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { sample: buffer.subarray(0, bytesRead), complete: bytesRead >= size };
  } finally {
    await handle.close();
  }
}

export type SourceFormat = { kind: FileKind; encoding: ImportEncoding; delimiter: ImportDelimiter };

/** Settles the file kind, encoding and delimiter from the upload's first bytes and the user's hints. */
export async function resolveFormat(file: string, hints: { encoding: EncodingHint; delimiter: DelimiterHint }): Promise<SourceFormat> {
  const { sample, complete } = await readSample(file);
  const kind = detectFileKind(sample);
  if (typeof kind !== "string") throw encodingError(kind);
  if (kind === "xlsx") return { kind, encoding: "utf-8", delimiter: "," };
  let encoding: ImportEncoding;
  if (hints.encoding === "auto") {
    const detected = detectEncoding(sample, complete);
    if ("problem" in detected) throw encodingError(detected.problem);
    encoding = detected.encoding;
  } else {
    const problem = checkEncodingHint(sample, hints.encoding, complete);
    if (problem) throw encodingError(problem);
    encoding = hints.encoding;
  }
  const text = encoding === "utf-8" ? new TextDecoder("utf-8").decode(sample) : iconv.decode(sample, "gb18030");
  const delimiter = hints.delimiter === "auto" ? detectDelimiter(text) : hints.delimiter;
  return { kind, encoding, delimiter };
}

/** Thrown by the decoder when a byte sequence does not decode in the chosen encoding. */
export class DecodeError extends Error {
  constructor(
    readonly encoding: ImportEncoding,
    readonly line: number,
  ) {
    super(`invalid ${encoding} at line ${line}`);
  }
}

/** Bytes → text in `encoding`, strictly: an undecodable sequence anywhere in the file is a DecodeError. */
class StrictDecoder extends Transform {
  private readonly utf8 = new TextDecoder("utf-8", { fatal: true });
  private readonly gb = iconv.getDecoder("gb18030");
  private line = 1;

  constructor(private readonly encoding: ImportEncoding) {
    super({ decodeStrings: true, readableObjectMode: false, encoding: "utf-8" });
  }

  private emit_(text: string): void {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.line++;
    if (text) this.push(text);
  }

  private fail(lenient: string): DecodeError {
    return new DecodeError(this.encoding, this.line - 1 + (lineOfFirstReplacement(lenient) ?? 1));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.encoding === "utf-8") {
      try {
        this.emit_(this.utf8.decode(chunk, { stream: true }));
      } catch {
        // The chunk may begin with the tail of a character the previous chunk started: not the culprit.
        let start = 0;
        while (start < 3 && start < chunk.length && ((chunk[start] ?? 0) & 0xc0) === 0x80) start++;
        return callback(this.fail(new TextDecoder("utf-8").decode(chunk.subarray(start))));
      }
      return callback();
    }
    const text = this.gb.write(chunk);
    if (text.includes("\uFFFD")) return callback(this.fail(text));
    this.emit_(text);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    try {
      const rest = this.encoding === "utf-8" ? this.utf8.decode() : (this.gb.end() ?? "");
      if (rest.includes("\uFFFD")) return callback(this.fail(rest));
      this.emit_(rest);
      callback();
    } catch {
      callback(new DecodeError(this.encoding, this.line));
    }
  }
}

/** One record of the source: its row number as a spreadsheet shows it (1-based) and its cells, or a malformed row. */
export type SourceRecord = { row: number; cells: string[] } | { row: number; malformed: true };

type ParsedRecord = { row: number; cells: string[]; malformedBefore: number[] };

async function* csvRecords(file: string, format: SourceFormat): AsyncGenerator<SourceRecord> {
  // Row numbers are worked out while parsing (on_record and "skip" run in file order, ahead of consumption):
  // a record starts on the line after the previous one (or after the previous malformed stretch) ended.
  let lastLine = 0;
  let malformed: number[] = [];
  const options: Options<ParsedRecord, string[]> = {
    delimiter: format.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_record: (record: string[], context: { lines: number }): ParsedRecord => {
      const parsed = { row: lastLine + 1, cells: record, malformedBefore: malformed };
      malformed = [];
      lastLine = context.lines;
      return parsed;
    },
  };
  // csv-parse's overloads type records as string[] unless `columns` is set; on_record makes them ParsedRecord.
  const parser = parse(options as unknown as Options);
  parser.on("skip", (error: { lines?: number }) => {
    malformed.push(lastLine + 1);
    lastLine = Math.max(lastLine + 1, error.lines ?? 0);
  });
  let failure: unknown = null;
  pipeline(createReadStream(file), new StrictDecoder(format.encoding), parser, (error) => {
    if (error) failure = error;
  });
  try {
    for await (const item of parser as AsyncIterable<ParsedRecord>) {
      for (const row of item.malformedBefore) yield { row, malformed: true };
      // An empty line: nothing to import, nothing to report.
      if (item.cells.length === 1 && item.cells[0] === "") continue;
      yield { row: item.row, cells: item.cells };
    }
  } catch (error) {
    throw error instanceof DecodeError ? error : (failure ?? error);
  }
  if (failure) throw failure;
  for (const row of malformed) yield { row, malformed: true };
}

type RichText = { richText: { text: string }[] };

/**
 * The text of an Excel cell value: rich text joined, a hyperlink's text, a formula's result, a date as ISO
 * ("2024-03-05"), a date with a time as "2024-03-05 14:22:00" (wall-clock time: Excel dates have no time zone).
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return "";
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19).replace("T", " ");
  }
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray((value as RichText).richText)) return (value as RichText).richText.map((part) => part.text).join("");
    if ("text" in value) return cellText((value as { text: unknown }).text);
    if ("result" in value) return cellText((value as { result: unknown }).result);
    if ("error" in value) return "";
  }
  return "";
}

async function* xlsxRecords(file: string): AsyncGenerator<SourceRecord> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: "emit",
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "ignore",
    entries: "ignore",
  });
  // The first worksheet only; the reader must still be drained to the end.
  let first = true;
  for await (const worksheet of workbook) {
    for await (const row of worksheet) {
      if (!first) continue;
      const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
      const cells: string[] = [];
      for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
      if (cells.every((cell) => cell.trim() === "")) continue;
      yield { row: row.number, cells };
    }
    first = false;
  }
}

/** The records of an upload, streamed: memory stays flat whatever the file's size. */
export function readRecords(file: string, format: SourceFormat): AsyncGenerator<SourceRecord> {
  return format.kind === "xlsx" ? xlsxRecords(file) : csvRecords(file, format);
}

/** A DecodeError or an unreadable workbook as the AppError the user sees. */
export function sourceError(error: unknown, format: SourceFormat): AppError | null {
  if (error instanceof DecodeError) {
    return encodingError(
      error.encoding === "utf-8"
        ? { code: "not_utf8", line: error.line, suggestion: "gb18030" }
        : { code: "not_gb18030", line: error.line, suggestion: "utf-8" },
    );
  }
  if (format.kind === "xlsx" && error instanceof Error && !(error instanceof AppError)) {
    return importProblem({ code: "xlsx_unreadable" }, "The Excel workbook could not be read: save it again as .xlsx or as CSV.");
  }
  return null;
}
