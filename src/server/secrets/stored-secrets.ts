import "server-only";
import { isSealed, openSecret, sealSecret } from "@/lib/secret-box";
import { db } from "@/server/db";
import { secretKeys } from "./secret-keys";

/** A secret as it is written to the database: sealed with the current key. */
export function sealForStorage(plaintext: string): string;
export function sealForStorage(plaintext: string | null): string | null;
export function sealForStorage(plaintext: string | null): string | null {
  return plaintext === null ? null : sealSecret(plaintext, secretKeys());
}

/** A stored secret in plaintext (a legacy plaintext row is returned as it is; encryptStoredSecrets seals it). */
export function openFromStorage(stored: string): string;
export function openFromStorage(stored: string | null): string | null;
export function openFromStorage(stored: string | null): string | null {
  return stored === null ? null : openSecret(stored, secretKeys());
}

/** True when a stored value is still plaintext (written before encryption at rest) or sealed with an older key. */
export function needsResealing(stored: string | null): boolean {
  if (stored === null || stored === "") return false;
  if (!isSealed(stored)) return true;
  const first = secretKeys()[0];
  return !!first && !stored.startsWith(`enc:v1:${first.id}:`);
}

const reseal = (stored: string | null) => (needsResealing(stored) ? sealForStorage(openFromStorage(stored)) : stored);

/**
 * The one-off data migration (idempotent, safe to run at every start): seals every secret still stored in
 * plaintext — webhook signing secrets (current and previous), chat robot URLs (their key / token is in the URL) and
 * secrets, SSO client secrets — and re-seals values of an older key with the first key (after a key rotation).
 * Across all organisations by design (a maintenance pass); each row is updated in its own tenant scope.
 */
export async function encryptStoredSecrets(): Promise<{ webhooks: number; sso: number }> {
  let webhooks = 0;
  let sso = 0;
  const endpoints = await db.webhookEndpoint.findMany({ select: { organizationId: true, id: true, kind: true, url: true, secret: true, previousSecret: true } });
  for (const row of endpoints) {
    const urlNeeds = row.kind !== "STANDARD" && needsResealing(row.url);
    if (!urlNeeds && !needsResealing(row.secret) && !needsResealing(row.previousSecret)) continue;
    await db.webhookEndpoint.updateMany({
      where: { organizationId: row.organizationId, id: row.id, url: row.url, secret: row.secret, previousSecret: row.previousSecret },
      data: { url: urlNeeds ? reseal(row.url) ?? row.url : row.url, secret: reseal(row.secret), previousSecret: reseal(row.previousSecret) },
    });
    webhooks += 1;
  }
  const connections = await db.ssoConnection.findMany({ select: { organizationId: true, id: true, clientSecret: true } });
  for (const row of connections) {
    if (!needsResealing(row.clientSecret)) continue;
    await db.ssoConnection.updateMany({
      where: { organizationId: row.organizationId, id: row.id, clientSecret: row.clientSecret },
      data: { clientSecret: sealForStorage(openFromStorage(row.clientSecret)) },
    });
    sso += 1;
  }
  return { webhooks, sso };
}
