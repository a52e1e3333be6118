import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { requireApiKey } from "@/server/api-keys/require-api-key";
import { readJsonBody } from "@/server/http/read-json-body";
import { triggerInvitations } from "@/server/distribution/trigger-invitations";
import { webEnqueuer } from "@/server/queue/boss";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const MAX_BODY = 1024 * 1024;


/** The transactional trigger: invite contacts (upserted by email) to a survey. Described in /api/v1/openapi.json. */
export const POST = apiRoute(async (request: NextRequest, context: Context) => {
  const { organizationId } = await requireApiKey(request, { resource: "campaigns", access: "write", wholeOrganisation: true });
  const { id } = await context.params;
  const input = await readJsonBody(request, MAX_BODY);
  const body = await triggerInvitations({ organizationId, surveyId: id, input, enqueue: webEnqueuer() });
  return NextResponse.json(body, { status: 202 });
});
