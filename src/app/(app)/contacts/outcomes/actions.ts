"use server";

import { revalidatePath } from "next/cache";
import type { ConfirmActionState } from "@/components/ui/confirm-action-button";
import { isAppError } from "@/lib/errors";
import { requireRole } from "@/server/auth/session";
import { deleteImportErrorKey, deleteImportJob, type DeleteImportMessageKey } from "@/server/imports/delete-import-job";

/** The outcome import list's "Delete" on an import waiting for its mapping (ADMIN+, this organisation's only). */
export async function deleteOutcomeImportAction(_previous: ConfirmActionState<DeleteImportMessageKey>, formData: FormData): Promise<ConfirmActionState<DeleteImportMessageKey>> {
  try {
    const viewer = await requireRole("ADMIN");
    await deleteImportJob({
      actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
      importId: String(formData.get("id") ?? ""),
      kind: "OUTCOMES",
    });
    revalidatePath("/contacts/outcomes");
    return { ok: true };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: deleteImportErrorKey(error.code) };
    throw error;
  }
}
