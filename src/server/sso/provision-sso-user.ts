import "server-only";
import { ssoEmailSchema } from "@/schemas/sso";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { accessStamp } from "@/server/auth/session-stamp";
import { db } from "@/server/db";
import { organizationOfProvider } from "./sso-connections";

export type SsoSignInClaims = { email: unknown; name?: unknown; emailVerified?: unknown };

export type SsoSignInOutcome =
  | { ok: true; userId: string; sessionVersion: number; organizationId: string; access: string; created: boolean }
  | { ok: false; reason: "no_connection" | "bad_email" | "unverified_email" | "domain_not_allowed" | "deactivated" };

/** No password: an SSO-provisioned user signs in at the issuer (verifyPassword refuses anything but a scrypt hash). */
const NO_PASSWORD = "sso-only";

/**
 * After the issuer vouched for the user (next-auth checked the ID token): the email's domain must be one the
 * organisation's connection allows, and the issuer must not call the email unverified. A new user is created and
 * becomes a member with the connection's role (just-in-time); a known user who is not yet a member becomes one; a
 * deactivated user or membership is refused. Recorded in the audit log (`member.provision_sso`, `auth.sign_in_sso`,
 * or `auth.sign_in_failed` with the reason when the organisation is known).
 */
export async function signInWithSso(options: { providerId: string; claims: SsoSignInClaims; ip?: string | null }): Promise<SsoSignInOutcome> {
  const organizationId = organizationOfProvider(options.providerId);
  const connection = organizationId ? await db.ssoConnection.findFirst({ where: { organizationId, enabled: true } }) : null;
  if (!organizationId || !connection) return { ok: false, reason: "no_connection" };
  const ip = options.ip ? options.ip.slice(0, 100) : null;
  const refuse = async (reason: "bad_email" | "unverified_email" | "domain_not_allowed" | "deactivated", email: string | null) => {
    await recordAuditEvent({ organizationId, actorId: null, action: "auth.sign_in_failed", targetType: "User", details: { method: "sso", outcome: reason, email }, ip });
    return { ok: false as const, reason };
  };

  const email = ssoEmailSchema.safeParse(options.claims.email);
  if (!email.success) return refuse("bad_email", null);
  if (options.claims.emailVerified === false || options.claims.emailVerified === "false") return refuse("unverified_email", email.data);
  const domain = email.data.split("@")[1] ?? "";
  if (!connection.domains.includes(domain)) return refuse("domain_not_allowed", email.data);
  const name = typeof options.claims.name === "string" && options.claims.name.trim() ? options.claims.name.trim().slice(0, 200) : email.data.split("@")[0] ?? email.data;

  const result = await db.$transaction(async (tx) => {
    let user = await tx.user.findUnique({ where: { email: email.data } });
    let created = false;
    if (!user) {
      user = await tx.user.create({ data: { email: email.data, name, passwordHash: NO_PASSWORD } });
      created = true;
    }
    if (user.deactivatedAt) return null;
    let membership = await tx.membership.findUnique({ where: { organizationId_userId: { organizationId, userId: user.id } } });
    if (membership?.deactivatedAt) return null;
    if (!membership) {
      membership = await tx.membership.create({ data: { organizationId, userId: user.id, role: connection.defaultRole } });
      await recordAuditEvent(
        {
          organizationId,
          actorId: user.id,
          action: "member.provision_sso",
          targetType: "Membership",
          targetId: membership.id,
          details: { email: user.email, role: membership.role, userCreated: created },
          ip,
        },
        tx,
      );
    }
    await recordAuditEvent({ organizationId, actorId: user.id, action: "auth.sign_in_sso", targetType: "User", targetId: user.id, details: { method: "sso", issuer: connection.issuer }, ip }, tx);
    return { userId: user.id, sessionVersion: user.sessionVersion, access: accessStamp(membership), created };
  });
  if (!result) return refuse("deactivated", email.data);
  return { ok: true, organizationId, ...result };
}
