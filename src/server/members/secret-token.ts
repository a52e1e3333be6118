import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { generateToken } from "@/server/distribution/token";

/**
 * Links that carry a secret (invitations, password resets) read `<owner id>.<secret>`: the id says which row to
 * read (the organisation of an invitation, so the lookup stays on its tenant; the user of a reset), the secret
 * (256 random bits) is only stored as its SHA-256.
 */
export function issueSecretToken(ownerId: string): { token: string; hash: string } {
  const secret = generateToken();
  return { token: `${ownerId}.${secret}`, hash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** The owner id and the secret's hash, or null for anything that is not such a token. */
export function readSecretToken(token: string): { ownerId: string; hash: string } | null {
  const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/i.exec(token.trim());
  if (!match?.[1] || !match[2]) return null;
  return { ownerId: match[1].toLowerCase(), hash: hashSecret(match[2]) };
}

export function sameHash(a: string | null | undefined, b: string): boolean {
  if (!a || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
