import "server-only";
import { AppError } from "@/lib/errors";
import type { RowError } from "@/lib/contact-import";
import { db } from "@/server/db";
import { assertContactAdmin, type ContactActor } from "./actor";

/** An import's progress and report, as the import page polls it. */
export type ContactImportStatus = {
  id: string;
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
  rowErrors: RowError[];
  /** A problem code (contacts.import.error.<code>) when the import failed. */
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export async function getContactImport({ actor, importId }: { actor: ContactActor; importId: string }): Promise<ContactImportStatus> {
  assertContactAdmin(actor);
  const row = await db.contactImport.findFirst({ where: { organizationId: actor.organizationId, id: importId } });
  if (!row) throw new AppError("not_found", "No such import.");
  return {
    id: row.id,
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
    rowErrors: Array.isArray(row.rowErrors) ? (row.rowErrors as RowError[]) : [],
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** The organisation's latest imports (the import page lists them). */
export async function listContactImports({ actor, take = 10 }: { actor: ContactActor; take?: number }) {
  assertContactAdmin(actor);
  const rows = await db.contactImport.findMany({
    where: { organizationId: actor.organizationId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, fileName: true, status: true, totalRows: true, createdCount: true, updatedCount: true, skippedCount: true, createdAt: true },
  });
  return rows;
}
