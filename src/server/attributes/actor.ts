import "server-only";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";

/** Who changes attribute definitions (Settings → Attributes): ADMIN and OWNER only. */
export type AttributeActor = { organizationId: string; userId: string; role: RoleName };

export function assertCanManageAttributes(actor: AttributeActor): void {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "Only admins can change the attributes.");
}
