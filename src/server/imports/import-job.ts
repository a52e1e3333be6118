import "server-only";
import { access } from "node:fs/promises";
import type { ImportKind, Prisma } from "@/generated/prisma/client";
import { IMPORT_BATCH_SIZE, MAX_STORED_ROW_ERRORS, normalizeHeaders } from "@/lib/contact-import";
import { IMPORT_DELIMITERS, type ImportDelimiter, type ImportEncoding } from "@/lib/contact-import-encoding";
import { AppError, isAppError } from "@/lib/errors";
import { importFileNameSchema, importFormatSchema, type ImportFormatInput } from "@/schemas/contact-import";
import { assertContactAdmin, type ContactActor } from "@/server/contacts/actor";
import { uuidv7 } from "@/server/contacts/upsert-contacts";
import { db, TX_OPTIONS } from "@/server/db";
import {
  importProblem,
  readRecords,
  removeUpload,
  resolveFormat,
  saveUpload,
  sourceError,
  uploadPath,
  type ImportProblemDetails,
  type SourceFormat,
} from "./import-source";

/**
 * The import job every file import runs on (contacts, a survey's historical responses — model ContactImport with
 * its `kind`): upload streamed to disk and scanned once (encoding checked on every byte, rows counted, first rows
 * kept), mapping step, then a run that streams the file again and writes it in batches, each batch with the
 * progress counters in one transaction, and a report of the rows skipped. Each kind brings its mapping
 * suggestion, its row check and its batch writer.
 */

/** Data rows shown in the preview. */
export const PREVIEW_ROWS = 10;

export type PreviewRow = { row: number; cells: string[] } | { row: number; malformed: true };

/** What the mapping step shows: the file as we read it, its first rows and a suggested mapping. */
export type ImportPreview<M = Record<string, string>> = {
  id: string;
  fileName: string;
  fileSize: number;
  kind: "csv" | "xlsx";
  encoding: ImportEncoding;
  delimiter: ImportDelimiter;
  headers: string[];
  rows: PreviewRow[];
  totalRows: number;
  mapping: M;
};

/** One skipped row: its number as a spreadsheet shows it (the header is row 1), why, and the field at fault. */
export type ImportRowError = { row: number; reason: string; field?: string };

type Scan = { headers: string[]; rows: PreviewRow[]; totalRows: number };

/**
 * Sees every readable data row of the upload's scan, e.g. to collect a column's values (the outcome import's type
 * values) without reading the file twice. A scan retried in another encoding makes a new one.
 */
export type ScanObserver = { row: (cells: readonly string[]) => void };

/** Reads the whole file once (streamed): decodes every byte strictly, counts the data rows, keeps the first few. */
async function scan(file: string, format: SourceFormat, observer?: ScanObserver): Promise<Scan> {
  let headers: string[] | null = null;
  const rows: PreviewRow[] = [];
  let totalRows = 0;
  try {
    for await (const record of readRecords(file, format)) {
      if (headers === null) {
        if ("malformed" in record) throw importProblem({ code: "header_malformed" }, "The first row (the column names) could not be read.");
        headers = normalizeHeaders(record.cells);
        continue;
      }
      totalRows++;
      if (observer && "cells" in record) observer.row(record.cells);
      if (rows.length < PREVIEW_ROWS) rows.push(record);
    }
  } catch (error) {
    throw sourceError(error, format) ?? error;
  }
  if (headers === null) throw importProblem({ code: "empty" }, "The file is empty.");
  if (totalRows === 0) throw importProblem({ code: "no_rows" }, "The file has column names but no rows.");
  return { headers, rows, totalRows };
}

/**
 * Settles the format (hints, else detection) and scans. With automatic detection a file that starts as plain
 * ASCII but turns out not to be UTF-8 further down is retried as GB18030.
 */
async function scanWithFormat(file: string, hints: ImportFormatInput, observe?: () => ScanObserver): Promise<{ format: SourceFormat; scan: Scan }> {
  const parsed = importFormatSchema.parse(hints);
  const format = await resolveFormat(file, parsed);
  try {
    return { format, scan: await scan(file, format, observe?.()) };
  } catch (error) {
    const retry = parsed.encoding === "auto" && format.kind === "csv" && format.encoding === "utf-8";
    if (!retry || !(error instanceof AppError) || (error.details as { problem?: string } | undefined)?.problem !== "not_utf8") throw error;
    const fallback: SourceFormat = { ...format, encoding: "gb18030" };
    return { format: fallback, scan: await scan(file, fallback, observe?.()) };
  }
}

function toPreview<M>(row: { id: string; fileName: string; fileSize: number; mapping: unknown }, format: SourceFormat, result: Scan): ImportPreview<M> {
  return {
    id: row.id,
    fileName: row.fileName,
    fileSize: row.fileSize,
    kind: format.kind,
    encoding: format.encoding,
    delimiter: format.delimiter,
    headers: result.headers,
    rows: result.rows,
    totalRows: result.totalRows,
    mapping: row.mapping as M,
  };
}

