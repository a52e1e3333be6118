import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { getSurveyNps } from "@/server/api/get-survey-nps";
import { requireApiKey } from "@/server/api-keys/require-api-key";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** The survey's NPS (whole filter, or per group with `groupBy`). Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest, context: Context) => {
  const { organizationId } = await requireApiKey(request, { resource: "responses", access: "read", wholeOrganisation: true });
  const { id } = await context.params;
  const body = await getSurveyNps({ organizationId, surveyId: id, searchParams: request.nextUrl.searchParams });
  return NextResponse.json(body);
});
