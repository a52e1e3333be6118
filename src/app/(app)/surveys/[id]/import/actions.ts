"use server";

import { revalidatePath } from "next/cache";
import type { ConfirmActionState } from "@/components/ui/confirm-action-button";
import { isAppError } from "@/lib/errors";
import { requireRole } from "@/server/auth/session";
import { deleteImportErrorKey, deleteImportJob, type DeleteImportMessageKey } from "@/server/imports/delete-import-job";

/**
 * The survey import list's "Delete" on a response import waiting for its mapping (ADMIN+, this organisation's and
 * this survey's only). The page binds `surveyId`.
 */
export async function deleteResponseImportAction(
  surveyId: string,
  _previous: ConfirmActionState<DeleteImportMessageKey>,
  formData: FormData,
): Promise<ConfirmActionState<DeleteImportMessageKey>> {
  try {
    const viewer = await requireRole("ADMIN");
    await deleteImportJob({
      actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
      importId: String(formData.get("id") ?? ""),
      kind: "RESPONSES",
      surveyId: String(surveyId),
    });
    revalidatePath(`/surveys/${String(surveyId)}/import`);
    return { ok: true };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: deleteImportErrorKey(error.code) };
    throw error;
  }
}
