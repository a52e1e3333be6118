import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { listApiOrgUnits } from "@/server/api/v1/org";
import { requireApiKey } from "@/server/api-keys/require-api-key";

export const dynamic = "force-dynamic";

/** The organisation's units (a unit-scoped key: its subtree). Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest) => {
  const principal = await requireApiKey(request, { resource: "orgUnits", access: "read" });
  return NextResponse.json(await listApiOrgUnits({ principal, searchParams: request.nextUrl.searchParams }));
});
