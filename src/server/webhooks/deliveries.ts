import "server-only";
import { AppError } from "@/lib/errors";
import { newMessageId } from "@/lib/standard-webhooks";
import { renderChatAlert } from "@/server/chat-alerts/render-chat-alert";
import { db } from "@/server/db";
import { assertCanManageWebhooks, type WebhookActor } from "./actor";
import { findEndpoint } from "./manage-webhooks";
import { attemptDelivery, type DeliveryOptions } from "./run-webhook-deliveries";

export type DeliverySummary = {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  responseCode: number | null;
  durationMs: number | null;
  error: string | null;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  createdAt: string;
};

const SELECT = {
  id: true,
  eventId: true,
  eventType: true,
  status: true,
  attempts: true,
  responseCode: true,
  durationMs: true,
  error: true,
  nextAttemptAt: true,
  lastAttemptAt: true,
  createdAt: true,
} as const;

type Row = Omit<DeliverySummary, "nextAttemptAt" | "lastAttemptAt" | "createdAt"> & { nextAttemptAt: Date | null; lastAttemptAt: Date | null; createdAt: Date };

function toSummary(row: Row): DeliverySummary {
  return { ...row, nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null, lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString() };
}

/** An endpoint's latest deliveries, newest first. */
export async function listDeliveries({ actor, endpointId, limit = 50 }: { actor: WebhookActor; endpointId: unknown; limit?: number }): Promise<DeliverySummary[]> {
  assertCanManageWebhooks(actor);
  const endpoint = await findEndpoint(actor.organizationId, endpointId);
  const rows = await db.webhookDelivery.findMany({
    where: { organizationId: actor.organizationId, endpointId: endpoint.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: SELECT,
  });
  return rows.map(toSummary);
}

/**
 * Sends a `webhook.test` event to the endpoint now (even a disabled one is not: enable it first) and returns
 * the delivery as recorded; a failed test is retried like any delivery.
 */
export async function sendTestEvent({ actor, id, options }: { actor: WebhookActor; id: unknown; options: DeliveryOptions }): Promise<DeliverySummary> {
  assertCanManageWebhooks(actor);
  const endpoint = await findEndpoint(actor.organizationId, id);
  if (endpoint.disabledAt) throw new AppError("conflict", "The endpoint is disabled; enable it before sending a test event.");
  const now = options.now();
  const body =
    endpoint.kind === "STANDARD"
      ? JSON.stringify({ type: "webhook.test", timestamp: now.toISOString(), data: { endpointId: endpoint.id } })
      : await renderChatAlert(db, { organizationId: actor.organizationId, kind: endpoint.kind, locale: endpoint.locale, type: "webhook.test", data: {} });
  if (body === null) throw new AppError("conflict", "This endpoint cannot receive a test event.");
  const delivery = await db.webhookDelivery.create({
    data: { organizationId: actor.organizationId, endpointId: endpoint.id, eventId: newMessageId(), eventType: "webhook.test", body, nextAttemptAt: now, createdAt: now },
    select: { id: true },
  });
  await attemptDelivery(actor.organizationId, delivery.id, options);
  return toSummary(await db.webhookDelivery.findFirstOrThrow({ where: { organizationId: actor.organizationId, id: delivery.id }, select: SELECT }));
}

/**
 * Sends a delivery again as a new delivery with the same body and the same webhook-id (receivers that already
 * processed it can tell), due now; the worker sends it within seconds.
 */
export async function replayDelivery({ actor, deliveryId, now = new Date() }: { actor: WebhookActor; deliveryId: unknown; now?: Date }): Promise<DeliverySummary> {
  assertCanManageWebhooks(actor);
  const id = typeof deliveryId === "string" && /^[0-9a-f-]{36}$/i.test(deliveryId) ? deliveryId : null;
  const original = id
    ? await db.webhookDelivery.findFirst({ where: { organizationId: actor.organizationId, id }, select: { endpointId: true, eventId: true, eventType: true, body: true } })
    : null;
  if (!original) throw new AppError("not_found", "No such delivery.");
  const row = await db.webhookDelivery.create({
    data: { organizationId: actor.organizationId, ...original, nextAttemptAt: now, createdAt: now },
    select: SELECT,
  });
  return toSummary(row);
}
