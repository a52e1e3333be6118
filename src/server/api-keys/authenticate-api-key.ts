import "server-only";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { hashApiKey, parseApiKey, sameHash } from "./key-material";

export type ApiPrincipal = {
  organizationId: string;
  apiKeyId: string;
  /** "<resource>:read|write" (src/lib/api-scopes.ts). */
  scopes: string[];
  /** May see contacts' personal data. */
  personalData: boolean;
  /** The key's unit (it reads that unit's subtree only), null for the whole organisation. */
  scopeUnitId: string | null;
  rateLimitPerMinute: number;
  /** Who created the key: what it does is recorded in their name (case events, imports). */
  createdById: string | null;
};

/** lastUsedAt is written at most this often per key, so busy integrations do not write on every call. */
export const LAST_USED_RESOLUTION_MS = 60_000;

const MISSING = "Send an organisation API key as `Authorization: Bearer <key>`.";
const INVALID = "The API key is not valid or has been revoked.";

/** The key in an `Authorization: Bearer <key>` header, or null. The scheme is case-insensitive. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header?.trim() ?? "");
  return match?.[1] ?? null;
}

/**
 * Who is calling the REST API: the organisation of a valid, unrevoked key. Missing, malformed, unknown and
 * revoked keys are all AppError("unauthorized") (unknown and revoked with the same message).
 */
export async function verifyApiKey(
  authorization: string | null,
  { now = new Date() }: { now?: Date } = {},
): Promise<ApiPrincipal> {
  if (!authorization?.trim()) throw new AppError("unauthorized", MISSING);
  const key = bearerToken(authorization);
  const parsed = key === null ? null : parseApiKey(key);
  if (key === null || parsed === null) throw new AppError("unauthorized", INVALID);

  // The lookup is by the hash of a 256-bit secret, so its timing says nothing about any stored key; the
  // constant-time comparison and the prefix check are belts and braces.
  const hash = hashApiKey(key);
  // findFirst: the hash is unique with the organisation (docs/decisions/0012) and found through its own index.
  const row = await db.apiKey.findFirst({
    where: { hash },
    select: {
      id: true,
      organizationId: true,
      prefix: true,
      hash: true,
      revokedAt: true,
      lastUsedAt: true,
      scopes: true,
      personalData: true,
      scopeUnitId: true,
      rateLimitPerMinute: true,
      createdById: true,
    },
  });
  if (!row || !sameHash(row.hash, hash) || row.prefix !== parsed.prefix || row.revokedAt !== null) {
    throw new AppError("unauthorized", INVALID);
  }

  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (row.lastUsedAt === null || row.lastUsedAt < staleBefore) {
    // Conditional, so concurrent calls write once; a failure to record usage never fails the call.
    await db.apiKey
      .updateMany({
        where: { organizationId: row.organizationId, id: row.id, revokedAt: null, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
        data: { lastUsedAt: now },
      })
      .catch((error: unknown) => console.error("could not record API key use:", error instanceof Error ? error.message : String(error)));
  }
  return {
    organizationId: row.organizationId,
    apiKeyId: row.id,
    scopes: row.scopes,
    personalData: row.personalData,
    scopeUnitId: row.scopeUnitId,
    rateLimitPerMinute: row.rateLimitPerMinute,
    createdById: row.createdById,
  };
}
