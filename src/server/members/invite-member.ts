import "server-only";
import { renderMemberInvitationEmail } from "@/emails/account-email";
import { AppError } from "@/lib/errors";
import { INVITATION_TTL_MS, invitationStatus, roleTakesScope } from "@/lib/member-invitation";
import { inviteMemberSchema } from "@/schemas/accounts";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/server/db";
import { defaultMailSettings, type MailSettings } from "@/server/distribution/mail-settings";
import type { MailTransport } from "@/server/email/transport";
import { assertMayTouchRole, assertMemberAdmin, memberRefusal, type MemberActor } from "./member-actor";
import { issueSecretToken } from "./secret-token";
import { sendAccountMail } from "./send-account-mail";

type MailOptions = { transport?: MailTransport; settings?: MailSettings; now?: Date; ip?: string | null };

export type InviteResult = { invitationId: string; email: string; url: string; sent: boolean };

/** The accept page's address for a token. */
export function invitationUrl(settings: MailSettings, token: string): string {
  return `${settings.appUrl}/accept-invitation/${encodeURIComponent(token)}`;
}

async function sendInvitation(options: {
  invitation: { id: string; email: string; role: string; locale: string; expiresAt: Date };
  token: string;
  actor: MemberActor;
  mail: MailOptions;
  send: number;
}): Promise<{ url: string; sent: boolean }> {
  const settings = options.mail.settings ?? defaultMailSettings();
  const organization = await db.organization.findUniqueOrThrow({ where: { id: options.actor.organizationId }, select: { name: true, timeZone: true } });
  const url = invitationUrl(settings, options.token);
  const mail = renderMemberInvitationEmail({
    locale: options.invitation.locale,
    inviterName: options.actor.name,
    organizationName: organization.name,
    role: options.invitation.role,
    url,
    expiresAt: options.invitation.expiresAt,
    timeZone: organization.timeZone,
  });
  const sent = await sendAccountMail({
    to: options.invitation.email,
    mail,
    messageKey: `member-invitation-${options.invitation.id}-${options.send}`,
    settings,
    transport: options.mail.transport,
  });
  return { url, sent };
}

/**
 * Invites a colleague by email (ADMIN+; the OWNER role only by an owner): a MemberInvitation with the SHA-256 of a
 * single-use token that expires in 7 days, and the email in the invitee's language with the accept link.
 */
export async function inviteMember(options: { actor: MemberActor; input: unknown } & MailOptions): Promise<InviteResult> {
  const { actor } = options;
  assertMemberAdmin(actor);
  const parsed = inviteMemberSchema.safeParse(options.input);
  if (!parsed.success) throw new AppError("validation_failed", "Enter an email address, a role and a language.", { fields: parsed.error.issues.map((i) => i.path.join(".")) });
  const input = parsed.data;
  assertMayTouchRole(actor, input.role);
  const scopeUnitId = roleTakesScope(input.role) ? input.scopeUnitId : null;
  if (input.scopeUnitId && !roleTakesScope(input.role)) throw memberRefusal("scope", "Only CX managers and viewers can be limited to a unit.");
  const organizationId = actor.organizationId;
  const now = options.now ?? new Date();
  const { invitation, token } = await db.$transaction(async (tx) => {
    if (scopeUnitId && !(await tx.orgUnit.findFirst({ where: { organizationId, id: scopeUnitId }, select: { id: true } }))) {
      throw memberRefusal("scope", "No such unit in this organisation.");
    }
    const member = await tx.membership.findFirst({ where: { organizationId, user: { email: input.email } }, select: { id: true } });
    if (member) throw memberRefusal("already_member", "This person is already a member of the organisation.");
    const open = await tx.memberInvitation.findMany({ where: { organizationId, email: input.email, acceptedAt: null, revokedAt: null }, select: { acceptedAt: true, revokedAt: true, expiresAt: true } });
    if (open.some((row) => invitationStatus(row, now) === "pending")) throw memberRefusal("pending", "An invitation to this address is pending.");
    const id = crypto.randomUUID();
    const issued = issueSecretToken(organizationId);
    const created = await tx.memberInvitation.create({
      data: {
        id,
        organizationId,
        email: input.email,
        role: input.role,
        scopeUnitId,
        locale: input.locale,
        tokenHash: issued.hash,
        invitedById: actor.userId,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        sentAt: now,
        createdAt: now,
      },
    });
    await recordAuditEvent(
      { organizationId, actorId: actor.userId, action: "member.invite", targetType: "Invitation", targetId: id, details: { email: input.email, role: input.role, scopeUnitId, locale: input.locale }, ip: options.ip ?? null },
      tx,
    );
    return { invitation: created, token: issued.token };
  }, TX_OPTIONS);
  const delivery = await sendInvitation({ invitation, token, actor, mail: options, send: 0 });
  return { invitationId: invitation.id, email: invitation.email, ...delivery };
}

