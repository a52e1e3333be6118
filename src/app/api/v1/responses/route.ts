import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { listApiResponses } from "@/server/api/v1/responses";
import { requireApiKey } from "@/server/api-keys/require-api-key";

export const dynamic = "force-dynamic";

/** Responses in the dashboard's filter, cursor-paged. Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest) => {
  const principal = await requireApiKey(request, { resource: "responses", access: "read" });
  return NextResponse.json(await listApiResponses({ principal, searchParams: request.nextUrl.searchParams }));
});
