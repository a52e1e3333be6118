"use server";

import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { requireUser } from "@/server/auth/session";
import { addCaseNote } from "@/server/cases/add-case-note";
import { caseActorFor } from "@/server/cases/case-actor";
import { changeCaseStatus } from "@/server/cases/change-case-status";
import { ReplySendError, sendCaseReply } from "@/server/cases/send-case-reply";
import { setCaseRootCause } from "@/server/cases/set-case-root-cause";
import type { CaseActionState, CaseMessageKey } from "@/components/cases/action-state";

function errorKey(error: { code: string; details?: unknown }): CaseMessageKey {
  const fields = (error.details as { fields?: unknown } | undefined)?.fields;
  const list = Array.isArray(fields) ? fields.map(String) : [];
  if (error.code === "validation_failed" && list.includes("rootCauseId")) return "cases.rootCause.required";
  if (error.code === "validation_failed" && list.includes("to")) return "cases.reply.noEmail";
  if (error.code === "validation_failed") return "cases.error.invalid";
  if (error.code === "forbidden" && (error.details as { reason?: unknown } | undefined)?.reason === "no_consent") return "privacy.reply.refused";
  if (error.code === "forbidden" || error.code === "unauthorized") return "cases.error.forbidden";
  if (error.code === "not_found") return "cases.error.notFound";
  if (error.code === "conflict") return "cases.error.conflict";
  return "cases.error.failed";
}

async function run(formData: FormData, work: (actor: Awaited<ReturnType<typeof caseActorFor>>, caseId: string) => Promise<unknown>): Promise<CaseActionState> {
  const caseId = String(formData.get("caseId") ?? "");
  try {
    const viewer = await requireUser();
    const actor = await caseActorFor(viewer);
    await work(actor, caseId);
    revalidatePath(`/cases/${caseId}`);
    revalidatePath("/cases");
    return { ok: true, at: Date.now() };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: errorKey(error) };
    if (error instanceof ReplySendError) return { ok: false, error: "cases.reply.sendFailed" };
    throw error;
  }
}

export async function addNoteAction(_state: CaseActionState, formData: FormData): Promise<CaseActionState> {
  return run(formData, (actor, caseId) => addCaseNote({ actor, input: { caseId, body: String(formData.get("body") ?? "") } }));
}

export async function changeStatusAction(_state: CaseActionState, formData: FormData): Promise<CaseActionState> {
  return run(formData, (actor, caseId) => changeCaseStatus({ actor, input: { caseId, status: String(formData.get("status") ?? "") } }));
}

export async function setRootCauseAction(_state: CaseActionState, formData: FormData): Promise<CaseActionState> {
  return run(formData, (actor, caseId) => setCaseRootCause({ actor, input: { caseId, rootCauseId: String(formData.get("rootCauseId") ?? "") } }));
}

export async function sendReplyAction(_state: CaseActionState, formData: FormData): Promise<CaseActionState> {
  const templateId = String(formData.get("templateId") ?? "");
  return run(formData, (actor, caseId) =>
    sendCaseReply({
      actor,
      input: {
        caseId,
        templateId: templateId === "" ? undefined : templateId,
        locale: String(formData.get("locale") ?? ""),
        subject: String(formData.get("subject") ?? ""),
        body: String(formData.get("body") ?? ""),
      },
    }),
  );
}
