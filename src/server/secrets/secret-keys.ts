import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { parseSecretKey, resolveSecretKeys, SecretBoxError, type SecretKey } from "@/lib/secret-box";

/** Where dev and tests keep their generated key (git-ignored). */
export const DEV_KEY_FILE = path.join(".data", "secrets-encryption-key");

let cached: { source: string; keys: SecretKey[] } | null = null;

function devKey(): SecretKey {
  const file = path.join(process.cwd(), DEV_KEY_FILE);
  try {
    return parseSecretKey(readFileSync(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx": two processes starting together never write two different keys; the loser reads the winner's.
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return parseSecretKey(readFileSync(file, "utf8"));
}

/**
 * The keys that seal and open stored secrets: SECRETS_ENCRYPTION_KEY (a list; the first seals), or — outside
 * production only — a key generated once into .data/secrets-encryption-key. Production without the variable
 * refuses (AppError `unavailable`, 503, with instructions) rather than using a default key.
 */
export function secretKeys(): SecretKey[] {
  const configured = env.SECRETS_ENCRYPTION_KEY ?? process.env.SECRETS_ENCRYPTION_KEY;
  const source = configured ?? "";
  if (cached && cached.source === source) return cached.keys;
  let keys: SecretKey[];
  try {
    keys = resolveSecretKeys(configured, env.NODE_ENV, devKey);
  } catch (error) {
    // A configuration problem of this install, not of the request: 503 with the instructions, never a default key.
    if (error instanceof SecretBoxError) throw new AppError("unavailable", error.message);
    throw error;
  }
  cached = { source, keys };
  return keys;
}
