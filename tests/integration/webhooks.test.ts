import { NextRequest } from "next/server";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as testRoute } from "@/app/api/v1/webhooks/[id]/test/route";
import { DELETE as deleteRoute } from "@/app/api/v1/webhooks/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/webhooks/route";
import { MAX_ATTEMPTS, retryDelaySeconds } from "@/lib/standard-webhooks";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { changeCaseStatus } from "@/server/cases/change-case-status";
import { db } from "@/server/db";
import type { MailTransport, OutgoingMail } from "@/server/email/transport";
import { submitResponse } from "@/server/responses/submit-response";
import { createSurvey } from "@/server/surveys/create-survey";
import { replayDelivery } from "@/server/webhooks/deliveries";
import { emitWebhookEvent } from "@/server/webhooks/emit-webhook-event";
import { createWebhook, rotateWebhookSecret } from "@/server/webhooks/manage-webhooks";
import { runWebhookDeliveries } from "@/server/webhooks/run-webhook-deliveries";
import { postGuarded, UnsafeTargetError } from "@/server/webhooks/ssrf";
import { createOrganization } from "./support/fixtures";
import { invite } from "./support/authoring";
import { signatureHeaders, startReceiver } from "./support/webhook-receiver";

const ORIGIN = "http://localhost:3000";
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let organizationId: string;
let otherOrganizationId: string;
let key: string;
let otherKey: string;
let readOnlyKey: string;
let surveyId: string;
const admin = () => ({ organizationId, role: "ADMIN" as const });

function api(path: string, init: { method?: string; body?: unknown; key?: string } = {}) {
  return new NextRequest(`${ORIGIN}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${init.key ?? key}`, "content-type": "application/json" },
    ...(init.body !== undefined ? { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) } : {}),
  });
}
const params = (id: string) => ({ params: Promise.resolve({ id }) });

beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE_URLS = "1";
  receiver = await startReceiver();
  const org = await createOrganization("Webhooks Bank");
  const other = await createOrganization("Webhooks Other");
  organizationId = org.id;
  otherOrganizationId = other.id;
  const scopes = ["webhooks:write" as const];
  key = (await createApiKey({ actor: { organizationId, userId: null, role: "ADMIN" }, input: { name: "CRM", scopes } })).key;
  otherKey = (await createApiKey({ actor: { organizationId: otherOrganizationId, userId: null, role: "ADMIN" }, input: { name: "Other", scopes } })).key;
  readOnlyKey = (await createApiKey({ actor: { organizationId, userId: null, role: "ADMIN" }, input: { name: "Reader" } })).key;
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "演示银行" } })).id;
});

afterAll(async () => {
  // runWebhookDeliveries sends every organisation's due deliveries: leave none behind for the next test file.
  await db.webhookEndpoint.deleteMany({ where: { organizationId: { in: [organizationId, otherOrganizationId] } } });
  await receiver.close();
  delete process.env.WEBHOOKS_ALLOW_PRIVATE_URLS;
});

beforeEach(async () => {
  receiver.received.length = 0;
  receiver.reply.status = 200;
  receiver.reply.headers = undefined;
  process.env.WEBHOOKS_ALLOW_PRIVATE_URLS = "1";
  await db.webhookEndpoint.deleteMany({ where: { organizationId: { in: [organizationId, otherOrganizationId] } } });
});

