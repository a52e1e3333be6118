import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Secrets at rest (webhook signing secrets, chat robot URLs and secrets, SSO client secrets): AES-256-GCM with a
 * random 96-bit IV, stored as `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts). The key id is derived from
 * the key itself (the first 8 bytes of its SHA-256, base64url), so a rotated key list finds the right key without
 * naming keys; new values are sealed with the first key, any listed key opens. Pure apart from the cipher.
 */

export const SEALED_PREFIX = "enc:v1:";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type SecretKey = { id: string; key: Buffer };

/** Raised when a sealed value cannot be opened: no such key configured, or the wrong key / altered data. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest().subarray(0, 8).toString("base64url");
}

/** A key from its base64 (or base64url) text: exactly 32 bytes, else a clear error naming only the position. */
export function parseSecretKey(text: string, position = 1): SecretKey {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, /[-_]/.test(trimmed) ? "base64url" : "base64");
  if (key.length !== KEY_BYTES || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    throw new SecretBoxError(`SECRETS_ENCRYPTION_KEY: key ${position} must be 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`).`);
  }
  return { id: keyIdOf(key), key };
}

/** The key list of SECRETS_ENCRYPTION_KEY: comma- or whitespace-separated base64 keys, the first one seals. */
export function parseSecretKeys(text: string): SecretKey[] {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) throw new SecretBoxError("SECRETS_ENCRYPTION_KEY: no key given.");
  return parts.map((part, index) => parseSecretKey(part, index + 1));
}

export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

/** Seals a plaintext with the first key (a fresh IV each time: the same secret never looks the same twice). */
export function sealSecret(plaintext: string, keys: readonly SecretKey[]): string {
  const first = keys[0];
  if (!first) throw new SecretBoxError("No encryption key configured.");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", first.key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${SEALED_PREFIX}${first.id}:${iv.toString("base64url")}:${tag.toString("base64url")}:${ciphertext.toString("base64url")}`;
}

/**
 * Opens a sealed value with the key its id names. A value without the prefix is a legacy plaintext and is returned
 * as it is (callers re-seal it). Never returns garbage: an unknown key id or a failed authentication tag throws.
 */
export function openSecret(value: string, keys: readonly SecretKey[]): string {
  if (!isSealed(value)) return value;
  const parts = value.slice(SEALED_PREFIX.length).split(":");
  if (parts.length !== 4) throw new SecretBoxError("A stored secret is malformed (expected enc:v1:<keyId>:<iv>:<tag>:<ciphertext>).");
  const [keyId, ivText, tagText, ctText] = parts as [string, string, string, string];
  const entry = keys.find((k) => k.id === keyId);
  if (!entry) {
    throw new SecretBoxError(
      `A stored secret was encrypted with key ${keyId}, which is not in SECRETS_ENCRYPTION_KEY (configured: ${keys.map((k) => k.id).join(", ") || "none"}). Add that key to the list.`,
    );
  }
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError("A stored secret is malformed (IV or tag length).");
  try {
    const decipher = createDecipheriv("aes-256-gcm", entry.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ctText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError(`A stored secret could not be decrypted with key ${keyId}: wrong key material or the value was altered.`);
  }
}

/**
 * The key list in force: the configured list, or — outside production only — the dev key (generated once, kept in
 * .data/). Production without a configured key throws with instructions instead of using any default.
 */
export function resolveSecretKeys(configured: string | undefined, nodeEnv: string, devKey: () => SecretKey): SecretKey[] {
  if (configured && configured.trim()) return parseSecretKeys(configured);
  if (nodeEnv === "production") {
    throw new SecretBoxError(
      "SECRETS_ENCRYPTION_KEY is not set: webhook, chat robot and SSO secrets cannot be stored or read. Set it to `openssl rand -base64 32` (keep it safe; a comma-separated list rotates keys, the first one encrypts).",
    );
  }
  return [devKey()];
}
