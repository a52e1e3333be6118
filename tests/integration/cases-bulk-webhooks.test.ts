/**
 * Issue 16 loose end: a bulk close on the cases list emits one `case.status_changed` webhook event per closed case,
 * in the same transaction (the outbox), exactly like a single status change; a refused bulk request emits nothing.
 */
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkUpdateCases } from "@/server/cases/bulk-update-cases";
import { caseActorFor } from "@/server/cases/case-actor";
import { changeCaseStatus } from "@/server/cases/change-case-status";
import { ensureCaseDefaults } from "@/server/cases/ensure-case-defaults";
import { openCaseForResponse } from "@/server/cases/open-case-for-response";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { createWebhook } from "@/server/webhooks/manage-webhooks";
import { runWebhookDeliveries } from "@/server/webhooks/run-webhook-deliveries";
import { createOrganization, expectAppError } from "./support/fixtures";
import { insertResponse } from "./support/responses";
import { signatureHeaders, startReceiver } from "./support/webhook-receiver";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let organizationId: string;
let managerId: string;
let secret: string;
let endpointId: string;
const caseIds: string[] = [];

beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE_URLS = "1";
  receiver = await startReceiver();
  organizationId = (await createOrganization("Bulk Webhooks Bank")).id;
  await ensureCaseDefaults(organizationId);
  const user = await db.user.create({ data: { email: `mgr-${randomUUID()}@bulk.example`, name: "Manager", passwordHash: "x", locale: "zh-CN" } });
  await db.membership.create({ data: { organizationId, userId: user.id, role: "MANAGER" } });
  managerId = user.id;
  const surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Bulk", brandName: "演示银行" } })).id;
  for (let i = 0; i < 4; i++) {
    const response = await insertResponse({ organizationId, surveyId, score: 3, category: "DETRACTOR", comment: `bad ${i}`, locale: "zh-CN", channel: "EMAIL", attributes: {} });
    const opened = await db.$transaction((tx) => openCaseForResponse(tx, organizationId, response.id));
    caseIds.push(opened!.caseId);
  }
  const created = await createWebhook({
    actor: { organizationId, role: "ADMIN" },
    input: { url: `${receiver.url}/hook`, events: ["case.status_changed"] },
  });
  secret = created.secret;
  endpointId = created.id;
});

afterAll(async () => {
  await db.webhookEndpoint.deleteMany({ where: { organizationId } });
  await receiver.close();
  delete process.env.WEBHOOKS_ALLOW_PRIVATE_URLS;
});

const events = async () =>
  (await db.webhookDelivery.findMany({ where: { organizationId, endpointId, eventType: "case.status_changed" }, orderBy: { id: "asc" } })).map(
    (d) => JSON.parse(d.body) as { type: string; timestamp: string; data: { caseId: string; from: string; to: string } },
  );

describe("bulk case changes and webhooks", () => {
  it("a refused bulk close emits nothing; a bulk close emits one case.status_changed per closed case, like a single change", async () => {
    const actor = await caseActorFor({ organizationId, userId: managerId, role: "MANAGER" });
    // No root cause for cases without one: refused, all or nothing — no events either.
    await expectAppError(bulkUpdateCases({ actor, input: { action: "close", caseIds: caseIds.slice(0, 3) } }), "validation_failed");
    expect(await events()).toHaveLength(0);

    // One case closed singly first: its event has the shape the bulk ones must match.
    await changeCaseStatus({ actor, input: { caseId: caseIds[3], status: "CONTACTED" } });
    const single = await events();
    expect(single).toHaveLength(1);
    expect(single[0]).toMatchObject({ type: "case.status_changed", data: { caseId: caseIds[3], from: "OPEN", to: "CONTACTED" } });

    const cause = await db.rootCause.findFirstOrThrow({ where: { organizationId, active: true } });
    const now = new Date();
    expect(await bulkUpdateCases({ actor, input: { action: "close", caseIds, rootCauseId: cause.id }, now })).toEqual({ updated: 4, unchanged: 0 });
    const all = await events();
    expect(all).toHaveLength(5);
    const bulk = all.slice(1);
    expect(bulk.map((e) => e.data.caseId).sort()).toEqual([...caseIds].sort());
    for (const event of bulk) {
      expect(Object.keys(event.data).sort()).toEqual(["caseId", "from", "to"]);
      expect(event).toMatchObject({ type: "case.status_changed", timestamp: now.toISOString(), data: { to: "CLOSED", from: event.data.caseId === caseIds[3] ? "CONTACTED" : "OPEN" } });
    }

    // Closing them again changes nothing and emits nothing.
    expect(await bulkUpdateCases({ actor, input: { action: "close", caseIds } })).toEqual({ updated: 0, unchanged: 4 });
    expect(await events()).toHaveLength(5);

    // They are delivered, signed, one request per case.
    expect(await runWebhookDeliveries({ organizationId, now: () => new Date() })).toMatchObject({ succeeded: 5, failed: 0 });
    expect(receiver.received).toHaveLength(5);
    for (const got of receiver.received) expect(() => new Webhook(secret).verify(got.body, signatureHeaders(got.headers))).not.toThrow();
  });
});