/** Stored `encoding` of an import: the CSV's encoding, or "xlsx" for a workbook (which has no text encoding). */
export function storedEncoding(format: SourceFormat): string {
  return format.kind === "xlsx" ? "xlsx" : format.encoding;
}

/** The format an import was scanned with, from its stored row. */
export function formatOf(row: { encoding: string; delimiter: string }): SourceFormat {
  if (row.encoding === "xlsx") return { kind: "xlsx", encoding: "utf-8", delimiter: "," };
  const delimiter = (IMPORT_DELIMITERS as readonly string[]).includes(row.delimiter) ? (row.delimiter as ImportDelimiter) : ",";
  return { kind: "csv", encoding: row.encoding === "gb18030" ? "gb18030" : "utf-8", delimiter };
}

export type CreateImportJobOptions<M> = {
  actor: ContactActor;
  kind: ImportKind;
  /** The survey a RESPONSES import writes to (checked by the caller). */
  surveyId?: string;
  body: ReadableStream<Uint8Array>;
  fileName: string;
  format: ImportFormatInput;
  suggest: (headers: string[]) => M;
  /** Sees every data row of the scan (made again when the scan is retried in another encoding). */
  observe?: () => ScanObserver;
};

/**
 * Step 1 of an import: stores the upload under .data/uploads, reads it through once and records a PENDING
 * import with the suggested mapping. A file that cannot be read (wrong encoding choice, .xls, empty …) is a
 * 422 and leaves nothing behind.
 */
export async function createImportJob<M extends Prisma.InputJsonObject>(options: CreateImportJobOptions<M>): Promise<ImportPreview<M>> {
  const { actor, kind, surveyId, body, fileName, format: hints, suggest, observe } = options;
  assertContactAdmin(actor);
  const name = importFileNameSchema.safeParse(fileName);
  if (!name.success) throw new AppError("validation_failed", "The file needs a name (at most 255 characters).");
  importFormatSchema.parse(hints);
  const id = uuidv7();
  const file = uploadPath(actor.organizationId, id);
  const fileSize = await saveUpload(body, file);
  try {
    if (fileSize === 0) throw importProblem({ code: "empty" }, "The file is empty.");
    const { format, scan: result } = await scanWithFormat(file, hints, observe);
    const row = await db.contactImport.create({
      data: {
        id,
        organizationId: actor.organizationId,
        createdById: actor.userId,
        kind,
        surveyId: surveyId ?? null,
        fileName: name.data,
        fileSize,
        encoding: storedEncoding(format),
        delimiter: format.kind === "xlsx" ? "" : format.delimiter,
        mapping: suggest(result.headers),
        totalRows: result.totalRows,
      },
    });
    return toPreview<M>(row, format, result);
  } catch (error) {
    await removeUpload(file);
    throw error;
  }
}

/** A PENDING import of this organisation and kind, or not_found. */
export async function findImportJob(actor: ContactActor, importId: string, kind: ImportKind) {
  assertContactAdmin(actor);
  const row = await db.contactImport.findFirst({ where: { organizationId: actor.organizationId, id: importId, kind } });
  if (!row) throw new AppError("not_found", "No such import.");
  return row;
}

/** Reads a PENDING import's upload again with other encoding / delimiter choices (the mapping step's "re-read"). */
export async function previewImportJob<M extends Prisma.InputJsonObject>(options: {
  actor: ContactActor;
  importId: string;
  kind: ImportKind;
  format: ImportFormatInput;
  suggest: (headers: string[]) => M;
  observe?: () => ScanObserver;
}): Promise<ImportPreview<M>> {
  const { actor, importId, kind, format: hints, suggest, observe } = options;
  const row = await findImportJob(actor, importId, kind);
  if (row.status !== "PENDING") throw new AppError("conflict", "This import has already run.");
  const { format, scan: result } = await scanWithFormat(uploadPath(actor.organizationId, importId), hints, observe);
  const updated = await db.contactImport.update({
    where: { organizationId_id: { organizationId: actor.organizationId, id: row.id } },
    data: {
      encoding: storedEncoding(format),
      delimiter: format.kind === "xlsx" ? "" : format.delimiter,
      totalRows: result.totalRows,
      mapping: suggest(result.headers),
    },
  });
  return toPreview<M>(updated, format, result);
}

async function uploadExists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function readHeaders(file: string, format: SourceFormat): Promise<string[]> {
  try {
    for await (const record of readRecords(file, format)) {
      if ("malformed" in record) break;
      return normalizeHeaders(record.cells);
    }
  } catch (error) {
    throw sourceError(error, format) ?? error;
  }
  throw importProblem({ code: "header_malformed" }, "The first row (the column names) could not be read.");
}

