import { z } from "zod";

/** Events other systems can subscribe to (issue 16). `webhook.test` is sent on request only. */
export const WEBHOOK_EVENTS = [
  "response.created",
  "response.completed",
  "response.detractor",
  "case.created",
  "case.status_changed",
  "case.sla_breached",
  "contact.unsubscribed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number] | "webhook.test";

/**
 * Events a chat group can receive (a message per event, in the group's language). `digest.weekly`: the weekly NPS
 * digest of the group's scope (src/server/chat-alerts/queue-chat-digests.ts).
 */
export const CHAT_EVENTS = ["response.detractor", "case.sla_breached", "digest.weekly"] as const;

export const WEBHOOK_DESCRIPTION_MAX = 200;
export const WEBHOOK_URL_MAX = 2000;

export const createWebhookSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(WEBHOOK_URL_MAX),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
  description: z.string().trim().max(WEBHOOK_DESCRIPTION_MAX).optional().default(""),
});
export type CreateWebhookInput = z.input<typeof createWebhookSchema>;

export const webhookIdSchema = z.uuid();

export const createChatChannelSchema = z.strictObject({
  kind: z.enum(["WECOM", "DINGTALK", "FEISHU"]),
  url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(WEBHOOK_URL_MAX),
  secret: z.string().trim().max(200).optional().transform((s) => (s ? s : null)),
  description: z.string().trim().max(WEBHOOK_DESCRIPTION_MAX).optional().default(""),
  events: z.array(z.enum(CHAT_EVENTS)).min(1),
  unitId: z.uuid().nullable().optional().default(null),
  locale: z.enum(["zh-CN", "en"]).default("zh-CN"),
});
export type CreateChatChannelInput = z.input<typeof createChatChannelSchema>;
