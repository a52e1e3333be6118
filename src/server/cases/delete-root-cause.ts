import "server-only";
import { AppError } from "@/lib/errors";
import { rootCauseIdSchema } from "@/schemas/case-settings";
import { db } from "@/server/db";
import { assertCanManageCaseSettings, type CaseSettingsActor } from "./case-settings-actor";
import { invalidInput } from "./invalid-input";

/** Deletes a root cause no case has been tagged with; one in use is refused (409): deactivate it instead. */
export async function deleteRootCause({ actor, input }: { actor: CaseSettingsActor; input: { id: string } | unknown }) {
  assertCanManageCaseSettings(actor);
  const parsed = rootCauseIdSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { organizationId } = actor;
  const { id } = parsed.data;
  return db.$transaction(async (tx) => {
    const cause = await tx.rootCause.findUnique({ where: { organizationId_id: { organizationId, id } }, select: { id: true } });
    if (!cause) throw new AppError("not_found", "Root cause not found.");
    const cases = await tx.case.count({ where: { organizationId, rootCauseId: id } });
    if (cases > 0) throw new AppError("conflict", "Cases are tagged with this root cause: deactivate it instead.", { cases });
    await tx.rootCause.delete({ where: { organizationId_id: { organizationId, id } } });
    return { id };
  });
}