/** A mapping that does not fit the file, as the 422 the mapping step shows. */
export function mappingError(problem: { code: string; column?: string; field?: string }, message: string): AppError {
  const details: ImportProblemDetails = {
    problem: `mapping_${problem.code}`,
    params: problem.column !== undefined ? { column: problem.column } : problem.field !== undefined ? { field: problem.field } : {},
  };
  return new AppError("validation_failed", message, details);
}

/**
 * Step 2 of an import: checks the mapping against the file's columns (`check` throws a mappingError), then
 * claims the PENDING import (a second click cannot start it twice), storing `data` (the mapping, options).
 */
export async function claimImportJob(options: {
  actor: ContactActor;
  importId: string;
  kind: ImportKind;
  check: (headers: string[]) => void;
  data: Prisma.ContactImportUpdateManyMutationInput;
}): Promise<{ file: string; format: SourceFormat; row: Awaited<ReturnType<typeof findImportJob>> }> {
  const { actor, importId, kind, check, data } = options;
  const row = await findImportJob(actor, importId, kind);
  if (row.status !== "PENDING") throw new AppError("conflict", "This import has already started.");
  const file = uploadPath(actor.organizationId, importId);
  if (!(await uploadExists(file))) throw importProblem({ code: "upload_missing" }, "The uploaded file is no longer here: upload it again.");
  const format = formatOf(row);
  check(await readHeaders(file, format));
  const claimed = await db.contactImport.updateMany({
    where: { organizationId: actor.organizationId, id: importId, kind, status: "PENDING" },
    data: { ...data, status: "RUNNING", startedAt: new Date() },
  });
  if (claimed.count !== 1) throw new AppError("conflict", "This import has already started.");
  return { file, format, row };
}

/** What a batch writer reports: rows created / updated / already imported, and rows it skipped with a reason. */
export type BatchResult = { created: number; updated: number; duplicates: number; skipped: ImportRowError[] };

/** How one kind reads and writes rows; `prepare` gets the file's headers and answers a row parser. */
export type ImportJobHandler<T> = {
  prepare: (headers: string[]) => (cells: string[], row: number) => { item: T } | { error: ImportRowError };
  write: (tx: Prisma.TransactionClient, items: { row: number; item: T }[]) => Promise<BatchResult>;
  /** Rows per batch (default IMPORT_BATCH_SIZE): fewer, larger transactions for a writer whose rows are cheap. */
  batchSize?: number;
};

type Counters = { processedRows: number; createdCount: number; updatedCount: number; skippedCount: number; duplicateCount: number };

/**
 * Streams the file and writes it in batches of IMPORT_BATCH_SIZE rows: each batch (the handler's write) plus the
 * progress counters in one transaction — a batch is written whole or not at all, and the progress the page shows
 * is exactly what is in the database. The first MAX_STORED_ROW_ERRORS skipped rows are kept for the report. The
 * upload is deleted at the end, whatever happened.
 */
