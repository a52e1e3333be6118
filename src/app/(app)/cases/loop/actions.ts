"use server";

import { revalidatePath } from "next/cache";
import type { LoopActionState } from "@/components/cases/loop-mark-sent-form";
import { isAppError } from "@/lib/errors";
import { requireUser } from "@/server/auth/session";
import { caseActorFor } from "@/server/cases/case-actor";
import { markLoopMessageSent } from "@/server/cases/mark-loop-message-sent";

/** "Mark as sent" on a promoter or passive: sets Response.loopMessageSentAt once (idempotent). */
export async function markLoopSentAction(_state: LoopActionState, formData: FormData): Promise<LoopActionState> {
  try {
    const viewer = await requireUser();
    const actor = await caseActorFor(viewer);
    await markLoopMessageSent({ actor, input: { responseId: String(formData.get("responseId") ?? "") } });
    revalidatePath("/cases/loop");
    return { ok: true, at: Date.now() };
  } catch (error) {
    if (isAppError(error)) {
      if (error.code === "forbidden" || error.code === "unauthorized") return { ok: false, error: "cases.loop.error.forbidden" };
      if (error.code === "not_found") return { ok: false, error: "cases.loop.error.notFound" };
      return { ok: false, error: "cases.loop.error.failed" };
    }
    throw error;
  }
}
