import "server-only";
import { AppError } from "@/lib/errors";
import { rootCauseToggleSchema } from "@/schemas/case";
import { db } from "@/server/db";
import { assertCanManageCaseSettings, type CaseSettingsActor } from "./case-settings-actor";
import { invalidInput } from "./invalid-input";

/** Deactivates a root cause (no longer offered when resolving; cases keep it) or brings it back. */
export async function setRootCauseActive({ actor, input }: { actor: CaseSettingsActor; input: { id: string; active: "true" | "false" } | unknown }) {
  assertCanManageCaseSettings(actor);
  const parsed = rootCauseToggleSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const updated = await db.rootCause.updateMany({ where: { organizationId: actor.organizationId, id: parsed.data.id }, data: { active: parsed.data.active } });
  if (updated.count === 0) throw new AppError("not_found", "Root cause not found.");
  return { id: parsed.data.id, active: parsed.data.active };
}