export async function runImportJob<T>(options: {
  organizationId: string;
  importId: string;
  file: string;
  format: SourceFormat;
  handler: ImportJobHandler<T>;
}): Promise<void> {
  const { organizationId, importId, file, format, handler } = options;
  const batchSize = handler.batchSize ?? IMPORT_BATCH_SIZE;
  const counters: Counters = { processedRows: 0, createdCount: 0, updatedCount: 0, skippedCount: 0, duplicateCount: 0 };
  const rowErrors: ImportRowError[] = [];
  let errorsChanged = false;
  let batch: { row: number; item: T }[] = [];
  let pendingRows = 0;
  const where = { organizationId_id: { organizationId, id: importId } };

  const skip = (error: ImportRowError) => {
    counters.skippedCount++;
    if (rowErrors.length < MAX_STORED_ROW_ERRORS) {
      rowErrors.push(error);
      errorsChanged = true;
    }
  };
  // Rows skipped while reading are counted with their batch, in its transaction: the next batch is read while the
  // previous one is written, and the progress in the database must not run ahead of the rows written.
  let readSkips: ImportRowError[] = [];

  const write = async (rows: { row: number; item: T }[], consumed: number, skipped: ImportRowError[]) => {
    // TX_OPTIONS, not Prisma's default 5 s: under load one batch took longer and failed a whole 1M-row outcome import.
    await db.$transaction(async (tx) => {
      for (const error of skipped) skip(error);
      if (rows.length) {
        const result = await handler.write(tx, rows);
        counters.createdCount += result.created;
        counters.updatedCount += result.updated;
        counters.duplicateCount += result.duplicates;
        for (const error of result.skipped) skip(error);
      }
      counters.processedRows += consumed;
      await tx.contactImport.update({ where, data: { ...counters, ...(errorsChanged ? { rowErrors: sortedErrors(rowErrors) } : {}) } });
      errorsChanged = false;
    }, TX_OPTIONS);
  };
  // One batch is written while the next is read and checked (the file's parsing and the database work overlap);
  // batches are written one after the other, in the file's order.
  let writing = null as Promise<void> | null;
  const flush = async () => {
    const rows = batch;
    const consumed = pendingRows;
    const skipped = readSkips;
    batch = [];
    pendingRows = 0;
    readSkips = [];
    if (writing) await writing;
    writing = write(rows, consumed, skipped);
    // Handled here so a failure while the next batch is read is not an unhandled rejection; awaited (and thrown) next.
    writing.catch(() => undefined);
  };

  try {
    let parse: ReturnType<ImportJobHandler<T>["prepare"]> | null = null;
    try {
      for await (const record of readRecords(file, format)) {
        if (parse === null) {
          if ("malformed" in record) throw importProblem({ code: "header_malformed" }, "The first row could not be read.");
          parse = handler.prepare(normalizeHeaders(record.cells));
          continue;
        }
        pendingRows++;
        if ("malformed" in record) {
          readSkips.push({ row: record.row, reason: "malformed" });
        } else {
          const result = parse(record.cells, record.row);
          if ("item" in result) batch.push({ row: record.row, item: result.item });
          else readSkips.push(result.error);
        }
        if (batch.length >= batchSize || pendingRows >= batchSize * 5) await flush();
      }
    } catch (error) {
      throw sourceError(error, format) ?? error;
    }
    await flush();
    await writing;
    await db.contactImport.update({ where, data: { status: "DONE", finishedAt: new Date(), rowErrors: sortedErrors(rowErrors) } });
  } catch (error) {
    // A batch still being written settles first (its counters are in the database or rolled back, never after FAILED).
    await writing?.catch(() => undefined);
    for (const skipped of readSkips) skip(skipped);
    const details = isAppError(error) ? (error.details as ImportProblemDetails | undefined) : undefined;
    await db.contactImport.update({
      where,
      data: { status: "FAILED", finishedAt: new Date(), error: details?.problem ?? "failed", rowErrors: sortedErrors(rowErrors) },
    });
    if (!isAppError(error)) throw error;
  } finally {
    await removeUpload(file);
  }
}

/** Starts a claimed run in the server's background (the page polls), or runs it to the end (tests, the bench). */
export async function startImportRun(run: Promise<void>, background: boolean, label: string): Promise<void> {
  if (!background) return run;
  run.catch((error: unknown) => console.error(`${label} failed:`, error instanceof Error ? error.stack : String(error)));
}

function sortedErrors(errors: ImportRowError[]): Prisma.InputJsonArray {
  return [...errors].sort((a, b) => a.row - b.row) as unknown as Prisma.InputJsonArray;
}

/** An import's progress and report, as the import pages poll it. */
export type ImportJobStatus = {
  id: string;
  kind: ImportKind;
  surveyId: string | null;
  fileName: string;
  fileSize: number;
  encoding: string;
  delimiter: string;
  onDuplicate: "update" | "skip";
  status: "PENDING" | "RUNNING" | "DONE" | "FAILED";
  totalRows: number;
  processedRows: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  duplicateCount: number;
  rowErrors: ImportRowError[];
  /** A problem code (contacts.import.error.<code>) when the import failed. */
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export async function getImportJob({ actor, importId, kind }: { actor: ContactActor; importId: string; kind: ImportKind }): Promise<ImportJobStatus> {
  const row = await findImportJob(actor, importId, kind);
  return {
    id: row.id,
    kind: row.kind,
    surveyId: row.surveyId,
    fileName: row.fileName,
    fileSize: row.fileSize,
    encoding: row.encoding,
    delimiter: row.delimiter,
    onDuplicate: row.onDuplicate === "skip" ? "skip" : "update",
    status: row.status,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    createdCount: row.createdCount,
    updatedCount: row.updatedCount,
    skippedCount: row.skippedCount,
    duplicateCount: row.duplicateCount,
    rowErrors: Array.isArray(row.rowErrors) ? (row.rowErrors as ImportRowError[]) : [],
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** The organisation's latest imports of a kind (optionally of one survey): the import pages list them. */
export async function listImportJobs({ actor, kind, surveyId, take = 10 }: { actor: ContactActor; kind: ImportKind; surveyId?: string; take?: number }) {
  assertContactAdmin(actor);
  return db.contactImport.findMany({
    where: { organizationId: actor.organizationId, kind, ...(surveyId ? { surveyId } : {}) },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      fileName: true,
      status: true,
      totalRows: true,
      createdCount: true,
      updatedCount: true,
      skippedCount: true,
      duplicateCount: true,
      createdAt: true,
    },
  });
}
