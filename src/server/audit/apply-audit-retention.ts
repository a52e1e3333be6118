import "server-only";
import { db, TX_OPTIONS } from "@/server/db";
import { recordAuditEvent } from "./record-audit-event";

export type AuditRetentionResult = { organizations: number; removed: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Removes audit entries older than each organisation's retention (AuditChain.retentionDays), keeping the chain
 * verifiable: only a prefix of the chain goes (every entry up to the last one before the cutoff whose predecessors
 * are all older too), and the last removed entry's seq and hash become the checkpoint verify starts from. The removal
 * itself is recorded as an `audit.retention` entry (with the checkpoint), in the same transaction, under the chain
 * head's lock. Unchained entries (written before the chain existed) older than the cutoff go as well.
 */
export async function applyAuditRetention(options: { now?: Date; organizationId?: string } = {}): Promise<AuditRetentionResult> {
  const now = options.now ?? new Date();
  const chains = await db.auditChain.findMany({
    where: { retentionDays: { not: null }, ...(options.organizationId ? { organizationId: options.organizationId } : {}) },
    select: { organizationId: true },
  });
  let removed = 0;
  let organizations = 0;
  for (const { organizationId } of chains) {
    const count = await db.$transaction(async (tx) => {
      const [chain] = await tx.$queryRaw<{ retentionDays: number | null; checkpointSeq: number; headSeq: number }[]>`
        SELECT "retentionDays", "checkpointSeq", "headSeq" FROM "AuditChain" WHERE "organizationId" = ${organizationId}::uuid FOR UPDATE`;
      if (!chain?.retentionDays) return 0;
      const cutoff = new Date(now.getTime() - chain.retentionDays * DAY_MS);
      const firstKept = await tx.auditEvent.findFirst({
        where: { organizationId, seq: { gt: chain.checkpointSeq }, at: { gte: cutoff } },
        orderBy: { seq: "asc" },
        select: { seq: true },
      });
      const lastRemovedSeq = (firstKept?.seq ?? chain.headSeq + 1) - 1;
      const unchained = await tx.auditEvent.deleteMany({ where: { organizationId, seq: null, at: { lt: cutoff } } });
      if (lastRemovedSeq <= chain.checkpointSeq) return unchained.count;
      const last = await tx.auditEvent.findUnique({ where: { organizationId_seq: { organizationId, seq: lastRemovedSeq } }, select: { hash: true } });
      if (!last?.hash) throw new Error(`audit retention: entry ${lastRemovedSeq} of ${organizationId} is missing; the chain is broken, nothing removed`);
      const chained = await tx.auditEvent.deleteMany({ where: { organizationId, seq: { gt: chain.checkpointSeq, lte: lastRemovedSeq } } });
      await tx.auditChain.update({ where: { organizationId }, data: { checkpointSeq: lastRemovedSeq, checkpointHash: last.hash, checkpointAt: now } });
      await recordAuditEvent(
        {
          organizationId,
          actorId: null,
          action: "audit.retention",
          targetType: "AuditLog",
          details: { removed: chained.count + unchained.count, retentionDays: chain.retentionDays, checkpointSeq: lastRemovedSeq, checkpointHash: last.hash, cutoff: cutoff.toISOString() },
          at: now,
        },
        tx,
      );
      return chained.count + unchained.count;
    }, TX_OPTIONS);
    if (count) organizations += 1;
    removed += count;
  }
  return { organizations, removed };
}
