import "server-only";
import { MAX_DISTINCT_VALUES, suggestOutcomeMapping, type OutcomeColumnMapping } from "@/lib/outcome-import";
import type { ImportFormatInput } from "@/schemas/contact-import";
import type { ContactActor } from "@/server/contacts/actor";
import { createImportJob, previewImportJob, type ImportPreview } from "@/server/imports/import-job";
import { readRecords, sourceError, uploadPath, type SourceFormat } from "@/server/imports/import-source";

/**
 * The outcome import's mapping step: the shared import preview plus, per column, its distinct values (at most
 * MAX_DISTINCT_VALUES; null when there are more) — the type column's values are mapped to stored types
 * (流失 → churned …) before the run, so every value in the file, not only the first rows', is seen.
 */
export type OutcomeImportPreview = ImportPreview<OutcomeColumnMapping> & { values: Record<string, string[] | null> };

const formatOfPreview = (preview: ImportPreview<OutcomeColumnMapping>): SourceFormat => ({ kind: preview.kind, encoding: preview.encoding, delimiter: preview.delimiter });

/** Streams the upload once more and collects each column's distinct trimmed values (capped). */
async function distinctValues(file: string, format: SourceFormat, headers: readonly string[]): Promise<Record<string, string[] | null>> {
  const sets: (Set<string> | null)[] = headers.map(() => new Set<string>());
  let header = true;
  try {
    for await (const record of readRecords(file, format)) {
      if (header) {
        header = false;
        continue;
      }
      if ("malformed" in record) continue;
      for (let column = 0; column < sets.length; column++) {
        const set = sets[column];
        if (!set) continue;
        const value = (record.cells[column] ?? "").trim();
        if (value === "" || set.has(value)) continue;
        if (set.size >= MAX_DISTINCT_VALUES) sets[column] = null;
        else set.add(value);
      }
      if (sets.every((set) => set === null)) break;
    }
  } catch (error) {
    throw sourceError(error, format) ?? error;
  }
  return Object.fromEntries(headers.map((name, column) => [name, sets[column] ? [...sets[column]].sort() : null]));
}

async function withValues(actor: ContactActor, preview: ImportPreview<OutcomeColumnMapping>): Promise<OutcomeImportPreview> {
  const values = await distinctValues(uploadPath(actor.organizationId, preview.id), formatOfPreview(preview), preview.headers);
  return { ...preview, values };
}

/**
 * Step 1 of an outcome import: the upload stored and scanned by the shared import job (UTF-8, UTF-8 BOM, GBK,
 * XLSX), a PENDING import (kind OUTCOMES) with a suggested mapping. ADMIN and OWNER only. A file that cannot be
 * read is a 422 and leaves nothing behind.
 */
export async function createOutcomeImport(options: {
  actor: ContactActor;
  body: ReadableStream<Uint8Array>;
  fileName: string;
  format: ImportFormatInput;
}): Promise<OutcomeImportPreview> {
  const preview = await createImportJob({ ...options, kind: "OUTCOMES", suggest: suggestOutcomeMapping });
  return withValues(options.actor, preview);
}

/** Reads a PENDING outcome import's upload again with other encoding / delimiter choices. */
export async function previewOutcomeImport(options: { actor: ContactActor; importId: string; format: ImportFormatInput }): Promise<OutcomeImportPreview> {
  const preview = await previewImportJob({ ...options, kind: "OUTCOMES", suggest: suggestOutcomeMapping });
  return withValues(options.actor, preview);
}
