import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/server/api/api-route";
import { authenticateApiKey } from "@/server/api-keys/authenticate-api-key";
import { triggerInvitations } from "@/server/distribution/trigger-invitations";
import { webEnqueuer } from "@/server/queue/boss";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const MAX_BODY = 1024 * 1024;

async function readJson(request: NextRequest): Promise<unknown> {
  const text = await request.text();
  if (text.length > MAX_BODY) throw new AppError("payload_too_large", "The request body is too large (at most 1 MB).");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "The request body must be JSON.");
  }
}

/** The transactional trigger: invite contacts (upserted by email) to a survey. Described in /api/v1/openapi.json. */
export const POST = apiRoute(async (request: NextRequest, context: Context) => {
  const { organizationId } = await authenticateApiKey(request.headers.get("authorization"));
  const { id } = await context.params;
  const input = await readJson(request);
  const body = await triggerInvitations({ organizationId, surveyId: id, input, enqueue: webEnqueuer() });
  return NextResponse.json(body, { status: 202 });
});
