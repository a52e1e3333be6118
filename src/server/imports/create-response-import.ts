import "server-only";
import { suggestResponseMapping, type ResponseColumnMapping } from "@/lib/response-import";
import { AppError } from "@/lib/errors";
import type { ImportFormatInput } from "@/schemas/contact-import";
import { assertContactAdmin, type ContactActor } from "@/server/contacts/actor";
import { db } from "@/server/db";
import { createImportJob, previewImportJob, type ImportPreview } from "./import-job";

export type ResponseImportPreview = ImportPreview<ResponseColumnMapping>;

/** The survey a historical import writes to: this organisation's, or not_found. */
export async function findImportSurvey(actor: ContactActor, surveyId: string) {
  assertContactAdmin(actor);
  const survey = await db.survey.findFirst({
    where: { organizationId: actor.organizationId, id: surveyId },
    select: { id: true, name: true, version: true, defaultLocale: true, touchpoint: true, organization: { select: { timeZone: true } } },
  });
  if (!survey) throw new AppError("not_found", "No such survey.");
  return survey;
}

/**
 * Step 1 of a historical response import (a previous tool's export) into a survey: the upload stored and
 * scanned by the import job (src/server/imports/import-job.ts), a PENDING import with a suggested mapping.
 * A file that cannot be read (a wrong encoding choice …) is a 422 and leaves nothing behind.
 */
export async function createResponseImport(options: {
  actor: ContactActor;
  surveyId: string;
  body: ReadableStream<Uint8Array>;
  fileName: string;
  format: ImportFormatInput;
}): Promise<ResponseImportPreview> {
  const survey = await findImportSurvey(options.actor, options.surveyId);
  return createImportJob({ ...options, surveyId: survey.id, kind: "RESPONSES", suggest: suggestResponseMapping });
}

/** Reads a PENDING response import's upload again with other encoding / delimiter choices. */
export async function previewResponseImport(options: { actor: ContactActor; importId: string; format: ImportFormatInput }): Promise<ResponseImportPreview> {
  return previewImportJob({ ...options, kind: "RESPONSES", suggest: suggestResponseMapping });
}
