import "server-only";
import type { Locale } from "@/i18n/locales";
import { outcomeImportEn } from "@/i18n/messages/areas/outcome-import.en";
import { messagesFor } from "@/i18n/translate";
import { OUTCOME_BASE_TYPES } from "@/schemas/outcome";
import type { ContactActor } from "@/server/contacts/actor";
import { getImportJob, listImportJobs, type ImportJobStatus } from "@/server/imports/import-job";

/** An outcome import's progress and report, as its page polls it (ADMIN+, this organisation's only). */
export async function getOutcomeImport({ actor, importId }: { actor: ContactActor; importId: string }): Promise<ImportJobStatus> {
  return getImportJob({ actor, importId, kind: "OUTCOMES" });
}

/** The organisation's latest outcome imports (the import page lists them). */
export async function listOutcomeImports({ actor, take = 10 }: { actor: ContactActor; take?: number }) {
  return listImportJobs({ actor, kind: "OUTCOMES", take });
}

/**
 * The outcome import area of the catalogue in `locale` plus the standard types' names, for the shared import wizard
 * and report (only these keys reach the browser).
 */
export function outcomeImportMessages(locale: Locale): Record<string, string> {
  const all = messagesFor(locale);
  const keys = [...Object.keys(outcomeImportEn), ...OUTCOME_BASE_TYPES.map((type) => `outcomes.type.${type}`)] as (keyof typeof all)[];
  return Object.fromEntries(keys.map((key) => [key, all[key]]));
}
