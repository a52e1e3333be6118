import { NextResponse, type NextRequest } from "next/server";
import { requireRole } from "@/server/auth/session";
import { getAccountabilityBoard } from "@/server/accountability/get-accountability-board";
import { handleRoute } from "@/server/http/respond";

export const dynamic = "force-dynamic";

/** The leaderboard as JSON for the signed-in member, cut to their scope (same figures as the page). */
export const GET = handleRoute(async (request: NextRequest) => {
  const viewer = await requireRole("VIEWER");
  const board = await getAccountabilityBoard(viewer, Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(board, { headers: { "Cache-Control": "no-store" } });
});
