import "server-only";
import { emitWebhookEvent } from "@/server/webhooks/emit-webhook-event";
import { canMoveStatus } from "@/lib/case-rules";
import { AppError } from "@/lib/errors";
import { caseStatusSchema } from "@/schemas/case";
import { db } from "@/server/db";
import { loadCaseFor, type CaseActor } from "./case-actor";
import { invalidInput } from "./invalid-input";

/**
 * Moves a case along open → contacted → resolved → closed (or reopens a resolved / closed one). The first
 * move out of OPEN sets firstContactAt; RESOLVED needs a root cause and sets resolvedAt; CLOSED sets
 * closedAt. The update is conditional on the status read, so two concurrent moves cannot both apply.
 */
export async function changeCaseStatus({ actor, input, now = new Date() }: { actor: CaseActor; input: unknown; now?: Date }) {
  const parsed = caseStatusSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { caseId, status } = parsed.data;
  return db.$transaction(async (tx) => {
    const c = await loadCaseFor(tx, actor, caseId, { act: true });
    if (!canMoveStatus(c.status, status)) throw new AppError("conflict", `A ${c.status} case cannot move to ${status}.`);
    if ((status === "RESOLVED" || status === "CLOSED") && !c.rootCauseId) {
      throw new AppError("validation_failed", "rootCauseId: Choose a root cause before resolving the case.", { fields: ["rootCauseId"] });
    }
    const updated = await tx.case.updateMany({
      where: { id: c.id, organizationId: actor.organizationId, status: c.status },
      data: {
        status,
        ...(status !== "OPEN" && !c.firstContactAt ? { firstContactAt: now } : {}),
        ...(status === "RESOLVED" || (status === "CLOSED" && c.status !== "RESOLVED") ? { resolvedAt: now } : {}),
        ...(status === "CLOSED" ? { closedAt: now } : {}),
        ...(status === "OPEN" ? { resolvedAt: null, closedAt: null } : {}),
      },
    });
    if (updated.count !== 1) throw new AppError("conflict", "The case changed meanwhile; reload and try again.");
    await tx.caseEvent.create({
      data: { organizationId: actor.organizationId, caseId: c.id, kind: "STATUS", actorId: actor.userId, data: { from: c.status, to: status }, createdAt: now },
    });
    await emitWebhookEvent(tx, { organizationId: actor.organizationId, type: "case.status_changed", data: { caseId: c.id, from: c.status, to: status }, now });
    return { status };
  });
}
