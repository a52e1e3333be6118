import "server-only";
import { AppError } from "@/lib/errors";
import { invitationStatus } from "@/lib/member-invitation";
import { checkPassword } from "@/lib/password-rules";
import type { RoleName } from "@/lib/roles";
import { acceptInvitationSchema } from "@/schemas/accounts";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/server/db";
import { readSecretToken, sameHash } from "./secret-token";

export type InvitationPreview = { organizationName: string; email: string; role: RoleName; locale: string; existingAccount: boolean };

async function pendingInvitation(token: string, now: Date) {
  const read = readSecretToken(token);
  if (!read) return null;
  const invitation = await db.memberInvitation.findUnique({
    where: { organizationId_tokenHash: { organizationId: read.ownerId, tokenHash: read.hash } },
    include: { organization: { select: { name: true } } },
  });
  if (!invitation || !sameHash(invitation.tokenHash, read.hash) || invitationStatus(invitation, now) !== "pending") return null;
  return invitation;
}

/** What the accept page shows for a link, or null when it is not (or no longer) a valid invitation. */
export async function getInvitationPreview(token: string, now: Date = new Date()): Promise<InvitationPreview | null> {
  const invitation = await pendingInvitation(token, now);
  if (!invitation) return null;
  const user = await db.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
  return { organizationName: invitation.organization.name, email: invitation.email, role: invitation.role, locale: invitation.locale, existingAccount: user !== null };
}

/** Why an accept was refused; the accept page explains each (`invalid` = the link is used, revoked or expired). */
export type AcceptRefusal = "invalid" | "wrong_password" | "too_short" | "too_long" | "common" | "same_as_email" | "name";

/**
 * Accepts an invitation once: a new account sets its name and password (the password rules apply); someone who
 * already has an account proves it with their password. The membership gets the invited role and scope, the
 * invitation is marked accepted in the same transaction (a second accept of the link finds it used).
 */
export async function acceptInvitation(options: { input: unknown; ip?: string | null; now?: Date }): Promise<{ ok: true; email: string; organizationId: string } | { ok: false; reason: AcceptRefusal }> {
  const now = options.now ?? new Date();
  const raw = (options.input ?? {}) as Record<string, unknown>;
  const token = typeof raw.token === "string" ? raw.token : "";
  const invitation = await pendingInvitation(token, now);
  if (!invitation) return { ok: false, reason: "invalid" };
  const existing = await db.user.findUnique({ where: { email: invitation.email }, select: { id: true, passwordHash: true, deactivatedAt: true } });
  const password = typeof raw.password === "string" ? raw.password : "";
  let userId: string | null = null;
  let passwordHash: string | null = null;
  let name = "";
  if (existing) {
    if (existing.deactivatedAt || !(await verifyPassword(password, existing.passwordHash))) return { ok: false, reason: "wrong_password" };
    userId = existing.id;
  } else {
    const parsed = acceptInvitationSchema.safeParse(raw);
    const problem = checkPassword(password, { email: invitation.email });
    if (problem) return { ok: false, reason: problem };
    if (!parsed.success) return { ok: false, reason: "name" };
    name = parsed.data.name;
    passwordHash = await hashPassword(password);
  }
  const organizationId = invitation.organizationId;
  try {
    await db.$transaction(async (tx) => {
      const used = await tx.memberInvitation.updateMany({
        where: { organizationId, id: invitation.id, tokenHash: invitation.tokenHash, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { acceptedAt: now },
      });
      if (used.count !== 1) throw new AppError("not_found", "invalid");
      const user = userId
        ? { id: userId }
        : await tx.user.create({ data: { email: invitation.email, name, passwordHash: passwordHash ?? "", locale: invitation.locale }, select: { id: true } });
      const membership = await tx.membership.upsert({
        where: { organizationId_userId: { organizationId, userId: user.id } },
        create: { organizationId, userId: user.id, role: invitation.role, scopeUnitId: invitation.scopeUnitId },
        update: { role: invitation.role, scopeUnitId: invitation.scopeUnitId, deactivatedAt: null },
        select: { id: true },
      });
      await recordAuditEvent(
        { organizationId, actorId: user.id, action: "member.join", targetType: "Membership", targetId: membership.id, details: { email: invitation.email, role: invitation.role, scopeUnitId: invitation.scopeUnitId, invitationId: invitation.id }, ip: options.ip ?? null },
        tx,
      );
    }, TX_OPTIONS);
  } catch (error) {
    if (error instanceof AppError && error.message === "invalid") return { ok: false, reason: "invalid" };
    throw error;
  }
  return { ok: true, email: invitation.email, organizationId };
}
