import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { createScopedApiKeySchema, type CreateScopedApiKeyInput } from "@/schemas/api-key-scopes";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { auditIpOrNull } from "@/server/audit/request-context";
import { db } from "@/server/db";
import { assertCanManageApiKeys, type ApiKeyActor } from "./actor";
import { generateApiKey } from "./key-material";
import { API_KEY_SUMMARY_SELECT, toApiKeySummary, type ApiKeySummary } from "./list-api-keys";

export type CreateApiKeyOptions = { actor: ApiKeyActor; input: CreateScopedApiKeyInput };

/**
 * Creates an organisation API key. Returns the plaintext key — the only time it exists outside the caller:
 * the database keeps its prefix and SHA-256 hash. Scopes default to reading everything; a unit scope must name a
 * unit of the organisation (else 422).
 */
export async function createApiKey({ actor, input }: CreateApiKeyOptions): Promise<{ key: string; apiKey: ApiKeySummary }> {
  assertCanManageApiKeys(actor);
  const { name, scopes, personalData, scopeUnitId, rateLimitPerMinute } = createScopedApiKeySchema.parse(input);
  if (scopeUnitId !== null) {
    const unit = await db.orgUnit.findFirst({ where: { organizationId: actor.organizationId, id: scopeUnitId }, select: { id: true } });
    if (!unit) throw new AppError("validation_failed", "scopeUnitId: not an org unit of this organisation.");
  }
  // A prefix collision (62^8 possibilities) is astronomically unlikely; retry rather than fail if it happens.
  for (let attempt = 0; ; attempt++) {
    const material = generateApiKey();
    try {
      const row = await db.apiKey.create({
        data: {
          organizationId: actor.organizationId,
          name,
          prefix: material.prefix,
          hash: material.hash,
          createdById: actor.userId,
          scopes,
          personalData,
          scopeUnitId,
          rateLimitPerMinute,
        },
        select: API_KEY_SUMMARY_SELECT,
      });
      await recordAuditEvent({
        organizationId: actor.organizationId,
        actorId: actor.userId,
        action: "api_key.create",
        targetType: "ApiKey",
        targetId: row.id,
        details: { name, prefix: material.prefix },
        ip: await auditIpOrNull(),
      });
      return { key: material.key, apiKey: toApiKeySummary(row) };
    } catch (error) {
      const duplicate = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!duplicate || attempt >= 2) throw error;
    }
  }
}
