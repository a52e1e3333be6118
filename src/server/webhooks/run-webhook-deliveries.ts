import "server-only";
import { createTranslator } from "@/i18n/translate";
import { isLocale } from "@/i18n/locales";
import { signedChatRequest, type ChatKind } from "@/lib/chat-signatures";
import { MAX_ATTEMPTS, retryDelaySeconds, webhookHeaders } from "@/lib/standard-webhooks";
import { db } from "@/server/db";
import { openFromStorage } from "@/server/secrets/stored-secrets";
import type { MailSettings } from "@/server/distribution/mail-settings";
import type { MailTransport } from "@/server/email/transport";
import { postGuarded, type OutgoingResult } from "./ssrf";

/** Consecutive deliveries that failed all their attempts before an endpoint is disabled (and admins emailed). */
export const DISABLE_AFTER_FAILED_DELIVERIES = 5;
/** A claimed attempt that has not finished after this long (a worker died mid-request) is due again. */
const CLAIM_LEASE_MS = 2 * 60 * 1000;
const ERROR_MAX = 500;

/** How an attempt is made; tests pass their own `post` to fake a network, the worker uses the SSRF-guarded one. */
export type DeliveryOptions = {
  now: () => Date;
  transport?: MailTransport;
  settings?: MailSettings;
  post?: (url: string, body: string, headers: Record<string, string>) => Promise<OutgoingResult>;
  disableAfter?: number;
  log?: (line: string) => void;
};

function isChatKind(kind: string): kind is ChatKind {
  return kind === "WECOM" || kind === "DINGTALK" || kind === "FEISHU";
}

/** Chat robots answer 200 with an error code in the body (errcode for 企业微信 / 钉钉, code for 飞书). */
function chatRefusal(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { errcode?: unknown; code?: unknown; errmsg?: unknown; msg?: unknown };
    const code = parsed.errcode ?? parsed.code;
    if (code !== undefined && code !== 0) return `${String(code)} ${String(parsed.errmsg ?? parsed.msg ?? "")}`.trim();
  } catch {
    // Not JSON: the HTTP status decides.
  }
  return null;
}

export type AttemptOutcome = "succeeded" | "retry" | "failed" | "skipped";

/**
 * One attempt of one delivery, claimed first (a PENDING row due now gets its next attempt pushed out by a
 * lease, so two workers never send it at once). A 2xx is success; anything else (timeout, refused address, 3xx,
 * 4xx, 5xx) schedules the next attempt with exponential back-off, or after MAX_ATTEMPTS fails the delivery;
 * DISABLE_AFTER consecutive failed deliveries disable the endpoint and email its organisation's admins.
 */
export async function attemptDelivery(organizationId: string, deliveryId: string, options: DeliveryOptions): Promise<AttemptOutcome> {
  const now = options.now();
  const claimed = await db.webhookDelivery.updateMany({
    where: { organizationId, id: deliveryId, status: "PENDING", nextAttemptAt: { lte: now } },
    data: { nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS), attempts: { increment: 1 }, lastAttemptAt: now },
  });
  if (claimed.count === 0) return "skipped";
  const delivery = await db.webhookDelivery.findFirstOrThrow({
    where: { organizationId, id: deliveryId },
    select: { eventId: true, body: true, attempts: true, endpoint: { select: { id: true, kind: true, url: true, secret: true, previousSecret: true, previousSecretUntil: true, disabledAt: true } } },
  });
  const endpoint = delivery.endpoint;
  if (endpoint.disabledAt) {
    await db.webhookDelivery.updateMany({ where: { organizationId, id: deliveryId }, data: { status: "FAILED", nextAttemptAt: null, error: "endpoint disabled" } });
    return "failed";
  }

  // Secrets and chat robot URLs are stored encrypted (src/server/secrets); a key that cannot open them fails
  // this attempt with a clear message in the delivery log (retried: the operator may add the missing key).
  let url = endpoint.url;
  let body = delivery.body;
  let headers: Record<string, string> = {};
  let opened: { url: string; secret: string | null; previousSecret: string | null } | null = null;
  let openError: string | null = null;
  try {
    opened = {
      url: endpoint.kind === "STANDARD" ? endpoint.url : openFromStorage(endpoint.url),
      secret: openFromStorage(endpoint.secret),
      previousSecret: openFromStorage(endpoint.previousSecret),
    };
  } catch (caught) {
    openError = caught instanceof Error ? caught.message : String(caught);
  }
  if (opened && endpoint.kind === "STANDARD") {
    const secrets = [opened.secret, endpoint.previousSecretUntil && endpoint.previousSecretUntil > now ? opened.previousSecret : null].filter(
      (s): s is string => !!s,
    );
    headers = webhookHeaders(secrets, delivery.eventId, Math.floor(now.getTime() / 1000), body);
  } else if (opened && isChatKind(endpoint.kind)) {
    ({ url, body } = signedChatRequest(endpoint.kind, opened.url, delivery.body, opened.secret, now.getTime()));
  }

  const post = options.post ?? ((u: string, b: string, h: Record<string, string>) => postGuarded(u, b, h));
  const started = performance.now();
  let responseCode: number | null = null;
  let error: string | null = null;
  try {
    if (openError) throw new Error(openError);
    const result = await post(url, body, headers);
    responseCode = result.status;
    if (result.status < 200 || result.status >= 300) error = `HTTP ${result.status}`;
    else if (endpoint.kind !== "STANDARD") error = chatRefusal(result.body);
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  const durationMs = Math.round(performance.now() - started);

  if (!error) {
    await db.$transaction([
      db.webhookDelivery.updateMany({ where: { organizationId, id: deliveryId }, data: { status: "SUCCEEDED", nextAttemptAt: null, responseCode, durationMs, error: null } }),
      db.webhookEndpoint.updateMany({ where: { organizationId, id: endpoint.id }, data: { consecutiveFailures: 0 } }),
    ]);
    return "succeeded";
  }
  const message = error.slice(0, ERROR_MAX);
  if (delivery.attempts < MAX_ATTEMPTS) {
    const next = new Date(now.getTime() + retryDelaySeconds(delivery.attempts) * 1000);
    await db.webhookDelivery.updateMany({ where: { organizationId, id: deliveryId }, data: { nextAttemptAt: next, responseCode, durationMs, error: message } });
    return "retry";
  }
  await db.webhookDelivery.updateMany({ where: { organizationId, id: deliveryId }, data: { status: "FAILED", nextAttemptAt: null, responseCode, durationMs, error: message } });
  const updated = await db.webhookEndpoint.update({
    where: { organizationId_id: { organizationId, id: endpoint.id } },
    data: { consecutiveFailures: { increment: 1 } },
    select: { consecutiveFailures: true, disabledAt: true },
  });
  if (updated.consecutiveFailures >= (options.disableAfter ?? DISABLE_AFTER_FAILED_DELIVERIES) && !updated.disabledAt) {
    await disableEndpoint(organizationId, endpoint.id, updated.consecutiveFailures, now, options);
  }
  return "failed";
}

