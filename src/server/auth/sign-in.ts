import "server-only";
import { credentialsSchema } from "@/schemas/auth";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { db } from "@/server/db";
import { ssoOnlyOrganizationFor } from "@/server/sso/sso-connections";
import { dummyPasswordHash, verifyPassword } from "./password";
import { accessStamp } from "./session-stamp";
import { lockAfterFailure, reserveSignInAttempt, settleSuccessfulSignIn, throttleKeys } from "./sign-in-throttle";

export type SignedInUser = { id: string; email: string; name: string; sessionVersion: number; access: string };

/**
 * `invalid`: wrong email or password (one answer for unknown accounts, deactivated ones and wrong passwords);
 * `locked`: too many failures for this account or this address — no password is checked until `until`.
 */
export type SignInResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; until: Date }
  /** The password was right but the user's organisation signs in with SSO only (SsoConnection.ssoOnly). */
  | { ok: false; reason: "sso_required" };

export type SignInAttemptOutcome = "wrong_password" | "unknown_account" | "deactivated" | "locked" | "sso_required";

/**
 * Email + password sign-in with throttling (src/lib/sign-in-throttle.ts) and a log of refused attempts
 * ("SignInAttempt"). Unknown accounts are throttled and hashed like real ones, so neither the answer nor its
 * timing says whether an email has an account; a locked attempt is refused before any hashing (for every email).
 */
export async function signInWithPassword(options: { email: unknown; password: unknown; address: string }): Promise<SignInResult> {
  const parsed = credentialsSchema.safeParse({ email: options.email, password: options.password });
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const keys = throttleKeys(email, options.address);
  const ip = options.address.slice(0, 100);

  const reservation = await reserveSignInAttempt(keys);
  if (!reservation.allowed) {
    const user = await db.user.findUnique({ where: { email }, select: { id: true } });
    await recordAttempt({ email, userId: user?.id ?? null, ip, outcome: "locked" });
    return { ok: false, reason: "locked", until: reservation.until };
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, sessionVersion: true, deactivatedAt: true },
  });
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (user && passwordOk && !user.deactivatedAt && (await ssoOnlyOrganizationFor(user.id))) {
    // A right password is still refused where the organisation signs in with SSO only (no throttle penalty: the
    // password was right, and the answer says nothing an attacker could use without it).
    await recordAttempt({ email, userId: user.id, ip, outcome: "sso_required" });
    await auditSignIn(user.id, "auth.sign_in_failed", { method: "password", outcome: "sso_required" }, ip);
    return { ok: false, reason: "sso_required" };
  }
  // The oldest active membership; a user whose every membership was deactivated is refused like a deactivated user
  // (signing them in would only bounce them back to this page).
  const membership =
    user && passwordOk && !user.deactivatedAt
      ? await db.membership.findFirst({
          where: { userId: user.id, deactivatedAt: null },
          orderBy: { createdAt: "asc" },
          select: { id: true, role: true, scopeUnitId: true },
        })
      : null;
  if (user && passwordOk && !user.deactivatedAt && membership) {
    await settleSuccessfulSignIn(keys);
    await auditSignIn(user.id, "auth.sign_in", { method: "password" }, ip);
    return {
      ok: true,
      user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, access: accessStamp(membership) },
    };
  }

  const outcome: SignInAttemptOutcome = !user ? "unknown_account" : user.deactivatedAt || (passwordOk && !membership) ? "deactivated" : "wrong_password";
  await recordAttempt({ email, userId: user?.id ?? null, ip, outcome });
  if (user) await auditSignIn(user.id, "auth.sign_in_failed", { method: "password", outcome }, ip);
  const until = await lockAfterFailure(keys);
  return until ? { ok: false, reason: "locked", until } : { ok: false, reason: "invalid" };
}

/**
 * A sign-in (or a refused one) of a known user goes into the audit log of every organisation the user belongs to;
 * attempts on unknown emails have no organisation, and attempts refused by a lock are refused before any work (an
 * attack's hundreds per minute): both stay in "SignInAttempt" only.
 */
export async function auditSignIn(
  userId: string,
  action: "auth.sign_in" | "auth.sign_in_failed" | "auth.sign_in_sso",
  details: Record<string, string>,
  ip: string | null,
): Promise<void> {
  const memberships = await db.membership.findMany({ where: { userId }, select: { organizationId: true } });
  for (const { organizationId } of memberships) {
    await recordAuditEvent({ organizationId, actorId: userId, action, targetType: "User", targetId: userId, details, ip: ip && ip !== "unknown" ? ip : null });
  }
}

async function recordAttempt(data: { email: string; userId: string | null; ip: string; outcome: SignInAttemptOutcome }): Promise<void> {
  await db.signInAttempt.create({ data });
}

/** Ends every session of the user (each token carries the version it was issued with). */
export async function revokeSessions(userId: string, onlyIfVersion?: number): Promise<void> {
  await db.user.updateMany({
    where: { id: userId, ...(onlyIfVersion === undefined ? {} : { sessionVersion: onlyIfVersion }) },
    data: { sessionVersion: { increment: 1 } },
  });
}