describe("the REST contract", () => {
  it("POST creates an endpoint: 201 with id, url, events and a whsec_ secret of at least 24 bytes, shown only there", async () => {
    const response = await createRoute(api("/api/v1/webhooks", { method: "POST", body: { url: `${receiver.url}/hook`, events: ["response.created", "case.created"], description: "CRM" } }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; url: string; events: string[]; secret: string };
    expect(Object.keys(body).sort()).toEqual(["description", "events", "id", "secret", "url"]);
    expect(body).toMatchObject({ url: `${receiver.url}/hook`, events: ["response.created", "case.created"] });
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(body.secret.slice(6), "base64").length).toBeGreaterThanOrEqual(24);

    const list = await listRoute(api("/api/v1/webhooks"));
    expect(list.status).toBe(200);
    const listed = (await list.json()) as { data: Record<string, unknown>[] };
    expect(listed.data.map((w) => w.id)).toEqual([body.id]);
    expect(JSON.stringify(listed)).not.toContain(body.secret.slice(6, 20));
    // Another organisation's key sees nothing and cannot touch it.
    const foreign = (await (await listRoute(api("/api/v1/webhooks", { key: otherKey }))).json()) as { data: unknown[] };
    expect(foreign.data).toEqual([]);
    expect((await deleteRoute(api(`/api/v1/webhooks/${body.id}`, { method: "DELETE", key: otherKey }), params(body.id))).status).toBe(404);
    expect((await testRoute(api(`/api/v1/webhooks/${body.id}/test`, { method: "POST", key: otherKey }), params(body.id))).status).toBe(404);

    // Audited (API key named), never with the secret.
    const audit = await db.auditEvent.findMany({ where: { organizationId, targetType: "Webhook", targetId: body.id }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["webhook.create"]);
    expect(JSON.stringify(audit)).not.toContain(body.secret.slice(6, 20));
    expect(audit[0]?.details).toMatchObject({ url: body.url, apiKeyId: expect.any(String) });
    const removed = await deleteRoute(api(`/api/v1/webhooks/${body.id}`, { method: "DELETE" }), params(body.id));
    expect(removed.status).toBe(204);
    expect((await deleteRoute(api(`/api/v1/webhooks/${body.id}`, { method: "DELETE" }), params(body.id))).status).toBe(404);
    expect((await deleteRoute(api(`/api/v1/webhooks/not-a-uuid`, { method: "DELETE" }), params("not-a-uuid"))).status).toBe(404);
  });

  it("refuses bad input with 4xx in the error shape, and a missing key with 401", async () => {
    for (const body of [
      "{not json",
      { url: "ftp://example.com/x", events: ["response.created"] },
      { url: "https://example.com/x", events: [] },
      { url: "https://example.com/x", events: ["response.deleted"] },
      { url: "https://example.com/x", events: ["response.created"], extra: 1 },
    ]) {
      const response = await createRoute(api("/api/v1/webhooks", { method: "POST", body }));
      expect([400, 422]).toContain(response.status);
      expect(await response.json()).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    const anonymous = await createRoute(new NextRequest(`${ORIGIN}/api/v1/webhooks`, { method: "POST", body: "{}" }));
    expect(anonymous.status).toBe(401);
    // A key without webhooks:write may list but not create.
    const readOnly = await createRoute(api("/api/v1/webhooks", { method: "POST", key: readOnlyKey, body: { url: "https://example.com/x", events: ["response.created"] } }));
    expect(readOnly.status).toBe(403);
    expect((await listRoute(api("/api/v1/webhooks", { key: readOnlyKey }))).status).toBe(200);
  });

  it("POST /{id}/test sends webhook.test, which verifies with the Standard Webhooks reference implementation", async () => {
    const created = await createWebhook({ actor: admin(), input: { url: `${receiver.url}/hook`, events: ["response.created"] } });
    const response = await testRoute(api(`/api/v1/webhooks/${created.id}/test`, { method: "POST" }), params(created.id));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ eventType: "webhook.test", status: "SUCCEEDED", responseCode: 200, attempts: 1 });
    expect(receiver.received).toHaveLength(1);
    const request = receiver.received[0]!;
    expect(request.headers["webhook-id"]).toMatch(/^msg_/);
    expect(request.headers["webhook-timestamp"]).toMatch(/^\d{10}$/);
    expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const payload = new Webhook(created.secret).verify(request.body, signatureHeaders(request.headers)) as { type: string; timestamp: string; data: unknown };
    expect(payload).toMatchObject({ type: "webhook.test", data: { endpointId: created.id } });
    // A wrong secret does not verify.
    const other = await createWebhook({ actor: admin(), input: { url: `${receiver.url}/other`, events: ["response.created"] } });
    expect(() => new Webhook(other.secret).verify(request.body, signatureHeaders(request.headers))).toThrow();
  });
});