/** Disables an endpoint (once: the update is conditional), fails its pending deliveries, and emails the admins. */
async function disableEndpoint(organizationId: string, endpointId: string, count: number, now: Date, options: DeliveryOptions): Promise<void> {
  const disabled = await db.webhookEndpoint.updateMany({ where: { organizationId, id: endpointId, disabledAt: null }, data: { disabledAt: now } });
  if (disabled.count === 0) return;
  await db.webhookDelivery.updateMany({
    where: { organizationId, endpointId, status: "PENDING" },
    data: { status: "FAILED", nextAttemptAt: null, error: "endpoint disabled" },
  });
  options.log?.(`webhook endpoint ${endpointId} disabled after ${count} failed deliveries`);
  const { transport, settings } = options;
  if (!transport || !settings) return;
  const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { organizationId, id: endpointId }, select: { url: true, kind: true } });
  const admins = await db.membership.findMany({
    where: { organizationId, role: { in: ["OWNER", "ADMIN"] }, user: { deactivatedAt: null } },
    select: { user: { select: { email: true, locale: true } } },
  });
  let shownUrl = endpoint.url;
  try {
    shownUrl = endpoint.kind === "STANDARD" ? endpoint.url : new URL(openFromStorage(endpoint.url)).origin;
  } catch {
    shownUrl = endpoint.kind;
  }
  const link = `${settings.appUrl}/settings/${endpoint.kind === "STANDARD" ? "webhooks" : "chat"}`;
  for (const { user } of admins) {
    const t = createTranslator(isLocale(user.locale) ? user.locale : "zh-CN");
    const text = t("webhooks.disabledMail.body", { url: shownUrl, count, link });
    try {
      await transport.send({
        from: settings.from,
        to: user.email,
        subject: t("webhooks.disabledMail.subject", { url: shownUrl }),
        text,
        html: `<p>${text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</p>`,
        headers: {},
        messageId: `<webhook-disabled-${endpointId}-${now.getTime()}-${user.email.replace(/[^A-Za-z0-9]/g, "")}@echo-nps.localhost>`,
      });
    } catch (error) {
      options.log?.(`could not email ${user.email} about a disabled webhook: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * The worker's pass: every delivery due now (any organisation, oldest first, at most `limit`), a few at a time.
 * Safe to run concurrently: each attempt is claimed.
 */
export async function runWebhookDeliveries(
  options: DeliveryOptions & { limit?: number; concurrency?: number; /** Only this organisation's (tests). */ organizationId?: string },
): Promise<{ succeeded: number; retry: number; failed: number }> {
  const now = options.now();
  const due = await db.webhookDelivery.findMany({
    where: { ...(options.organizationId ? { organizationId: options.organizationId } : {}), status: "PENDING", nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: options.limit ?? 200,
    select: { organizationId: true, id: true },
  });
  const counts = { succeeded: 0, retry: 0, failed: 0 };
  const queue = [...due];
  const work = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        const outcome = await attemptDelivery(next.organizationId, next.id, options);
        if (outcome !== "skipped") counts[outcome] += 1;
      } catch (error) {
        options.log?.(`webhook delivery ${next.id} failed to run: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, work));
  return counts;
}
