/**
 * Settings → Members (issue 16): invitations with a hashed, single-use, expiring token and the email in the
 * invitee's language; accept; resend / revoke; role and scope changes and deactivation end sessions at once; the
 * last owner stays; roles and tenants are checked; password reset; switching organisation.
 */
import type { Session } from "next-auth";
import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { INVITATION_TTL_MS } from "@/lib/member-invitation";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { viewerForSession } from "@/server/auth/session";
import { accessStamp } from "@/server/auth/session-stamp";
import { signInWithPassword } from "@/server/auth/sign-in";
import { db } from "@/server/db";
import type { MailTransport, OutgoingMail } from "@/server/email/transport";
import { acceptInvitation, getInvitationPreview } from "@/server/members/accept-invitation";
import { changeMember, setMemberActive } from "@/server/members/change-member";
import { inviteMember, resendInvitation, revokeInvitation } from "@/server/members/invite-member";
import { listMembers } from "@/server/members/list-members";
import { isResetTokenLive, requestPasswordReset, resetPassword } from "@/server/members/password-reset";
import { listUserOrganizations, organizationSwitch } from "@/server/members/switch-organization";
import { generateToken } from "@/server/distribution/token";
import { createOrganization } from "./support/fixtures";

const settings = { appUrl: "http://localhost:3000", from: "Echo NPS <survey@echo-nps.localhost>" };

function mailbox(): MailTransport & { sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  return { sent, async send(mail) { sent.push(mail); return { messageId: mail.messageId }; }, close() {} };
}

function linkIn(mail: OutgoingMail | undefined, path: string): string {
  const match = new RegExp(`http://localhost:3000/${path}/([^\\s"<]+)`).exec(mail?.text ?? "");
  if (!match?.[1]) throw new Error(`no ${path} link in ${mail?.text}`);
  return decodeURIComponent(match[1]);
}

async function sessionFor(userId: string, organizationId?: string): Promise<Session> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const membership = await db.membership.findFirst({ where: { userId, deactivatedAt: null, ...(organizationId ? { organizationId } : {}) }, orderBy: { createdAt: "asc" } });
  return { expires: new Date(Date.now() + 3600_000).toISOString(), user: { id: userId, sessionVersion: user.sessionVersion, access: accessStamp(membership), ...(organizationId ? { organizationId } : {}) } };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return { code: (error as AppError).code, reason: ((error as AppError).details as { reason?: unknown } | undefined)?.reason };
}

