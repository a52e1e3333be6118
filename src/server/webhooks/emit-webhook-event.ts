import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { newMessageId } from "@/lib/standard-webhooks";
import type { WebhookEventType } from "@/schemas/webhooks";
import { renderChatAlert } from "@/server/chat-alerts/render-chat-alert";
import { db } from "@/server/db";

type Queryable = Pick<Prisma.TransactionClient, "$queryRaw" | "webhookEndpoint" | "webhookDelivery" | "case" | "response" | "survey" | "orgUnit" | "organization">;

export type WebhookEvent = {
  organizationId: string;
  type: WebhookEventType;
  /** Thin: ids and a few facts (score, status); receivers fetch the rest through the API. */
  data: Record<string, unknown>;
  /** The unit the event belongs to (a response's or a case's): chat channels of a unit get only their subtree's events. */
  unitId?: string | null;
  now?: Date;
};

/** The unit and every unit above it. */
async function unitAndAncestors(client: Queryable, organizationId: string, unitId: string): Promise<string[]> {
  const rows = await client.$queryRaw<{ id: string }[]>(Prisma.sql`
    WITH RECURSIVE up AS (
      SELECT "id", "parentId", 0 AS depth FROM "OrgUnit" WHERE "organizationId" = ${organizationId}::uuid AND "id" = ${unitId}::uuid
      UNION ALL
      SELECT p."id", p."parentId", up.depth + 1 FROM "OrgUnit" p JOIN up ON p."id" = up."parentId"
      WHERE p."organizationId" = ${organizationId}::uuid AND up.depth < 50
    )
    SELECT "id"::text AS "id" FROM up`);
  return rows.map((row) => row.id);
}

/** An enabled endpoint and the events it takes, read by the caller ahead (see subscribedEndpointsJson). */
export type SubscribedEndpoint = { id: string; kind: string; unitId: string | null; locale: string; events: string[] };

/**
 * A JSON column for a statement the caller makes anyway (the respondent's lock statement): the organisation's enabled
 * endpoints subscribed to any of `types`, so emitting those events needs no look-up of its own (one round trip less
 * per event; none at all when no endpoint takes them). Read as `SubscribedEndpoint[]`.
 */
export function subscribedEndpointsJson(organizationId: string, types: readonly WebhookEventType[]): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(json_agg(json_build_object('id', e."id", 'kind', e."kind", 'unitId', e."unitId", 'locale', e."locale", 'events', e."events")), '[]'::json)
    FROM "WebhookEndpoint" e WHERE e."organizationId" = ${organizationId}::uuid AND e."disabledAt" IS NULL AND e."events" && ${types as WebhookEventType[]}::text[])`;
}

/**
 * Records an event for every enabled endpoint subscribed to it: one PENDING delivery each, due now, in the
 * caller's transaction (an outbox: the event exists exactly when the change it describes is committed). The
 * worker sends them (runWebhookDeliveries). Chat channels get the message rendered now, in their language.
 * Returns the number of deliveries created. `subscribed`: the endpoints read ahead by the caller in this transaction
 * (subscribedEndpointsJson, with this event's type among its types) instead of a look-up here.
 */
export async function emitWebhookEvent(client: Queryable, event: WebhookEvent, subscribed?: readonly SubscribedEndpoint[]): Promise<number> {
  const { organizationId, type } = event;
  const now = event.now ?? new Date();
  const endpoints = subscribed
    ? subscribed.filter((endpoint) => endpoint.events.includes(type))
    : await client.webhookEndpoint.findMany({
        where: { organizationId, disabledAt: null, events: { has: type } },
        select: { id: true, kind: true, unitId: true, locale: true },
      });
  if (endpoints.length === 0) return 0;
  let units: string[] | null = null;
  const eventId = newMessageId();
  const rows: Prisma.WebhookDeliveryCreateManyInput[] = [];
  const standardBody = JSON.stringify({ type, timestamp: now.toISOString(), data: event.data });
  for (const endpoint of endpoints) {
    if (endpoint.kind === "STANDARD") {
      rows.push({ organizationId, endpointId: endpoint.id, eventId, eventType: type, body: standardBody, nextAttemptAt: now, createdAt: now });
      continue;
    }
    if (endpoint.unitId) {
      if (!event.unitId) continue;
      units ??= await unitAndAncestors(client, organizationId, event.unitId);
      if (!units.includes(endpoint.unitId)) continue;
    }
    const body = await renderChatAlert(client, { organizationId, kind: endpoint.kind, locale: endpoint.locale, type, data: event.data });
    if (body === null) continue;
    rows.push({ organizationId, endpointId: endpoint.id, eventId, eventType: type, body, nextAttemptAt: now, createdAt: now });
  }
  if (rows.length) await client.webhookDelivery.createMany({ data: rows });
  return rows.length;
}

/**
 * Emits without ever failing the caller: the change an event describes must not be lost because its
 * notification could not be recorded. Inside a transaction a failed statement would abort it, so callers
 * in a transaction use emitWebhookEvent directly (its queries are simple reads and one insert).
 */
export async function emitWebhookEventSafely(event: WebhookEvent): Promise<void> {
  try {
    await emitWebhookEvent(db, event);
  } catch (error) {
    console.error(`could not record webhook event ${event.type}:`, error instanceof Error ? error.message : String(error));
  }
}
