import "server-only";
import { AppError } from "@/lib/errors";
import { generateWebhookSecret } from "@/lib/standard-webhooks";
import { createChatChannelSchema, createWebhookSchema, webhookIdSchema } from "@/schemas/webhooks";
import type { AuditAction } from "@/server/audit/record-audit-event";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { auditIpOrNull } from "@/server/audit/request-context";
import { db } from "@/server/db";
import { openFromStorage, sealForStorage } from "@/server/secrets/stored-secrets";
import { validationError } from "@/server/http/respond";
import { assertCanManageWebhooks, type WebhookActor } from "./actor";
import { urlProblem } from "./ssrf";

/** What lists show of an endpoint: never its secret. */
export type WebhookSummary = {
  id: string;
  kind: string;
  url: string;
  events: string[];
  description: string;
  unitId: string | null;
  locale: string;
  disabledAt: string | null;
  consecutiveFailures: number;
  createdAt: string;
};

const SUMMARY = {
  id: true,
  kind: true,
  url: true,
  events: true,
  description: true,
  unitId: true,
  locale: true,
  disabledAt: true,
  consecutiveFailures: true,
  createdAt: true,
} as const;

type SummaryRow = { [K in keyof typeof SUMMARY]: K extends "disabledAt" ? Date | null : K extends "createdAt" ? Date : WebhookSummary[K] };

/**
 * A chat robot's URL carries its key (企业微信 `key=`, 钉钉 `access_token=`, 飞书 the hook path): it is stored
 * encrypted and only its origin is ever shown. A Standard Webhooks URL is not a secret and is stored as it is.
 */
export function shownUrl(kind: string, storedUrl: string): string {
  return kind === "STANDARD" ? storedUrl : new URL(openFromStorage(storedUrl)).origin;
}

function toSummary(row: SummaryRow): WebhookSummary {
  return { ...row, url: shownUrl(row.kind, row.url), disabledAt: row.disabledAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString() };
}

/** The audit trail of endpoint changes: who (a member, or an API key named in details), what; never a secret. */
async function audit(actor: WebhookActor, action: AuditAction, targetId: string, details: Record<string, string | string[] | null>): Promise<void> {
  await recordAuditEvent({
    organizationId: actor.organizationId,
    actorId: actor.userId ?? null,
    action,
    targetType: "Webhook",
    targetId,
    details: { ...details, ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}) },
    ip: await auditIpOrNull(),
  });
}

/** 422 for a URL the SSRF guard would refuse (checked again, with DNS, at every delivery). */
function assertSafeUrl(url: string): void {
  const problem = urlProblem(url);
  if (problem) throw new AppError("validation_failed", `url: ${problem}`);
}

/** Creates a Standard Webhooks endpoint; the secret is returned here and never again. */
export async function createWebhook({ actor, input }: { actor: WebhookActor; input: unknown }): Promise<{ id: string; url: string; events: string[]; description: string; secret: string }> {
  assertCanManageWebhooks(actor);
  const parsed = createWebhookSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  assertSafeUrl(parsed.data.url);
  const secret = generateWebhookSecret();
  const events = [...new Set(parsed.data.events)];
  const row = await db.webhookEndpoint.create({
    data: { organizationId: actor.organizationId, kind: "STANDARD", url: parsed.data.url, events, description: parsed.data.description, secret: sealForStorage(secret) },
    select: { id: true, url: true, events: true, description: true },
  });
  await audit(actor, "webhook.create", row.id, { kind: "STANDARD", url: row.url, events: row.events });
  return { ...row, secret };
}

/** Creates a chat channel (企业微信 / 钉钉 / 飞书 robot) of the organisation or of one unit's subtree. */
export async function createChatChannel({ actor, input }: { actor: WebhookActor; input: unknown }): Promise<WebhookSummary> {
  assertCanManageWebhooks(actor);
  const parsed = createChatChannelSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  assertSafeUrl(parsed.data.url);
  const { kind, url, secret, description, events, unitId, locale } = parsed.data;
  if (unitId) {
    const unit = await db.orgUnit.findFirst({ where: { organizationId: actor.organizationId, id: unitId }, select: { id: true } });
    if (!unit) throw new AppError("validation_failed", "unitId: no such unit in this organisation");
  }
  const row = await db.webhookEndpoint.create({
    data: { organizationId: actor.organizationId, kind, url: sealForStorage(url), secret: sealForStorage(secret), description, events: [...new Set(events)], unitId, locale },
    select: SUMMARY,
  });
  // The robot URL holds its key: only the host is recorded.
  await audit(actor, "webhook.create", row.id, { kind, host: new URL(url).host, events: row.events, unitId });
  return toSummary(row);
}

