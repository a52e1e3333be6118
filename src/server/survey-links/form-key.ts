import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/env";
import { FORM_KEY_MAX_AGE_SECONDS } from "@/lib/link-guard";
import { addressKey } from "@/lib/sign-in-throttle";

/**
 * The server's secret for form keys and client hashes: AUTH_SECRET (every app process shares it, so a key one
 * process issued verifies in another). Without it (dev and tests only) a fixed development value.
 */
function secret(): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.NODE_ENV === "production" && process.env.NEXT_PHASE !== "phase-production-build") {
    throw new Error("AUTH_SECRET must be set in production (32+ random characters).");
  }
  return "echo-nps-development-secret-not-for-production";
}

const NONCE_BYTES = 12;
const TIME_BYTES = 4;
const MAC_BYTES = 16;
const KEY_BYTES = NONCE_BYTES + TIME_BYTES + MAC_BYTES;

function mac(linkId: string, body: Buffer): Buffer {
  return createHmac("sha256", secret()).update("form-key\0").update(linkId).update("\0").update(body).digest().subarray(0, MAC_BYTES);
}

/**
 * A public form's one-time key, issued by the server with the page: 12 random bytes, the issue time (seconds)
 * and an HMAC of both bound to the link (128 bits) — 43 base64url characters like every token, a valid
 * `Response.submissionKey`. A client
 * cannot make up keys; a key sent again names the response it already made (nothing new is stored).
 */
export function issueFormKey(linkId: string, now: Date = new Date()): string {
  const body = Buffer.alloc(NONCE_BYTES + TIME_BYTES);
  randomBytes(NONCE_BYTES).copy(body, 0);
  body.writeUInt32BE(Math.floor(now.getTime() / 1000), NONCE_BYTES);
  return Buffer.concat([body, mac(linkId, body)]).toString("base64url");
}

export type FormKeyCheck = "ok" | "invalid" | "expired";

/** Whether `key` was issued by this server for this link, and not longer ago than FORM_KEY_MAX_AGE_SECONDS. */
export function verifyFormKey(linkId: string, key: string, now: Date = new Date()): FormKeyCheck {
  const bytes = Buffer.from(key, "base64url");
  if (bytes.length !== KEY_BYTES || bytes.toString("base64url") !== key) return "invalid";
  const body = bytes.subarray(0, NONCE_BYTES + TIME_BYTES);
  if (!timingSafeEqual(mac(linkId, body), bytes.subarray(NONCE_BYTES + TIME_BYTES))) return "invalid";
  const issued = body.readUInt32BE(NONCE_BYTES);
  const age = Math.floor(now.getTime() / 1000) - issued;
  if (age > FORM_KEY_MAX_AGE_SECONDS || age < -300) return "expired";
  return "ok";
}

/** A keyed hash of a client address (its /64 for IPv6): stored instead of the address (personal data). */
export function hashClientAddress(address: string | null): string | null {
  if (!address) return null;
  return createHmac("sha256", secret()).update("client\0").update(addressKey(address)).digest("base64url").slice(0, 22);
}
