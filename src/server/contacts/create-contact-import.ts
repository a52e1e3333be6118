import "server-only";
import { AppError } from "@/lib/errors";
import { normalizeHeaders, suggestMapping, type ColumnMapping } from "@/lib/contact-import";
import type { ImportDelimiter, ImportEncoding } from "@/lib/contact-import-encoding";
import { importFileNameSchema, importFormatSchema, type ImportFormatInput } from "@/schemas/contact-import";
import { db } from "@/server/db";
import { assertContactAdmin, type ContactActor } from "./actor";
import {
  importProblem,
  readRecords,
  removeUpload,
  resolveFormat,
  saveUpload,
  sourceError,
  uploadPath,
  type SourceFormat,
} from "./import-source";
import { uuidv7 } from "./upsert-contacts";

/** Data rows shown in the preview. */
export const PREVIEW_ROWS = 10;

export type PreviewRow = { row: number; cells: string[] } | { row: number; malformed: true };

/** What the mapping step shows: the file as we read it, its first rows and a suggested mapping. */
export type ImportPreview = {
  id: string;
  fileName: string;
  fileSize: number;
  kind: "csv" | "xlsx";
  encoding: ImportEncoding;
  delimiter: ImportDelimiter;
  headers: string[];
  rows: PreviewRow[];
  totalRows: number;
  mapping: ColumnMapping;
};

type Scan = { headers: string[]; rows: PreviewRow[]; totalRows: number };

/** Reads the whole file once (streamed): decodes every byte strictly, counts the data rows, keeps the first few. */
async function scan(file: string, format: SourceFormat): Promise<Scan> {
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
async function scanWithFormat(file: string, hints: ImportFormatInput): Promise<{ format: SourceFormat; scan: Scan }> {
  const parsed = importFormatSchema.parse(hints);
  const format = await resolveFormat(file, parsed);
  try {
    return { format, scan: await scan(file, format) };
  } catch (error) {
    const retry = parsed.encoding === "auto" && format.kind === "csv" && format.encoding === "utf-8";
    if (!retry || !(error instanceof AppError) || (error.details as { problem?: string } | undefined)?.problem !== "not_utf8") throw error;
    const fallback: SourceFormat = { ...format, encoding: "gb18030" };
    return { format: fallback, scan: await scan(file, fallback) };
  }
}

function toPreview(
  row: { id: string; fileName: string; fileSize: number; mapping: unknown },
  format: SourceFormat,
  result: Scan,
): ImportPreview {
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
    mapping: row.mapping as ColumnMapping,
  };
}

/** Stored `encoding` of an import: the CSV's encoding, or "xlsx" for a workbook (which has no text encoding). */
export function storedEncoding(format: SourceFormat): string {
  return format.kind === "xlsx" ? "xlsx" : format.encoding;
}

export type CreateContactImportOptions = {
  actor: ContactActor;
  body: ReadableStream<Uint8Array>;
  fileName: string;
  format: ImportFormatInput;
};

/**
 * Step 1 of an import: stores the upload under .data/uploads, reads it through once and records a PENDING
 * import with the suggested mapping. A file that cannot be read (wrong encoding choice, .xls, empty …) is a
 * 422 and leaves nothing behind.
 */
export async function createContactImport({ actor, body, fileName, format: hints }: CreateContactImportOptions): Promise<ImportPreview> {
  assertContactAdmin(actor);
  const name = importFileNameSchema.safeParse(fileName);
  if (!name.success) throw new AppError("validation_failed", "The file needs a name (at most 255 characters).");
  importFormatSchema.parse(hints);
  const id = uuidv7();
  const file = uploadPath(actor.organizationId, id);
  const fileSize = await saveUpload(body, file);
  try {
    if (fileSize === 0) throw importProblem({ code: "empty" }, "The file is empty.");
    const { format, scan: result } = await scanWithFormat(file, hints);
    const row = await db.contactImport.create({
      data: {
        id,
        organizationId: actor.organizationId,
        createdById: actor.userId,
        fileName: name.data,
        fileSize,
        encoding: storedEncoding(format),
        delimiter: format.kind === "xlsx" ? "" : format.delimiter,
        mapping: suggestMapping(result.headers),
        totalRows: result.totalRows,
      },
    });
    return toPreview(row, format, result);
  } catch (error) {
    await removeUpload(file);
    throw error;
  }
}

/** Reads a PENDING import's upload again with other encoding / delimiter choices (the mapping step's "re-read"). */
export async function previewContactImport({
  actor,
  importId,
  format: hints,
}: {
  actor: ContactActor;
  importId: string;
  format: ImportFormatInput;
}): Promise<ImportPreview> {
  assertContactAdmin(actor);
  const row = await db.contactImport.findFirst({ where: { organizationId: actor.organizationId, id: importId } });
  if (!row) throw new AppError("not_found", "No such import.");
  if (row.status !== "PENDING") throw new AppError("conflict", "This import has already run.");
  const { format, scan: result } = await scanWithFormat(uploadPath(actor.organizationId, importId), hints);
  const updated = await db.contactImport.update({
    where: { id: row.id },
    data: {
      encoding: storedEncoding(format),
      delimiter: format.kind === "xlsx" ? "" : format.delimiter,
      totalRows: result.totalRows,
      mapping: suggestMapping(result.headers),
    },
  });
  return toPreview(updated, format, result);
}
