import "server-only";
import type { RoleName } from "@/lib/roles";
import { getMemberScope } from "@/server/org/member-scope";

/** Who reads accountability figures: one member of one organisation. */
export type AccountabilityActor = { organizationId: string; userId: string; role: RoleName };

/**
 * What a member may see: the whole organisation (scopeUnitId null), or one unit's subtree. A VIEWER scoped to
 * a unit sees that unit's own figure and the employees within it, not the other units' rankings.
 */
export type AccountabilityScope = {
  organizationId: string;
  scopeUnitId: string | null;
  /** Ids of the scope unit and all units below it; null = the whole organisation. */
  unitIds: ReadonlySet<string> | null;
  /** VIEWER scoped to a unit: only their own unit's row among units. */
  ownUnitOnly: boolean;
};

export async function getAccountabilityScope(actor: AccountabilityActor): Promise<AccountabilityScope> {
  const member = await getMemberScope(actor.organizationId, actor.userId);
  const scopeUnitId = member?.scopeUnitId ?? null;
  if (!scopeUnitId) return { organizationId: actor.organizationId, scopeUnitId: null, unitIds: null, ownUnitOnly: false };
  return { organizationId: actor.organizationId, scopeUnitId, unitIds: new Set(member?.unitIds ?? []), ownUnitOnly: actor.role === "VIEWER" };
}
