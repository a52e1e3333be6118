import "server-only";
import { AppError } from "@/lib/errors";
import { caseRootCauseSchema } from "@/schemas/case";
import { db } from "@/server/db";
import { loadCaseFor, type CaseActor } from "./case-actor";
import { invalidInput } from "./invalid-input";

/** Tags a case with an active root cause of the organisation's list. */
export async function setCaseRootCause({ actor, input }: { actor: CaseActor; input: unknown }) {
  const parsed = caseRootCauseSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  return db.$transaction(async (tx) => {
    const c = await loadCaseFor(tx, actor, parsed.data.caseId, { act: true });
    const rootCause = await tx.rootCause.findFirst({
      where: { organizationId: actor.organizationId, id: parsed.data.rootCauseId, active: true },
      select: { id: true, key: true },
    });
    if (!rootCause) throw new AppError("validation_failed", "rootCauseId: Choose a root cause from the list.", { fields: ["rootCauseId"] });
    if (c.rootCauseId === rootCause.id) return { rootCauseId: rootCause.id };
    await tx.case.update({ where: { organizationId_id: { organizationId: actor.organizationId, id: c.id } }, data: { rootCauseId: rootCause.id } });
    await tx.caseEvent.create({
      data: {
        organizationId: actor.organizationId,
        caseId: c.id,
        kind: "ROOT_CAUSE",
        actorId: actor.userId,
        data: { from: c.rootCauseId, to: rootCause.id, key: rootCause.key },
      },
    });
    return { rootCauseId: rootCause.id };
  });
}
