/**
 * Issue 16 loose end: secrets encrypted at rest. Webhook signing secrets (and the rotated previous one), chat robot
 * URLs and secrets, SSO client secrets are stored as `enc:v1:…` (AES-256-GCM, src/lib/secret-box.ts); deliveries
 * still verify with the `standardwebhooks` package; plaintext rows written before are sealed by the one-off
 * step (idempotent); a missing key gives a clear error in the delivery log, never a garbage signature.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dingtalkSign } from "@/lib/chat-signatures";
import { generateWebhookSecret } from "@/lib/standard-webhooks";
import { db } from "@/server/db";
import { encryptStoredSecrets, openFromStorage } from "@/server/secrets/stored-secrets";
import { ssoConnectionForProvider, ssoProviderId } from "@/server/sso/sso-connections";
import { emitWebhookEvent } from "@/server/webhooks/emit-webhook-event";
import { createChatChannel, createWebhook, listWebhooks, rotateWebhookSecret } from "@/server/webhooks/manage-webhooks";
import { runWebhookDeliveries } from "@/server/webhooks/run-webhook-deliveries";
import { createOrganization } from "./support/fixtures";
import { signatureHeaders, startReceiver } from "./support/webhook-receiver";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let organizationId: string;
const admin = () => ({ organizationId, role: "ADMIN" as const });
const savedKeyEnv = process.env.SECRETS_ENCRYPTION_KEY;

beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE_URLS = "1";
  receiver = await startReceiver();
  organizationId = (await createOrganization("Secrets Bank")).id;
});

afterAll(async () => {
  await db.webhookEndpoint.deleteMany({ where: { organizationId } });
  await db.ssoConnection.deleteMany({ where: { organizationId } });
  await receiver.close();
  delete process.env.WEBHOOKS_ALLOW_PRIVATE_URLS;
});

beforeEach(async () => {
  receiver.received.length = 0;
  receiver.reply.status = 200;
  receiver.reply.body = '{"errcode":0}';
  await db.webhookEndpoint.deleteMany({ where: { organizationId } });
});

afterEach(() => {
  if (savedKeyEnv === undefined) delete process.env.SECRETS_ENCRYPTION_KEY;
  else process.env.SECRETS_ENCRYPTION_KEY = savedKeyEnv;
});

async function deliverOne(type: "response.created" | "response.detractor" = "response.created") {
  await emitWebhookEvent(db, { organizationId, type, data: { responseId: "r1" } });
  return runWebhookDeliveries({ organizationId, now: () => new Date() });
}

describe("secrets at rest", () => {
  it("a webhook's signing secret (and the rotated previous one) is stored encrypted; deliveries verify with standardwebhooks", async () => {
    const created = await createWebhook({ actor: admin(), input: { url: `${receiver.url}/hook`, events: ["response.created"] } });
    let row = await db.webhookEndpoint.findFirstOrThrow({ where: { organizationId, id: created.id } });
    expect(row.secret).toMatch(/^enc:v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
    expect(row.secret).not.toContain(created.secret);
    expect(row.secret).not.toContain(created.secret.slice(6));
    expect(await deliverOne()).toMatchObject({ succeeded: 1 });
    const first = receiver.received.at(-1)!;
    expect(() => new Webhook(created.secret).verify(first.body, signatureHeaders(first.headers))).not.toThrow();

    const rotated = await rotateWebhookSecret({ actor: admin(), id: created.id });
    row = await db.webhookEndpoint.findFirstOrThrow({ where: { organizationId, id: created.id } });
    for (const plain of [created.secret, rotated.secret]) {
      expect(JSON.stringify(row)).not.toContain(plain.slice(6));
    }
    expect(row.previousSecret).toMatch(/^enc:v1:/);
    expect(await deliverOne()).toMatchObject({ succeeded: 1 });
    const second = receiver.received.at(-1)!;
    // Both signatures during the overlap: each secret verifies on its own.
    expect(() => new Webhook(rotated.secret).verify(second.body, signatureHeaders(second.headers))).not.toThrow();
    expect(() => new Webhook(created.secret).verify(second.body, signatureHeaders(second.headers))).not.toThrow();
  });

  it("a chat robot's URL (it holds the key) and its signing secret are stored encrypted; lists show only the origin", async () => {
    const secret = "SECding-robot-secret-0123456789";
    const url = `${receiver.url}/ding/robot/send?access_token=tok-${randomBytes(6).toString("hex")}`;
    const channel = await createChatChannel({ actor: admin(), input: { kind: "DINGTALK", url, secret, events: ["response.detractor"] } });
    expect(channel.url).toBe(receiver.url);
    expect((await listWebhooks({ actor: admin(), kind: "chat" })).map((c) => c.url)).toEqual([receiver.url]);
    const row = await db.webhookEndpoint.findFirstOrThrow({ where: { organizationId, id: channel.id } });
    expect(row.url).toMatch(/^enc:v1:/);
    expect(row.secret).toMatch(/^enc:v1:/);
    expect(JSON.stringify(row)).not.toContain("access_token");
    expect(JSON.stringify(row)).not.toContain(secret);

    await db.webhookDelivery.create({
      data: { organizationId, endpointId: channel.id, eventId: "msg_test", eventType: "webhook.test", body: '{"msgtype":"text","text":{"content":"hi"}}', nextAttemptAt: new Date() },
    });
    expect(await runWebhookDeliveries({ organizationId, now: () => new Date() })).toMatchObject({ succeeded: 1 });
    const sent = new URL(receiver.received.at(-1)!.path, receiver.url);
    expect(sent.searchParams.get("access_token")).toBe(new URL(url).searchParams.get("access_token"));
    expect(sent.searchParams.get("sign")).toBe(dingtalkSign(secret, Number(sent.searchParams.get("timestamp"))));
  });

  it("plaintext rows stored before encryption are sealed by the one-off step (idempotent) and keep working", async () => {
    const plainSecret = generateWebhookSecret();
    const plainPrevious = generateWebhookSecret();
    const standard = await db.webhookEndpoint.create({
      data: {
        organizationId, kind: "STANDARD", url: `${receiver.url}/legacy`, events: ["response.created"], secret: plainSecret,
        previousSecret: plainPrevious, previousSecretUntil: new Date(Date.now() + 3_600_000),
      },
    });
    const wecomUrl = `${receiver.url}/wecom/send?key=legacy-key-123`;
    const wecom = await db.webhookEndpoint.create({ data: { organizationId, kind: "WECOM", url: wecomUrl, events: ["response.detractor"] } });
    await db.ssoConnection.deleteMany({ where: { organizationId } });
    await db.ssoConnection.create({ data: { organizationId, issuer: "https://idp.example.com", clientId: "legacy", clientSecret: "legacy-client-secret", domains: [] } });

    const sealed = await encryptStoredSecrets();
    expect(sealed.webhooks).toBeGreaterThanOrEqual(2);
    expect(sealed.sso).toBeGreaterThanOrEqual(1);
    const rows = await db.webhookEndpoint.findMany({ where: { organizationId, id: { in: [standard.id, wecom.id] } } });
    const dump = JSON.stringify(rows);
    for (const plain of [plainSecret.slice(6), plainPrevious.slice(6), "legacy-key-123"]) expect(dump).not.toContain(plain);
    const stdRow = rows.find((r) => r.id === standard.id)!;
    expect(openFromStorage(stdRow.secret)).toBe(plainSecret);
    expect(openFromStorage(stdRow.previousSecret)).toBe(plainPrevious);
    expect(openFromStorage(rows.find((r) => r.id === wecom.id)!.url)).toBe(wecomUrl);
    const sso = await db.ssoConnection.findFirstOrThrow({ where: { organizationId } });
    expect(sso.clientSecret).toMatch(/^enc:v1:/);
    expect((await ssoConnectionForProvider(ssoProviderId(organizationId)))?.clientSecret).toBe("legacy-client-secret");

    // A second run changes nothing of this organisation (every value is sealed with the current key).
    await encryptStoredSecrets();
    expect(JSON.stringify(await db.webhookEndpoint.findMany({ where: { organizationId, id: { in: [standard.id, wecom.id] } } }))).toBe(dump);

    // Still delivers, signed with both secrets, and the 企业微信 robot gets its URL back.
    await emitWebhookEvent(db, { organizationId, type: "response.created", data: { responseId: "r2" } });
    expect(await runWebhookDeliveries({ organizationId, now: () => new Date() })).toMatchObject({ succeeded: 1 });
    const got = receiver.received.at(-1)!;
    expect(got.path).toBe("/legacy");
    expect(() => new Webhook(plainSecret).verify(got.body, signatureHeaders(got.headers))).not.toThrow();
    expect(() => new Webhook(plainPrevious).verify(got.body, signatureHeaders(got.headers))).not.toThrow();
  });

  it("a plaintext SSO secret is sealed on its first read too", async () => {
    await db.ssoConnection.deleteMany({ where: { organizationId } });
    await db.ssoConnection.create({ data: { organizationId, issuer: "https://idp.example.com", clientId: "first-read", clientSecret: "first-read-secret", domains: [] } });
    expect((await ssoConnectionForProvider(ssoProviderId(organizationId)))?.clientSecret).toBe("first-read-secret");
    const stored = (await db.ssoConnection.findFirstOrThrow({ where: { organizationId } })).clientSecret;
    expect(stored).toMatch(/^enc:v1:/);
    expect(stored).not.toContain("first-read-secret");
  });

  it("secrets sealed with a key that is no longer configured fail the delivery with a clear error, never a wrong signature", async () => {
    const oldKey = randomBytes(32).toString("base64");
    process.env.SECRETS_ENCRYPTION_KEY = oldKey;
    const created = await createWebhook({ actor: admin(), input: { url: `${receiver.url}/hook`, events: ["response.created"] } });
    // Rotation of the key list: a new key first, the old one still listed — old values open, new ones use the new key.
    const newKey = randomBytes(32).toString("base64");
    process.env.SECRETS_ENCRYPTION_KEY = `${newKey},${oldKey}`;
    expect(await deliverOne()).toMatchObject({ succeeded: 1 });
    expect(() => new Webhook(created.secret).verify(receiver.received.at(-1)!.body, signatureHeaders(receiver.received.at(-1)!.headers))).not.toThrow();

    // The old key removed: the attempt fails, the log says which key is missing, nothing is sent.
    process.env.SECRETS_ENCRYPTION_KEY = newKey;
    const before = receiver.received.length;
    expect(await deliverOne()).toMatchObject({ succeeded: 0, retry: 1 });
    expect(receiver.received.length).toBe(before);
    const failed = await db.webhookDelivery.findFirstOrThrow({ where: { organizationId, endpointId: created.id, status: "PENDING" } });
    expect(failed.error).toMatch(/not in SECRETS_ENCRYPTION_KEY/);
  });
});
