import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { listApiMembers } from "@/server/api/v1/org";
import { requireApiKey } from "@/server/api-keys/require-api-key";

export const dynamic = "force-dynamic";

/** The organisation's members. Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest) => {
  const principal = await requireApiKey(request, { resource: "members", access: "read", wholeOrganisation: true });
  return NextResponse.json(await listApiMembers({ principal, searchParams: request.nextUrl.searchParams }));
});
