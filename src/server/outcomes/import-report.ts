import "server-only";
import type { Readable } from "node:stream";
import { messagesFor, type MessageKey, type Translate } from "@/i18n/translate";
import { neutralizeValue, type CellValue } from "@/lib/spreadsheet-safety";
import type { ContactActor } from "@/server/contacts/actor";
import { csvStream } from "@/server/export/write-csv";
import { getOutcomeImport } from "./import-status";

/** A catalogue key built from a stored code, or the code itself when the catalogue has no such key. */
function label(t: Translate, key: string, fallback: string): string {
  return Object.prototype.hasOwnProperty.call(messagesFor(t.locale ?? "en"), key) ? t(key as MessageKey) : fallback;
}

/**
 * An outcome import's row report as CSV (UTF-8 with BOM, every text cell neutralised against formula injection —
 * a cell of the uploaded file never reaches the report, but reason texts and column names go through the same
 * guard): row number, reason in the reader's language, column, reason code. ADMIN+, this organisation's only.
 */
export async function outcomeImportReportCsv({ actor, importId, t }: { actor: ContactActor; importId: string; t: Translate }): Promise<{ stream: Readable; fileName: string }> {
  const status = await getOutcomeImport({ actor, importId });
  const header = [t("outcomeImport.csv.row"), t("outcomeImport.csv.reason"), t("outcomeImport.csv.column"), t("outcomeImport.csv.code")].map((cell) => String(neutralizeValue(cell)));
  async function* batches(): AsyncGenerator<CellValue[][]> {
    yield status.rowErrors.map((error) =>
      [
        error.row,
        label(t, `outcomeImport.reason.${error.reason}`, error.reason),
        error.field ? label(t, `outcomeImport.target.${error.field}`, error.field) : null,
        error.reason,
      ].map(neutralizeValue),
    );
  }
  const base = status.fileName.replace(/\.[^.]*$/, "").replace(/[^\p{L}\p{N}_.-]+/gu, "_").slice(0, 80) || "outcomes";
  return { stream: csvStream(header, batches()), fileName: `${base}-report.csv` };
}
