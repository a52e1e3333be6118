import "server-only";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";
import { authenticateApiKey } from "@/server/api-keys/authenticate-api-key";

/** Who manages webhooks and chat channels: an ADMIN / OWNER session, or an organisation API key. */
export type WebhookActor = { organizationId: string; role: RoleName };

export function assertCanManageWebhooks(actor: WebhookActor): void {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "Managing webhooks needs the ADMIN role or higher.");
}

/**
 * The actor of a /api/v1/webhooks request: the key's organisation. The one place the webhook routes
 * authenticate, so key scopes (`webhooks:read` / `webhooks:write`) are checked here once keys carry them.
 */
export async function webhookApiActor(request: Request, access: "read" | "write"): Promise<WebhookActor> {
  const principal = await authenticateApiKey(request.headers.get("authorization"));
  // What the operation needs once keys carry scopes (webhooks:read / webhooks:write): checked here then.
  void access;
  return { organizationId: principal.organizationId, role: "ADMIN" };
}
