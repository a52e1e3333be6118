import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { requireApiKey } from "@/server/api-keys/require-api-key";
import { getSurveyDrivers } from "@/server/drivers/get-drivers";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** The survey's key drivers (Johnson's relative weights) under the NPS endpoint's filters. Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest, context: Context) => {
  const { organizationId } = await requireApiKey(request, { resource: "responses", access: "read", wholeOrganisation: true });
  const { id } = await context.params;
  return NextResponse.json(await getSurveyDrivers({ organizationId, surveyId: id, searchParams: request.nextUrl.searchParams }));
});
