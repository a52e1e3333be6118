import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, pageOf } from "@/lib/api-cursor";
import { API_SCOPES, FULL_READ_SCOPES, hasScope, normalizeScopes } from "@/lib/api-scopes";
import { createCampaignSchema } from "@/schemas/distribution";
import { createScopedApiKeySchema } from "@/schemas/api-key-scopes";
import { V1_REQUEST_EXAMPLES } from "@/server/api/openapi-v1";
import { caseNoteBodySchema, caseUpdateSchema } from "@/server/api/v1/cases";
import { contactBatchSchema } from "@/server/api/v1/contacts";
import { readPage } from "@/server/api/v1/params";

const ID = "0193a5b2-8d2f-7e4b-a021-3c4d5e6f7081";

describe("API key scopes", () => {
  it("write implies read; read does not imply write; nothing else is implied", () => {
    expect(hasScope(["cases:write"], "cases", "read")).toBe(true);
    expect(hasScope(["cases:read"], "cases", "write")).toBe(false);
    expect(hasScope(["cases:write"], "contacts", "read")).toBe(false);
    expect(hasScope([], "surveys", "read")).toBe(false);
  });

  it("normalises to known scopes, once each, write replacing read", () => {
    expect(normalizeScopes(["cases:read", "cases:write", "cases:write", "bogus:read", "surveys:read"])).toEqual(["surveys:read", "cases:write"]);
    expect(API_SCOPES).toHaveLength(18);
  });

  it("a new key defaults to full read, no personal data, the whole organisation, 600 a minute", () => {
    const parsed = createScopedApiKeySchema.parse({ name: "CRM" });
    expect(parsed).toEqual({ name: "CRM", scopes: [...FULL_READ_SCOPES], personalData: false, scopeUnitId: null, rateLimitPerMinute: 600 });
    expect(createScopedApiKeySchema.safeParse({ name: "CRM", scopes: [] }).success).toBe(false);
    expect(createScopedApiKeySchema.safeParse({ name: "CRM", scopes: ["everything:write"] }).success).toBe(false);
  });
});

describe("cursors", () => {
  it("round-trip an id and refuse anything else", () => {
    expect(decodeCursor(encodeCursor(ID))).toBe(ID);
    expect(decodeCursor("nonsense")).toBeNull();
    expect(decodeCursor(encodeCursor("not-a-uuid"))).toBeNull();
    expect(decodeCursor("%%%")).toBeNull();
  });

  it("pageOf gives a cursor only when there is a next page", () => {
    const rows = [{ id: "a" }, { id: "b" }, { id: "c" }];
    expect(pageOf(rows, 3).nextCursor).toBeNull();
    const page = pageOf(rows, 2);
    expect(page.data).toEqual([{ id: "a" }, { id: "b" }]);
    expect(page.nextCursor).toBe(encodeCursor("b"));
  });

  it("limit is 1–200, default 50", () => {
    expect(readPage(new URLSearchParams(""))).toEqual({ limit: 50, beforeId: null });
    expect(readPage(new URLSearchParams("limit=200")).limit).toBe(200);
    expect(() => readPage(new URLSearchParams("limit=201"))).toThrow(/limit/);
    expect(() => readPage(new URLSearchParams("limit=0"))).toThrow(/limit/);
    expect(() => readPage(new URLSearchParams("cursor=abc"))).toThrow(/cursor/);
  });
});

describe("OpenAPI request examples", () => {
  it("are valid input for the handlers' own schemas", () => {
    expect(contactBatchSchema.safeParse(V1_REQUEST_EXAMPLES.upsertContacts).success).toBe(true);
    expect(createCampaignSchema.safeParse(V1_REQUEST_EXAMPLES.createCampaign).success).toBe(true);
    expect(caseUpdateSchema.safeParse(V1_REQUEST_EXAMPLES.updateCase).success).toBe(true);
    expect(caseNoteBodySchema.safeParse(V1_REQUEST_EXAMPLES.addCaseNote).success).toBe(true);
  });
});