describe("members, invitations, password reset and organisation switch", () => {
  const tag = generateToken().slice(0, 8).toLowerCase();
  let orgId: string;
  let otherOrgId: string;
  let unitId: string;
  let otherUnitId: string;
  let owner: { userId: string; organizationId: string; role: "OWNER"; name: string };
  let admin: { userId: string; organizationId: string; role: "ADMIN"; name: string };

  beforeAll(async () => {
    orgId = (await createOrganization("Members bank")).id;
    otherOrgId = (await createOrganization("Other bank")).id;
    unitId = (await db.orgUnit.create({ data: { organizationId: orgId, kind: "BRANCH", code: "SH-LJZ", name: "上海陆家嘴支行" } })).id;
    otherUnitId = (await db.orgUnit.create({ data: { organizationId: otherOrgId, kind: "BRANCH", code: "X", name: "Other" } })).id;
    const passwordHash = await hashPassword("owner-password-2026");
    const ownerUser = await db.user.create({ data: { email: `owner-${tag}@bank.example`, name: "王敏", passwordHash } });
    const adminUser = await db.user.create({ data: { email: `admin-${tag}@bank.example`, name: "Admin", passwordHash } });
    await db.membership.create({ data: { organizationId: orgId, userId: ownerUser.id, role: "OWNER" } });
    await db.membership.create({ data: { organizationId: orgId, userId: adminUser.id, role: "ADMIN" } });
    owner = { userId: ownerUser.id, organizationId: orgId, role: "OWNER", name: "王敏" };
    admin = { userId: adminUser.id, organizationId: orgId, role: "ADMIN", name: "Admin" };
  });

  it("invites by email: hashed single-use token, 7-day expiry, email in the invitee's language, audited", async () => {
    const mail = mailbox();
    const now = new Date();
    const email = `li.wei-${tag}@bank.example`;
    const result = await inviteMember({ actor: admin, input: { email: email.toUpperCase(), role: "MANAGER", scopeUnitId: unitId, locale: "zh-CN" }, transport: mail, settings, now });
    expect(result.sent).toBe(true);
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]?.to).toBe(email);
    expect(mail.sent[0]?.subject).toContain("邀请您加入");
    expect(mail.sent[0]?.text).toContain("客户体验经理");
    const token = linkIn(mail.sent[0], "accept-invitation");
    const row = await db.memberInvitation.findFirstOrThrow({ where: { organizationId: orgId, id: result.invitationId } });
    expect(row.tokenHash).not.toContain(token.split(".")[1] ?? "?");
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.expiresAt.getTime() - now.getTime()).toBe(INVITATION_TTL_MS);
    expect(await getInvitationPreview(token)).toMatchObject({ email, role: "MANAGER", locale: "zh-CN", existingAccount: false });
    // The same address again while pending: refused; an existing member: refused.
    expect(await refusal(inviteMember({ actor: admin, input: { email, role: "VIEWER", locale: "en" }, transport: mail, settings }))).toEqual({ code: "conflict", reason: "pending" });
    expect(await refusal(inviteMember({ actor: admin, input: { email: `owner-${tag}@bank.example`, role: "VIEWER", locale: "en" }, transport: mail, settings }))).toEqual({ code: "conflict", reason: "already_member" });
    const audit = await db.auditEvent.findMany({ where: { organizationId: orgId, action: "member.invite" } });
    expect(audit.map((a) => a.targetId)).toContain(result.invitationId);

    // Accept: weak password refused, then name + password; the invitee signs in with the invited role and scope.
    expect(await acceptInvitation({ input: { token, name: "李伟", password: "1234567890" } })).toEqual({ ok: false, reason: "common" });
    expect(await acceptInvitation({ input: { token, name: "李伟", password: "short" } })).toEqual({ ok: false, reason: "too_short" });
    const [first, second] = await Promise.all([
      acceptInvitation({ input: { token, name: "李伟", password: "quiet-lantern-83" } }),
      acceptInvitation({ input: { token, name: "李伟", password: "quiet-lantern-83" } }),
    ]);
    expect([first, second].filter((r) => r.ok)).toHaveLength(1);
    expect([first, second].filter((r) => !r.ok)).toEqual([{ ok: false, reason: "invalid" }]);
    expect(await acceptInvitation({ input: { token, name: "李伟", password: "quiet-lantern-83" } })).toEqual({ ok: false, reason: "invalid" });
    const signedIn = await signInWithPassword({ email, password: "quiet-lantern-83", address: "10.9.8.7" });
    expect(signedIn.ok).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    const viewer = await viewerForSession(await sessionFor(user.id));
    expect(viewer).toMatchObject({ organizationId: orgId, role: "MANAGER", name: "李伟" });
    expect((await db.membership.findFirstOrThrow({ where: { organizationId: orgId, userId: user.id } })).scopeUnitId).toBe(unitId);
    expect((await db.auditEvent.findMany({ where: { organizationId: orgId, action: "member.join" } })).length).toBe(1);
  });

  it("an expired link no longer works; resend issues a new link and the old one dies; revoke kills it", async () => {
    const mail = mailbox();
    const email = `expired-${tag}@bank.example`;
    const sentAt = new Date(Date.now() - INVITATION_TTL_MS - 1000);
    const invited = await inviteMember({ actor: admin, input: { email, role: "VIEWER", locale: "en" }, transport: mail, settings, now: sentAt });
    const oldToken = linkIn(mail.sent[0], "accept-invitation");
    expect(mail.sent[0]?.subject).toContain("invited you");
    expect(await getInvitationPreview(oldToken)).toBeNull();
    expect(await acceptInvitation({ input: { token: oldToken, name: "Late", password: "quiet-lantern-83" } })).toEqual({ ok: false, reason: "invalid" });
    expect((await listMembers({ actor: admin })).invitations.find((i) => i.id === invited.invitationId)?.status).toBe("expired");

    await resendInvitation({ actor: admin, invitationId: invited.invitationId, transport: mail, settings });
    expect(mail.sent).toHaveLength(2);
    const newToken = linkIn(mail.sent[1], "accept-invitation");
    expect(newToken).not.toBe(oldToken);
    expect(await getInvitationPreview(newToken)).not.toBeNull();
    expect((await listMembers({ actor: admin })).invitations.find((i) => i.id === invited.invitationId)?.status).toBe("pending");

    await revokeInvitation({ actor: admin, invitationId: invited.invitationId });
    expect(await getInvitationPreview(newToken)).toBeNull();
    expect(await acceptInvitation({ input: { token: newToken, name: "Late", password: "quiet-lantern-83" } })).toEqual({ ok: false, reason: "invalid" });
    expect((await refusal(resendInvitation({ actor: admin, invitationId: invited.invitationId, transport: mail, settings }))).code).toBe("not_found");
    expect((await db.auditEvent.findMany({ where: { organizationId: orgId, action: "invitation.revoke" } })).length).toBe(1);
  });

  it("roles and tenants: managers and viewers cannot manage members; an admin cannot grant owner; other tenants' ids are not found", async () => {
    const manager = { ...admin, role: "MANAGER" as const };
    expect((await refusal(listMembers({ actor: manager }))).code).toBe("not_found");
    expect((await refusal(inviteMember({ actor: { ...admin, role: "VIEWER" }, input: { email: `v-${tag}@x.example`, role: "VIEWER", locale: "en" }, settings, transport: mailbox() }))).code).toBe("not_found");
    expect(await refusal(inviteMember({ actor: admin, input: { email: `o-${tag}@x.example`, role: "OWNER", locale: "en" }, settings, transport: mailbox() }))).toEqual({ code: "conflict", reason: "owner_only" });
    expect(await refusal(inviteMember({ actor: admin, input: { email: `u-${tag}@x.example`, role: "VIEWER", scopeUnitId: otherUnitId, locale: "en" }, settings, transport: mailbox() }))).toEqual({ code: "validation_failed", reason: "scope" });
    expect((await refusal(inviteMember({ actor: admin, input: { email: "not an email", role: "VIEWER", locale: "en" }, settings, transport: mailbox() }))).code).toBe("validation_failed");
    const foreign = await db.membership.create({ data: { organizationId: otherOrgId, userId: admin.userId, role: "VIEWER" } });
    expect((await refusal(changeMember({ actor: owner, input: { membershipId: foreign.id, role: "ADMIN" } }))).code).toBe("not_found");
    expect((await refusal(setMemberActive({ actor: owner, membershipId: foreign.id, active: false }))).code).toBe("not_found");
    const foreignInvitation = await inviteMember({ actor: { ...owner, organizationId: otherOrgId, userId: admin.userId }, input: { email: `f-${tag}@x.example`, role: "VIEWER", locale: "en" }, settings, transport: mailbox() });
    expect((await refusal(revokeInvitation({ actor: owner, invitationId: foreignInvitation.invitationId }))).code).toBe("not_found");
    expect((await listMembers({ actor: owner })).members.every((m) => m.membershipId !== foreign.id)).toBe(true);
  });

  it("a role or scope change and a deactivation end the member's sessions at once; reactivation lets them sign in again", async () => {
    const user = await db.user.create({ data: { email: `member-${tag}@bank.example`, name: "Zhang", passwordHash: await hashPassword("steady-river-2026") } });
    const membership = await db.membership.create({ data: { organizationId: orgId, userId: user.id, role: "VIEWER" } });
    const before = await sessionFor(user.id);
    expect(await viewerForSession(before)).toMatchObject({ role: "VIEWER" });
    await changeMember({ actor: admin, input: { membershipId: membership.id, role: "MANAGER", scopeUnitId: unitId } });
    expect(await viewerForSession(before)).toBeNull();
    const changed = await db.membership.findUniqueOrThrow({ where: { organizationId_id: { organizationId: orgId, id: membership.id } } });
    expect([changed.role, changed.scopeUnitId]).toEqual(["MANAGER", unitId]);
    // A scope on an admin is refused.
    expect(await refusal(changeMember({ actor: admin, input: { membershipId: membership.id, role: "ADMIN", scopeUnitId: unitId } }))).toEqual({ code: "validation_failed", reason: "scope" });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { organizationId: orgId, action: "member.role_change", targetId: membership.id } });
    expect(audit.details).toMatchObject({ before: { role: "VIEWER", scopeUnitId: null }, after: { role: "MANAGER", scopeUnitId: unitId } });

    const current = await sessionFor(user.id);
    expect(await viewerForSession(current)).toMatchObject({ role: "MANAGER" });
    await setMemberActive({ actor: admin, membershipId: membership.id, active: false });
    expect(await viewerForSession(current)).toBeNull();
    expect((await listMembers({ actor: admin })).members.find((m) => m.membershipId === membership.id)?.active).toBe(false);
    expect(await viewerForSession(await sessionFor(user.id))).toBeNull();
    expect(await refusal(setMemberActive({ actor: admin, membershipId: (await db.membership.findFirstOrThrow({ where: { organizationId: orgId, userId: admin.userId } })).id, active: false }))).toEqual({ code: "conflict", reason: "self" });
    await setMemberActive({ actor: admin, membershipId: membership.id, active: true });
    expect(await viewerForSession(await sessionFor(user.id))).toMatchObject({ role: "MANAGER" });
  });

  it("the last active owner cannot be demoted or deactivated, even by two owners demoting each other at once", async () => {
    const ownerMembership = await db.membership.findFirstOrThrow({ where: { organizationId: orgId, userId: owner.userId } });
    expect(await refusal(changeMember({ actor: owner, input: { membershipId: ownerMembership.id, role: "ADMIN" } }))).toEqual({ code: "conflict", reason: "last_owner" });
    expect(await refusal(changeMember({ actor: admin, input: { membershipId: ownerMembership.id, role: "ADMIN" } }))).toEqual({ code: "conflict", reason: "owner_only" });
    const second = await db.user.create({ data: { email: `owner2-${tag}@bank.example`, name: "Owner 2", passwordHash: "x" } });
    const secondMembership = await db.membership.create({ data: { organizationId: orgId, userId: second.id, role: "OWNER" } });
    const secondActor = { userId: second.id, organizationId: orgId, role: "OWNER" as const, name: "Owner 2" };
    const results = await Promise.allSettled([
      changeMember({ actor: owner, input: { membershipId: secondMembership.id, role: "ADMIN" } }),
      changeMember({ actor: secondActor, input: { membershipId: ownerMembership.id, role: "ADMIN" } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.membership.count({ where: { organizationId: orgId, role: "OWNER", deactivatedAt: null } })).toBe(1);
    const remaining = await db.membership.findFirstOrThrow({ where: { organizationId: orgId, role: "OWNER" } });
    const remainingActor = remaining.userId === owner.userId ? owner : secondActor;
    const other = remaining.userId === owner.userId ? secondMembership : ownerMembership;
    // Deactivating the last owner (by another owner-to-be) is refused too.
    await changeMember({ actor: remainingActor, input: { membershipId: other.id, role: "OWNER" } });
    await setMemberActive({ actor: remainingActor, membershipId: other.id, active: false });
    const otherActor = remaining.userId === owner.userId ? secondActor : owner;
    expect(await refusal(setMemberActive({ actor: { ...otherActor }, membershipId: remaining.id, active: false }))).toEqual({ code: "conflict", reason: "last_owner" });
    await setMemberActive({ actor: remainingActor, membershipId: other.id, active: true });
  });

  it("password reset: same answer for unknown emails, single use, expires in 1 hour, throttled per address", async () => {
    const mail = mailbox();
    const email = `reset-${tag}@bank.example`;
    const user = await db.user.create({ data: { email, name: "Reset", passwordHash: await hashPassword("old-password-2026"), locale: "en" } });
    await db.membership.create({ data: { organizationId: orgId, userId: user.id, role: "VIEWER" } });
    const oldSession = await sessionFor(user.id);
    const address = `10.20.${Math.floor(Math.random() * 250)}.1`;
    expect(await requestPasswordReset({ input: { email: `nobody-${tag}@bank.example` }, address, transport: mail, settings })).toBe("sent_if_known");
    expect(mail.sent).toHaveLength(0);
    expect(await requestPasswordReset({ input: { email: email.toUpperCase() }, address, transport: mail, settings })).toBe("sent_if_known");
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]?.subject).toBe("Reset your Echo NPS password");
    const token = linkIn(mail.sent[0], "reset-password");
    expect(await isResetTokenLive(token)).toBe(true);
    // Expired one hour later.
    expect(await isResetTokenLive(token, new Date(Date.now() + 60 * 60 * 1000 + 1000))).toBe(false);
    expect(await resetPassword({ token, password: "new-password-2026", now: new Date(Date.now() + 60 * 60 * 1000 + 1000) })).toEqual({ ok: false, reason: "invalid" });
    expect(await resetPassword({ token, password: "password123" })).toEqual({ ok: false, reason: "common" });
    expect(await resetPassword({ token, password: "calm-meadow-2026" })).toEqual({ ok: true, email });
    expect(await resetPassword({ token, password: "calm-meadow-2027" })).toEqual({ ok: false, reason: "invalid" });
    const updated = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword("calm-meadow-2026", updated.passwordHash)).toBe(true);
    expect(await viewerForSession(oldSession)).toBeNull();
    // A second request within a minute sends nothing more (same answer); the address is throttled after 10 requests.
    expect(await requestPasswordReset({ input: { email }, address, transport: mail, settings })).toBe("sent_if_known");
    expect(mail.sent).toHaveLength(1);
    const answers: string[] = [];
    for (let i = 0; i < 10; i += 1) answers.push(await requestPasswordReset({ input: { email: `nobody-${i}@x.example` }, address, transport: mail, settings }));
    expect(answers.slice(0, 7).every((a) => a === "sent_if_known")).toBe(true);
    expect(answers.at(-1)).toBe("throttled");
    expect(mail.sent).toHaveLength(1);
    // Another address, two minutes later: a new link goes out.
    expect(await requestPasswordReset({ input: { email }, address: `10.99.${Math.floor(Math.random() * 250)}.9`, transport: mail, settings, now: new Date(Date.now() + 120_000) })).toBe("sent_if_known");
    expect(mail.sent).toHaveLength(2);
  });

  it("a member of several organisations switches; every request re-checks the membership", async () => {
    const user = await db.user.create({ data: { email: `consultant-${tag}@x.example`, name: "Consultant", passwordHash: "x" } });
    await db.membership.create({ data: { organizationId: orgId, userId: user.id, role: "VIEWER", createdAt: new Date("2026-01-01T00:00:00Z") } });
    const there = await db.membership.create({ data: { organizationId: otherOrgId, userId: user.id, role: "ADMIN" } });
    expect((await listUserOrganizations(user.id)).map((o) => o.organizationId)).toEqual([orgId, otherOrgId]);
    const initial = await sessionFor(user.id);
    expect(await viewerForSession(initial)).toMatchObject({ organizationId: orgId, role: "VIEWER" });
    const switched = await organizationSwitch(user.id, otherOrgId);
    expect(switched).not.toBeNull();
    const session: Session = { ...initial, user: { ...initial.user, organizationId: otherOrgId, access: switched?.access ?? "" } };
    expect(await viewerForSession(session)).toMatchObject({ organizationId: otherOrgId, role: "ADMIN" });
    // Not a member: no switch. Membership deactivated: the switched session is refused.
    const stranger = await createOrganization("Stranger bank");
    expect(await organizationSwitch(user.id, stranger.id)).toBeNull();
    expect(await organizationSwitch(user.id, "not-a-uuid")).toBeNull();
    await db.membership.update({ where: { organizationId_id: { organizationId: otherOrgId, id: there.id } }, data: { deactivatedAt: new Date() } });
    expect(await viewerForSession(session)).toBeNull();
    expect(await organizationSwitch(user.id, otherOrgId)).toBeNull();
  });
});
