"use server";

import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { requireRole } from "@/server/auth/session";
import { classActorFor } from "@/server/customer-classes/class-actor";
import { openClassCases } from "@/server/customer-classes/open-class-cases";
import type { FollowUpState } from "./follow-up-state";

/** "Follow up this class": a case for every contact in the class without an open one (openClassCases). */
export async function followUpClassAction(_state: FollowUpState, formData: FormData): Promise<FollowUpState> {
  const values = { ownerId: String(formData.get("ownerId") ?? ""), dueDate: String(formData.get("dueDate") ?? "") };
  const classKey = String(formData.get("classKey") ?? "");
  try {
    const viewer = await requireRole("MANAGER");
    const actor = await classActorFor(viewer);
    const result = await openClassCases({ actor, input: { classKey, ...values } });
    revalidatePath("/cases");
    return { ok: true, at: Date.now(), result, values };
  } catch (error) {
    if (isAppError(error)) {
      const refused = (key: NonNullable<FollowUpState["error"]>): FollowUpState => ({ ok: false, at: Date.now(), error: key, values });
      if (error.code === "forbidden" || error.code === "unauthorized") return refused("classes.followUp.error.forbidden");
      if (error.code === "not_found") return refused("classes.followUp.error.notFound");
      if (error.code === "validation_failed") {
        const fields = (error.details as { fields?: unknown } | undefined)?.fields;
        return refused(Array.isArray(fields) && fields.includes("ownerId") ? "classes.followUp.error.owner" : "classes.followUp.error.dueDate");
      }
    }
    throw error;
  }
}
