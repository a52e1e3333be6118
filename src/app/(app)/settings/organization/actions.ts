"use server";

import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { requireRole } from "@/server/auth/session";
import { rethrowRefusal } from "@/server/http/action-refusal";
import { assignScope } from "@/server/org/assign-scope";
import { importHierarchy, MAX_HIERARCHY_BYTES, type HierarchyImportReport } from "@/server/org/import-hierarchy";

export type ImportHierarchyState = { report?: HierarchyImportReport; error?: string };

export async function importHierarchyAction(_previous: ImportHierarchyState, formData: FormData): Promise<ImportHierarchyState> {
  try {
    const viewer = await requireRole("ADMIN");
    const file = formData.get("file");
    if (!(file instanceof File) || file.size === 0) return { error: "The file is empty." };
    if (file.size > MAX_HIERARCHY_BYTES) return { error: "The file is too large (at most 2 MB)." };
    const report = await importHierarchy({ actor: viewer, bytes: new Uint8Array(await file.arrayBuffer()) });
    revalidatePath("/settings/organization");
    return { report };
  } catch (error) {
    if (isAppError(error)) return { error: error.message };
    throw error;
  }
}

export async function assignScopeAction(formData: FormData): Promise<void> {
  try {
    const viewer = await requireRole("ADMIN");
    await assignScope({ actor: viewer, input: { membershipId: String(formData.get("membershipId") ?? ""), scopeUnitId: String(formData.get("scopeUnitId") ?? "") } });
  } catch (error) {
    // Another organisation's member, a role too low, a unit not offered: 404, never a 500.
    rethrowRefusal(error);
  }
  revalidatePath("/settings/organization");
}
