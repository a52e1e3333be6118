import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { assertKnownParams } from "@/server/api/v1/params";
import { getApiSurvey } from "@/server/api/v1/surveys";
import { requireApiKey } from "@/server/api-keys/require-api-key";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** One survey with its questions. Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest, context: Context) => {
  const principal = await requireApiKey(request, { resource: "surveys", access: "read" });
  assertKnownParams(request.nextUrl.searchParams, []);
  const { id } = await context.params;
  return NextResponse.json(await getApiSurvey({ principal, id }));
});
