import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { requireApiKey } from "@/server/api-keys/require-api-key";
import { getSurveyThemes } from "@/server/text/get-survey-themes";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Themes of the survey's comments with their NPS, for the NPS endpoint's filters. Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest, context: Context) => {
  const { organizationId } = await requireApiKey(request, { resource: "responses", access: "read", wholeOrganisation: true });
  const { id } = await context.params;
  return NextResponse.json(await getSurveyThemes({ organizationId, surveyId: id, searchParams: request.nextUrl.searchParams }));
});
