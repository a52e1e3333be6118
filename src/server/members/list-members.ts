import "server-only";
import { invitationStatus, type InvitationStatus } from "@/lib/member-invitation";
import type { RoleName } from "@/lib/roles";
import { db } from "@/server/db";
import { assertMemberAdmin, type MemberActor } from "./member-actor";

export type MemberRow = {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: RoleName;
  scopeUnitId: string | null;
  scopeUnitName: string | null;
  active: boolean;
  isYou: boolean;
};

export type InvitationRow = {
  id: string;
  email: string;
  role: RoleName;
  scopeUnitName: string | null;
  locale: string;
  sentAt: Date;
  expiresAt: Date;
  status: InvitationStatus;
};

export type MembersPage = { members: MemberRow[]; invitations: InvitationRow[]; units: { id: string; name: string; code: string }[] };

/** Settings → Members: the organisation's members, its last 100 invitations and the units a scope can name. */
export async function listMembers({ actor, now = new Date() }: { actor: MemberActor; now?: Date }): Promise<MembersPage> {
  assertMemberAdmin(actor);
  const organizationId = actor.organizationId;
  const [memberships, invitations, units] = await Promise.all([
    db.membership.findMany({
      where: { organizationId },
      orderBy: { createdAt: "asc" },
      select: { id: true, userId: true, role: true, scopeUnitId: true, deactivatedAt: true, user: { select: { name: true, email: true } }, scopeUnit: { select: { name: true } } },
    }),
    db.memberInvitation.findMany({
      where: { organizationId },
      orderBy: { createdAt: "desc" },
      take: 100,
      select: { id: true, email: true, role: true, locale: true, sentAt: true, expiresAt: true, acceptedAt: true, revokedAt: true, scopeUnit: { select: { name: true } } },
    }),
    db.orgUnit.findMany({ where: { organizationId }, orderBy: { code: "asc" }, select: { id: true, name: true, code: true } }),
  ]);
  return {
    members: memberships.map((m) => ({
      membershipId: m.id,
      userId: m.userId,
      name: m.user.name,
      email: m.user.email,
      role: m.role,
      scopeUnitId: m.scopeUnitId,
      scopeUnitName: m.scopeUnit?.name ?? null,
      active: m.deactivatedAt === null,
      isYou: m.userId === actor.userId,
    })),
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      scopeUnitName: i.scopeUnit?.name ?? null,
      locale: i.locale,
      sentAt: i.sentAt,
      expiresAt: i.expiresAt,
      status: invitationStatus(i, now),
    })),
    units,
  };
}
