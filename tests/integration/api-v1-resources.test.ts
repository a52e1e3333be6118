import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import * as root from "@/app/api/v1/route";
import { GET as getNps } from "@/app/api/v1/surveys/[id]/nps/route";
import { FULL_READ_SCOPES } from "@/lib/api-scopes";
import { db } from "@/server/db";
import { buildApiWorld, call, callUnknown, expectError, ORIGIN, type ApiWorld } from "./support/api-v1";

let world: ApiWorld;
let other: ApiWorld;
let readKey: string;
let personalKey: string;

beforeAll(async () => {
  world = await buildApiWorld("Api V1 Bank");
  other = await buildApiWorld("Api V1 Other");
  readKey = await world.key();
  personalKey = await world.key({ scopes: ["surveys:read", "responses:read", "contacts:write", "cases:write", "members:read", "orgUnits:read"], personalData: true });
}, 120_000);

type Page = { data: { id: string }[]; nextCursor: string | null };

describe("unknown paths under /api/v1", () => {
  it("/api/v1 itself answers the same JSON 404", async () => {
    for (const method of ["GET", "POST", "DELETE"]) {
      const handler = (root as unknown as Record<string, ((request: NextRequest) => Promise<Response>) | undefined>)[method];
      if (!handler) throw new Error(`no ${method}`);
      await expectError(await handler(new NextRequest(`${ORIGIN}/api/v1`, { method })), 404, "not_found");
    }
  });

  it("answer a JSON 404 in the error shape for every method", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
      const response = await callUnknown(method, "/api/v1/no-such/thing");
      await expectError(response, 404, "not_found");
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });
});

describe("API key scopes", () => {
  it("a key without a resource's scope gets 403 naming the scope; write implies read", async () => {
    const surveysOnly = await world.key({ scopes: ["surveys:read"] });
    expect((await call("GET", "/api/v1/surveys", null, { key: surveysOnly })).status).toBe(200);
    await expectError(await call("GET", "/api/v1/cases", null, { key: surveysOnly }), 403, "forbidden");
    const casesWrite = await world.key({ scopes: ["cases:write"] });
    expect((await call("GET", "/api/v1/cases", null, { key: casesWrite })).status).toBe(200);
    await expectError(await call("POST", "/api/v1/cases/{id}/notes", world.branchCase.id, { key: readKey, body: { body: "x" } }), 403, "forbidden");
  });

  it("new keys default to full read scope without personal data; contacts need personal data", async () => {
    const row = await db.apiKey.findFirstOrThrow({ where: { organizationId: world.org.id }, orderBy: { createdAt: "asc" } });
    expect(row.scopes).toEqual([...FULL_READ_SCOPES]);
    expect(row.personalData).toBe(false);
    await expectError(await call("GET", "/api/v1/contacts", null, { key: readKey }), 403, "forbidden");
    const contacts = (await (await call("GET", "/api/v1/contacts", null, { key: personalKey })).json()) as Page;
    expect(contacts.data.map((c) => c.id)).toEqual([world.contactA.id]);
  });

  it("masks comments and members' emails without the personal-data permission", async () => {
    const masked = (await (await call("GET", "/api/v1/responses/{id}", world.responseIds[0] ?? "", { key: readKey })).json()) as { comment: string };
    expect(masked.comment).not.toContain("13800000000");
    const full = (await (await call("GET", "/api/v1/responses/{id}", world.responseIds[0] ?? "", { key: personalKey })).json()) as { comment: string };
    expect(full.comment).toContain("13800000000");
    const membersMasked = (await (await call("GET", "/api/v1/members", null, { key: readKey })).json()) as { data: { email: string; name: string | null }[] };
    expect(membersMasked.data[0]?.email).not.toBe(world.owner.email);
    expect(membersMasked.data[0]?.name).toBeNull();
  });

  it("a unit-scoped key sees only its unit's subtree (responses, cases, org units) and 404s the rest", async () => {
    const regionKey = await world.key({ scopeUnitId: world.region.id });
    const list = (await (await call("GET", "/api/v1/responses", null, { key: regionKey, query: "range=all" })).json()) as Page;
    expect(list.data.map((r) => r.id).sort()).toEqual([world.responseIds[0], world.responseIds[2]].sort());
    await expectError(await call("GET", "/api/v1/responses/{id}", world.responseIds[1] ?? "", { key: regionKey }), 404, "not_found");
    const caseList = (await (await call("GET", "/api/v1/cases", null, { key: regionKey })).json()) as Page;
    expect(caseList.data.map((c) => c.id)).toEqual([world.branchCase.id]);
    await expectError(await call("GET", "/api/v1/cases/{id}", world.otherCase.id, { key: regionKey }), 404, "not_found");
    const units = (await (await call("GET", "/api/v1/org-units", null, { key: regionKey })).json()) as Page;
    expect(units.data.map((u) => u.id).sort()).toEqual([world.region.id, world.branch.id].sort());
    // Whole-organisation operations and the endpoints that predate scopes refuse a unit-scoped key.
    await expectError(await call("GET", "/api/v1/members", null, { key: regionKey }), 403, "forbidden");
    const nps = await getNps(new NextRequest(`${ORIGIN}/api/v1/surveys/${world.surveyId}/nps`, { headers: { authorization: `Bearer ${regionKey}` } }), {
      params: Promise.resolve({ id: world.surveyId }),
    });
    await expectError(nps, 403, "forbidden");
  });

  it("a unit scope must be a unit of the key's organisation", async () => {
    await expect(world.key({ scopeUnitId: other.region.id })).rejects.toThrow(/scopeUnitId/);
  });
});

