import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/surveys/[id]/invitations/route";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import { FULL_READ_SCOPES } from "@/lib/api-scopes";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { revokeApiKey } from "@/server/api-keys/revoke-api-key";
import { db } from "@/server/db";
import { deliverInvitations } from "@/server/distribution/deliver-invitations";
import { triggerInvitations } from "@/server/distribution/trigger-invitations";
import { createSmtpTransport, type MailTransport } from "@/server/email/transport";
import { createSurvey } from "@/server/surveys/create-survey";
import { recordingEnqueuer, SETTINGS, startSmtp } from "./distribution-support";
import { createOrganization, expectAppError } from "./support/fixtures";

const DAY = 86_400_000;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let transport: MailTransport;
let org: { id: string };
let surveyId: string;
let key: string;

beforeAll(async () => {
  smtp = await startSmtp();
  transport = createSmtpTransport(smtp.url, { maxConnections: 1 });
  org = await createOrganization("Trigger Bank");
  surveyId = (await createSurvey({ organizationId: org.id, userId: null, input: { name: "Claims", brandName: "Insurer" } })).id;
  key = (await createApiKey({ actor: { organizationId: org.id, userId: null, role: "ADMIN" }, input: { name: "CRM", scopes: [...FULL_READ_SCOPES, "campaigns:write"] } })).key;
});
afterAll(async () => {
  transport.close();
  await smtp.close();
});

function call(body: unknown, options: { id?: string; auth?: string | null; raw?: string } = {}) {
  const id = options.id ?? surveyId;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.auth !== null) headers.authorization = options.auth ?? `Bearer ${key}`;
  return POST(
    new NextRequest(`http://localhost:3000/api/v1/surveys/${id}/invitations`, { method: "POST", headers, body: options.raw ?? JSON.stringify(body) }),
    { params: Promise.resolve({ id }) },
  );
}

async function counts() {
  const [contacts, invitations, skips] = await Promise.all([
    db.contact.count({ where: { organizationId: org.id } }),
    db.invitation.count({ where: { organizationId: org.id } }),
    db.invitationSkip.count({ where: { organizationId: org.id } }),
  ]);
  return { contacts, invitations, skips };
}

