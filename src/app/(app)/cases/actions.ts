"use server";

import { revalidatePath } from "next/cache";
import type { CaseBulkMessageKey, CaseBulkState } from "@/components/cases/case-bulk-form";
import { isAppError } from "@/lib/errors";
import { requireUser } from "@/server/auth/session";
import { bulkUpdateCases } from "@/server/cases/bulk-update-cases";
import { caseActorFor } from "@/server/cases/case-actor";

function errorKey(error: { code: string; details?: unknown }): CaseBulkMessageKey {
  const fields = (error.details as { fields?: unknown } | undefined)?.fields;
  const list = Array.isArray(fields) ? fields.map(String) : [];
  if (error.code === "validation_failed" && list.some((field) => field.startsWith("caseIds"))) return "caseList.bulk.error.none";
  if (error.code === "validation_failed" && list.includes("ownerId")) return "caseList.bulk.error.owner";
  if (error.code === "validation_failed" && list.includes("rootCauseId")) return "caseList.bulk.error.rootCause";
  if (error.code === "forbidden" || error.code === "unauthorized") return "caseList.bulk.error.forbidden";
  if (error.code === "not_found") return "caseList.bulk.error.notFound";
  if (error.code === "conflict") return "caseList.bulk.error.conflict";
  return "caseList.bulk.error.failed";
}

/** Bulk assign / close from the cases list (MANAGER+; every case in the actor's organisation and scope). */
export async function bulkCasesAction(_state: CaseBulkState, formData: FormData): Promise<CaseBulkState> {
  const caseIds = formData.getAll("caseId").map(String);
  if (caseIds.length === 0) return { ok: false, error: "caseList.bulk.error.none" };
  const action = String(formData.get("action") ?? "");
  const ownerId = String(formData.get("ownerId") ?? "");
  const rootCauseId = String(formData.get("rootCauseId") ?? "");
  if (action === "assign" && ownerId === "") return { ok: false, error: "caseList.bulk.error.owner" };
  try {
    const viewer = await requireUser();
    const actor = await caseActorFor(viewer);
    const input = action === "assign" ? { action, caseIds, ownerId } : { action, caseIds, ...(rootCauseId ? { rootCauseId } : {}) };
    const result = await bulkUpdateCases({ actor, input });
    revalidatePath("/cases");
    return { ok: true, ...result, at: Date.now() };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: errorKey(error) };
    throw error;
  }
}
