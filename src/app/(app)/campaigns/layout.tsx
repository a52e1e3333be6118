import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requireUser } from "@/server/auth/session";
import { readsWholeOrganisation } from "@/server/org/member-scope";

/** Campaigns concern the whole organisation: a member scoped to a unit does not see them (docs/decisions/0009). */
export default async function CampaignsLayout({ children }: { children: ReactNode }) {
  const viewer = await requireUser();
  if (!(await readsWholeOrganisation(viewer))) notFound();
  return children;
}
