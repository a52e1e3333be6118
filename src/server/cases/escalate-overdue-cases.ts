import "server-only";
import { emitWebhookEvent } from "@/server/webhooks/emit-webhook-event";
import { escalationTarget } from "@/lib/case-rules";
import { db } from "@/server/db";
import { unitManagerChain } from "@/server/org/unit-scope";

export type EscalateOverdueCasesOptions = {
  now: Date;
  /** Only this organisation's cases (tests); all organisations otherwise. */
  organizationId?: string;
  limit?: number;
};

/**
 * Escalates every case that is still OPEN or CONTACTED after its due time and was not escalated before:
 * sets escalatedAt / escalatedToId and writes an ESCALATED event naming the manager to alert (the email
 * goes out through deliverCaseNotifications). The update is conditional on escalatedAt being null, so a
 * case escalates exactly once even when two workers run at the same moment.
 */
export async function escalateOverdueCases({ now, organizationId, limit = 500 }: EscalateOverdueCasesOptions): Promise<{ escalated: number }> {
  const overdue = await db.case.findMany({
    where: {
      ...(organizationId ? { organizationId } : {}),
      status: { in: ["OPEN", "CONTACTED"] },
      dueAt: { lt: now },
      escalatedAt: null,
    },
    orderBy: { dueAt: "asc" },
    take: limit,
    select: { id: true, organizationId: true, unitId: true, ownerId: true, organization: { select: { fallbackCaseOwnerId: true } } },
  });
  const ownersByOrg = new Map<string, string[]>();
  let escalated = 0;
  for (const c of overdue) {
    let orgOwners = ownersByOrg.get(c.organizationId);
    if (!orgOwners) {
      const rows = await db.membership.findMany({
        where: { organizationId: c.organizationId, role: "OWNER" },
        orderBy: { createdAt: "asc" },
        select: { userId: true },
      });
      orgOwners = rows.map((row) => row.userId);
      ownersByOrg.set(c.organizationId, orgOwners);
    }
    const managerChain = c.unitId ? await unitManagerChain(c.organizationId, c.unitId) : [];
    const target = escalationTarget({ ownerId: c.ownerId, managerChain, fallbackOwnerId: c.organization.fallbackCaseOwnerId, orgOwnerIds: orgOwners });
    const done = await db.$transaction(async (tx) => {
      const claimed = await tx.case.updateMany({
        where: { id: c.id, organizationId: c.organizationId, escalatedAt: null, status: { in: ["OPEN", "CONTACTED"] } },
        data: { escalatedAt: now, escalatedToId: target },
      });
      if (claimed.count !== 1) return false;
      await tx.caseEvent.create({
        data: {
          organizationId: c.organizationId,
          caseId: c.id,
          kind: "ESCALATED",
          actorId: null,
          data: { escalatedToId: target, notifyUserId: target },
          createdAt: now,
        },
      });
      await emitWebhookEvent(tx, { organizationId: c.organizationId, type: "case.sla_breached", data: { caseId: c.id }, unitId: c.unitId, now });
      return true;
    });
    if (done) escalated += 1;
  }
  return { escalated };
}
