/**
 * Customer classes in the REST API (issue 15): GET /api/v1/customer-classes (both names, rules, counts now) and
 * GET /api/v1/customer-classes/{key}/contacts (cursor-paged; personal data only with the key's permission; a unit key
 * sees its subtree's contacts), scope checks, JSON 4xx errors and organisations kept apart.
 */
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeCursor } from "@/lib/api-cursor";
import * as classContacts from "@/app/api/v1/customer-classes/[key]/contacts/route";
import * as classes from "@/app/api/v1/customer-classes/route";
import { addCustomerClass } from "@/server/customer-classes/save-class-settings";
import { db } from "@/server/db";
import { buildApiWorld, expectError, ORIGIN, type ApiWorld } from "./support/api-v1";
import { insertResponses } from "./support/responses";

let world: ApiWorld;
let other: ApiWorld;
const marginalIds: string[] = [];

type ClassesBody = { asOf: string; total: number; unclassified: number; data: { key: string; name: Record<string, string>; position: number; count: number; rules: { position: number; categories: string[] }[] }[] };
type ContactsBody = { classKey: string; masked: boolean; data: { id: string; name: string | null; email: string | null; phone: string | null; score: number | null; category: string | null; unsubscribed: boolean }[]; nextCursor: string | null };

function getClasses(key: string | null, query = "") {
  return classes.GET(new NextRequest(`${ORIGIN}/api/v1/customer-classes${query ? `?${query}` : ""}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }));
}

function getContacts(key: string | null, classKey: string, query = "") {
  return classContacts.GET(new NextRequest(`${ORIGIN}/api/v1/customer-classes/${classKey}/contacts${query ? `?${query}` : ""}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }), {
    params: Promise.resolve({ key: classKey }),
  });
}

beforeAll(async () => {
  world = await buildApiWorld("Classes API");
  other = await buildApiWorld("Classes API Other");
  // Besides the world's detractor 张伟 (served by the branch): four more detractors served by the other region, one promoter.
  const contacts = await db.contact.createManyAndReturn({
    data: Array.from({ length: 5 }, (_, i) => ({ organizationId: world.org.id, email: `c${i}@classes-api.example`, name: `客户${i}`, phone: "13812345678" })),
    select: { id: true },
  });
  await insertResponses(
    contacts.map(({ id }, i) => ({
      organizationId: world.org.id,
      surveyId: world.surveyId,
      contactId: id,
      score: i < 4 ? 5 : 9,
      category: i < 4 ? ("DETRACTOR" as const) : ("PROMOTER" as const),
      locale: "zh-CN",
      channel: "EMAIL" as const,
      completed: true,
      unitId: world.other.id,
      createdAt: new Date(Date.now() - (i + 2) * 86_400_000),
    })),
  );
  marginalIds.push(world.contactA.id, ...contacts.slice(0, 4).map((c) => c.id));
  // A class only the other organisation has.
  await addCustomerClass({ actor: { organizationId: other.org.id, userId: null, role: "ADMIN" }, input: { key: "vip", nameZh: "贵宾", nameEn: "VIP" } });
}, 120_000);

describe("GET /api/v1/customer-classes", () => {
  it("lists the classes with both names, their rules and how many contacts each holds now", async () => {
    const response = await getClasses(await world.key({ scopes: ["contacts:read"] }));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as ClassesBody;
    expect(body.data.map((c) => c.key)).toEqual(["loyal", "potential", "marginal", "lost"]);
    const byKey = new Map(body.data.map((c) => [c.key, c]));
    expect(byKey.get("marginal")).toMatchObject({ name: { "zh-CN": "边缘客户", en: "Marginal" }, count: 5 });
    expect(byKey.get("potential")?.count).toBe(1);
    expect(byKey.get("lost")?.rules[0]).toMatchObject({ position: 1, categories: [] });
    expect(byKey.get("marginal")?.rules.map((r) => r.categories)).toEqual([["DETRACTOR"], ["PASSIVE"]]);
    // Every contact of the organisation (not the other one's): 6 here.
    expect(body.total).toBe(6);
    expect(body.total).toBe(body.unclassified + body.data.reduce((s, c) => s + c.count, 0));
  });

  it("counts a unit key's subtree only, and refuses keys without contacts:read, no key and unknown parameters", async () => {
    const unitKey = await world.key({ scopes: ["contacts:read"], scopeUnitId: world.region.id });
    const scoped = (await (await getClasses(unitKey)).json()) as ClassesBody;
    expect(scoped.data.find((c) => c.key === "marginal")?.count).toBe(1);
    expect(scoped.total).toBe(1);
    await expectError(await getClasses(await world.key({ scopes: ["surveys:read", "responses:read"] })), 403, "forbidden");
    await expectError(await getClasses(null), 401, "unauthorized");
    await expectError(await getClasses(await world.key({ scopes: ["contacts:read"] }), "limit=5"), 400, "bad_request");
  });
});

