import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as analyze } from "@/app/api/v1/text/analyze/route";
import { GET as openApi } from "@/app/api/v1/openapi.json/route";
import { themeTemplate } from "@/lib/text/theme-templates";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { db } from "@/server/db";
import { createOrganization } from "./support/fixtures";

const URL_ = "http://localhost:3000/api/v1/text/analyze";
let organizationId: string;
let key: string;
let otherKey: string;
let otherOrganizationId: string;

function call(body: unknown, apiKey = key): Promise<Response> {
  return analyze(
    new NextRequest(URL_, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

beforeAll(async () => {
  organizationId = (await createOrganization("Text Bank")).id;
  otherOrganizationId = (await createOrganization("Other Bank")).id;
  key = (await createApiKey({ actor: { organizationId, userId: null, role: "ADMIN" }, input: { name: "CRM" } })).key;
  otherKey = (await createApiKey({ actor: { organizationId: otherOrganizationId, userId: null, role: "ADMIN" }, input: { name: "CRM" } })).key;
});

describe("POST /api/v1/text/analyze", () => {
  it("reads Chinese and English texts with the organisation's taxonomy, in the contract's shape", async () => {
    const response = await call({ texts: ["网点排队太久了，手机银行还老是闪退", "The teller was friendly and helpful", ""], locale: null });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { results: { tokens: string[]; themes: { key: string; label: Record<string, string>; sentiment: number; polarity: string }[]; sentiment: number; polarity: string }[] };
    expect(body.results).toHaveLength(3);
    const [zh, en, empty] = body.results;
    expect(zh!.tokens).toEqual(expect.arrayContaining(["排队", "手机银行", "闪退"]));
    expect(zh!.themes.map((t) => t.key)).toEqual(expect.arrayContaining(["waiting", "mobile_app"]));
    expect(zh!.themes.find((t) => t.key === "waiting")!.label).toEqual({ "zh-CN": "排队等待", en: "Waiting" });
    expect(zh!.polarity).toBe("negative");
    expect(zh!.sentiment).toBeLessThan(0);
    expect(zh!.sentiment).toBeGreaterThanOrEqual(-1);
    expect(en!.themes.map((t) => t.key)).toContain("staff_attitude");
    expect(en!.polarity).toBe("positive");
    expect(empty).toEqual({ tokens: [], themes: [], sentiment: 0, polarity: "neutral" });
    expect(Object.keys(zh!).sort()).toEqual(["polarity", "sentiment", "themes", "tokens"]);
  });

  it("seeds the banking template once, and uses the organisation's own edits afterwards", async () => {
    await Promise.all([call({ texts: ["排队"] }), call({ texts: ["排队"] })]);
    expect(await db.themeDefinition.count({ where: { organizationId } })).toBe(themeTemplate("banking").length);
    await db.themeDefinition.update({
      where: { organizationId_key: { organizationId, key: "fees" } },
      data: { keywords: { push: "工本费" }, labelZh: "费用" },
    });
    const body = (await (await call({ texts: ["补卡要收工本费"] })).json()) as { results: { themes: { key: string; label: Record<string, string> }[] }[] };
    expect(body.results[0]!.themes).toEqual([expect.objectContaining({ key: "fees", label: { "zh-CN": "费用", en: "Fees and prices" } })]);
    // The other organisation's taxonomy is its own.
    const other = (await (await call({ texts: ["补卡要收工本费"] }, otherKey)).json()) as { results: { themes: unknown[] }[] };
    expect(other.results[0]!.themes).toEqual([]);
  });

  it("refuses bad input with the error shape and a 4xx", async () => {
    const cases: unknown[] = [
      {},
      { texts: [] },
      { texts: "排队" },
      { texts: [42] },
      { texts: ["x".repeat(5001)] },
      { texts: Array.from({ length: 1001 }, () => "ok") },
      { texts: ["ok"], locale: "fr" },
      { texts: ["ok"], extra: true },
      "{not json",
    ];
    for (const body of cases) {
      const response = await call(body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const error = (await response.json()) as { error: { code: string; message: string } };
      expect(error.error.code).toMatch(/^[a-z_]+$/);
      expect(error.error.message.length).toBeGreaterThan(0);
    }
  });

  it("answers 401 without a valid key", async () => {
    expect((await call({ texts: ["ok"] }, "nps_invalid")).status).toBe(401);
  });
});

describe("the OpenAPI document", () => {
  it("documents the route, and its example is what the endpoint answers for the example's texts", async () => {
    const doc = (await (await openApi()).json()) as { paths: Record<string, { post?: { requestBody: { content: Record<string, { example: { texts: string[] } }> }; responses: Record<string, { content?: Record<string, { example: unknown }> }> } }> };
    const operation = doc.paths["/api/v1/text/analyze"]?.post;
    expect(operation).toBeDefined();
    const request = operation!.requestBody.content["application/json"]!.example;
    const fresh = (await createOrganization("Example Bank")).id;
    const freshKey = (await createApiKey({ actor: { organizationId: fresh, userId: null, role: "ADMIN" }, input: { name: "Docs" } })).key;
    const answer = await (await call(request, freshKey)).json();
    expect(operation!.responses["200"]!.content!["application/json"]!.example).toEqual(answer);
  });
});
