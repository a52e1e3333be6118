import { NextRequest } from "next/server";
import { expect } from "vitest";
import * as catchAll from "@/app/api/v1/[...path]/route";
import * as campaign from "@/app/api/v1/campaigns/[id]/route";
import * as campaigns from "@/app/api/v1/campaigns/route";
import * as caseNotes from "@/app/api/v1/cases/[id]/notes/route";
import * as caseOne from "@/app/api/v1/cases/[id]/route";
import * as cases from "@/app/api/v1/cases/route";
import * as contactBatch from "@/app/api/v1/contacts/batch/route";
import * as contact from "@/app/api/v1/contacts/[id]/route";
import * as contacts from "@/app/api/v1/contacts/route";
import * as members from "@/app/api/v1/members/route";
import * as orgUnitImport from "@/app/api/v1/org-units/import/route";
import * as orgUnits from "@/app/api/v1/org-units/route";
import * as response from "@/app/api/v1/responses/[id]/route";
import * as responses from "@/app/api/v1/responses/route";
import * as survey from "@/app/api/v1/surveys/[id]/route";
import * as surveys from "@/app/api/v1/surveys/route";
import type { CreateScopedApiKeyInput } from "@/schemas/api-key-scopes";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { db } from "@/server/db";
import { createPublishedSurvey } from "./authoring";
import { createOrganization } from "./fixtures";
import { insertResponses } from "./responses";

export const ORIGIN = "http://localhost:3000";

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS", Handler>>;

/** The REST API's routes of this part, by OpenAPI path template (what Next.js would dispatch to). */
export const ROUTES: Record<string, RouteModule> = {
  "/api/v1/surveys": surveys as unknown as RouteModule,
  "/api/v1/surveys/{id}": survey as unknown as RouteModule,
  "/api/v1/responses": responses as unknown as RouteModule,
  "/api/v1/responses/{id}": response as unknown as RouteModule,
  "/api/v1/contacts": contacts as unknown as RouteModule,
  "/api/v1/contacts/batch": contactBatch as unknown as RouteModule,
  "/api/v1/contacts/{id}": contact as unknown as RouteModule,
  "/api/v1/campaigns": campaigns as unknown as RouteModule,
  "/api/v1/campaigns/{id}": campaign as unknown as RouteModule,
  "/api/v1/cases": cases as unknown as RouteModule,
  "/api/v1/cases/{id}": caseOne as unknown as RouteModule,
  "/api/v1/cases/{id}/notes": caseNotes as unknown as RouteModule,
  "/api/v1/org-units": orgUnits as unknown as RouteModule,
  "/api/v1/org-units/import": orgUnitImport as unknown as RouteModule,
  "/api/v1/members": members as unknown as RouteModule,
};

export type Call = {
  key?: string;
  query?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
};

/** Calls the handler of `template` with `id` in the path, as Next.js would. */
export function call(method: string, template: string, id: string | null, { key, query = "", body, rawBody, headers = {} }: Call = {}) {
  const routeModule = ROUTES[template];
  const handler = routeModule?.[method as keyof RouteModule];
  if (!handler) throw new Error(`no handler for ${method} ${template}`);
  const path = template.replace("{id}", id ?? "");
  const init: { method: string; headers: Record<string, string>; body?: string } = {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
  };
  if (rawBody !== undefined) init.body = rawBody;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["content-type"] ??= "application/json";
  }
  return handler(new NextRequest(`${ORIGIN}${path}${query ? `?${query}` : ""}`, init), { params: Promise.resolve<Record<string, string>>(id ? { id } : {}) });
}

/** Calls the catch-all route for an unknown path. */
export function callUnknown(method: string, path: string) {
  const handler = (catchAll as unknown as RouteModule)[method as keyof RouteModule];
  if (!handler) throw new Error(`no catch-all ${method}`);
  const segments = path.replace(/^\/api\/v1\//, "").split("/");
  return handler(new NextRequest(`${ORIGIN}${path}`, { method }), { params: Promise.resolve({ path: segments }) });
}

export async function expectError(response: Response, status: number, code: string): Promise<void> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(JSON.parse(text)).toEqual({ error: { code, message: expect.any(String) } });
}

/** An organisation with a region → branch hierarchy, a published survey, responses in both units, contacts and a case. */
export async function buildApiWorld(name: string) {
  const org = await createOrganization(name);
  const owner = await db.user.create({ data: { email: `owner-${org.id}@example.com`, name: "王经理", passwordHash: "x" } });
  await db.membership.create({ data: { organizationId: org.id, userId: owner.id, role: "OWNER" } });
  const region = await db.orgUnit.create({ data: { organizationId: org.id, kind: "REGION", code: "EAST", name: "华东" } });
  const branch = await db.orgUnit.create({ data: { organizationId: org.id, kind: "BRANCH", code: "SH-LJZ", name: "陆家嘴支行", parentId: region.id } });
  const other = await db.orgUnit.create({ data: { organizationId: org.id, kind: "REGION", code: "NORTH", name: "华北" } });
  const surveyId = await createPublishedSurvey({ organizationId: org.id, userId: owner.id });
  const contactA = await db.contact.create({ data: { organizationId: org.id, email: `a-${org.id}@example.com`, name: "张伟", attributes: { region: "华东" } } });
  const now = Date.now();
  const rows = await insertResponses([
    { organizationId: org.id, surveyId, contactId: contactA.id, score: 3, category: "DETRACTOR", comment: "柜员态度不好 张伟 13800000000", locale: "zh-CN", channel: "EMAIL", attributes: { region: "华东" }, completed: true, unitId: branch.id, createdAt: new Date(now - 3_600_000) },
    { organizationId: org.id, surveyId, score: 10, category: "PROMOTER", comment: "手机银行很好用", locale: "zh-CN", channel: "LINK", attributes: { region: "华北" }, completed: true, unitId: other.id, createdAt: new Date(now - 7_200_000) },
    { organizationId: org.id, surveyId, score: 8, category: "PASSIVE", locale: "en", channel: "API", attributes: { region: "华东" }, completed: true, unitId: region.id, createdAt: new Date(now - 10_800_000) },
  ]);
  const [branchResponse, otherResponse] = rows;
  if (!branchResponse || !otherResponse) throw new Error("responses not written");
  const branchCase = await db.case.create({
    data: { organizationId: org.id, responseId: branchResponse.id, surveyId, unitId: branch.id, ownerId: owner.id, dueAt: new Date(now + 86_400_000) },
  });
  const otherCase = await db.case.create({
    data: { organizationId: org.id, responseId: otherResponse.id, surveyId, unitId: other.id, dueAt: new Date(now + 86_400_000) },
  });
  const key = async (input: Omit<CreateScopedApiKeyInput, "name"> & { name?: string } = {}) =>
    (await createApiKey({ actor: { organizationId: org.id, userId: owner.id, role: "OWNER" }, input: { name: "test key", ...input } })).key;
  return { org, owner, region, branch, other, surveyId, contactA, responseIds: rows.map((r) => r.id), branchCase, otherCase, key };
}
export type ApiWorld = Awaited<ReturnType<typeof buildApiWorld>>;
