import "server-only";
import type { ContactActor } from "@/server/contacts/actor";
import { getImportJob, listImportJobs, type ImportJobStatus } from "./import-job";

/** A historical response import's progress and report, as its page polls it. */
export async function getResponseImport({ actor, importId }: { actor: ContactActor; importId: string }): Promise<ImportJobStatus> {
  return getImportJob({ actor, importId, kind: "RESPONSES" });
}

/** The survey's latest historical imports (its import page lists them). */
export async function listResponseImports({ actor, surveyId, take = 10 }: { actor: ContactActor; surveyId: string; take?: number }) {
  return listImportJobs({ actor, kind: "RESPONSES", surveyId, take });
}