describe("resources", () => {
  it("pages with an opaque cursor, limit at most 200", async () => {
    const first = (await (await call("GET", "/api/v1/responses", null, { key: readKey, query: "range=all&limit=2" })).json()) as Page;
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await (await call("GET", "/api/v1/responses", null, { key: readKey, query: `range=all&limit=2&cursor=${first.nextCursor}` })).json()) as Page;
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.data, ...second.data].map((r) => r.id)).size).toBe(3);
    await expectError(await call("GET", "/api/v1/responses", null, { key: readKey, query: "limit=201" }), 422, "validation_failed");
    await expectError(await call("GET", "/api/v1/responses", null, { key: readKey, query: "cursor=nonsense" }), 422, "validation_failed");
    await expectError(await call("GET", "/api/v1/surveys", null, { key: readKey, query: "limt=2" }), 400, "bad_request");
  });

  it("responses take the dashboard's filters and updatedSince, and carry answers and text analysis", async () => {
    const byChannel = (await (await call("GET", "/api/v1/responses", null, { key: readKey, query: "range=all&channel=LINK" })).json()) as Page;
    expect(byChannel.data.map((r) => r.id)).toEqual([world.responseIds[1]]);
    const future = (await (await call("GET", "/api/v1/responses", null, { key: readKey, query: `range=all&updatedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}` })).json()) as Page;
    expect(future.data).toEqual([]);
    await expectError(await call("GET", "/api/v1/responses", null, { key: readKey, query: "range=all&chanel=LINK" }), 400, "bad_request");
    await expectError(await call("GET", "/api/v1/responses", null, { key: readKey, query: "updatedSince=yesterday" }), 422, "validation_failed");
    const one = (await (await call("GET", "/api/v1/responses/{id}", world.responseIds[0] ?? "", { key: readKey })).json()) as { score: number; answers: unknown[]; text: unknown };
    expect(one.score).toBe(3);
    expect(Array.isArray(one.answers)).toBe(true);
    expect(one).toHaveProperty("text");
  });

  it("a survey comes with its questions; other tenants' ids are 404", async () => {
    const body = (await (await call("GET", "/api/v1/surveys/{id}", world.surveyId, { key: readKey })).json()) as { questions: { key: string }[] };
    expect(body.questions.map((q) => q.key)).toContain("nps");
    await expectError(await call("GET", "/api/v1/surveys/{id}", other.surveyId, { key: readKey }), 404, "not_found");
    await expectError(await call("GET", "/api/v1/cases/{id}", other.branchCase.id, { key: readKey }), 404, "not_found");
    await expectError(await call("GET", "/api/v1/responses/{id}", other.responseIds[0] ?? "", { key: readKey }), 404, "not_found");
    await expectError(await call("GET", "/api/v1/contacts/{id}", other.contactA.id, { key: personalKey }), 404, "not_found");
  });

  it("contacts: batch upsert (at most 1,000), get, erase", async () => {
    const batch = await call("POST", "/api/v1/contacts/batch", null, {
      key: personalKey,
      body: { contacts: [{ email: "Li.Na@Example.com", name: "李娜", attributes: { tier: "gold" } }, { email: `a-${world.org.id}@example.com`, attributes: { tier: "silver" } }] },
    });
    expect(batch.status).toBe(200);
    const result = (await batch.json()) as { created: number; updated: number; contacts: { id: string; email: string }[] };
    expect(result).toMatchObject({ created: 1, updated: 1 });
    const liNa = result.contacts.find((c) => c.email === "li.na@example.com");
    expect(liNa).toBeDefined();
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ email: `bulk${i}@example.com` }));
    await expectError(await call("POST", "/api/v1/contacts/batch", null, { key: personalKey, body: { contacts: tooMany } }), 422, "validation_failed");
    const erased = await call("DELETE", "/api/v1/contacts/{id}", liNa?.id ?? "", { key: personalKey });
    expect(erased.status).toBe(200);
    const after = (await (await call("GET", "/api/v1/contacts/{id}", liNa?.id ?? "", { key: personalKey })).json()) as { email: string | null; erasedAt: string | null };
    expect(after.email).toBeNull();
    expect(after.erasedAt).not.toBeNull();
  });

  it("cases: change status and owner, add a note; an owner who does not work cases is refused", async () => {
    const contacted = await call("PATCH", "/api/v1/cases/{id}", world.branchCase.id, { key: personalKey, body: { status: "CONTACTED" } });
    expect(contacted.status).toBe(200);
    expect(((await contacted.json()) as { status: string }).status).toBe("CONTACTED");
    await expectError(await call("PATCH", "/api/v1/cases/{id}", world.branchCase.id, { key: personalKey, body: { status: "RESOLVED" } }), 422, "validation_failed");
    await expectError(await call("PATCH", "/api/v1/cases/{id}", world.branchCase.id, { key: personalKey, body: { ownerId: other.owner.id } }), 422, "validation_failed");
    await expectError(await call("PATCH", "/api/v1/cases/{id}", world.branchCase.id, { key: personalKey, body: {} }), 422, "validation_failed");
    const note = await call("POST", "/api/v1/cases/{id}/notes", world.branchCase.id, { key: personalKey, body: { body: "已致电客户" } });
    expect(note.status).toBe(201);
    const detail = (await (await call("GET", "/api/v1/cases/{id}", world.branchCase.id, { key: personalKey })).json()) as { events: { kind: string; body: string | null }[] };
    expect(detail.events.map((e) => e.kind)).toEqual(expect.arrayContaining(["STATUS", "NOTE"]));
  });
});

