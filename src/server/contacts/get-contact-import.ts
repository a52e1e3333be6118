import "server-only";
import { getImportJob, listImportJobs, type ImportJobStatus } from "@/server/imports/import-job";
import type { ContactActor } from "./actor";

/** A contact import's progress and report, as the import page polls it. */
export type ContactImportStatus = ImportJobStatus;

export async function getContactImport({ actor, importId }: { actor: ContactActor; importId: string }): Promise<ContactImportStatus> {
  return getImportJob({ actor, importId, kind: "CONTACTS" });
}

/** The organisation's latest contact imports (the import page lists them). */
export async function listContactImports({ actor, take = 10 }: { actor: ContactActor; take?: number }) {
  return listImportJobs({ actor, kind: "CONTACTS", take });
}