describe("events", () => {
  it("an answer and a case change are delivered as thin {type, timestamp, data} events, signed", async () => {
    const created = await createWebhook({
      actor: admin(),
      input: { url: `${receiver.url}/events`, events: ["response.created", "response.completed", "response.detractor", "case.created", "case.status_changed"] },
    });
    const { token } = await invite(organizationId, surveyId);
    const answered = await submitResponse({ token, input: { score: 3, comment: "排队太久" } });
    const result = await runWebhookDeliveries({ organizationId, now: () => new Date() });
    expect(result).toMatchObject({ succeeded: 4, retry: 0, failed: 0 });
    const verifier = new Webhook(created.secret);
    const events = receiver.received.map((r) => verifier.verify(r.body, signatureHeaders(r.headers)) as { type: string; data: Record<string, unknown> });
    expect(events.map((e) => e.type).sort()).toEqual(["case.created", "response.completed", "response.created", "response.detractor"]);
    const detractor = events.find((e) => e.type === "response.detractor");
    expect(detractor?.data).toMatchObject({ responseId: answered.responseId, surveyId, score: 3, category: "DETRACTOR" });
    expect(JSON.stringify(events)).not.toContain("排队太久");

    const caseId = String(events.find((e) => e.type === "case.created")?.data.caseId);
    const owner = await db.user.create({ data: { email: `wh-owner-${caseId}@example.com`, name: "Owner", passwordHash: "x" } });
    await db.membership.create({ data: { organizationId, userId: owner.id, role: "ADMIN" } });
    await changeCaseStatus({ actor: { organizationId, userId: owner.id, role: "ADMIN", scopeUnitIds: null }, input: { caseId, status: "CONTACTED" } });
    receiver.received.length = 0;
    await runWebhookDeliveries({ organizationId, now: () => new Date() });
    expect(receiver.received).toHaveLength(1);
    expect(verifier.verify(receiver.received[0]!.body, signatureHeaders(receiver.received[0]!.headers))).toMatchObject({
      type: "case.status_changed",
      data: { caseId, from: "OPEN", to: "CONTACTED" },
    });
  });

  it("a rotated secret sends both signatures during the overlap; each secret verifies on its own", async () => {
    const created = await createWebhook({ actor: admin(), input: { url: `${receiver.url}/rotate`, events: ["response.created"] } });
    const rotated = await rotateWebhookSecret({ actor: admin(), id: created.id });
    expect(rotated.secret).not.toBe(created.secret);
    await emitWebhookEvent(db, { organizationId, type: "response.created", data: { responseId: "r1" } });
    await runWebhookDeliveries({ organizationId, now: () => new Date() });
    const request = receiver.received[0]!;
    expect(String(request.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(new Webhook(created.secret).verify(request.body, signatureHeaders(request.headers))).toMatchObject({ type: "response.created" });
    expect(new Webhook(rotated.secret).verify(request.body, signatureHeaders(request.headers))).toMatchObject({ type: "response.created" });
    // After the overlap only the new secret signs.
    receiver.received.length = 0;
    await emitWebhookEvent(db, { organizationId, type: "response.created", data: { responseId: "r2" } });
    const later = new Date(Date.now() + 25 * 60 * 60 * 1000);
    await runWebhookDeliveries({ organizationId, now: () => later });
    expect(String(receiver.received[0]!.headers["webhook-signature"]).split(" ")).toHaveLength(1);
  });
});

describe("retries on a moving clock", () => {
  it("backs off exponentially with the same webhook-id, gives up after MAX_ATTEMPTS, and disables the endpoint with an email to admins", async () => {
    const admin1 = await db.user.create({ data: { email: `wh-admin-${Date.now()}@example.com`, name: "Admin", passwordHash: "x", locale: "en" } });
    await db.membership.create({ data: { organizationId, userId: admin1.id, role: "ADMIN" } });
    const mails: OutgoingMail[] = [];
    const transport: MailTransport = { send: async (mail) => (mails.push(mail), { messageId: mail.messageId }), close: () => undefined };
    const settings = { appUrl: "https://nps.example.com", from: "Echo NPS <nps@example.com>" };

    const created = await createWebhook({ actor: admin(), input: { url: `${receiver.url}/down`, events: ["response.created"] } });
    receiver.reply.status = 503;
    let clock = new Date("2031-03-01T00:00:00Z");
    const now = () => clock;
    await emitWebhookEvent(db, { organizationId, type: "response.created", data: { responseId: "a" }, now: clock });

    const ids: string[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const before = receiver.received.length;
      // Just before the attempt is due nothing is sent.
      if (attempt > 1) {
        clock = new Date(clock.getTime() + retryDelaySeconds(attempt - 1) * 1000 - 1000);
        await runWebhookDeliveries({ organizationId, now, transport, settings, disableAfter: 2 });
        expect(receiver.received.length).toBe(before);
        clock = new Date(clock.getTime() + 1000);
      }
      const result = await runWebhookDeliveries({ organizationId, now, transport, settings, disableAfter: 2 });
      expect(receiver.received.length).toBe(before + 1);
      expect(result).toEqual(attempt < MAX_ATTEMPTS ? { succeeded: 0, retry: 1, failed: 0 } : { succeeded: 0, retry: 0, failed: 1 });
      ids.push(String(receiver.received.at(-1)!.headers["webhook-id"]));
      const row = await db.webhookDelivery.findFirstOrThrow({ where: { organizationId, endpointId: created.id } });
      expect(row).toMatchObject({ attempts: attempt, responseCode: 503, status: attempt < MAX_ATTEMPTS ? "PENDING" : "FAILED" });
      if (attempt < MAX_ATTEMPTS) expect(row.nextAttemptAt?.getTime()).toBe(clock.getTime() + retryDelaySeconds(attempt) * 1000);
    }
    expect(new Set(ids).size).toBe(1);
    expect(retryDelaySeconds(2)).toBe(2 * retryDelaySeconds(1) * 2);
    let endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { organizationId, id: created.id } });
    expect(endpoint).toMatchObject({ consecutiveFailures: 1, disabledAt: null });
    expect(mails).toHaveLength(0);

    // A second delivery that fails every attempt reaches the limit (2 here): disabled, admins emailed.
    await emitWebhookEvent(db, { organizationId, type: "response.created", data: { responseId: "b" }, now: clock });
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await runWebhookDeliveries({ organizationId, now, transport, settings, disableAfter: 2 });
      clock = new Date(clock.getTime() + retryDelaySeconds(attempt) * 1000);
    }
    endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { organizationId, id: created.id } });
    expect(endpoint.consecutiveFailures).toBe(2);
    expect(endpoint.disabledAt).not.toBeNull();
    expect(mails.map((m) => m.to)).toContain(admin1.email);
    const mail = mails.find((m) => m.to === admin1.email)!;
    expect(mail.subject).toContain("Webhook disabled");
    expect(mail.text).toContain("https://nps.example.com/settings/webhooks");

    // A disabled endpoint gets no new deliveries.
    expect(await emitWebhookEvent(db, { organizationId, type: "response.created", data: { responseId: "c" }, now: clock })).toBe(0);
  });

  it("a success resets the failure count; replay sends the same event again with the same webhook-id", async () => {
    const created = await createWebhook({ actor: admin(), input: { url: `${receiver.url}/flaky`, events: ["response.created"] } });
    receiver.reply.status = 500;
    await emitWebhookEvent(db, { organizationId, type: "response.created", data: { responseId: "x" } });
    await runWebhookDeliveries({ organizationId, now: () => new Date() });
    receiver.reply.status = 204;
    await runWebhookDeliveries({ organizationId, now: () => new Date(Date.now() + 31_000) });
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { organizationId, endpointId: created.id } });
    expect(delivery).toMatchObject({ status: "SUCCEEDED", attempts: 2, responseCode: 204 });
    const replay = await replayDelivery({ actor: admin(), deliveryId: delivery.id });
    expect(replay.eventId).toBe(delivery.eventId);
    await runWebhookDeliveries({ organizationId, now: () => new Date(Date.now() + 32_000) });
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    // Another organisation cannot replay it.
    await expect(replayDelivery({ actor: { organizationId: otherOrganizationId, role: "ADMIN" }, deliveryId: delivery.id })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("SSRF guard", () => {
  it("refuses loopback, private, link-local and unique-local targets unless WEBHOOKS_ALLOW_PRIVATE_URLS=1", async () => {
    delete process.env.WEBHOOKS_ALLOW_PRIVATE_URLS;
    for (const url of ["http://127.0.0.1/x", "http://localhost/x", "http://10.1.2.3/x", "http://169.254.169.254/latest", "http://[::1]/x", "http://[fd00::1]/x", "http://0.0.0.0/x", "http://[::ffff:127.0.0.1]/x"]) {
      const response = await createRoute(api("/api/v1/webhooks", { method: "POST", body: { url, events: ["response.created"] } }));
      expect(response.status, url).toBe(422);
    }
    await expect(postGuarded(`${receiver.url}/x`, "{}", {})).rejects.toBeInstanceOf(UnsafeTargetError);
    expect(receiver.received).toHaveLength(0);
    // An endpoint stored while allowed is refused at delivery time once the switch is off (DNS answers are checked each time).
    process.env.WEBHOOKS_ALLOW_PRIVATE_URLS = "1";
    const created = await createWebhook({ actor: admin(), input: { url: `${receiver.url}/x`, events: ["response.created"] } });
    delete process.env.WEBHOOKS_ALLOW_PRIVATE_URLS;
    await emitWebhookEvent(db, { organizationId, type: "response.created", data: {} });
    await runWebhookDeliveries({ organizationId, now: () => new Date() });
    expect(receiver.received).toHaveLength(0);
    const row = await db.webhookDelivery.findFirstOrThrow({ where: { organizationId, endpointId: created.id } });
    expect(row).toMatchObject({ status: "PENDING", responseCode: null });
    expect(row.error).toMatch(/private|loopback/);
  });

  it("does not follow redirects: a 3xx is a failed attempt and the redirect target is never called", async () => {
    const elsewhere = await startReceiver();
    try {
      receiver.reply.status = 302;
      receiver.reply.headers = { location: `${elsewhere.url}/stolen` };
      const created = await createWebhook({ actor: admin(), input: { url: `${receiver.url}/redirect`, events: ["response.created"] } });
      await emitWebhookEvent(db, { organizationId, type: "response.created", data: {} });
      await runWebhookDeliveries({ organizationId, now: () => new Date() });
      expect(elsewhere.received).toHaveLength(0);
      const row = await db.webhookDelivery.findFirstOrThrow({ where: { organizationId, endpointId: created.id } });
      expect(row).toMatchObject({ status: "PENDING", responseCode: 302, attempts: 1 });
    } finally {
      await elsewhere.close();
    }
  });
});
