/**
 * Walks /api/v1/openapi.json: every documented operation is called through its route handler with valid input
 * (2xx), with invalid input (4xx, never 5xx), without a key (401) and with another tenant's ids (404). A route
 * under src/app/api/v1 that the document does not describe fails here too.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getDocument } from "@/app/api/v1/openapi.json/route";
import { API_SCOPES } from "@/lib/api-scopes";
import { ORG_IMPORT_EXAMPLE, V1_EXAMPLE_IDS } from "@/server/api/openapi-v1";
import { CLASS_KEY_EXAMPLE } from "@/server/customer-classes/openapi-customer-classes";
import { db } from "@/server/db";
import { buildApiWorld, ORIGIN, type ApiWorld } from "./support/api-v1";

const V1_DIR = path.resolve(import.meta.dirname, "../../src/app/api/v1");
const METHODS = ["get", "post", "put", "patch", "delete"] as const;

type Operation = {
  operationId: string;
  "x-required-scope"?: string;
  responses?: Record<string, { content?: Record<string, { example?: unknown }> }>;
  requestBody?: { content: Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }> };
  parameters?: { name: string; in: string; required?: boolean }[];
};
type Doc = { paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>> };
type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The route file of a path template ({id} → [id]). */
function routeFile(template: string): string {
  const relative = template.replace(/^\/api\/v1\//, "").replace(/\{(\w+)\}/g, "[$1]");
  return path.join(V1_DIR, relative, "route.ts");
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

let doc: Doc;
let world: ApiWorld;
let other: ApiWorld;
let key: string;
let campaignId: string;
let otherCampaignId: string;
let webhookId: string | null = null;

/** Ids in the document's examples → this test's world. */
function substitute(value: unknown, w: ApiWorld): unknown {
  const ids: Record<string, string> = {
    [V1_EXAMPLE_IDS.survey]: w.surveyId,
    [V1_EXAMPLE_IDS.user]: w.owner.id,
    [V1_EXAMPLE_IDS.contact]: w.contactA.id,
    [V1_EXAMPLE_IDS.unit]: w.branch.id,
  };
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === "string" && ids[v] ? ids[v] : v)) as unknown;
}

/** A real id for the template's {id}, in `w`'s organisation. */
function idFor(template: string, w: ApiWorld, campaign: string): string {
  if (template.startsWith("/api/v1/surveys/")) return w.surveyId;
  if (template.startsWith("/api/v1/responses/")) return w.responseIds[0] ?? "";
  if (template.startsWith("/api/v1/contacts/")) return w.contactA.id;
  if (template.startsWith("/api/v1/campaigns/")) return campaign;
  if (template.startsWith("/api/v1/cases/")) return w.branchCase.id;
  if (template.startsWith("/api/v1/webhooks/")) return webhookId ?? w.surveyId;
  throw new Error(`no id for ${template}`);
}

function exampleOf(operation: Operation): { type: string; body: unknown } | null {
  const content = operation.requestBody?.content;
  if (!content) return null;
  const [type, media] = Object.entries(content)[0] ?? [];
  if (!type || !media) return null;
  const body = media.example ?? Object.values(media.examples ?? {})[0]?.value;
  return { type, body };
}

async function invoke(
  template: string,
  method: string,
  { id, auth, body, type, query = "" }: { id: string | null; auth: string | null; body?: unknown; type?: string; query?: string },
): Promise<Response> {
  const mod = (await import(routeFile(template))) as Record<string, Handler | undefined>;
  const handler = mod[method.toUpperCase()];
  if (!handler) throw new Error(`${template} exports no ${method.toUpperCase()}`);
  // A path's {key} (a customer class) is the document's example key: every organisation has it.
  const classKey: Record<string, string> = template.includes("{key}") ? { key: CLASS_KEY_EXAMPLE } : {};
  const url = `${ORIGIN}${template.replace("{id}", id ?? "").replace("{key}", CLASS_KEY_EXAMPLE)}${query ? `?${query}` : ""}`;
  const headers: Record<string, string> = auth ? { authorization: `Bearer ${auth}` } : {};
  let payload: string | undefined;
  if (body !== undefined) {
    headers["content-type"] = type ?? "application/json";
    payload = typeof body === "string" && type !== "application/json" ? body : JSON.stringify(body);
  }
  return handler(new NextRequest(url, { method: method.toUpperCase(), headers, body: payload }), { params: Promise.resolve<Record<string, string>>({ ...(id ? { id } : {}), ...classKey }) });
}

const operations: { template: string; method: string; operation: Operation }[] = [];

beforeAll(async () => {
  doc = (await (getDocument() as Response).json()) as Doc;
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) operations.push({ template, method, operation });
    }
  }
  world = await buildApiWorld("Walk Bank");
  other = await buildApiWorld("Walk Other");
  key = await world.key({ scopes: [...API_SCOPES], personalData: true });
  const campaign = async (w: ApiWorld) =>
    (await db.campaign.create({ data: { organizationId: w.org.id, surveyId: w.surveyId, name: "Walk", audience: { kind: "all" }, status: "SENT" } })).id;
  campaignId = await campaign(world);
  // The invitations example names unit SH-PD and employee E-117.
  const pudong = await db.orgUnit.create({ data: { organizationId: world.org.id, kind: "BRANCH", code: "SH-PD", name: "浦东支行", parentId: world.region.id } });
  await db.employee.create({ data: { organizationId: world.org.id, unitId: pudong.id, code: "E-117", name: "李明" } });
  otherCampaignId = await campaign(other);
  // A webhook endpoint for the /webhooks/{id} operations, made through the documented create operation.
  const createHook = operations.find((o) => o.template === "/api/v1/webhooks" && o.method === "post");
  if (createHook) {
    const example = exampleOf(createHook.operation);
    const created = await invoke(createHook.template, "post", { id: null, auth: key, body: example?.body, type: example?.type });
    expect(created.status, await created.clone().text()).toBe(201);
    webhookId = ((await created.json()) as { id: string }).id;
  }
}, 180_000);

