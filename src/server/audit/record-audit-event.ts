import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";

/** What the audit log records today (dotted verbs; issue 16's full audit log adds its own). */
export const AUDIT_ACTIONS = ["contact.view", "contact.export", "responses.export", "loop.export"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The kinds of record an audit event names. */
export type AuditTargetType = "Contact" | "Response" | "Organization";

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

/**
 * Writes one audit event (who, when, what, from where). Awaited by the caller before the data is handed out, so a
 * view or an export that could not be recorded fails instead of going unrecorded.
 */
export async function recordAuditEvent(event: AuditEventInput, client: Pick<Prisma.TransactionClient, "auditEvent"> = db): Promise<void> {
  await client.auditEvent.create({
    data: {
      organizationId: event.organizationId,
      actorId: event.actorId,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId ?? null,
      details: event.details ?? {},
      ip: event.ip ? event.ip.slice(0, 100) : null,
      ...(event.at ? { at: event.at } : {}),
    },
  });
}