describe("POST /api/v1/surveys/{id}/invitations — bad input writes nothing", () => {
  it.each([
    ["a bad email among good ones", { contacts: [{ email: "ok@example.com" }, { email: "not-an-email" }] }, 422, "validation_failed"],
    ["no contacts", { contacts: [] }, 422, "validation_failed"],
    ["a negative delay", { contacts: [{ email: "ok@example.com" }], delaySeconds: -5 }, 422, "validation_failed"],
    ["an unknown locale", { contacts: [{ email: "ok@example.com", locale: "fr" }] }, 422, "validation_failed"],
  ])("%s → %s", async (_name, body, status, code) => {
    const before = await counts();
    const response = await call(body);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
    expect(await counts()).toEqual(before);
  });

  it("malformed JSON → 400; unknown or foreign survey → 404; missing or revoked key → 401", async () => {
    const before = await counts();
    expect((await call(null, { raw: "{nope" })).status).toBe(400);
    expect((await call({ contacts: [{ email: "a@example.com" }] }, { id: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
    expect((await call({ contacts: [{ email: "a@example.com" }] }, { id: "not-a-uuid" })).status).toBe(404);
    const other = await createOrganization("Trigger Other");
    const foreign = await createSurvey({ organizationId: other.id, userId: null, input: { name: "Theirs", brandName: "X" } });
    expect((await call({ contacts: [{ email: "a@example.com" }] }, { id: foreign.id })).status).toBe(404);
    const noAuth = await call({ contacts: [{ email: "a@example.com" }] }, { auth: null });
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const revoked = await createApiKey({ actor: { organizationId: org.id, userId: null, role: "ADMIN" }, input: { name: "old" } });
    await revokeApiKey({ actor: { organizationId: org.id, userId: null, role: "ADMIN" }, apiKeyId: revoked.apiKey.id });
    expect((await call({ contacts: [{ email: "a@example.com" }] }, { auth: `Bearer ${revoked.key}` })).status).toBe(401);
    // A read-only key (the default for new keys) may not invite: 403 naming the scope, nothing stored.
    const readOnly = await createApiKey({ actor: { organizationId: org.id, userId: null, role: "ADMIN" }, input: { name: "reader" } });
    const refused = await call({ contacts: [{ email: "a@example.com" }] }, { auth: `Bearer ${readOnly.key}` });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: { code: "forbidden", message: expect.stringContaining("campaigns:write") } });
    const draft = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Draft", brandName: "X" }, draft: true });
    const conflict = await call({ contacts: [{ email: "a@example.com" }] }, { id: draft.id });
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual({ error: { code: "conflict", message: expect.stringContaining("draft") } });
    expect(await counts()).toEqual(before);
  });
});

describe("the transactional trigger", () => {
  it("upserts contacts, invites them with context and delay, throttles repeats, and reports each outcome", async () => {
    const queue = recordingEnqueuer();
    const now = new Date();
    const first = await triggerInvitations({
      organizationId: org.id,
      surveyId,
      input: {
        contacts: [
          { email: "Li.Lei@Example.com", name: "李雷", locale: "zh-CN", externalId: "CRM-1", attributes: { branch: "浦东" } },
          { email: "han@example.com", attributes: { tier: "gold" } },
          { email: "li.lei@example.com", attributes: { tier: "silver" } },
        ],
        delaySeconds: 600,
        context: { touchpoint: "claim_settled" },
      },
      enqueue: queue.enqueue,
      now,
    });
    expect(first).toMatchObject({ invited: 2, skipped: 0 });
    expect(first.results.map((r) => [r.email, r.status])).toEqual([
      ["li.lei@example.com", "invited"],
      ["han@example.com", "invited"],
    ]);
    expect(queue.sends[0]?.startAfter?.getTime()).toBe(now.getTime() + 600_000);
    const li = await db.contact.findFirstOrThrow({ where: { organizationId: org.id, email: "li.lei@example.com" } });
    expect(li).toMatchObject({ name: "李雷", externalId: "CRM-1", locale: "zh-CN", attributes: { branch: "浦东", tier: "silver" } });
    const invitation = await db.invitation.findFirstOrThrow({ where: { contactId: li.id } });
    expect(invitation).toMatchObject({ channel: "API", context: { touchpoint: "claim_settled" }, locale: "zh-CN", attributes: { branch: "浦东", tier: "silver" } });
    expect(invitation.sendAfter?.getTime()).toBe(now.getTime() + 600_000);

    // Not before its delay.
    const ids = queue.sentIds();
    expect(await deliverInvitations({ organizationId: org.id, invitationIds: ids, transport, settings: SETTINGS, now: () => now })).toEqual(["not_due", "not_due"]);
    const later = new Date(now.getTime() + 601_000);
    expect(await deliverInvitations({ organizationId: org.id, invitationIds: ids, transport, settings: SETTINGS, now: () => later })).toEqual(["sent", "sent"]);

    // 10 days later the same contact is throttled (30-day organisation default) — on any survey.
    const other = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Support", brandName: "Insurer" } });
    const again = await triggerInvitations({
      organizationId: org.id,
      surveyId: other.id,
      input: { contacts: [{ email: "li.lei@example.com" }, { email: "new@example.com" }] },
      enqueue: queue.enqueue,
      now: new Date(now.getTime() + 10 * DAY),
    });
    expect(again.results.map((r) => [r.email, r.status, r.status === "skipped" ? r.reason : null])).toEqual([
      ["li.lei@example.com", "skipped", "THROTTLED"],
      ["new@example.com", "invited", null],
    ]);
    expect(await db.invitationSkip.count({ where: { organizationId: org.id, surveyId: other.id, reason: "THROTTLED", source: "api" } })).toBe(1);

    // A survey's own shorter window overrides the organisation's: 7 days → invited again on day 10.
    await db.survey.updateMany({ where: { id: other.id }, data: { throttleDays: 7 } });
    const overridden = await triggerInvitations({
      organizationId: org.id,
      surveyId: other.id,
      input: { contacts: [{ email: "han@example.com" }] },
      enqueue: queue.enqueue,
      now: new Date(now.getTime() + 10 * DAY),
    });
    expect(overridden.results[0]?.status).toBe("invited");
  });

  it("is listed in the OpenAPI document", async () => {
    const doc = (await getOpenApi().json()) as { paths: Record<string, { post?: { operationId?: string; responses?: Record<string, unknown> } }> };
    const operation = doc.paths["/api/v1/surveys/{id}/invitations"]?.post;
    expect(operation?.operationId).toBe("createSurveyInvitations");
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(["202", "401", "404", "409", "422"]));
  });

  it("refuses closed surveys with a clear code", async () => {
    const closed = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Old", brandName: "X" } });
    await db.survey.updateMany({ where: { id: closed.id }, data: { status: "CLOSED" } });
    await expectAppError(
      triggerInvitations({ organizationId: org.id, surveyId: closed.id, input: { contacts: [{ email: "x@example.com" }] }, enqueue: recordingEnqueuer().enqueue }),
      "conflict",
    );
  });
});
