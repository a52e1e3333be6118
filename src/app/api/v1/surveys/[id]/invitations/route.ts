import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { idempotent } from "@/server/api/idempotency";
import { requireApiKey } from "@/server/api-keys/require-api-key";
import { readJsonBody } from "@/server/http/read-json-body";
import { triggerInvitations } from "@/server/distribution/trigger-invitations";
import { webEnqueuer } from "@/server/queue/boss";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const MAX_BODY = 1024 * 1024;

/**
 * The transactional trigger: invite contacts (upserted by email) to a survey; with an `Idempotency-Key` a retried
 * call answers the first call's result instead of inviting again. Described in /api/v1/openapi.json.
 */
export const POST = apiRoute(async (request: NextRequest, context: Context) => {
  const principal = await requireApiKey(request, { resource: "campaigns", access: "write", wholeOrganisation: true });
  const { id } = await context.params;
  const input = await readJsonBody(request, MAX_BODY);
  return idempotent(request, principal, input, async () =>
    NextResponse.json(await triggerInvitations({ organizationId: principal.organizationId, surveyId: id, input, enqueue: webEnqueuer() }), { status: 202 }),
  );
});
