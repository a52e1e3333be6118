import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getNps } from "@/app/api/v1/surveys/[id]/nps/route";
import { API_KEY_PATTERN } from "@/schemas/api";
import { LAST_USED_RESOLUTION_MS, verifyApiKey } from "@/server/api-keys/authenticate-api-key";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { hashApiKey } from "@/server/api-keys/key-material";
import { listApiKeys } from "@/server/api-keys/list-api-keys";
import { revokeApiKey } from "@/server/api-keys/revoke-api-key";
import type { ApiKeyActor } from "@/server/api-keys/actor";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization, expectAppError } from "./support/fixtures";

const ORIGIN = "http://localhost:3000";

let admin: ApiKeyActor;
let otherAdmin: ApiKeyActor;
let surveyId: string;

beforeAll(async () => {
  const org = await createOrganization("Api Keys Bank");
  const other = await createOrganization("Api Keys Other");
  const user = await db.user.create({ data: { email: `keys-admin-${org.id}@example.com`, name: "Key Admin", passwordHash: "x" } });
  admin = { organizationId: org.id, userId: user.id, role: "ADMIN" };
  otherAdmin = { organizationId: other.id, userId: null, role: "OWNER" };
  surveyId = (await createSurvey({ organizationId: org.id, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
});

function callNps(headers: Record<string, string>, id = surveyId): Promise<Response> {
  return getNps(new NextRequest(`${ORIGIN}/api/v1/surveys/${id}/nps`, { headers }), { params: Promise.resolve({ id }) });
}

async function expectUnauthorized(response: Response): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  const body: unknown = await response.json();
  expect(body).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
}

describe("creating a key", () => {
  it("returns the plaintext key once and stores only its prefix and SHA-256 hash", async () => {
    const { key, apiKey } = await createApiKey({ actor: admin, input: { name: "  CRM production " } });
    expect(key).toMatch(API_KEY_PATTERN);
    expect(apiKey).toMatchObject({ name: "CRM production", lastUsedAt: null, revokedAt: null, createdBy: "Key Admin" });
    expect(key.startsWith(`nps_${apiKey.prefix}_`)).toBe(true);

    const row = await db.apiKey.findFirstOrThrow({ where: { id: apiKey.id } });
    expect(row.organizationId).toBe(admin.organizationId);
    expect(row.createdById).toBe(admin.userId);
    expect(row.hash).toBe(hashApiKey(key));
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    const secret = key.slice(`nps_${apiKey.prefix}_`.length);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(secret);
    // Nor anywhere else in the table, whatever the column.
    const hits = await db.$queryRaw<{ count: number }[]>`
      SELECT COUNT(*)::int AS "count" FROM "ApiKey" k WHERE row_to_json(k)::text LIKE ${`%${secret}%`}`;
    expect(hits[0]?.count).toBe(0);
  });

  it("is for ADMIN and OWNER only", async () => {
    await expectAppError(createApiKey({ actor: { ...admin, role: "MANAGER" }, input: { name: "x" } }), "forbidden");
    await expectAppError(createApiKey({ actor: { ...admin, role: "VIEWER" }, input: { name: "x" } }), "forbidden");
    const { key } = await createApiKey({ actor: { ...admin, role: "OWNER" }, input: { name: "Owner's key" } });
    expect(key).toMatch(API_KEY_PATTERN);
  });

  it("needs a name of at most 80 characters", async () => {
    await expect(createApiKey({ actor: admin, input: { name: "   " } })).rejects.toThrow();
    await expect(createApiKey({ actor: admin, input: { name: "x".repeat(81) } })).rejects.toThrow();
  });

  it("gives every key its own prefix and hash", async () => {
    const keys = await Promise.all(Array.from({ length: 5 }, (_, i) => createApiKey({ actor: admin, input: { name: `bulk ${i}` } })));
    expect(new Set(keys.map((k) => k.key)).size).toBe(5);
    expect(new Set(keys.map((k) => k.apiKey.prefix)).size).toBe(5);
  });
});

describe("listing keys", () => {
  it("shows the organisation's keys, newest first, never a hash", async () => {
    const { apiKey } = await createApiKey({ actor: admin, input: { name: "Listed" } });
    const keys = await listApiKeys({ organizationId: admin.organizationId });
    expect(keys[0]?.id).toBe(apiKey.id);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual([
        "createdAt",
        "createdBy",
        "id",
        "lastUsedAt",
        "name",
        "personalData",
        "prefix",
        "rateLimitPerMinute",
        "revokedAt",
        "scopeUnitId",
        "scopeUnitName",
        "scopes",
      ]);
    }
    const times = keys.map((k) => k.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("never shows another organisation's keys", async () => {
    const { apiKey } = await createApiKey({ actor: otherAdmin, input: { name: "Other org" } });
    const keys = await listApiKeys({ organizationId: admin.organizationId });
    expect(keys.map((k) => k.id)).not.toContain(apiKey.id);
    expect((await listApiKeys({ organizationId: otherAdmin.organizationId })).map((k) => k.id)).toContain(apiKey.id);
  });
});

describe("authenticating with a key", () => {
  it("a created key authenticates as its organisation and the API answers 200", async () => {
    const { key, apiKey } = await createApiKey({ actor: admin, input: { name: "Auth" } });
    const principal = await verifyApiKey(`Bearer ${key}`);
    expect({ organizationId: principal.organizationId, apiKeyId: principal.apiKeyId }).toEqual({ organizationId: admin.organizationId, apiKeyId: apiKey.id });
    const response = await callNps({ authorization: `Bearer ${key}` });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    // The scheme is case-insensitive.
    expect((await callNps({ authorization: `bearer ${key}` })).status).toBe(200);
  });

  it("records lastUsedAt, at most once a minute", async () => {
    const { key, apiKey } = await createApiKey({ actor: admin, input: { name: "Usage" } });
    const t0 = new Date("2026-06-01T08:00:00Z");
    await verifyApiKey(`Bearer ${key}`, { now: t0 });
    const lastUsed = async () => (await db.apiKey.findFirstOrThrow({ where: { id: apiKey.id } })).lastUsedAt;
    expect(await lastUsed()).toEqual(t0);
    await verifyApiKey(`Bearer ${key}`, { now: new Date(t0.getTime() + 30_000) });
    expect(await lastUsed()).toEqual(t0);
    await verifyApiKey(`Bearer ${key}`, { now: new Date(t0.getTime() + LAST_USED_RESOLUTION_MS - 1) });
    expect(await lastUsed()).toEqual(t0);
    const later = new Date(t0.getTime() + LAST_USED_RESOLUTION_MS + 1);
    await verifyApiKey(`Bearer ${key}`, { now: later });
    expect(await lastUsed()).toEqual(later);
  });

  it("concurrent calls all succeed (the lastUsedAt write is conditional)", async () => {
    const { key } = await createApiKey({ actor: admin, input: { name: "Concurrent" } });
    const results = await Promise.all(Array.from({ length: 8 }, () => callNps({ authorization: `Bearer ${key}` })));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
  });

  it("a revoked key answers 401, at once", async () => {
    const { key, apiKey } = await createApiKey({ actor: admin, input: { name: "To revoke" } });
    expect((await callNps({ authorization: `Bearer ${key}` })).status).toBe(200);
    const revoked = await revokeApiKey({ actor: admin, apiKeyId: apiKey.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    await expectUnauthorized(await callNps({ authorization: `Bearer ${key}` }));
    await expectAppError(verifyApiKey(`Bearer ${key}`), "unauthorized");
  });

  it.each([
    ["no Authorization header", {}],
    ["an empty Authorization header", { authorization: "" }],
    ["a bare Bearer", { authorization: "Bearer" }],
    ["Basic credentials", { authorization: "Basic YWRtaW46cGFzc3dvcmQ=" }],
    ["a token that is not a key", { authorization: "Bearer abc" }],
    ["a key of the right shape that was never issued", { authorization: `Bearer nps_ABCDEFGH_${"A".repeat(43)}` }],
    ["a key with extra words", { authorization: `Bearer nps_ABCDEFGH_${"A".repeat(43)} extra` }],
    ["the key without the scheme", { authorization: `nps_ABCDEFGH_${"A".repeat(43)}` }],
  ])("%s → 401", async (_label, headers) => {
    await expectUnauthorized(await callNps(headers));
  });

  it("a real key with one character changed, or another key's prefix, is refused", async () => {
    const { key } = await createApiKey({ actor: admin, input: { name: "Tamper" } });
    const { key: second } = await createApiKey({ actor: admin, input: { name: "Tamper 2" } });
    const last = key.at(-1) === "A" ? "B" : "A";
    await expectUnauthorized(await callNps({ authorization: `Bearer ${key.slice(0, -1)}${last}` }));
    const swapped = `${second.slice(0, 13)}${key.slice(13)}`;
    await expectUnauthorized(await callNps({ authorization: `Bearer ${swapped}` }));
    expect((await callNps({ authorization: `Bearer ${key}` })).status).toBe(200);
  });

  it("another organisation's key cannot read this organisation's survey (404, not 403)", async () => {
    const { key } = await createApiKey({ actor: otherAdmin, input: { name: "Foreign" } });
    const response = await callNps({ authorization: `Bearer ${key}` });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
  });
});

describe("revoking a key", () => {
  it("is idempotent: a second revoke keeps the first time", async () => {
    const { apiKey } = await createApiKey({ actor: admin, input: { name: "Twice" } });
    const first = await revokeApiKey({ actor: admin, apiKeyId: apiKey.id });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await revokeApiKey({ actor: admin, apiKeyId: apiKey.id });
    expect(second.revokedAt).toEqual(first.revokedAt);
    const listed = (await listApiKeys({ organizationId: admin.organizationId })).find((k) => k.id === apiKey.id);
    expect(listed?.revokedAt).toEqual(first.revokedAt);
  });

  it("another organisation's key, an unknown id or a malformed id is not_found, and nothing changes", async () => {
    const { key, apiKey } = await createApiKey({ actor: otherAdmin, input: { name: "Not yours" } });
    await expectAppError(revokeApiKey({ actor: admin, apiKeyId: apiKey.id }), "not_found");
    await expectAppError(revokeApiKey({ actor: admin, apiKeyId: "0195f3a2-7b1c-7d2e-8f3a-4b5c6d7e8f90" }), "not_found");
    await expectAppError(revokeApiKey({ actor: admin, apiKeyId: "not-a-uuid" }), "not_found");
    expect((await db.apiKey.findFirstOrThrow({ where: { id: apiKey.id } })).revokedAt).toBeNull();
    expect(await verifyApiKey(`Bearer ${key}`)).toMatchObject({ organizationId: otherAdmin.organizationId });
  });

  it("is for ADMIN and OWNER only", async () => {
    const { apiKey } = await createApiKey({ actor: admin, input: { name: "Guarded" } });
    await expectAppError(revokeApiKey({ actor: { ...admin, role: "MANAGER" }, apiKeyId: apiKey.id }), "forbidden");
    expect((await db.apiKey.findFirstOrThrow({ where: { id: apiKey.id } })).revokedAt).toBeNull();
  });
});
