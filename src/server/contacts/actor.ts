import "server-only";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";

/** Who acts on contacts: a member of the organisation (from requireRole / the session). */
export type ContactActor = { organizationId: string; userId: string | null; role: RoleName };

/** Imports, data exports and erasure hold or remove personal data in bulk: ADMIN and OWNER only. */
export function assertContactAdmin(actor: ContactActor): void {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "This needs the ADMIN role or higher.");
}
