import "server-only";
import { MAX_DISTINCT_VALUES, suggestOutcomeMapping, type OutcomeColumnMapping } from "@/lib/outcome-import";
import type { ImportFormatInput } from "@/schemas/contact-import";
import type { ContactActor } from "@/server/contacts/actor";
import { createImportJob, previewImportJob, type ImportPreview, type ScanObserver } from "@/server/imports/import-job";

/**
 * The outcome import's mapping step: the shared import preview plus, per column, its distinct values (at most
 * MAX_DISTINCT_VALUES; null when there are more) — the type column's values are mapped to stored types
 * (流失 → churned …) before the run, so every value in the file, not only the first rows', is seen.
 */
export type OutcomeImportPreview = ImportPreview<OutcomeColumnMapping> & { values: Record<string, string[] | null> };

/** Collects each column's distinct trimmed values during the upload's one scan (capped: null beyond the cap). */
class ColumnValues implements ScanObserver {
  private readonly sets: (Set<string> | null)[] = [];

  row(cells: readonly string[]): void {
    for (let column = 0; column < cells.length; column++) {
      if (column >= this.sets.length) this.sets.push(new Set());
      const set = this.sets[column];
      if (!set) continue;
      const value = (cells[column] ?? "").trim();
      if (value === "" || set.has(value)) continue;
      if (set.size >= MAX_DISTINCT_VALUES) this.sets[column] = null;
      else set.add(value);
    }
  }

  byHeader(headers: readonly string[]): Record<string, string[] | null> {
    return Object.fromEntries(
      headers.map((name, column) => {
        const set = column < this.sets.length ? this.sets[column] : new Set<string>();
        return [name, set ? [...set].sort() : null];
      }),
    );
  }
}

/**
 * Step 1 of an outcome import: the upload stored and scanned once by the shared import job (UTF-8, UTF-8 BOM, GBK,
 * XLSX), a PENDING import (kind OUTCOMES) with a suggested mapping and each column's values. ADMIN and OWNER only.
 * A file that cannot be read is a 422 and leaves nothing behind.
 */
export async function createOutcomeImport(options: {
  actor: ContactActor;
  body: ReadableStream<Uint8Array>;
  fileName: string;
  format: ImportFormatInput;
}): Promise<OutcomeImportPreview> {
  let values = new ColumnValues();
  const preview = await createImportJob({ ...options, kind: "OUTCOMES", suggest: suggestOutcomeMapping, observe: () => (values = new ColumnValues()) });
  return { ...preview, values: values.byHeader(preview.headers) };
}

/** Reads a PENDING outcome import's upload again with other encoding / delimiter choices. */
export async function previewOutcomeImport(options: { actor: ContactActor; importId: string; format: ImportFormatInput }): Promise<OutcomeImportPreview> {
  let values = new ColumnValues();
  const preview = await previewImportJob({ ...options, kind: "OUTCOMES", suggest: suggestOutcomeMapping, observe: () => (values = new ColumnValues()) });
  return { ...preview, values: values.byHeader(preview.headers) };
}
