import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Standard Webhooks v1 (https://www.standardwebhooks.com): the secret format, the signed content and the
 * three headers. Pure apart from the HMAC; the delivery code and the tests share it, and the tests check it
 * against the reference implementation (the `standardwebhooks` npm package).
 */

export const SECRET_PREFIX = "whsec_";
/** Random bytes in a new secret (the specification asks for 24–64). */
export const SECRET_BYTES = 32;

/** A new endpoint secret: `whsec_` + base64 of SECRET_BYTES random bytes. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

/** The HMAC key of a `whsec_…` secret: the base64-decoded part after the prefix. */
export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
}

/** `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`. */
export function signPayload(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac("sha256", secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`, "utf8").digest("base64");
  return `v1,${mac}`;
}

/**
 * The three headers of a delivery. Several secrets (during a rotation: the new one, then the previous one) give
 * several space-separated signatures in webhook-signature; a receiver accepts the message if any one verifies.
 */
export function webhookHeaders(secrets: readonly string[], id: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": secrets.map((secret) => signPayload(secret, id, timestampSeconds, body)).join(" "),
  };
}

/** Receivers refuse messages whose timestamp is further than this from their clock (replay protection). */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/** Verifies headers against a secret as a receiver would (for our own tests and the README example). */
export function verifyWebhook(secret: string, headers: Record<string, string | undefined>, body: string, nowSeconds: number): boolean {
  const id = headers["webhook-id"];
  const timestamp = Number(headers["webhook-timestamp"]);
  const signatures = headers["webhook-signature"];
  if (!id || !Number.isInteger(timestamp) || !signatures) return false;
  if (Math.abs(nowSeconds - timestamp) > TIMESTAMP_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signPayload(secret, id, timestamp, body));
  return signatures.split(" ").some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** A message id: `msg_` + 128 random bits, base64url (stable per event and endpoint, across retries). */
export function newMessageId(): string {
  return `msg_${randomBytes(16).toString("base64url")}`;
}

/** Back-off before attempt n + 1 after n failed attempts: 30 s · 4^(n−1) — 30 s, 2 min, 8 min, 32 min, ~2 h, ~8.5 h. */
export const RETRY_BASE_SECONDS = 30;
export const MAX_ATTEMPTS = 7;
export function retryDelaySeconds(failedAttempts: number): number {
  return RETRY_BASE_SECONDS * 4 ** Math.max(0, failedAttempts - 1);
}
