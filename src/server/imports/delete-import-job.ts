import "server-only";
import { z } from "zod";
import type { ImportKind } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { assertContactAdmin, type ContactActor } from "@/server/contacts/actor";
import { db } from "@/server/db";
import { removeUpload, uploadPath } from "./import-source";

/**
 * Deletes an import that is still waiting for its mapping (PENDING): its row and its upload. ADMIN and OWNER only,
 * within the actor's organisation (and the survey, for a survey's response import). An import that has started is
 * a conflict (its report stays); another organisation's or an unknown id is not_found. The delete is conditional on
 * the status, so a run claimed at the same moment wins and nothing it needs disappears.
 */
export async function deleteImportJob(options: { actor: ContactActor; importId: string; kind: ImportKind; surveyId?: string }): Promise<void> {
  const { actor, importId, kind, surveyId } = options;
  assertContactAdmin(actor);
  if (!z.uuid().safeParse(importId).success || (surveyId !== undefined && !z.uuid().safeParse(surveyId).success)) {
    throw new AppError("not_found", "No such import.");
  }
  const where = { organizationId: actor.organizationId, id: importId, kind, ...(surveyId ? { surveyId } : {}) };
  const deleted = await db.contactImport.deleteMany({ where: { ...where, status: "PENDING" } });
  if (deleted.count === 0) {
    const row = await db.contactImport.findFirst({ where, select: { status: true } });
    if (!row) throw new AppError("not_found", "No such import.");
    throw new AppError("conflict", "This import has already started; only an import waiting for its mapping can be deleted.");
  }
  await removeUpload(uploadPath(actor.organizationId, importId));
}

/** Catalogue keys of what the delete button shows when it is refused. */
export type DeleteImportMessageKey =
  | "imports.delete.error.notFound"
  | "imports.delete.error.started"
  | "imports.delete.error.forbidden"
  | "imports.delete.error.failed";

export const DELETE_IMPORT_MESSAGE_KEYS: readonly DeleteImportMessageKey[] = [
  "imports.delete.error.notFound",
  "imports.delete.error.started",
  "imports.delete.error.forbidden",
  "imports.delete.error.failed",
];

/** The message of an AppError code raised by deleteImportJob (or the role check before it). */
export function deleteImportErrorKey(code: string): DeleteImportMessageKey {
  if (code === "forbidden" || code === "unauthorized") return "imports.delete.error.forbidden";
  if (code === "not_found") return "imports.delete.error.notFound";
  if (code === "conflict") return "imports.delete.error.started";
  return "imports.delete.error.failed";
}
