import { type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { webhookApiActor } from "@/server/webhooks/actor";
import { deleteWebhook } from "@/server/webhooks/manage-webhooks";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Removes an endpoint and its delivery log: 204. Another organisation's id is a 404. */
export const DELETE = apiRoute(async (request: NextRequest, context: Context) => {
  const actor = await webhookApiActor(request, "write");
  const { id } = await context.params;
  await deleteWebhook({ actor, id });
  return new Response(null, { status: 204 });
});
