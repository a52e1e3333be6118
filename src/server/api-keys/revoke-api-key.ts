import "server-only";
import { AppError } from "@/lib/errors";
import { apiKeyIdSchema } from "@/schemas/api";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { auditIpOrNull } from "@/server/audit/request-context";
import { db } from "@/server/db";
import { assertCanManageApiKeys, type ApiKeyActor } from "./actor";
import { API_KEY_SUMMARY_SELECT, toApiKeySummary, type ApiKeySummary } from "./list-api-keys";

/**
 * Revokes a key of the actor's organisation: from now on it answers 401. Idempotent (a revoked key keeps its
 * first revocation time). Another organisation's key, or an id that is not one, is "not found".
 */
export async function revokeApiKey({ actor, apiKeyId }: { actor: ApiKeyActor; apiKeyId: string }): Promise<ApiKeySummary> {
  assertCanManageApiKeys(actor);
  const id = apiKeyIdSchema.safeParse(apiKeyId);
  if (!id.success) throw new AppError("not_found", "API key not found.");
  const where = { id: id.data, organizationId: actor.organizationId };
  const revoked = await db.apiKey.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: new Date() } });
  const row = await db.apiKey.findFirst({ where, select: API_KEY_SUMMARY_SELECT });
  if (!row) throw new AppError("not_found", "API key not found.");
  if (revoked.count > 0) {
    await recordAuditEvent({
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "api_key.revoke",
      targetType: "ApiKey",
      targetId: id.data,
      details: { name: row.name, prefix: row.prefix },
      ip: await auditIpOrNull(),
    });
  }
  return toApiKeySummary(row);
}
