"use server";

import { revalidatePath } from "next/cache";
import type { ConfirmActionState } from "@/components/ui/confirm-action-button";
import { isAppError, type AppError } from "@/lib/errors";
import { addAggregateCombination, removeAggregateCombination } from "@/server/attributes/aggregate-combinations";
import { requireRole } from "@/server/auth/session";
import { requestAggregateRebuildRun } from "@/server/queue/boss";
import type { AddCombinationState, CombinationsMessageKey } from "./combinations-state";

const PATH = "/settings/attributes";

function messageFor(error: AppError): CombinationsMessageKey {
  if (error.code === "forbidden" || error.code === "unauthorized") return "combinations.error.forbidden";
  if (error.code === "conflict") return "combinations.error.duplicate";
  if (error.code === "not_found") return "combinations.error.notFound";
  if (error.code === "validation_failed") {
    const reason = (error.details as { reason?: unknown } | undefined)?.reason;
    if (reason === "not_dimension") return "combinations.error.notDimension";
    if (reason === "limit") return "combinations.error.limit";
    return "combinations.error.choose";
  }
  return "combinations.error.failed";
}

/** Adds a combination of the 2 or 3 dimensions chosen (ADMIN+); its aggregate rebuild is queued for the worker, woken now. */
export async function addCombinationAction(_state: AddCombinationState, formData: FormData): Promise<AddCombinationState> {
  const values = Object.fromEntries(["first", "second", "third"].map((name) => [name, String(formData.get(name) ?? "")]));
  const keys = Object.values(values).filter((key) => key !== "");
  const at = Date.now();
  try {
    const viewer = await requireRole("ADMIN");
    await addAggregateCombination({ actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role }, input: { keys } });
    await requestAggregateRebuildRun();
    revalidatePath(PATH);
    return { ok: true, at };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { ok: false, at, error: messageFor(error), values };
  }
}

/** Removes one combination (ADMIN+); the worker rebuilds the aggregates without it (queued with the removal, woken now). */
export async function removeCombinationAction(
  _state: ConfirmActionState<CombinationsMessageKey>,
  formData: FormData,
): Promise<ConfirmActionState<CombinationsMessageKey>> {
  try {
    const viewer = await requireRole("ADMIN");
    await removeAggregateCombination({ actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role }, id: String(formData.get("id") ?? "") });
    await requestAggregateRebuildRun();
    revalidatePath(PATH);
    return { ok: true };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { ok: false, error: messageFor(error) };
  }
}
