import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { WebhookEventType } from "@/schemas/webhooks";
import { emitWebhookEvent, type SubscribedEndpoint } from "./emit-webhook-event";

/** Every type emitResponseEvents may emit (for subscribedEndpointsJson). */
export const RESPONSE_EVENT_TYPES: readonly WebhookEventType[] = ["response.created", "response.completed", "response.detractor", "case.created"];

/**
 * The events of a stored answer (the respondent's step 1), in its transaction: response.created, then
 * response.completed when there is no second step, response.detractor for a 0–6, case.created when it opened one.
 */
export async function emitResponseEvents(
  tx: Prisma.TransactionClient,
  r: { organizationId: string; responseId: string; surveyId: string; score: number; category: string; completed: boolean; unitId: string | null; caseId: string | null; now: Date },
  /** The organisation's endpoints subscribed to RESPONSE_EVENT_TYPES, read ahead in this transaction (else each event looks them up). */
  subscribed?: readonly SubscribedEndpoint[],
): Promise<void> {
  if (subscribed?.length === 0) return;
  const base = { organizationId: r.organizationId, unitId: r.unitId, now: r.now };
  const data = { responseId: r.responseId, surveyId: r.surveyId, score: r.score, category: r.category };
  await emitWebhookEvent(tx, { ...base, type: "response.created", data }, subscribed);
  if (r.completed) await emitWebhookEvent(tx, { ...base, type: "response.completed", data }, subscribed);
  if (r.category === "DETRACTOR") await emitWebhookEvent(tx, { ...base, type: "response.detractor", data: { ...data, caseId: r.caseId } }, subscribed);
  if (r.caseId) await emitWebhookEvent(tx, { ...base, type: "case.created", data: { caseId: r.caseId, responseId: r.responseId, surveyId: r.surveyId } }, subscribed);
}
