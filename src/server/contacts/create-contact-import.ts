import "server-only";
import { suggestMapping, type ColumnMapping } from "@/lib/contact-import";
import type { ImportFormatInput } from "@/schemas/contact-import";
import { createImportJob, previewImportJob, type ImportPreview as JobPreview } from "@/server/imports/import-job";
import type { ContactActor } from "./actor";

export { PREVIEW_ROWS, type PreviewRow } from "@/server/imports/import-job";

/** What the mapping step shows: the file as we read it, its first rows and a suggested mapping. */
export type ImportPreview = JobPreview<ColumnMapping>;

export type CreateContactImportOptions = {
  actor: ContactActor;
  body: ReadableStream<Uint8Array>;
  fileName: string;
  format: ImportFormatInput;
};

/**
 * Step 1 of a contact import (src/server/imports/import-job.ts): stores and scans the upload, records a PENDING
 * import with the suggested mapping. A file that cannot be read is a 422 and leaves nothing behind.
 */
export async function createContactImport({ actor, body, fileName, format }: CreateContactImportOptions): Promise<ImportPreview> {
  return createImportJob({ actor, kind: "CONTACTS", body, fileName, format, suggest: suggestMapping });
}

/** Reads a PENDING import's upload again with other encoding / delimiter choices (the mapping step's "re-read"). */
export async function previewContactImport({
  actor,
  importId,
  format,
}: {
  actor: ContactActor;
  importId: string;
  format: ImportFormatInput;
}): Promise<ImportPreview> {
  return previewImportJob({ actor, importId, kind: "CONTACTS", format, suggest: suggestMapping });
}