describe("GET /api/v1/customer-classes/{key}/contacts", () => {
  it("pages the class's contacts with the cursor, personal data in full only with the permission", async () => {
    const key = await world.key({ scopes: ["contacts:read"], personalData: true });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await getContacts(key, "marginal", `limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as ContactsBody;
      expect(body).toMatchObject({ classKey: "marginal", masked: false });
      expect(body.data.length).toBeLessThanOrEqual(2);
      for (const row of body.data) expect(row).toMatchObject({ category: "DETRACTOR", unsubscribed: false });
      seen.push(...body.data.map((r) => r.id));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(marginalIds));
    expect([...seen].sort().reverse()).toEqual(seen);
    const full = (await (await getContacts(key, "marginal")).json()) as ContactsBody;
    expect(full.data.find((r) => r.email === "c0@classes-api.example")).toMatchObject({ name: "客户0", phone: "13812345678" });

    const masked = (await (await getContacts(await world.key({ scopes: ["contacts:read"] }), "marginal")).json()) as ContactsBody;
    expect(masked.masked).toBe(true);
    const row = masked.data.find((r) => r.email === "c***@classes-api.example");
    expect(row).toMatchObject({ phone: "138****5678" });
    expect(row?.name).not.toBe("客户0");
    expect(JSON.stringify(masked)).not.toContain("c0@classes-api.example");
  });

  it("a unit key lists its subtree's contacts; other organisations' contacts and classes are never reached", async () => {
    const unitKey = await world.key({ scopes: ["contacts:read"], personalData: true, scopeUnitId: world.region.id });
    const scoped = (await (await getContacts(unitKey, "marginal")).json()) as ContactsBody;
    expect(scoped.data.map((r) => r.id)).toEqual([world.contactA.id]);
    const otherKey = await other.key({ scopes: ["contacts:read"], personalData: true });
    const theirs = (await (await getContacts(otherKey, "marginal")).json()) as ContactsBody;
    expect(theirs.data.map((r) => r.id)).toEqual([other.contactA.id]);
    expect((await (await getContacts(otherKey, "vip")).json()) as ContactsBody).toMatchObject({ data: [] });
    await expectError(await getContacts(await world.key({ scopes: ["contacts:read"] }), "vip"), 404, "not_found");
    // A cursor made of another organisation's contact id pages this organisation's contacts only.
    const crossCursor = (await (await getContacts(await world.key({ scopes: ["contacts:read"], personalData: true }), "marginal", `cursor=${encodeCursor(other.contactA.id)}`)).json()) as ContactsBody;
    expect(crossCursor.data.map((r) => r.id)).toEqual([world.contactA.id]);
  });

  it("answers JSON 4xx for bad input and missing scopes", async () => {
    const key = await world.key({ scopes: ["contacts:read"] });
    await expectError(await getContacts(key, "nosuch"), 404, "not_found");
    await expectError(await getContacts(key, "NOT%20A%20KEY"), 404, "not_found");
    await expectError(await getContacts(key, "marginal", "limit=0"), 422, "validation_failed");
    await expectError(await getContacts(key, "marginal", "cursor=abc"), 422, "validation_failed");
    await expectError(await getContacts(key, "marginal", "limt=2"), 400, "bad_request");
    await expectError(await getContacts(key, "marginal", "limit=2&limit=3"), 400, "bad_request");
    await expectError(await getContacts(await world.key({ scopes: ["cases:read"] }), "marginal"), 403, "forbidden");
    await expectError(await getContacts(null, "marginal"), 401, "unauthorized");
  });
});
