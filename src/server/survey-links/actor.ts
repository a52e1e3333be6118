import "server-only";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";

/** Who works with a survey's public links: a member of the organisation (from requireRole / the session). */
export type SurveyLinkActor = { organizationId: string; userId: string | null; role: RoleName };

/** Creating and disabling links: ADMIN and OWNER. */
export function assertCanManageSurveyLinks(actor: SurveyLinkActor): void {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "Managing public links needs the ADMIN role or higher.");
}

/** Seeing links and downloading their QR codes: CX managers and above. */
export function assertCanViewSurveyLinks(actor: SurveyLinkActor): void {
  if (!hasRole(actor.role, "MANAGER")) throw new AppError("forbidden", "Public links need the MANAGER role or higher.");
}
