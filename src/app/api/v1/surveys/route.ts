import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { listApiSurveys } from "@/server/api/v1/surveys";
import { requireApiKey } from "@/server/api-keys/require-api-key";

export const dynamic = "force-dynamic";

/** The organisation's surveys. Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest) => {
  const principal = await requireApiKey(request, { resource: "surveys", access: "read" });
  return NextResponse.json(await listApiSurveys({ principal, searchParams: request.nextUrl.searchParams }));
});
