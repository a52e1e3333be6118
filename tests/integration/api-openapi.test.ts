import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";
import { adjustedWald, roundTo } from "@/lib/nps";
import { apiErrorSchema, apiGroupedNpsSchema, apiNpsStatsSchema } from "@/schemas/api";

type Json = Record<string, unknown>;

async function fetchDocument(): Promise<Json> {
  const response = GET();
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const text = await response.text();
  return JSON.parse(text) as Json;
}

function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    expect(current, path.join(".")).toBeTypeOf("object");
    current = (current as Json)[key];
  }
  return current;
}

/** Every "$ref" in the document, wherever it is. */
function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, out);
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") out.push(child);
      else refs(child, out);
    }
  }
  return out;
}

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document, served without authentication", async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(at(doc, "info", "title")).toEqual(expect.any(String));
    expect(at(doc, "info", "version")).toEqual(expect.any(String));
  });

  it("names the NPS endpoint with every parameter", async () => {
    const doc = await fetchDocument();
    const operation = at(doc, "paths", "/api/v1/surveys/{id}/nps", "get") as Json;
    expect(operation.operationId).toBe("getSurveyNps");
    const parameters = operation.parameters as { name: string; in: string; required?: boolean }[];
    expect(parameters.map((p) => `${p.in}:${p.name}`).sort()).toEqual(
      ["path:id", "query:range", "query:from", "query:to", "query:channel", "query:touchpoint", "query:attr.{key}", "query:groupBy"].sort(),
    );
    expect(parameters.find((p) => p.name === "id")?.required).toBe(true);
    const range = parameters.find((p) => p.name === "range") as unknown as { schema: { enum: string[] } };
    expect(range.schema.enum).toEqual(["7d", "30d", "90d", "12m", "ytd", "all", "custom"]);
    const channel = parameters.find((p) => p.name === "channel") as unknown as { schema: { items: { enum: string[] } } };
    expect(channel.schema.items.enum).toContain("EMAIL");
    expect(channel.schema.items.enum).not.toContain("FAX");
    expect(JSON.stringify(parameters.find((p) => p.name === "groupBy"))).toContain("attribute:");
  });

  it("describes the bearer API key, the two response shapes and the error statuses", async () => {
    const doc = await fetchDocument();
    expect(at(doc, "components", "securitySchemes", "apiKey")).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ apiKey: [] }]);
    const responses = at(doc, "paths", "/api/v1/surveys/{id}/nps", "get", "responses") as Json;
    expect(Object.keys(responses).sort()).toEqual(["200", "400", "401", "404", "422"]);
    for (const status of ["400", "401", "404", "422"]) {
      expect(at(responses, status, "content", "application/json", "schema")).toEqual({ $ref: "#/components/schemas/Error" });
    }
    expect(at(responses, "200", "content", "application/json", "schema")).toEqual({
      oneOf: [{ $ref: "#/components/schemas/NpsStats" }, { $ref: "#/components/schemas/SuppressedNpsStats" }, { $ref: "#/components/schemas/GroupedNps" }],
    });

    const schemas = at(doc, "components", "schemas") as Json;
    expect(at(schemas, "NpsStats", "required")).toEqual(["n", "promoters", "passives", "detractors", "nps", "ciLow", "ciHigh", "mean"]);
    expect(at(schemas, "GroupedNps", "required")).toEqual(["groups", "overall"]);
    // Issue 13: a filter narrowed to a small segment answers the same keys with the figures null.
    expect(at(schemas, "SuppressedNpsStats", "required")).toEqual(["n", "promoters", "passives", "detractors", "nps", "ciLow", "ciHigh", "mean"]);
    expect(at(schemas, "SuppressedNpsGroup", "properties", "suppressed")).toMatchObject({ const: true });
    expect(at(schemas, "NpsGroup", "properties", "suppressed")).toMatchObject({ const: false });
    expect(at(schemas, "Error", "properties", "error", "required")).toEqual(["code", "message"]);
    // Schemas are plain JSON Schema inside the document (no stray $schema / $id), and every $ref resolves.
    for (const schema of Object.values(schemas)) {
      expect(schema).not.toHaveProperty("$schema");
      expect(schema).not.toHaveProperty("$id");
    }
    for (const ref of refs(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\/\w+$/);
      expect(schemas).toHaveProperty(ref.split("/").pop() ?? "");
    }
  });

  it("its examples are valid against the schemas the endpoint's answers are tested with", async () => {
    const doc = await fetchDocument();
    const operation = at(doc, "paths", "/api/v1/surveys/{id}/nps", "get") as Json;
    const examples = at(operation, "responses", "200", "content", "application/json", "examples") as Json;
    expect(apiNpsStatsSchema.parse(at(examples, "whole", "value"))).toEqual({
      n: 120,
      promoters: 60,
      passives: 30,
      detractors: 30,
      nps: 25,
      ciLow: 9.77,
      ciHigh: 39.01,
      mean: 7.6,
    });
    const grouped = apiGroupedNpsSchema.parse(at(examples, "grouped", "value"));
    // A small region (3 answers) and, complementarily, the smallest other one are hidden (issue 13).
    expect(grouped.groups.map((g) => g.suppressed)).toEqual([false, false, true, true]);
    // Issue 13: every example interval is what its counts give (the grouped example once said 8.4 to 38.1 for
    // 123 answers, 61 promoters, 31 detractors, which give 9.35 to 38.27).
    const intervalOf = (stats: { n: number; promoters: number | null; detractors: number | null; ciLow: number | null; ciHigh: number | null }) => {
      if (stats.promoters === null || stats.detractors === null) return;
      const ci = adjustedWald({ n: stats.n, promoters: stats.promoters, detractors: stats.detractors });
      expect([stats.ciLow, stats.ciHigh]).toEqual([roundTo(ci.ciLow, 2), roundTo(ci.ciHigh, 2)]);
    };
    for (const group of grouped.groups) intervalOf(group);
    intervalOf(grouped.overall);
    const sum = grouped.groups.reduce((acc, g) => acc + g.n, 0);
    expect(grouped.overall.n).toBe(sum);
    for (const status of ["400", "401", "404", "422"]) {
      const example = at(operation, "responses", status, "content", "application/json", "example");
      expect(apiErrorSchema.parse(example).error.code).toBe(
        { "400": "bad_request", "401": "unauthorized", "404": "not_found", "422": "validation_failed" }[status],
      );
    }
  });
});
