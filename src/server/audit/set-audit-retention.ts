import "server-only";
import { auditRetentionSchema } from "@/schemas/audit";
import { AppError } from "@/lib/errors";
import { db, TX_OPTIONS } from "@/server/db";
import { assertAuditReader, type AuditActor } from "./list-audit-events";
import { recordAuditEvent } from "./record-audit-event";
import { auditIpOrNull } from "./request-context";

/**
 * Sets how long the organisation's audit entries are kept (one of AUDIT_RETENTION_DAYS, or "forever"; ADMIN/OWNER).
 * The worker's audit-retention job removes older entries (apply-audit-retention.ts). Recorded, before → after.
 */
export async function setAuditRetention({ actor, input }: { actor: AuditActor; input: unknown }): Promise<number | null> {
  assertAuditReader(actor);
  const parsed = auditRetentionSchema.safeParse(input);
  if (!parsed.success) throw new AppError("validation_failed", "Check days: choose one of the offered periods.", { fields: ["days"] });
  const days = parsed.data.days === "forever" ? null : parsed.data.days;
  const ip = await auditIpOrNull();
  await db.$transaction(async (tx) => {
    const before = await tx.auditChain.findUnique({ where: { organizationId: actor.organizationId }, select: { retentionDays: true } });
    // Recording first creates the chain head when this organisation has none yet.
    await recordAuditEvent(
      {
        organizationId: actor.organizationId,
        actorId: actor.userId,
        action: "audit.retention_change",
        targetType: "AuditLog",
        details: { before: { retentionDays: before?.retentionDays ?? null }, after: { retentionDays: days } },
        ip,
      },
      tx,
    );
    await tx.auditChain.update({ where: { organizationId: actor.organizationId }, data: { retentionDays: days } });
  }, TX_OPTIONS);
  return days;
}
