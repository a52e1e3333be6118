/** Roles from most to least powerful. A role may do everything the roles after it may do. */
export const ROLES = ["OWNER", "ADMIN", "MANAGER", "VIEWER"] as const;
export type RoleName = (typeof ROLES)[number];

export function hasRole(actual: RoleName, required: RoleName): boolean {
  const have = ROLES.indexOf(actual);
  const need = ROLES.indexOf(required);
  return have !== -1 && need !== -1 && have <= need;
}
