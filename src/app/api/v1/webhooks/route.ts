import { NextResponse, type NextRequest } from "next/server";
import { pageOf } from "@/lib/api-cursor";
import { apiRoute } from "@/server/api/api-route";
import { idempotent } from "@/server/api/idempotency";
import { assertKnownParams, PAGE_PARAMS, readPage } from "@/server/api/v1/params";
import { readJsonBody } from "@/server/http/read-json-body";
import { webhookApiActor } from "@/server/webhooks/actor";
import { createWebhook, listWebhooks } from "@/server/webhooks/manage-webhooks";

export const dynamic = "force-dynamic";

const MAX_BODY = 16 * 1024;

/** The organisation's webhook endpoints, newest first, cursor-paged (never their secrets). Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest) => {
  const actor = await webhookApiActor(request, "read");
  const { searchParams } = request.nextUrl;
  assertKnownParams(searchParams, PAGE_PARAMS);
  const page = readPage(searchParams);
  return NextResponse.json(pageOf(await listWebhooks({ actor, page }), page.limit));
});

/** Adds an endpoint: 201 with its signing secret, shown only here (an Idempotency-Key retry answers the same). */
export const POST = apiRoute(async (request: NextRequest) => {
  const actor = await webhookApiActor(request, "write");
  const input = await readJsonBody(request, MAX_BODY);
  return idempotent(request, { organizationId: actor.organizationId, apiKeyId: actor.apiKeyId ?? "" }, input, async () =>
    NextResponse.json(await createWebhook({ actor, input }), { status: 201 }),
  );
});
