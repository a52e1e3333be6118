import "server-only";
import { hasScope, type ApiAccess, type ApiResource } from "@/lib/api-scopes";
import { AppError } from "@/lib/errors";
import { consumeRateLimit } from "@/server/api/rate-limit";
import { unitSubtreeIds } from "@/server/org/unit-scope";
import { verifyApiKey, type ApiPrincipal } from "./authenticate-api-key";

export type ApiKeyPrincipal = ApiPrincipal & {
  /** Ids of the key's unit and its subtree; null = the whole organisation. */
  unitIds: string[] | null;
};

export type ApiKeyNeed = {
  resource: ApiResource;
  access: ApiAccess;
  /** The operation shows contacts' personal data whatever it is asked (e.g. contact lists): 403 without it. */
  personalData?: boolean;
  /** The operation reads or changes the whole organisation: 403 for a key limited to a unit. */
  wholeOrganisation?: boolean;
};

/**
 * The one entry point of an /api/v1 handler: a valid key (401), counted against its rate limit (429 with
 * X-RateLimit-* headers, set by apiRoute), holding the scope the operation needs (403 `forbidden` naming it).
 * Returns the key's organisation, scopes and unit subtree: every query must be scoped by both.
 */
export async function requireApiKey(request: Request, need: ApiKeyNeed, { now = new Date() }: { now?: Date } = {}): Promise<ApiKeyPrincipal> {
  const principal = await verifyApiKey(request.headers.get("authorization"), { now });
  await consumeRateLimit(request, {
    organizationId: principal.organizationId,
    apiKeyId: principal.apiKeyId,
    limit: principal.rateLimitPerMinute,
    now,
  });
  if (!hasScope(principal.scopes, need.resource, need.access)) {
    throw new AppError("forbidden", `This API key lacks the ${need.resource}:${need.access} scope.`);
  }
  if (need.personalData && !principal.personalData) {
    throw new AppError("forbidden", "This API key may not read personal data; an admin can allow it on the key page.");
  }
  if (need.wholeOrganisation && principal.scopeUnitId !== null) {
    throw new AppError("forbidden", "This API key is limited to an org unit; this operation concerns the whole organisation.");
  }
  const unitIds = principal.scopeUnitId === null ? null : await unitSubtreeIds(principal.organizationId, principal.scopeUnitId);
  return { ...principal, unitIds };
}