/** Sends a pending or expired invitation again with a new link (the old link stops working) valid for 7 more days. */
export async function resendInvitation(options: { actor: MemberActor; invitationId: string } & MailOptions): Promise<InviteResult> {
  const { actor } = options;
  assertMemberAdmin(actor);
  const now = options.now ?? new Date();
  const organizationId = actor.organizationId;
  const id = /^[0-9a-f-]{36}$/i.test(options.invitationId) ? options.invitationId : null;
  const existing = id ? await db.memberInvitation.findFirst({ where: { organizationId, id } }) : null;
  if (!existing || existing.acceptedAt || existing.revokedAt) throw memberRefusal("not_found", "Invitation not found.");
  assertMayTouchRole(actor, existing.role);
  const issued = issueSecretToken(organizationId);
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const updated = await db.$transaction(async (tx) => {
    const changed = await tx.memberInvitation.updateMany({
      where: { organizationId, id: existing.id, acceptedAt: null, revokedAt: null },
      data: { tokenHash: issued.hash, expiresAt, sentAt: now },
    });
    if (changed.count !== 1) throw memberRefusal("not_found", "Invitation not found.");
    await recordAuditEvent(
      { organizationId, actorId: actor.userId, action: "member.invite", targetType: "Invitation", targetId: existing.id, details: { email: existing.email, role: existing.role, resend: true }, ip: options.ip ?? null },
      tx,
    );
    return { ...existing, expiresAt };
  }, TX_OPTIONS);
  const sends = await db.auditEvent.count({ where: { organizationId, targetType: "Invitation", targetId: existing.id, action: "member.invite" } });
  const delivery = await sendInvitation({ invitation: updated, token: issued.token, actor, mail: options, send: sends });
  return { invitationId: existing.id, email: existing.email, ...delivery };
}

/** Revokes a pending invitation: its link stops working at once. */
export async function revokeInvitation(options: { actor: MemberActor; invitationId: string; ip?: string | null; now?: Date }): Promise<void> {
  const { actor } = options;
  assertMemberAdmin(actor);
  const organizationId = actor.organizationId;
  const id = /^[0-9a-f-]{36}$/i.test(options.invitationId) ? options.invitationId : null;
  const existing = id ? await db.memberInvitation.findFirst({ where: { organizationId, id }, select: { id: true, email: true, role: true } }) : null;
  if (!existing) throw memberRefusal("not_found", "Invitation not found.");
  assertMayTouchRole(actor, existing.role);
  await db.$transaction(async (tx) => {
    const changed = await tx.memberInvitation.updateMany({ where: { organizationId, id: existing.id, acceptedAt: null, revokedAt: null }, data: { revokedAt: options.now ?? new Date() } });
    if (changed.count !== 1) throw memberRefusal("not_found", "Invitation not found.");
    await recordAuditEvent(
      { organizationId, actorId: actor.userId, action: "invitation.revoke", targetType: "Invitation", targetId: existing.id, details: { email: existing.email, role: existing.role }, ip: options.ip ?? null },
      tx,
    );
  }, TX_OPTIONS);
}
