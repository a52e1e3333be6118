import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { listApiCases } from "@/server/api/v1/cases";
import { requireApiKey } from "@/server/api-keys/require-api-key";

export const dynamic = "force-dynamic";

/** Follow-up cases in the key's scope. Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest) => {
  const principal = await requireApiKey(request, { resource: "cases", access: "read" });
  return NextResponse.json(await listApiCases({ principal, searchParams: request.nextUrl.searchParams }));
});
