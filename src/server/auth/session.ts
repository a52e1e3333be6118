import "server-only";
import { cache } from "react";
import { getServerSession, type Session } from "next-auth";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";
import { db } from "@/server/db";
import { authOptions } from "./options";
import { accessStamp } from "./session-stamp";

/** Who is asking, in which organisation, with which role. Every tenant query takes `organizationId` from here. */
export type Viewer = {
  userId: string;
  name: string;
  email: string;
  locale: string;
  organizationId: string;
  organizationName: string;
  role: RoleName;
  /** The organisation's honesty thresholds (product.md "Minimum n"). */
  minN: number;
  suppressN: number;
  timeZone: string;
};

/** The signed-in viewer, or null. Cached for the duration of one request. */
export const getViewer = cache(async (): Promise<Viewer | null> => viewerForSession(await getServerSession(authOptions)));

/**
 * The viewer a session stands for, or null when there is none or it was revoked: the user signed out (or was
 * signed out everywhere) since the token was issued (`sessionVersion`), was deactivated, or their membership's
 * role or unit scope changed (`access`). Checked on every request, with the one query that reads the viewer.
 */
export async function viewerForSession(session: Session | null): Promise<Viewer | null> {
  const userId = session?.user?.id;
  if (!session || !userId) return null;
  // The organisation the user switched to (kept in the session token), else their oldest active membership.
  const organizationId = session.user.organizationId;
  const membership = await db.membership.findFirst({
    where: { userId, deactivatedAt: null, ...(organizationId ? { organizationId } : {}) },
    orderBy: { createdAt: "asc" },
    include: { user: true, organization: true },
  });
  if (!membership) return null;
  if (membership.user.deactivatedAt) return null;
  if (session.user.sessionVersion !== membership.user.sessionVersion) return null;
  if (session.user.access !== accessStamp(membership)) return null;
  return {
    userId,
    name: membership.user.name,
    email: membership.user.email,
    locale: membership.user.locale,
    organizationId: membership.organizationId,
    organizationName: membership.organization.name,
    role: membership.role,
    minN: membership.organization.minN,
    suppressN: membership.organization.suppressN,
    timeZone: membership.organization.timeZone,
  };
}

/** For pages: the viewer, or a redirect to the sign-in page. */
export async function requireUser(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/login");
  return viewer;
}

/** For pages, server actions and routes: the viewer if their role is at least `role`, else 401/403. */
export async function requireRole(role: RoleName): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new AppError("unauthorized", "Sign in first.");
  if (!hasRole(viewer.role, role)) throw new AppError("forbidden", `This needs the ${role} role or higher.`);
  return viewer;
}