describe("Idempotency-Key on POST", () => {
  it("same key and body → the stored response; another body → 422; nothing is done twice", async () => {
    const headers = { "idempotency-key": `note-${world.org.id}` };
    const first = await call("POST", "/api/v1/cases/{id}/notes", world.branchCase.id, { key: personalKey, body: { body: "一次" }, headers });
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    const again = await call("POST", "/api/v1/cases/{id}/notes", world.branchCase.id, { key: personalKey, body: { body: "一次" }, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(firstBody);
    const notes = await db.caseEvent.count({ where: { organizationId: world.org.id, caseId: world.branchCase.id, kind: "NOTE", body: "一次" } });
    expect(notes).toBe(1);
    await expectError(await call("POST", "/api/v1/cases/{id}/notes", world.branchCase.id, { key: personalKey, body: { body: "两次" }, headers }), 422, "validation_failed");
  });
});

describe("Idempotency-Key under concurrency", () => {
  it("two simultaneous calls with one key do the work once", async () => {
    const headers = { "idempotency-key": `race-${world.org.id}` };
    const body = { body: "并发" };
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => call("POST", "/api/v1/cases/{id}/notes", world.branchCase.id, { key: personalKey, body, headers })),
    );
    for (const answer of answers) expect([201, 409]).toContain(answer.status);
    expect(answers.some((answer) => answer.status === 201)).toBe(true);
    const notes = await db.caseEvent.count({ where: { organizationId: world.org.id, caseId: world.branchCase.id, kind: "NOTE", body: "并发" } });
    expect(notes).toBe(1);
  });
});

describe("rate limits", () => {
  it("send X-RateLimit-* headers and 429 with Retry-After over the limit, counted in the database", async () => {
    const key = await world.key({ rateLimitPerMinute: 3 });
    // The windows are whole minutes: start well inside one, so the four calls share it.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const seen: Response[] = [];
    for (let i = 0; i < 4; i++) seen.push(await call("GET", "/api/v1/surveys", null, { key }));
    expect(seen.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(seen[0]?.headers.get("x-ratelimit-limit")).toBe("3");
    expect(seen.map((r) => r.headers.get("x-ratelimit-remaining"))).toEqual(["2", "1", "0", "0"]);
    expect(Number(seen[0]?.headers.get("x-ratelimit-reset"))).toBeGreaterThan(0);
    const limited = seen[3];
    if (!limited) throw new Error("no 4th answer");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    await expectError(limited, 429, "rate_limited");
    const stored = await db.apiRateLimit.findMany({ where: { organizationId: world.org.id } });
    expect(stored.some((row) => row.count === 4)).toBe(true);
  });
});
