import { NextResponse } from "next/server";
import { requireRole } from "@/server/auth/session";
import { handleRoute } from "@/server/http/respond";
import { commentReadingProgress } from "@/server/text/read-comments";

export const dynamic = "force-dynamic";

/** GET /settings/themes/status: comments read with the current taxonomy, of all (Settings → Themes polls it). */
export const GET = handleRoute(async () => {
  const viewer = await requireRole("ADMIN");
  return NextResponse.json(await commentReadingProgress(viewer.organizationId), { headers: { "Cache-Control": "no-store" } });
});
