import "server-only";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";
import { assignScopeSchema, SCOPABLE_ROLES, type AssignScopeInput } from "@/schemas/org";
import { db } from "@/server/db";

/** Limits a MANAGER / VIEWER member to one unit's subtree, or lifts the limit (ADMIN+; same organisation only). */
export async function assignScope({ actor, input }: { actor: { organizationId: string; role: RoleName }; input: AssignScopeInput | unknown }) {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "This needs the ADMIN role or higher.");
  const parsed = assignScopeSchema.safeParse(input);
  if (!parsed.success) throw new AppError("validation_failed", "Choose a member and a unit of this organisation.");
  const data = parsed.data;
  const membership = await db.membership.findFirst({ where: { id: data.membershipId, organizationId: actor.organizationId } });
  if (!membership) throw new AppError("not_found", "Member not found.");
  if (!(SCOPABLE_ROLES as readonly string[]).includes(membership.role)) {
    throw new AppError("validation_failed", "Only CX managers and viewers can be limited to a unit.");
  }
  if (data.scopeUnitId) {
    const unit = await db.orgUnit.findFirst({ where: { id: data.scopeUnitId, organizationId: actor.organizationId }, select: { id: true } });
    if (!unit) throw new AppError("validation_failed", "No such unit in this organisation.");
  }
  return db.membership.update({ where: { organizationId_id: { organizationId: actor.organizationId, id: membership.id } }, data: { scopeUnitId: data.scopeUnitId } });
}
