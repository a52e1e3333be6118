import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { defaultMailSettings } from "@/server/distribution/mail-settings";
import { webhookApiActor } from "@/server/webhooks/actor";
import { sendTestEvent } from "@/server/webhooks/deliveries";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Sends a `webhook.test` event now and answers with the delivery's outcome (status, response code, duration). */
export const POST = apiRoute(async (request: NextRequest, context: Context) => {
  const actor = await webhookApiActor(request, "write");
  const { id } = await context.params;
  const delivery = await sendTestEvent({ actor, id, options: { now: () => new Date(), settings: defaultMailSettings() } });
  return NextResponse.json(delivery);
});
