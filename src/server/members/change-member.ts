import "server-only";
import { AppError } from "@/lib/errors";
import { roleTakesScope } from "@/lib/member-invitation";
import type { RoleName } from "@/lib/roles";
import { changeMemberSchema } from "@/schemas/accounts";
import type { Prisma } from "@/generated/prisma/client";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/server/db";
import { assertMayTouchRole, assertMemberAdmin, memberRefusal, type MemberActor } from "./member-actor";

/** Locks the organisation's active owners (FOR UPDATE) so two demotions cannot both leave it without one. */
async function lockActiveOwners(tx: Prisma.TransactionClient, organizationId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Membership"
    WHERE "organizationId" = ${organizationId}::uuid AND "role" = 'OWNER' AND "deactivatedAt" IS NULL
    ORDER BY "id" FOR UPDATE`;
  return rows.map((r) => r.id);
}

async function membershipOf(tx: Prisma.TransactionClient, organizationId: string, membershipId: string) {
  const id = /^[0-9a-f-]{36}$/i.test(membershipId) ? membershipId : null;
  const membership = id
    ? await tx.membership.findFirst({ where: { organizationId, id }, select: { id: true, userId: true, role: true, scopeUnitId: true, deactivatedAt: true, user: { select: { email: true } } } })
    : null;
  if (!membership) throw memberRefusal("not_found", "Member not found.");
  return membership;
}

/**
 * Changes a member's role and unit scope (ADMIN+; owners only by an owner; the last active owner keeps the role).
 * Their sessions end at once: the session's access stamp covers role and scope (src/server/auth/session-stamp.ts).
 */
export async function changeMember(options: { actor: MemberActor; input: unknown; ip?: string | null }): Promise<void> {
  const { actor } = options;
  assertMemberAdmin(actor);
  const parsed = changeMemberSchema.safeParse(options.input);
  if (!parsed.success) throw new AppError("validation_failed", "Choose a member, a role and a unit of this organisation.");
  const input = parsed.data;
  if (input.scopeUnitId && !roleTakesScope(input.role)) throw memberRefusal("scope", "Only CX managers and viewers can be limited to a unit.");
  const organizationId = actor.organizationId;
  await db.$transaction(async (tx) => {
    const owners = await lockActiveOwners(tx, organizationId);
    const membership = await membershipOf(tx, organizationId, input.membershipId);
    assertMayTouchRole(actor, membership.role, input.role);
    if (membership.role === "OWNER" && input.role !== "OWNER" && owners.length <= 1 && owners.includes(membership.id)) {
      throw memberRefusal("last_owner", "The organisation's last owner cannot be demoted.");
    }
    if (input.scopeUnitId && !(await tx.orgUnit.findFirst({ where: { organizationId, id: input.scopeUnitId }, select: { id: true } }))) {
      throw memberRefusal("scope", "No such unit in this organisation.");
    }
    const scopeUnitId = roleTakesScope(input.role) ? input.scopeUnitId : null;
    if (membership.role === input.role && membership.scopeUnitId === scopeUnitId) return;
    await tx.membership.update({ where: { organizationId_id: { organizationId, id: membership.id } }, data: { role: input.role, scopeUnitId } });
    await recordAuditEvent(
      {
        organizationId,
        actorId: actor.userId,
        action: "member.role_change",
        targetType: "Membership",
        targetId: membership.id,
        details: { email: membership.user.email, before: { role: membership.role, scopeUnitId: membership.scopeUnitId }, after: { role: input.role, scopeUnitId } },
        ip: options.ip ?? null,
      },
      tx,
    );
  }, TX_OPTIONS);
}

/**
 * Deactivates a member (their sessions end at once: the user's session version is bumped) or reactivates them.
 * Nobody deactivates themselves, and the last active owner stays.
 */
export async function setMemberActive(options: { actor: MemberActor; membershipId: string; active: boolean; ip?: string | null; now?: Date }): Promise<void> {
  const { actor } = options;
  assertMemberAdmin(actor);
  const organizationId = actor.organizationId;
  await db.$transaction(async (tx) => {
    const owners = await lockActiveOwners(tx, organizationId);
    const membership = await membershipOf(tx, organizationId, options.membershipId);
    assertMayTouchRole(actor, membership.role as RoleName);
    if (options.active === (membership.deactivatedAt === null)) return;
    if (!options.active) {
      if (membership.userId === actor.userId) throw memberRefusal("self", "You cannot deactivate yourself.");
      if (membership.role === "OWNER" && owners.length <= 1) throw memberRefusal("last_owner", "The organisation's last owner cannot be deactivated.");
    }
    await tx.membership.update({ where: { organizationId_id: { organizationId, id: membership.id } }, data: { deactivatedAt: options.active ? null : (options.now ?? new Date()) } });
    if (!options.active) await tx.user.update({ where: { id: membership.userId }, data: { sessionVersion: { increment: 1 } } });
    await recordAuditEvent(
      {
        organizationId,
        actorId: actor.userId,
        action: "member.deactivate",
        targetType: "Membership",
        targetId: membership.id,
        details: { email: membership.user.email, active: options.active },
        ip: options.ip ?? null,
      },
      tx,
    );
  }, TX_OPTIONS);
}
