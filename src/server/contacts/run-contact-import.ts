import "server-only";
import { resolveMapping, validateRow, type ColumnMapping } from "@/lib/contact-import";
import { runImportSchema, type RunImportInput } from "@/schemas/contact-import";
import { claimImportJob, mappingError, runImportJob, startImportRun, type ImportJobHandler } from "@/server/imports/import-job";
import { assertContactAdmin, type ContactActor } from "./actor";
import { upsertContacts, type ContactWrite, type OnDuplicate } from "./upsert-contacts";

export type StartContactImportOptions = {
  actor: ContactActor;
  importId: string;
  input: RunImportInput;
  /** false: run to the end before returning (tests, the benchmark); default: run in the server's background. */
  background?: boolean;
};

/**
 * Step 2 of a contact import: checks the mapping against the file's columns, claims the PENDING import (a second
 * click cannot start it twice) and runs it on the import job (src/server/imports/import-job.ts) — in the
 * background by default, the page polls its progress. Each batch is one INSERT … ON CONFLICT (upsertContacts).
 */
export async function startContactImport({ actor, importId, input, background = true }: StartContactImportOptions): Promise<void> {
  assertContactAdmin(actor);
  const { mapping, onDuplicate } = runImportSchema.parse(input);
  const { file, format } = await claimImportJob({
    actor,
    importId,
    kind: "CONTACTS",
    check: (headers) => {
      const resolved = resolveMapping(headers, mapping);
      if ("problem" in resolved) {
        throw mappingError(resolved.problem, "The column mapping is not complete: map one column to email, each field at most once.");
      }
    },
    data: { mapping, onDuplicate },
  });
  const run = runImportJob({ organizationId: actor.organizationId, importId, file, format, handler: contactHandler(actor.organizationId, mapping, onDuplicate) });
  await startImportRun(run, background, "contact import");
}

function contactHandler(organizationId: string, mapping: ColumnMapping, onDuplicate: OnDuplicate): ImportJobHandler<ContactWrite> {
  return {
    prepare: (headers) => {
      const resolved = resolveMapping(headers, mapping);
      if ("problem" in resolved) throw mappingError(resolved.problem, "The column mapping does not fit the file.");
      return (cells, row) => {
        const result = validateRow(cells, resolved.columns);
        return "row" in result ? { item: result.row } : { error: { row, reason: result.reason, field: result.field } };
      };
    },
    write: async (tx, items) => {
      const result = await upsertContacts(tx, { organizationId, rows: items.map(({ row, item }) => ({ row, contact: item })), onDuplicate });
      return { created: result.created, updated: result.updated, duplicates: 0, skipped: result.skipped };
    },
  };
}