/**
 * The organisation's Standard Webhooks endpoints (kind "standard") or chat channels (kind "chat"), newest first
 * (ids are UUIDv7); with `page`, at most `limit + 1` rows after `beforeId` (the API's cursor paging).
 */
export async function listWebhooks({
  actor,
  kind = "standard",
  page,
}: {
  actor: WebhookActor;
  kind?: "standard" | "chat";
  page?: { limit: number; beforeId: string | null };
}): Promise<WebhookSummary[]> {
  assertCanManageWebhooks(actor);
  const rows = await db.webhookEndpoint.findMany({
    where: {
      organizationId: actor.organizationId,
      kind: kind === "standard" ? "STANDARD" : { not: "STANDARD" },
      ...(page?.beforeId ? { id: { lt: page.beforeId } } : {}),
    },
    orderBy: { id: "desc" },
    ...(page ? { take: page.limit + 1 } : { take: 500 }),
    select: SUMMARY,
  });
  return rows.map(toSummary);
}

function parseId(id: unknown): string {
  const parsed = webhookIdSchema.safeParse(id);
  if (!parsed.success) throw new AppError("not_found", "No such webhook.");
  return parsed.data;
}

/** The endpoint of this organisation, or 404 (other organisations' ids included). */
export async function findEndpoint(organizationId: string, rawId: unknown) {
  const id = parseId(rawId);
  const row = await db.webhookEndpoint.findFirst({ where: { organizationId, id } });
  if (!row) throw new AppError("not_found", "No such webhook.");
  return row;
}

/** Removes an endpoint and its delivery log (pending deliveries are dropped with it). */
export async function deleteWebhook({ actor, id }: { actor: WebhookActor; id: unknown }): Promise<void> {
  assertCanManageWebhooks(actor);
  const row = await findEndpoint(actor.organizationId, id);
  await db.webhookEndpoint.deleteMany({ where: { organizationId: actor.organizationId, id: row.id } });
  await audit(actor, "webhook.delete", row.id, { kind: row.kind, host: new URL(shownUrl(row.kind, row.url)).host });
}

/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** A new secret (returned once); the previous one also signs every delivery for ROTATION_OVERLAP_MS. */
export async function rotateWebhookSecret({ actor, id, now = new Date() }: { actor: WebhookActor; id: unknown; now?: Date }): Promise<{ secret: string; previousValidUntil: string }> {
  assertCanManageWebhooks(actor);
  const row = await findEndpoint(actor.organizationId, id);
  if (row.kind !== "STANDARD") throw new AppError("conflict", "Only Standard Webhooks endpoints have a rotating secret.");
  const secret = generateWebhookSecret();
  const until = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  await db.webhookEndpoint.updateMany({
    where: { organizationId: actor.organizationId, id: row.id },
    data: { secret: sealForStorage(secret), previousSecret: row.secret === null ? null : sealForStorage(openFromStorage(row.secret)), previousSecretUntil: until },
  });
  await audit(actor, "webhook.change", row.id, { change: "secret rotated", previousValidUntil: until.toISOString() });
  return { secret, previousValidUntil: until.toISOString() };
}

/** Turns a disabled endpoint back on (its failure count starts again). */
export async function enableWebhook({ actor, id }: { actor: WebhookActor; id: unknown }): Promise<void> {
  assertCanManageWebhooks(actor);
  const row = await findEndpoint(actor.organizationId, id);
  await db.webhookEndpoint.updateMany({ where: { organizationId: actor.organizationId, id: row.id }, data: { disabledAt: null, consecutiveFailures: 0 } });
  await audit(actor, "webhook.change", row.id, { change: "enabled" });
}
