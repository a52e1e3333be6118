import "server-only";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";

/** Who manages keys: a member of the organisation (from requireRole / the session); only ADMIN and OWNER may. */
export type ApiKeyActor = { organizationId: string; userId: string | null; role: RoleName };

export function assertCanManageApiKeys(actor: ApiKeyActor): void {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "Managing API keys needs the ADMIN role or higher.");
}
