import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { readJsonBody } from "@/server/http/read-json-body";
import { webhookApiActor } from "@/server/webhooks/actor";
import { createWebhook, listWebhooks } from "@/server/webhooks/manage-webhooks";

export const dynamic = "force-dynamic";

const MAX_BODY = 16 * 1024;

/** The organisation's webhook endpoints (never their secrets). Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest) => {
  const actor = await webhookApiActor(request, "read");
  return NextResponse.json({ data: await listWebhooks({ actor }) });
});

/** Adds an endpoint: 201 with its signing secret, shown only here. */
export const POST = apiRoute(async (request: NextRequest) => {
  const actor = await webhookApiActor(request, "write");
  const input = await readJsonBody(request, MAX_BODY);
  return NextResponse.json(await createWebhook({ actor, input }), { status: 201 });
});
