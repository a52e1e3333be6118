import "server-only";
import { access } from "node:fs/promises";
import type { Prisma } from "@/generated/prisma/client";
import { AppError, isAppError } from "@/lib/errors";
import {
  IMPORT_BATCH_SIZE,
  MAX_STORED_ROW_ERRORS,
  normalizeHeaders,
  resolveMapping,
  validateRow,
  type ColumnMapping,
  type RowError,
} from "@/lib/contact-import";
import { IMPORT_DELIMITERS, type ImportDelimiter } from "@/lib/contact-import-encoding";
import { runImportSchema, type RunImportInput } from "@/schemas/contact-import";
import { db } from "@/server/db";
import { assertContactAdmin, type ContactActor } from "./actor";
import { importProblem, readRecords, removeUpload, sourceError, uploadPath, type ImportProblemDetails, type SourceFormat } from "./import-source";
import { upsertContacts, type ContactWrite, type OnDuplicate } from "./upsert-contacts";

export type StartContactImportOptions = {
  actor: ContactActor;
  importId: string;
  input: RunImportInput;
  /** false: run to the end before returning (tests, the benchmark); default: run in the server's background. */
  background?: boolean;
};

async function uploadExists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Step 2 of an import: checks the mapping against the file's columns, claims the PENDING import (a second
 * click cannot start it twice) and runs it — in the background by default, the page polls its progress.
 */
export async function startContactImport({ actor, importId, input, background = true }: StartContactImportOptions): Promise<void> {
  assertContactAdmin(actor);
  const { mapping, onDuplicate } = runImportSchema.parse(input);
  const row = await db.contactImport.findFirst({ where: { organizationId: actor.organizationId, id: importId } });
  if (!row) throw new AppError("not_found", "No such import.");
  if (row.status !== "PENDING") throw new AppError("conflict", "This import has already started.");
  const file = uploadPath(actor.organizationId, importId);
  if (!(await uploadExists(file))) throw importProblem({ code: "upload_missing" }, "The uploaded file is no longer here: upload it again.");
  const format = formatOf(row);
  const headers = await readHeaders(file, format);
  const resolved = resolveMapping(headers, mapping);
  if ("problem" in resolved) {
    const { problem } = resolved;
    const details: ImportProblemDetails = {
      problem: `mapping_${problem.code}`,
      params: "column" in problem ? { column: problem.column } : "field" in problem ? { field: problem.field } : {},
    };
    throw new AppError("validation_failed", "The column mapping is not complete: map one column to email, each field at most once.", details);
  }
  const claimed = await db.contactImport.updateMany({
    where: { organizationId: actor.organizationId, id: importId, status: "PENDING" },
    data: { status: "RUNNING", startedAt: new Date(), mapping, onDuplicate },
  });
  if (claimed.count !== 1) throw new AppError("conflict", "This import has already started.");
  const run = runContactImport({ organizationId: actor.organizationId, importId, file, format, mapping, onDuplicate });
  if (background) {
    run.catch((error: unknown) => console.error("contact import failed:", error instanceof Error ? error.stack : String(error)));
    return;
  }
  await run;
}

function formatOf(row: { encoding: string; delimiter: string }): SourceFormat {
  if (row.encoding === "xlsx") return { kind: "xlsx", encoding: "utf-8", delimiter: "," };
  const delimiter = (IMPORT_DELIMITERS as readonly string[]).includes(row.delimiter) ? (row.delimiter as ImportDelimiter) : ",";
  return { kind: "csv", encoding: row.encoding === "gb18030" ? "gb18030" : "utf-8", delimiter };
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

type Counters = { processedRows: number; createdCount: number; updatedCount: number; skippedCount: number };

/**
 * Streams the file and writes it in batches of IMPORT_BATCH_SIZE rows: each batch is one INSERT … ON CONFLICT
 * plus the progress counters, in one transaction — a batch is written whole or not at all, and the progress
 * the page shows is exactly what is in the database.
 */
async function runContactImport(options: {
  organizationId: string;
  importId: string;
  file: string;
  format: SourceFormat;
  mapping: ColumnMapping;
  onDuplicate: OnDuplicate;
}): Promise<void> {
  const { organizationId, importId, file, format, mapping, onDuplicate } = options;
  const counters: Counters = { processedRows: 0, createdCount: 0, updatedCount: 0, skippedCount: 0 };
  const rowErrors: RowError[] = [];
  let errorsChanged = false;
  let batch: { row: number; contact: ContactWrite }[] = [];
  let pendingRows = 0;

  const skip = (error: RowError) => {
    counters.skippedCount++;
    if (rowErrors.length < MAX_STORED_ROW_ERRORS) {
      rowErrors.push(error);
      errorsChanged = true;
    }
  };

  const flush = async () => {
    const rows = batch;
    const consumed = pendingRows;
    batch = [];
    pendingRows = 0;
    await db.$transaction(async (tx) => {
      if (rows.length) {
        const result = await upsertContacts(tx, { organizationId, rows, onDuplicate });
        counters.createdCount += result.created;
        counters.updatedCount += result.updated;
        for (const error of result.skipped) skip(error);
      }
      counters.processedRows += consumed;
      await tx.contactImport.update({
        where: { id: importId, organizationId },
        data: { ...counters, ...(errorsChanged ? { rowErrors: sortedErrors(rowErrors) } : {}) },
      });
      errorsChanged = false;
    });
  };

  try {
    let columns: ReturnType<typeof resolveMapping> | null = null;
    try {
      for await (const record of readRecords(file, format)) {
        if (columns === null) {
          if ("malformed" in record) throw importProblem({ code: "header_malformed" }, "The first row could not be read.");
          columns = resolveMapping(normalizeHeaders(record.cells), mapping);
          if ("problem" in columns) throw importProblem({ code: `mapping_${columns.problem.code}` }, "The column mapping does not fit the file.");
          continue;
        }
        if (!("columns" in columns)) break;
        pendingRows++;
        if ("malformed" in record) {
          skip({ row: record.row, reason: "malformed" });
        } else {
          const result = validateRow(record.cells, columns.columns);
          if ("row" in result) batch.push({ row: record.row, contact: result.row });
          else skip({ row: record.row, reason: result.reason, field: result.field });
        }
        if (batch.length >= IMPORT_BATCH_SIZE || pendingRows >= IMPORT_BATCH_SIZE * 5) await flush();
      }
    } catch (error) {
      throw sourceError(error, format) ?? error;
    }
    await flush();
    await db.contactImport.update({
      where: { id: importId, organizationId },
      data: { status: "DONE", finishedAt: new Date(), rowErrors: sortedErrors(rowErrors) },
    });
  } catch (error) {
    const details = isAppError(error) ? (error.details as ImportProblemDetails | undefined) : undefined;
    await db.contactImport.update({
      where: { id: importId, organizationId },
      data: { status: "FAILED", finishedAt: new Date(), error: details?.problem ?? "failed", rowErrors: sortedErrors(rowErrors) },
    });
    if (!isAppError(error)) throw error;
  } finally {
    await removeUpload(file);
  }
}

function sortedErrors(errors: RowError[]): Prisma.InputJsonArray {
  return [...errors].sort((a, b) => a.row - b.row) as unknown as Prisma.InputJsonArray;
}
