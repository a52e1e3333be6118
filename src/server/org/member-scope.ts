import "server-only";
import { cache } from "react";
import { hasRole, type RoleName } from "@/lib/roles";
import { db } from "@/server/db";
import { unitSubtreeIds } from "@/server/org/unit-scope";

/**
 * What one member of one organisation may read (docs/decisions/0009): the whole organisation when their
 * membership has no scope unit or they are ADMIN / OWNER (who configure the organisation), else that unit and
 * every unit below it.
 */
export type MemberScope = {
  organizationId: string;
  userId: string;
  role: RoleName;
  scopeUnitId: string | null;
  /** The scope unit's name (shown beside the member's role), null when they read the whole organisation. */
  scopeUnitName: string | null;
  /** Ids of the scope unit and its subtree; null = the whole organisation. */
  unitIds: string[] | null;
};

/**
 * The member's scope, read from their membership (null when they are not a member). One membership read and,
 * for a scoped member, one recursive query; memoised for the duration of a request.
 */
export const getMemberScope = cache(async (organizationId: string, userId: string): Promise<MemberScope | null> => {
  const membership = await db.membership.findUnique({
    where: { organizationId_userId: { organizationId, userId } },
    select: { role: true, scopeUnitId: true, scopeUnit: { select: { name: true } } },
  });
  if (!membership) return null;
  const scoped = membership.scopeUnitId !== null && !hasRole(membership.role, "ADMIN");
  const unitIds = scoped && membership.scopeUnitId ? await unitSubtreeIds(organizationId, membership.scopeUnitId) : null;
  return {
    organizationId,
    userId,
    role: membership.role,
    scopeUnitId: scoped ? membership.scopeUnitId : null,
    scopeUnitName: scoped ? (membership.scopeUnit?.name ?? null) : null,
    unitIds,
  };
});

/** The unit ids a signed-in member's reads are limited to (null = the whole organisation). */
export async function scopeUnitIdsOf(viewer: { organizationId: string; userId: string }): Promise<string[] | null> {
  const scope = await getMemberScope(viewer.organizationId, viewer.userId);
  return scope ? scope.unitIds : [];
}

/** True when the member reads the whole organisation (pages about everyone, e.g. contacts, are for them only). */
export async function readsWholeOrganisation(viewer: { organizationId: string; userId: string }): Promise<boolean> {
  return (await scopeUnitIdsOf(viewer)) === null;
}
