import "server-only";
import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { API_KEY_PATTERN } from "@/schemas/api";

const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const API_KEY_PREFIX_LENGTH = 8;
const SECRET_BYTES = 32;

/** 8 uniformly random base62 characters (randomInt has no modulo bias). */
function randomPrefix(): string {
  let prefix = "";
  for (let i = 0; i < API_KEY_PREFIX_LENGTH; i++) prefix += BASE62[randomInt(BASE62.length)];
  return prefix;
}

/** SHA-256 (hex) of the whole key: what the database keeps. The key has 256 random bits, so no salt or KDF is needed. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** A fresh key `nps_<prefix>_<secret>` with its prefix and hash. The plaintext leaves the server once. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomPrefix();
  const key = `nps_${prefix}_${randomBytes(SECRET_BYTES).toString("base64url")}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The prefix of a well-formed key, or null. */
export function parseApiKey(key: string): { prefix: string } | null {
  const match = API_KEY_PATTERN.exec(key);
  return match?.[1] ? { prefix: match[1] } : null;
}

/** Constant-time comparison of two hex digests of equal length. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
