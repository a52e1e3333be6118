import "server-only";
import { canMoveStatus } from "@/lib/case-rules";
import { AppError } from "@/lib/errors";
import { hasRole } from "@/lib/roles";
import { caseBulkSchema } from "@/schemas/case-list";
import { db } from "@/server/db";
import { emitWebhookEvent } from "@/server/webhooks/emit-webhook-event";
import { visibleCasesWhere, type CaseActor } from "./case-actor";
import { invalidInput } from "./invalid-input";

export type BulkUpdateResult = { updated: number; unchanged: number };

type EventKind = "ASSIGNED" | "ROOT_CAUSE" | "STATUS";

/**
 * Bulk actions of the cases list (MANAGER+), all or nothing, in one transaction:
 * - assign: every selected case gets `ownerId` (a member of the organisation who is not a viewer); an ASSIGNED event
 *   per case that changed owner;
 * - close: every selected case that is not closed yet becomes CLOSED (as the case page does it: firstContactAt,
 *   resolvedAt and closedAt set, a STATUS event); cases without a root cause take `rootCauseId` (an active root cause),
 *   and without one the request is refused; a `case.status_changed` webhook event per closed case.
 * Every id must be a case the actor may see (their organisation, their scope); one that is not makes the whole request
 * 404, so nobody learns which ids exist elsewhere.
 */
export async function bulkUpdateCases({ actor, input, now = new Date() }: { actor: CaseActor; input: unknown; now?: Date }): Promise<BulkUpdateResult> {
  if (!hasRole(actor.role, "MANAGER")) throw new AppError("forbidden", "Only CX managers and above change cases in bulk.");
  const parsed = caseBulkSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const data = parsed.data;
  const ids = [...new Set(data.caseIds)];
  const { organizationId } = actor;
  return db.$transaction(async (tx) => {
    // One event per changed case, as the case page writes them, marked as a bulk change.
    const record = (kind: EventKind, changed: { id: string }[], data: (c: { id: string }) => Record<string, string | null>) =>
      tx.caseEvent.createMany({
        data: changed.map((c) => ({ organizationId, caseId: c.id, kind, actorId: actor.userId, data: { ...data(c), bulk: true }, createdAt: now })),
      });
    const cases = await tx.case.findMany({
      where: { AND: [visibleCasesWhere(actor), { id: { in: ids } }] },
      select: { id: true, ownerId: true, status: true, rootCauseId: true, firstContactAt: true },
    });
    if (cases.length !== ids.length) throw new AppError("not_found", "Case not found.");

    if (data.action === "assign") {
      const member = await tx.membership.findFirst({
        where: { organizationId, userId: data.ownerId, role: { in: ["OWNER", "ADMIN", "MANAGER"] } },
        select: { userId: true },
      });
      if (!member) throw new AppError("validation_failed", "ownerId: Choose a member of the organisation who works cases.", { fields: ["ownerId"] });
      const changing = cases.filter((c) => c.ownerId !== data.ownerId);
      if (changing.length) {
        await tx.case.updateMany({ where: { organizationId, id: { in: changing.map((c) => c.id) } }, data: { ownerId: data.ownerId } });
        const from = new Map(changing.map((c) => [c.id, c.ownerId]));
        await record("ASSIGNED", changing, (c) => ({ from: from.get(c.id) ?? null, to: data.ownerId }));
      }
      return { updated: changing.length, unchanged: cases.length - changing.length };
    }

    const closing = cases.filter((c) => canMoveStatus(c.status, "CLOSED"));
    const needCause = closing.filter((c) => !c.rootCauseId);
    let rootCause: { id: string; key: string } | null = null;
    if (needCause.length) {
      rootCause = data.rootCauseId
        ? await tx.rootCause.findFirst({ where: { organizationId, id: data.rootCauseId, active: true }, select: { id: true, key: true } })
        : null;
      if (!rootCause) throw new AppError("validation_failed", "rootCauseId: Choose a root cause for the cases that have none.", { fields: ["rootCauseId"] });
      await tx.case.updateMany({ where: { organizationId, id: { in: needCause.map((c) => c.id) } }, data: { rootCauseId: rootCause.id } });
      const cause = rootCause;
      await record("ROOT_CAUSE", needCause, () => ({ from: null, to: cause.id, key: cause.key }));
    }
    for (const c of closing) {
      // Conditional on the status read, like a single move: a concurrent change makes the whole request a conflict.
      const updated = await tx.case.updateMany({
        where: { organizationId, id: c.id, status: c.status },
        data: {
          status: "CLOSED",
          closedAt: now,
          ...(c.firstContactAt ? {} : { firstContactAt: now }),
          ...(c.status !== "RESOLVED" ? { resolvedAt: now } : {}),
        },
      });
      if (updated.count !== 1) throw new AppError("conflict", "A case changed meanwhile; reload and try again.");
    }
    const fromStatus = new Map(closing.map((c) => [c.id, c.status]));
    await record("STATUS", closing, (c) => ({ from: fromStatus.get(c.id) ?? null, to: "CLOSED" }));
    // One `case.status_changed` webhook event per closed case, as a single change emits it, in this transaction (the
    // outbox: the events exist exactly when the closes are committed).
    for (const c of closing) {
      await emitWebhookEvent(tx, { organizationId, type: "case.status_changed", data: { caseId: c.id, from: c.status, to: "CLOSED" }, now });
    }
    return { updated: closing.length, unchanged: cases.length - closing.length };
  });
}
