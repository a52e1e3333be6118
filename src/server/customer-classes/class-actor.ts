import "server-only";
import { AppError } from "@/lib/errors";
import { personalDataView, type PersonalDataView } from "@/lib/personal-data";
import { hasRole, type RoleName } from "@/lib/roles";
import { getMemberScope } from "@/server/org/member-scope";

/** Who reads customer classes: a member, their role and, for a unit-scoped member, their units. */
export type ClassActor = {
  organizationId: string;
  userId: string | null;
  role: RoleName;
  /** null: the whole organisation; else contacts whose latest answer was served by one of these units. */
  scopeUnitIds: string[] | null;
};

export async function classActorFor(viewer: { organizationId: string; userId: string; role: RoleName }): Promise<ClassActor> {
  const scope = await getMemberScope(viewer.organizationId, viewer.userId);
  if (!scope) throw new AppError("forbidden", "Not a member of this organisation.");
  return { organizationId: viewer.organizationId, userId: viewer.userId, role: scope.role, scopeUnitIds: scope.unitIds };
}

/** Viewers see the lists masked (src/lib/personal-data.ts). */
export function classListView(actor: ClassActor): PersonalDataView {
  return personalDataView(actor.role);
}

/** Lists with contact details leave the product as files only for CX managers and above (like the loop lists). */
export function assertClassExport(actor: ClassActor): void {
  if (!hasRole(actor.role, "MANAGER")) throw new AppError("forbidden", "Exporting a class needs the MANAGER role or higher.");
}

/** Rules and class names are organisation settings: ADMIN and OWNER. */
export function assertClassAdmin(actor: { role: RoleName }): void {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "Editing customer classes needs the ADMIN role or higher.");
}
