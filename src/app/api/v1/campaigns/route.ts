import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { idempotent } from "@/server/api/idempotency";
import { createApiCampaign, listApiCampaigns } from "@/server/api/v1/campaigns";
import { requireApiKey } from "@/server/api-keys/require-api-key";
import { readJsonBody } from "@/server/http/read-json-body";
import { webEnqueuer } from "@/server/queue/boss";

export const dynamic = "force-dynamic";

const MAX_BODY = 64 * 1024;

/** The organisation's campaigns. Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest) => {
  const principal = await requireApiKey(request, { resource: "campaigns", access: "read" });
  return NextResponse.json(await listApiCampaigns({ principal, searchParams: request.nextUrl.searchParams }));
});

/** Creates and sends (or schedules) a campaign. Described in /api/v1/openapi.json. */
export const POST = apiRoute(async (request: NextRequest) => {
  const principal = await requireApiKey(request, { resource: "campaigns", access: "write", wholeOrganisation: true });
  const input = await readJsonBody(request, MAX_BODY);
  return idempotent(request, principal, input, async () =>
    NextResponse.json(await createApiCampaign({ principal, input, enqueue: webEnqueuer() }), { status: 201 }),
  );
});
