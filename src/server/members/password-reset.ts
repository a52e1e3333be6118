import "server-only";
import { renderPasswordResetEmail } from "@/emails/account-email";
import { PASSWORD_RESET_TTL_MS } from "@/lib/member-invitation";
import { checkPassword, type PasswordProblem } from "@/lib/password-rules";
import { addressKey } from "@/lib/sign-in-throttle";
import { passwordResetRequestSchema } from "@/schemas/accounts";
import { hashPassword } from "@/server/auth/password";
import { db } from "@/server/db";
import { defaultMailSettings, type MailSettings } from "@/server/distribution/mail-settings";
import type { MailTransport } from "@/server/email/transport";
import { issueSecretToken, readSecretToken, sameHash } from "./secret-token";
import { sendAccountMail } from "./send-account-mail";

/** Reset requests one client address may make per hour (an office shares an address). */
export const RESET_REQUESTS_PER_ADDRESS_PER_HOUR = 10;
/** A second reset email to the same account within this time is not sent (the answer is the same). */
export const RESET_EMAIL_INTERVAL_MS = 60_000;

/**
 * Counts one reset request of a client address in "SignInThrottle" (key `reset:<address>`, a window of one hour
 * from the first request) and says whether it is still within the limit.
 */
async function allowResetRequest(address: string): Promise<boolean> {
  const key = `reset:${addressKey(address)}`;
  const rows = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO "SignInThrottle" ("key", "failures", "lastFailureAt") VALUES (${key}, 1, now())
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN "SignInThrottle"."lastFailureAt" < now() - interval '1 hour' THEN 1 ELSE "SignInThrottle"."failures" + 1 END,
      "lastFailureAt" = CASE WHEN "SignInThrottle"."lastFailureAt" < now() - interval '1 hour' THEN now() ELSE "SignInThrottle"."lastFailureAt" END
    RETURNING "failures"`;
  return (rows[0]?.failures ?? 0) <= RESET_REQUESTS_PER_ADDRESS_PER_HOUR;
}

export type ResetRequestResult = "sent_if_known" | "throttled";

/**
 * Asks for a password-reset link. The answer is the same whether the email has an account or not ("sent_if_known");
 * only an address over its hourly limit hears "throttled" (whatever the email). A known, active account gets one
 * single-use link that expires in 1 hour (a new request replaces the previous link), at most one email a minute.
 */
export async function requestPasswordReset(options: {
  input: unknown;
  address: string;
  now?: Date;
  transport?: MailTransport;
  settings?: MailSettings;
}): Promise<ResetRequestResult> {
  if (!(await allowResetRequest(options.address))) return "throttled";
  const parsed = passwordResetRequestSchema.safeParse(options.input);
  if (!parsed.success) return "sent_if_known";
  const now = options.now ?? new Date();
  const user = await db.user.findUnique({
    where: { email: parsed.data.email },
    select: { id: true, email: true, locale: true, deactivatedAt: true, passwordResetSentAt: true, memberships: { where: { deactivatedAt: null }, select: { id: true }, take: 1 } },
  });
  if (!user || user.deactivatedAt || user.memberships.length === 0) return "sent_if_known";
  if (user.passwordResetSentAt && now.getTime() - user.passwordResetSentAt.getTime() < RESET_EMAIL_INTERVAL_MS) return "sent_if_known";
  const issued = issueSecretToken(user.id);
  await db.user.update({
    where: { id: user.id },
    data: { passwordResetHash: issued.hash, passwordResetExpiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS), passwordResetSentAt: now },
  });
  const settings = options.settings ?? defaultMailSettings();
  const url = `${settings.appUrl}/reset-password/${encodeURIComponent(issued.token)}`;
  await sendAccountMail({
    to: user.email,
    mail: renderPasswordResetEmail({ locale: user.locale, email: user.email, url }),
    messageKey: `password-reset-${user.id}-${now.getTime()}`,
    settings,
    transport: options.transport,
  });
  return "sent_if_known";
}

async function liveResetUser(token: string, now: Date) {
  const read = readSecretToken(token);
  if (!read) return null;
  const user = await db.user.findUnique({ where: { id: read.ownerId }, select: { id: true, email: true, passwordResetHash: true, passwordResetExpiresAt: true, deactivatedAt: true } });
  if (!user || user.deactivatedAt || !sameHash(user.passwordResetHash, read.hash)) return null;
  if (!user.passwordResetExpiresAt || user.passwordResetExpiresAt.getTime() <= now.getTime()) return null;
  return { ...user, hash: read.hash };
}

/** Whether a reset link still works (the page shows the form or "no longer valid"). */
export async function isResetTokenLive(token: string, now: Date = new Date()): Promise<boolean> {
  return (await liveResetUser(token, now)) !== null;
}

/**
 * Sets a new password from a reset link, once: the link is cleared in the same statement that sets the password
 * (a second use finds no match), and every session of the user ends (session version bumped).
 */
export async function resetPassword(options: { token: unknown; password: unknown; now?: Date }): Promise<{ ok: true; email: string } | { ok: false; reason: "invalid" | PasswordProblem }> {
  const now = options.now ?? new Date();
  const token = typeof options.token === "string" ? options.token : "";
  const password = typeof options.password === "string" ? options.password : "";
  const user = await liveResetUser(token, now);
  if (!user) return { ok: false, reason: "invalid" };
  const problem = checkPassword(password, { email: user.email });
  if (problem) return { ok: false, reason: problem };
  const passwordHash = await hashPassword(password);
  const changed = await db.user.updateMany({
    where: { id: user.id, passwordResetHash: user.hash, passwordResetExpiresAt: { gt: now } },
    data: { passwordHash, passwordResetHash: null, passwordResetExpiresAt: null, sessionVersion: { increment: 1 } },
  });
  if (changed.count !== 1) return { ok: false, reason: "invalid" };
  return { ok: true, email: user.email };
}
