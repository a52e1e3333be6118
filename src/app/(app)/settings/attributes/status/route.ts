import { NextResponse } from "next/server";
import { requireRole } from "@/server/auth/session";
import { handleRoute } from "@/server/http/respond";
import { latestAggregateRebuild } from "@/server/org-settings/aggregate-rebuilds";

export const dynamic = "force-dynamic";

/** GET /settings/attributes/status: the organisation's last aggregate rebuild, its state and x of y, or null (Settings → Attributes polls it). */
export const GET = handleRoute(async () => {
  const viewer = await requireRole("ADMIN");
  return NextResponse.json(await latestAggregateRebuild(viewer.organizationId), { headers: { "Cache-Control": "no-store" } });
});
