"use server";

import { redirect } from "next/navigation";
import { requireRole } from "@/server/auth/session";
import { setAuditRetention } from "@/server/audit/set-audit-retention";
import { verifyOrganizationAuditChain } from "@/server/audit/verify-audit-chain";
import { rethrowRefusal } from "@/server/http/action-refusal";

export type VerifyState =
  | { status: "idle" }
  | { status: "ok"; checked: number; lastSeq: number; unchained: number }
  | { status: "broken"; checked: number; seq: number; problem: "hash_mismatch" | "prev_hash_mismatch" | "seq_gap" | "head_mismatch"; unchained: number };

/** Walks the organisation's chain (ADMIN/OWNER) and answers with the first broken entry, if any. */
export async function verifyAuditAction(previous: VerifyState): Promise<VerifyState> {
  void previous;
  try {
    const viewer = await requireRole("ADMIN");
    const report = await verifyOrganizationAuditChain(viewer.organizationId);
    if (report.ok) return { status: "ok", checked: report.checked, lastSeq: report.lastSeq, unchained: report.unchained };
    return { status: "broken", checked: report.checked, seq: report.brokenSeq, problem: report.problem, unchained: report.unchained };
  } catch (error) {
    rethrowRefusal(error);
  }
}

/** Saves the retention period (a plain form: works without JavaScript), then shows the page again. */
export async function setAuditRetentionAction(formData: FormData): Promise<void> {
  try {
    const viewer = await requireRole("ADMIN");
    await setAuditRetention({ actor: viewer, input: { days: String(formData.get("days") ?? "") } });
  } catch (error) {
    rethrowRefusal(error);
  }
  redirect("/settings/audit?saved=1");
}
