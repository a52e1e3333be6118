import { NextResponse } from "next/server";
import { getAggregateRebuildStatus } from "@/server/attributes/aggregate-rebuild";
import { requireRole } from "@/server/auth/session";
import { handleRoute } from "@/server/http/respond";

export const dynamic = "force-dynamic";

/** GET /settings/attributes/status: the organisation's aggregate rebuild progress (Settings → Attributes polls it). */
export const GET = handleRoute(async () => {
  const viewer = await requireRole("ADMIN");
  return NextResponse.json(getAggregateRebuildStatus(viewer.organizationId), { headers: { "Cache-Control": "no-store" } });
});
