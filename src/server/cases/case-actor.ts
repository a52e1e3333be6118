import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";
import { getMemberScope } from "@/server/org/member-scope";

/** Who works on cases: their role and, for a branch-scoped member, the units they may see. */
export type CaseActor = {
  organizationId: string;
  userId: string;
  role: RoleName;
  /** null: the whole organisation (ADMIN+ and unscoped members, src/server/org/member-scope.ts); else the scope unit's subtree. */
  scopeUnitIds: string[] | null;
};

/** The actor for a signed-in member (reads Membership.scopeUnitId). */
export async function caseActorFor(viewer: { organizationId: string; userId: string; role: RoleName }): Promise<CaseActor> {
  const scope = await getMemberScope(viewer.organizationId, viewer.userId);
  if (!scope) throw new AppError("forbidden", "Not a member of this organisation.");
  return { organizationId: viewer.organizationId, userId: viewer.userId, role: scope.role, scopeUnitIds: scope.unitIds };
}

/**
 * The cases an actor may see: the whole organisation when their scope is (ADMIN+, unscoped members); a scoped
 * member the cases of units in their subtree and the cases they own.
 */
export function visibleCasesWhere(actor: CaseActor): Prisma.CaseWhereInput {
  if (actor.scopeUnitIds === null) return { organizationId: actor.organizationId };
  return { organizationId: actor.organizationId, OR: [{ unitId: { in: actor.scopeUnitIds } }, { ownerId: actor.userId }] };
}

/** May the actor change a case they can see? ADMIN+, the case's owner, or a MANAGER whose scope holds it. */
export function canActOnCase(actor: CaseActor, c: { ownerId: string | null }): boolean {
  if (hasRole(actor.role, "ADMIN")) return true;
  if (c.ownerId === actor.userId) return true;
  return hasRole(actor.role, "MANAGER");
}

const CASE_HEAD = { id: true, ownerId: true, status: true, rootCauseId: true, firstContactAt: true, responseId: true } as const;
export type CaseHead = Prisma.CaseGetPayload<{ select: typeof CASE_HEAD }>;

/** Loads a case the actor may see (404 otherwise, also for other tenants) and, with `act`, may change (403). */
export async function loadCaseFor(
  client: Pick<Prisma.TransactionClient, "case">,
  actor: CaseActor,
  caseId: string,
  options: { act: boolean },
): Promise<CaseHead> {
  const found = await client.case.findFirst({ where: { AND: [visibleCasesWhere(actor), { id: caseId }] }, select: CASE_HEAD });
  if (!found) throw new AppError("not_found", "Case not found.");
  if (options.act && !canActOnCase(actor, found)) throw new AppError("forbidden", "Your role does not allow changing this case.");
  return found;
}
