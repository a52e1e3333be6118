import "server-only";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";
import { requireApiKey } from "@/server/api-keys/require-api-key";

/** Who manages webhooks and chat channels: an ADMIN / OWNER session, or an organisation API key. */
export type WebhookActor = { organizationId: string; role: RoleName; apiKeyId?: string; userId?: string | null };

export function assertCanManageWebhooks(actor: WebhookActor): void {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "Managing webhooks needs the ADMIN role or higher.");
}

/**
 * The actor of a /api/v1/webhooks request: a key with the `webhooks:read` / `webhooks:write` scope, not limited
 * to an org unit (endpoints receive the whole organisation's events). The one place the webhook routes authenticate.
 */
export async function webhookApiActor(request: Request, access: "read" | "write"): Promise<WebhookActor> {
  const principal = await requireApiKey(request, { resource: "webhooks", access, wholeOrganisation: true });
  return { organizationId: principal.organizationId, role: "ADMIN", apiKeyId: principal.apiKeyId };
}
