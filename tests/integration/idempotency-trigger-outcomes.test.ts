/**
 * Issue 16 loose end: `Idempotency-Key` on the older POSTs — the invitation trigger (POST /api/v1/surveys/{id}/
 * invitations) and POST /api/v1/outcomes — through the helper the newer /api/v1 POSTs use: the same key and body
 * answer the stored response (nothing done twice), another body is 422, a call while the first runs is 409; the
 * response contracts are unchanged; the OpenAPI document lists the header on both.
 */
import { createHash, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import { POST as postOutcomes } from "@/app/api/v1/outcomes/route";
import { POST as postInvitations } from "@/app/api/v1/surveys/[id]/invitations/route";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization } from "./support/fixtures";

const ORIGIN = "http://localhost:3000";
let organizationId: string;
let surveyId: string;
let key: string;
let apiKeyId: string;

beforeAll(async () => {
  organizationId = (await createOrganization("Idempotent Trigger Bank")).id;
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Claims", brandName: "Insurer" } })).id;
  await db.survey.updateMany({ where: { organizationId, id: surveyId }, data: { status: "ACTIVE" } });
  const created = await createApiKey({ actor: { organizationId, userId: null, role: "ADMIN" }, input: { name: "CRM", scopes: ["campaigns:write", "outcomes:write"] } });
  key = created.key;
  apiKeyId = created.apiKey.id;
});

function trigger(body: unknown, idempotencyKey?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
  return postInvitations(new NextRequest(`${ORIGIN}/api/v1/surveys/${surveyId}/invitations`, { method: "POST", headers, body: JSON.stringify(body) }), {
    params: Promise.resolve({ id: surveyId }),
  });
}

function outcomes(body: unknown, idempotencyKey?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
  return postOutcomes(new NextRequest(`${ORIGIN}/api/v1/outcomes`, { method: "POST", headers, body: JSON.stringify(body) }));
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
}

const invitationCount = () => db.invitation.count({ where: { organizationId } });

describe("Idempotency-Key on the invitation trigger", () => {
  it("same key and body → the first answer (202, replayed, nobody invited twice); another body → 422", async () => {
    const email = `idem-${randomUUID()}@example.com`;
    const body = { contacts: [{ email, name: "王丽" }] };
    const idem = `trigger-${randomUUID()}`;
    const first = await trigger(body, idem);
    expect(first.status).toBe(202);
    const firstText = await first.text();
    const firstBody = JSON.parse(firstText) as { surveyId: string; invited: number; skipped: number; results: unknown[] };
    expect(firstBody).toMatchObject({ surveyId, invited: 1, skipped: 0 });
    expect(await invitationCount()).toBe(1);

    const again = await trigger(body, idem);
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(firstText);
    expect(await invitationCount()).toBe(1);

    await expectError(await trigger({ contacts: [{ email: `other-${randomUUID()}@example.com` }] }, idem), 422, "validation_failed");
    expect(await invitationCount()).toBe(1);

    // Without a key a resend is a new call (the contact is throttled now): the stored answer was what protected it.
    const unkeyed = (await (await trigger(body)).json()) as { invited: number };
    expect(unkeyed.invited).toBe(0);
  });

  it("a call while the first with the same key is still running → 409; concurrent calls invite once", async () => {
    const body = { contacts: [{ email: `running-${randomUUID()}@example.com` }] };
    const idem = `running-${randomUUID()}`;
    const path = `/api/v1/surveys/${surveyId}/invitations`;
    // The first call's claim, still without an answer (src/server/api/idempotency.ts hashes method, path and body).
    const requestHash = createHash("sha256").update(`POST\n${path}\n${JSON.stringify(body)}`, "utf8").digest("hex");
    await db.apiIdempotencyKey.create({ data: { organizationId, apiKeyId, key: idem, method: "POST", path, requestHash } });
    const before = await invitationCount();
    await expectError(await trigger(body, idem), 409, "conflict");
    expect(await invitationCount()).toBe(before);

    const raced = { contacts: [{ email: `race-${randomUUID()}@example.com` }] };
    const raceKey = `race-${randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 4 }, () => trigger(raced, raceKey)));
    for (const answer of answers) expect([202, 409]).toContain(answer.status);
    expect(answers.some((answer) => answer.status === 202)).toBe(true);
    expect(await invitationCount()).toBe(before + 1);
  });
});

describe("Idempotency-Key on POST /api/v1/outcomes", () => {
  it("same key and body → the first answer (200, replayed); another body → 422; in progress → 409", async () => {
    const email = `outcome-${randomUUID()}@example.com`;
    expect((await trigger({ contacts: [{ email }] })).status).toBe(202);
    const body = { events: [{ externalId: `crm-${randomUUID()}`, email, type: "churned", occurredAt: "2026-10-01T08:00:00Z" }] };
    const idem = `outcomes-${randomUUID()}`;
    const first = await outcomes(body, idem);
    expect(first.status).toBe(200);
    const firstText = await first.text();
    expect(JSON.parse(firstText)).toEqual({ accepted: 1, duplicates: 0, unmatched: [] });

    const again = await outcomes(body, idem);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(firstText);
    // Without the key the same events are duplicates: the replay above answered the first call's result.
    expect(await (await outcomes(body)).json()).toEqual({ accepted: 0, duplicates: 1, unmatched: [] });

    await expectError(await outcomes({ events: [{ ...body.events[0], type: "purchased" }] }, idem), 422, "validation_failed");

    const running = `outcomes-running-${randomUUID()}`;
    const requestHash = createHash("sha256").update(`POST\n/api/v1/outcomes\n${JSON.stringify(body)}`, "utf8").digest("hex");
    await db.apiIdempotencyKey.create({ data: { organizationId, apiKeyId, key: running, method: "POST", path: "/api/v1/outcomes", requestHash } });
    await expectError(await outcomes(body, running), 409, "conflict");
  });

  it("the OpenAPI document lists the header on both operations, with the 409 and 422 cases", async () => {
    const doc = (await (await getOpenApi()).json()) as { paths: Record<string, { post?: { parameters?: { name: string; in: string }[]; responses: Record<string, { description: string }> } }> };
    for (const path of ["/api/v1/surveys/{id}/invitations", "/api/v1/outcomes"]) {
      const post = doc.paths[path]?.post;
      expect(post?.parameters?.some((p) => p.name === "Idempotency-Key" && p.in === "header")).toBe(true);
      expect(post?.responses["409"]?.description).toMatch(/Idempotency-Key/);
      expect(post?.responses["422"]?.description).toMatch(/Idempotency-Key/);
    }
  });
});
