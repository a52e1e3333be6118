import "server-only";
import type { AuditAction } from "@/lib/audit-actions";
import { auditEntryHash, GENESIS_HASH } from "@/lib/audit-chain";
import type { Prisma } from "@/generated/prisma/client";
import { uuidv7 } from "@/server/contacts/upsert-contacts";
import { db, TX_OPTIONS } from "@/server/db";

/** The verbs live in src/lib/audit-actions.ts (the audit page's filter reads them too). */
export { AUDIT_ACTIONS, type AuditAction } from "@/lib/audit-actions";

/** The kinds of record an audit event names. */
export type AuditTargetType =
  | "Contact"
  | "Response"
  | "Organization"
  | "User"
  | "Membership"
  | "Invitation"
  | "ApiKey"
  | "Survey"
  | "Webhook"
  | "SsoConnection"
  | "AuditLog";

export type AuditEventInput = {
  organizationId: string;
  /** The signed-in user who acted; null for the system or an API key (say which in details). */
  actorId: string | null;
  action: AuditAction;
  targetType: AuditTargetType;
  /** The record acted on; null for a bulk export (the filter goes into details). */
  targetId?: string | null;
  details?: Prisma.InputJsonObject;
  /** The client's address as the request saw it (src/server/audit/request-context.ts). */
  ip?: string | null;
  at?: Date;
};

type AuditClient = Prisma.TransactionClient | typeof db;

/**
 * Writes one audit event (who, when, what, from where), appended to the organisation's hash chain
 * (src/lib/audit-chain.ts): the chain head row is locked FOR UPDATE, so appends of one organisation are serialised
 * (a single-shard lock on Citus, where both tables are distributed by organizationId). Awaited by the caller before
 * the data is handed out, so a view or an export that could not be recorded fails instead of going unrecorded.
 * Pass a transaction client to record the event atomically with the change it describes.
 */
export async function recordAuditEvent(event: AuditEventInput, client: AuditClient = db): Promise<void> {
  if (client === db) {
    await db.$transaction((tx) => appendAuditEvent(tx, event), TX_OPTIONS);
  } else {
    await appendAuditEvent(client as Prisma.TransactionClient, event);
  }
}

async function appendAuditEvent(tx: Prisma.TransactionClient, event: AuditEventInput): Promise<void> {
  const organizationId = event.organizationId;
  await tx.$executeRaw`
    INSERT INTO "AuditChain" ("organizationId", "headSeq", "headHash", "checkpointSeq", "checkpointHash", "updatedAt")
    VALUES (${organizationId}::uuid, 0, ${GENESIS_HASH}, 0, ${GENESIS_HASH}, now())
    ON CONFLICT ("organizationId") DO NOTHING`;
  const heads = await tx.$queryRaw<{ headSeq: number; headHash: string }[]>`
    SELECT "headSeq", "headHash" FROM "AuditChain" WHERE "organizationId" = ${organizationId}::uuid FOR UPDATE`;
  const head = heads[0];
  if (!head) throw new Error("audit chain head missing");
  // The hashed time is the stored time: milliseconds, like the column.
  const at = new Date((event.at ?? new Date()).getTime());
  const entry = {
    organizationId,
    seq: head.headSeq + 1,
    id: uuidv7(at.getTime()),
    at,
    actorId: event.actorId,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId ?? null,
    details: event.details ?? {},
    ip: event.ip ? event.ip.slice(0, 100) : null,
  };
  const hash = auditEntryHash(entry, head.headHash);
  await tx.auditEvent.create({ data: { ...entry, prevHash: head.headHash, hash } });
  await tx.auditChain.update({ where: { organizationId }, data: { headSeq: entry.seq, headHash: hash } });
}
