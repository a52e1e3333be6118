import "server-only";
import { accessStamp } from "@/server/auth/session-stamp";
import { db } from "@/server/db";

export type OrganizationChoice = { organizationId: string; name: string; role: string };

/** The organisations a user may act in (active memberships), oldest membership first: the header's switcher. */
export async function listUserOrganizations(userId: string): Promise<OrganizationChoice[]> {
  const memberships = await db.membership.findMany({
    where: { userId, deactivatedAt: null },
    orderBy: { createdAt: "asc" },
    select: { organizationId: true, role: true, organization: { select: { name: true } } },
  });
  return memberships.map((m) => ({ organizationId: m.organizationId, name: m.organization.name, role: m.role }));
}

/**
 * What a session switched to `organizationId` carries: the organisation and the access stamp of the user's active
 * membership there, or null when they are not (or no longer) an active member. Called from the session's jwt
 * callback when the switcher updates the session; src/server/auth/session.ts re-checks the membership on every request.
 */
export async function organizationSwitch(userId: string, organizationId: unknown): Promise<{ organizationId: string; access: string } | null> {
  if (typeof organizationId !== "string" || !/^[0-9a-f-]{36}$/i.test(organizationId)) return null;
  const membership = await db.membership.findUnique({
    where: { organizationId_userId: { organizationId, userId } },
    select: { id: true, role: true, scopeUnitId: true, deactivatedAt: true },
  });
  if (!membership || membership.deactivatedAt) return null;
  return { organizationId, access: accessStamp(membership) };
}