describe("the OpenAPI walk", () => {
  it("describes every route under /api/v1 (and only routes that exist)", () => {
    const documented = new Set(operations.map((o) => routeFile(o.template)));
    for (const file of documented) expect(existsSync(file), file).toBe(true);
    // Not operations: the document itself and the JSON 404s of /api/v1 and unknown paths below it.
    const files = routeFiles(V1_DIR).filter(
      (file) => !file.includes("[...path]") && !file.includes("openapi.json") && file !== path.join(V1_DIR, "route.ts"),
    );
    for (const file of files) expect(documented.has(file), `${path.relative(V1_DIR, file)} is not in the OpenAPI document`).toBe(true);
  });

  it("every operation answers 401 without a key, never 5xx", async () => {
    for (const { template, method, operation } of operations) {
      const id = template.includes("{id}") ? idFor(template, world, campaignId) : null;
      const example = exampleOf(operation);
      const response = await invoke(template, method, { id, auth: null, body: example ? substitute(example.body, world) : undefined, type: example?.type });
      expect(response.status, `${method} ${template}`).toBe(401);
    }
  });

  it("every operation answers 4xx, never 5xx, to invalid input", async () => {
    for (const { template, method, operation } of operations) {
      const id = template.includes("{id}") ? idFor(template, world, campaignId) : null;
      const label = `${method} ${template}`;
      // An unknown query parameter or an invalid body; a path id that is not one.
      const example = exampleOf(operation);
      const attempts: Promise<Response>[] = [];
      const documented = new Set((operation.parameters ?? []).map((parameter) => parameter.name));
      if (documented.has("limit")) attempts.push(invoke(template, method, { id, auth: key, query: "limit=0" }));
      if (example) {
        attempts.push(invoke(template, method, { id, auth: key, body: example.type === "application/json" ? { unexpected: [1, 2, 3] } : "\u0000\u0001", type: example.type }));
        attempts.push(invoke(template, method, { id, auth: key, body: "{not json", type: "application/json" }));
      }
      if (attempts.length === 0 && !id) {
        // Nothing documented to get wrong: an undocumented parameter must at least never be a 5xx.
        const response = await invoke(template, method, { id, auth: key, query: "unknownParameter=%00" });
        expect(response.status, label).toBeLessThan(500);
      }
      if (id) attempts.push(invoke(template, method, { id: "not-a-uuid", auth: key, body: example ? substitute(example.body, world) : undefined, type: example?.type }));
      for (const response of await Promise.all(attempts)) {
        expect(response.status, `${label}: ${await response.clone().text()}`).toBeGreaterThanOrEqual(400);
        expect(response.status, label).toBeLessThan(500);
        const body = (await response.json()) as { error?: { code?: string } };
        expect(body.error?.code, label).toEqual(expect.any(String));
      }
    }
  });

  it("other tenants' ids are 404", async () => {
    for (const { template, method, operation } of operations.filter((o) => o.template.includes("{id}"))) {
      if (template.startsWith("/api/v1/webhooks/") && webhookId === null) continue;
      const id = template.startsWith("/api/v1/webhooks/") ? idFor(template, world, campaignId) : idFor(template, other, otherCampaignId);
      const foreignKey = template.startsWith("/api/v1/webhooks/") ? await other.key({ scopes: [...API_SCOPES], personalData: true }) : key;
      const example = exampleOf(operation);
      const response = await invoke(template, method, { id, auth: foreignKey, body: example ? substitute(example.body, world) : undefined, type: example?.type });
      expect(response.status, `${method} ${template}: ${await response.clone().text()}`).toBe(404);
    }
  });

  it("every operation answers 2xx to valid input (its documented example)", async () => {
    // Reads first, then writes, and the erasure last (it changes the contact the others use).
    const order = (o: { method: string }) => ({ get: 0, post: 1, put: 1, patch: 1, delete: 2 })[o.method] ?? 3;
    for (const { template, method, operation } of [...operations].sort((a, b) => order(a) - order(b))) {
      const id = template.includes("{id}") ? idFor(template, world, campaignId) : null;
      const example = exampleOf(operation);
      let body = example ? substitute(example.body, world) : undefined;
      if (operation.operationId === "importOrgUnits") body = ORG_IMPORT_EXAMPLE;
      const query = template === "/api/v1/responses" ? "range=all" : "";
      const response = await invoke(template, method, { id, auth: key, body, type: example?.type, query });
      const text = await response.clone().text();
      expect(response.status, `${method} ${template}: ${text}`).toBeGreaterThanOrEqual(200);
      expect(response.status, `${method} ${template}: ${text}`).toBeLessThan(300);
      // The resource operations' documented examples have the fields the real answer has (no more, no fewer).
      const documented = operation.responses?.[String(response.status)]?.content?.["application/json"]?.example;
      if (operation["x-required-scope"] && documented !== undefined) {
        const actual = JSON.parse(text) as unknown;
        const shape = (value: unknown): string[] => {
          const record = value as Record<string, unknown>;
          const first = Array.isArray(record.data) ? (record.data[0] as Record<string, unknown> | undefined) : undefined;
          return first ? ["data[]", ...Object.keys(first).filter((k) => first[k] !== undefined)].sort() : Object.keys(record).sort();
        };
        expect(shape(JSON.parse(JSON.stringify(documented))), `${method} ${template}: example fields`).toEqual(shape(actual));
      }
    }
  });
});
