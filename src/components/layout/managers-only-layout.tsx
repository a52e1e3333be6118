import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";

/**
 * The role check before this segment's loading state: a page inside a loading boundary starts streaming with
 * status 200 before its own notFound() could turn the answer into a 404 (roles below MANAGER must get a 404).
 */
export default async function ManagersOnlyLayout({ children }: { children: ReactNode }) {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "MANAGER")) notFound();
  return children;
}
