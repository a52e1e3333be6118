import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { outcomesCaller } from "@/server/outcomes/api-caller";
import { getOutcomeReport } from "@/server/outcomes/get-outcome-report";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Does NPS predict behaviour here? Event rates per NPS category with tests. Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest, context: Context) => {
  const { organizationId, unitIds } = await outcomesCaller(request, "read");
  const { id } = await context.params;
  const report = await getOutcomeReport({ organizationId, surveyId: id, searchParams: request.nextUrl.searchParams, unitIds });
  return NextResponse.json(report.api);
});
