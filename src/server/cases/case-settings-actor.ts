import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";

/** Who changes the case settings (Settings → Cases): ADMIN and OWNER only. */
export type CaseSettingsActor = { organizationId: string; userId: string; role: RoleName };

export function assertCanManageCaseSettings(actor: CaseSettingsActor): void {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "Only admins can change the case settings.");
}

type Tx = Pick<Prisma.TransactionClient, "membership" | "orgUnit">;

/** A user id that must be a member of the actor's organisation (422 naming `field` otherwise, also for other tenants' users). */
export async function assertMember(tx: Tx, organizationId: string, userId: string, field: string): Promise<void> {
  const member = await tx.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } }, select: { id: true } });
  if (!member) throw new AppError("validation_failed", `${field}: Choose a member of this organisation.`, { fields: [field] });
}

/** A unit id that must belong to the actor's organisation. */
export async function assertUnit(tx: Tx, organizationId: string, unitId: string, field: string): Promise<void> {
  const unit = await tx.orgUnit.findUnique({ where: { organizationId_id: { organizationId, id: unitId } }, select: { id: true } });
  if (!unit) throw new AppError("validation_failed", `${field}: Choose a unit of this organisation.`, { fields: [field] });
}

/** Serialises writes to one organisation's case settings (rule positions, last template of a locale). */
export async function lockCaseSettings(tx: Pick<Prisma.TransactionClient, "$executeRaw">, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM "Organization" WHERE id = ${organizationId}::uuid FOR UPDATE`;
}
