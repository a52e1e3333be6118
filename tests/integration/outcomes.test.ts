import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import { POST as postOutcomes } from "@/app/api/v1/outcomes/route";
import { GET as getOutcomes } from "@/app/api/v1/surveys/[id]/outcomes/route";
import { classifyScore, roundTo } from "@/lib/nps";
import { chiSquareIndependence, twoProportionTest, wilsonInterval } from "@/lib/proportion-tests";
import { seededRandom } from "@/lib/random";
import { apiOutcomeReportSchema, recordOutcomesResultSchema, recordOutcomesSchema, type ApiOutcomeReport } from "@/schemas/outcome";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { eraseContact } from "@/server/contacts/erase-contact";
import { db } from "@/server/db";
import { listContactOutcomes } from "@/server/outcomes/list-contact-outcomes";
import { getOutcomeReport } from "@/server/outcomes/get-outcome-report";
import { generateToken } from "@/server/distribution/token";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization } from "./support/fixtures";
import { insertResponses } from "./support/responses";

const ORIGIN = "http://localhost:3000";
const DAY = 86_400_000;
const WINDOW = 180;

let organizationId: string;
let foreignId: string;
let effectSurvey: string;
let nullSurvey: string;
let key: string;
let foreignKey: string;
let readOnlyKey: string;

/** One contact's latest answer at least a window old, and whether it churned within the window after it. */
type Truth = { survey: "effect" | "null"; region: string; score: number; churned: boolean };
const truths: Truth[] = [];
let tooRecent = { effect: 0, null: 0 };

function post(body: unknown, apiKey = key): Promise<Response> {
  return postOutcomes(
    new NextRequest(`${ORIGIN}/api/v1/outcomes`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

function report(surveyId: string, query: string, apiKey = key): Promise<Response> {
  return getOutcomes(new NextRequest(`${ORIGIN}/api/v1/surveys/${surveyId}/outcomes?${query}`, { headers: { authorization: `Bearer ${apiKey}` } }), {
    params: Promise.resolve({ id: surveyId }),
  });
}

type Event = { externalId: string; email?: string; customerId?: string; type: string; occurredAt: string; amount?: number };

beforeAll(async () => {
  organizationId = (await createOrganization("Outcomes Bank")).id;
  foreignId = (await createOrganization("Outcomes Foreign")).id;
  effectSurvey = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  nullSurvey = (await createSurvey({ organizationId, userId: null, input: { name: "Branch visit", brandName: "Bank" } })).id;
  key = (await createApiKey({ actor: { organizationId, userId: null, role: "ADMIN" }, input: { name: "CRM", scopes: ["outcomes:write"] } })).key;
  readOnlyKey = (await createApiKey({ actor: { organizationId, userId: null, role: "ADMIN" }, input: { name: "Reader" } })).key;
  foreignKey = (await createApiKey({ actor: { organizationId: foreignId, userId: null, role: "ADMIN" }, input: { name: "CRM", scopes: ["outcomes:write"] } })).key;

  const random = seededRandom(20261207);
  const now = Date.now();
  const contacts = await db.contact.createManyAndReturn({
    data: Array.from({ length: 1300 }, (_, i) => ({
      organizationId,
      email: `c${i}@bank.example`,
      externalId: `CUST-${i}`,
      attributes: { region: i % 3 === 0 ? "华东" : "华北" },
    })),
    select: { id: true, email: true, externalId: true, attributes: true },
  });
  const responses: Parameters<typeof insertResponses>[0] = [];
  const events: Event[] = [];
  let eventNo = 0;
  const event = (contact: (typeof contacts)[number], type: string, at: number, byEmail: boolean, amount?: number) => {
    events.push({
      externalId: `EV-${eventNo++}`,
      ...(byEmail ? { email: contact.email!.toUpperCase() } : { customerId: contact.externalId! }),
      type,
      occurredAt: new Date(at).toISOString(),
      ...(amount === undefined ? {} : { amount }),
    });
  };
  contacts.forEach((contact, i) => {
    const survey = i < 800 ? "effect" : "null";
    const surveyId = survey === "effect" ? effectSurvey : nullSurvey;
    const region = (contact.attributes as { region: string }).region;
    const answer = (score: number, at: number) =>
      responses.push({
        organizationId,
        surveyId,
        contactId: contact.id,
        score,
        category: classifyScore(score),
        locale: "zh-CN",
        channel: "EMAIL",
        attributes: { region },
        createdAt: new Date(at),
      });
    const score = Math.floor(random() * 11);
    if (i % 13 === 0) {
      // Answered only recently: too young to follow up for a whole window.
      answer(score, now - (5 + Math.floor(random() * (WINDOW - 10))) * DAY);
      tooRecent = { ...tooRecent, [survey]: tooRecent[survey] + 1 };
      event(contact, "churned", now - 2 * DAY, i % 2 === 0);
      return;
    }
    const answeredAt = now - (WINDOW + 5 + Math.floor(random() * 400)) * DAY;
    if (i % 7 === 0) answer(10 - score, answeredAt - 30 * DAY); // an older answer: the latest one counts
    if (i % 11 === 0) answer(Math.floor(random() * 11), now - 20 * DAY); // a younger one too: the mature one still counts
    answer(score, answeredAt);
    const category = classifyScore(score);
    const risk = survey === "null" ? 0.15 : category === "DETRACTOR" ? 0.3 : category === "PASSIVE" ? 0.15 : 0.07;
    const churned = random() < risk;
    truths.push({ survey, region, score, churned });
    if (churned) event(contact, "churned", answeredAt + (1 + Math.floor(random() * (WINDOW - 2))) * DAY, i % 2 === 0);
    // Noise that must not count: churn before the answer or after the window, and other types.
    if (random() < 0.1) event(contact, "churned", answeredAt - 3 * DAY, true);
    if (random() < 0.1) event(contact, "churned", answeredAt + (WINDOW + 3) * DAY, false);
    if (random() < 0.3) event(contact, "purchased", answeredAt + 10 * DAY, true, 1000 + Math.round(random() * 500));
  });
  await insertResponses(responses);
  for (let start = 0; start < events.length; start += 5000) {
    const response = await post({ events: events.slice(start, start + 5000) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { unmatched: unknown[] }).unmatched).toEqual([]);
  }
}, 180_000);

/** The report's figures recomputed from the generated rows with the library's tests. */
function expected(subset: Truth[]) {
  const keys = ["promoter", "passive", "detractor"] as const;
  const of = (key: (typeof keys)[number]) => subset.filter((t) => classifyScore(t.score).toLowerCase() === key);
  const groups = keys.map((key) => {
    const rows = of(key);
    const events = rows.filter((t) => t.churned).length;
    const interval = wilsonInterval(events, rows.length)!;
    return { key, n: rows.length, events, rate: roundTo(events / rows.length, 4), ciLow: roundTo(interval.low, 4), ciHigh: roundTo(interval.high, 4) };
  });
  const [p, , d] = groups;
  const test = twoProportionTest(d!.events, d!.n, p!.events, p!.n)!;
  const chi = chiSquareIndependence(groups.map((g) => [g.events, g.n - g.events]))!;
  const reportP = (value: number) => (value < 0.0001 ? { p: 0.0001, pBelow: true } : { p: roundTo(value, 4) });
  return {
    groups,
    detractorVsPromoter: { ratio: roundTo(test.ratio!, 2), difference: roundTo(test.difference, 4), ...reportP(test.p!) },
    chiSquare: { statistic: roundTo(chi.statistic, 2), df: 2, ...reportP(chi.p) },
  };
}

describe("GET /api/v1/surveys/{id}/outcomes", () => {
  it("equals a recomputation from the raw rows and detects a planted effect (detractors churn more)", async () => {
    const response = await report(effectSurvey, `type=churned&windowDays=${WINDOW}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as ApiOutcomeReport;
    const subset = truths.filter((t) => t.survey === "effect");
    expect(body).toEqual({ type: "churned", windowDays: WINDOW, excludedTooRecent: tooRecent.effect, ...expected(subset) });
    expect(body.detractorVsPromoter!.ratio!).toBeGreaterThan(2);
    expect(body.detractorVsPromoter!.p!).toBeLessThan(0.05);
    expect(body.chiSquare!.p).toBeLessThan(0.05);
  });

  it("does not detect an effect where there is none", async () => {
    const body = (await (await report(nullSurvey, `type=churned&windowDays=${WINDOW}`)).json()) as ApiOutcomeReport;
    const subset = truths.filter((t) => t.survey === "null");
    expect(body).toEqual({ type: "churned", windowDays: WINDOW, excludedTooRecent: tooRecent.null, ...expected(subset) });
    expect(body.detractorVsPromoter!.p!).toBeGreaterThan(0.05);
    expect(body.chiSquare!.p).toBeGreaterThan(0.05);
  });

  it("leaves out contacts whose answers are all younger than the window, and counts them", async () => {
    expect(tooRecent.effect).toBeGreaterThan(30);
    const body = (await (await report(effectSurvey, "type=churned&windowDays=90")).json()) as ApiOutcomeReport;
    // With a 90-day window fewer contacts are too young; every contact is either in the groups or excluded.
    const inGroups = body.groups.reduce((s, g) => s + g.n, 0);
    expect(inGroups + body.excludedTooRecent).toBe(800);
    expect(body.excludedTooRecent).toBeLessThan(tooRecent.effect);
  });

  it("applies the dashboard's filters (a region)", async () => {
    const body = (await (await report(effectSurvey, `type=churned&windowDays=${WINDOW}&attr.region=${encodeURIComponent("华东")}`)).json()) as ApiOutcomeReport;
    const subset = truths.filter((t) => t.survey === "effect" && t.region === "华东");
    expect(body.groups).toEqual(expected(subset).groups);
  });

  it("suppresses small groups and their tests", async () => {
    const custom = (await (await report(effectSurvey, "type=churned&windowDays=180&range=custom&from=2020-01-01&to=2020-12-31")).json()) as ApiOutcomeReport;
    expect(custom.groups.map((g) => g.n)).toEqual([0, 0, 0]);
    expect(custom.detractorVsPromoter).toBeNull();
    expect(custom.chiSquare).toBeNull();
  });

  it("refuses bad parameters with the error shape, and other organisations' surveys", async () => {
    for (const [query, status, code] of [
      ["windowDays=30", 422, "validation_failed"],
      ["type=Churn!", 422, "validation_failed"],
      ["type=churned&type=purchased", 400, "bad_request"],
      ["groupBy=channel", 400, "bad_request"],
      ["regoin=x", 400, "bad_request"],
    ] as const) {
      const response = await report(effectSurvey, query);
      expect(response.status, query).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code, query).toBe(code);
    }
    const foreign = await report(effectSurvey, "type=churned", foreignKey);
    expect(foreign.status).toBe(404);
    expect((await report(effectSurvey, "type=churned", "nps_bad")).status).toBe(401);
  });
});

describe("POST /api/v1/outcomes", () => {
  it("is idempotent by externalId, reports unmatched events by index, and keeps tenants apart", async () => {
    const batch = {
      events: [
        { externalId: "IDEM-1", customerId: "CUST-1", type: "revenue", occurredAt: "2026-10-01T08:00:00Z", amount: 1200.5 },
        { externalId: "IDEM-2", email: "c2@bank.example", type: "complaint", occurredAt: "2026-10-02T08:00:00+08:00" },
        { externalId: "IDEM-3", email: "nobody@bank.example", type: "churned", occurredAt: "2026-10-03T08:00:00Z" },
        { externalId: "IDEM-1", customerId: "CUST-1", type: "revenue", occurredAt: "2026-10-01T08:00:00Z", amount: 1200.5 },
      ],
    };
    const first = await post(batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 2, duplicates: 1, unmatched: [{ index: 2, reason: "contact_not_found" }] });
    const count = await db.outcomeEvent.count({ where: { organizationId } });
    const again = await post({ events: batch.events.map((e) => (e.externalId === "IDEM-2" ? { ...e, type: "churned" } : e)) });
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 3, unmatched: [{ index: 2, reason: "contact_not_found" }] });
    expect(await db.outcomeEvent.count({ where: { organizationId } })).toBe(count);
    const stored = await db.outcomeEvent.findFirstOrThrow({ where: { organizationId, externalId: "IDEM-1" } });
    expect(stored).toMatchObject({ type: "revenue", currency: "CNY" });
    expect(Number(stored.amount)).toBe(1200.5);
    expect((await db.outcomeEvent.findFirstOrThrow({ where: { organizationId, externalId: "IDEM-2" } })).type).toBe("complaint");

    // Another organisation: the same external id is its own, and our contacts are not its contacts.
    const foreign = await post({ events: [batch.events[0]!, { ...batch.events[1]!, externalId: "F-2" }] }, foreignKey);
    expect(await foreign.json()).toEqual({
      accepted: 0,
      duplicates: 0,
      unmatched: [
        { index: 0, reason: "contact_not_found" },
        { index: 1, reason: "contact_not_found" },
      ],
    });
    const theirs = await db.contact.create({ data: { organizationId: foreignId, externalId: "CUST-1" } });
    expect(await (await post({ events: [batch.events[0]!] }, foreignKey)).json()).toEqual({ accepted: 1, duplicates: 0, unmatched: [] });
    expect(await db.outcomeEvent.count({ where: { organizationId: foreignId, contactId: theirs.id } })).toBe(1);
  });

  it("refuses invalid events and more than 5,000 in one call (422), and answers 401 without a key", async () => {
    const valid = { externalId: "X", email: "c1@bank.example", type: "churned", occurredAt: "2026-10-01T08:00:00Z" };
    for (const body of [
      { events: [] },
      { events: Array.from({ length: 5001 }, (_, i) => ({ ...valid, externalId: `X-${i}` })) },
      { events: [{ ...valid, occurredAt: "2026-10-01" }] },
      { events: [{ ...valid, customerId: "CUST-1" }] },
      { events: [{ ...valid, amount: "12" }] },
      { events: [{ ...valid, extra: 1 }] },
    ]) {
      const response = await post(body);
      expect(response.status).toBe(422);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    }
    expect((await post({ events: [valid] }, "nope")).status).toBe(401);
    // A key without the outcomes write scope (new keys read everything and write nothing) may read the report only.
    const refused = await post({ events: [valid] }, readOnlyKey);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error.message).toContain("outcomes:write");
    expect((await report(effectSurvey, "type=churned", readOnlyKey)).status).toBe(200);
  });
});

describe("the OpenAPI document", () => {
  it("describes both outcomes operations with examples valid against their schemas", async () => {
    const doc = (await getOpenApi().json()) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const report = doc.paths["/api/v1/surveys/{id}/outcomes"]!.get!;
    const ok = (report.responses as Record<string, { content: Record<string, { example: unknown }> }>)["200"]!;
    expect(apiOutcomeReportSchema.safeParse(ok.content["application/json"]!.example).success).toBe(true);
    const names = (report.parameters as { name: string }[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["type", "windowDays", "range", "channel"]));
    expect(names).not.toContain("groupBy");
    const record = doc.paths["/api/v1/outcomes"]!.post!;
    const body = record.requestBody as { content: Record<string, { example: unknown }> };
    expect(recordOutcomesSchema.safeParse(body.content["application/json"]!.example).success).toBe(true);
    const answer = (record.responses as Record<string, { content: Record<string, { example: unknown }> }>)["200"]!;
    expect(recordOutcomesResultSchema.safeParse(answer.content["application/json"]!.example).success).toBe(true);
  });
});

describe("the contact's behaviour", () => {
  it("lists a contact's events newest first (amounts hidden from a masked view), scoped to the organisation", async () => {
    const contact = await db.contact.create({ data: { organizationId, email: "timeline@bank.example" } });
    const response = await post({
      events: [
        { externalId: "TL-1", email: "timeline@bank.example", type: "purchased", occurredAt: "2026-03-01T00:00:00Z", amount: 5000 },
        { externalId: "TL-2", email: "timeline@bank.example", type: "churned", occurredAt: "2026-06-01T00:00:00Z" },
      ],
    });
    expect(await response.json()).toMatchObject({ accepted: 2 });
    const full = await listContactOutcomes({ organizationId, contactId: contact.id, personalData: "full" });
    expect(full.total).toBe(2);
    expect(full.events.map((e) => [e.type, e.amount, e.currency])).toEqual([
      ["churned", null, null],
      ["purchased", 5000, "CNY"],
    ]);
    const masked = await listContactOutcomes({ organizationId, contactId: contact.id, personalData: "masked" });
    expect(masked.events.map((e) => e.amount)).toEqual([null, null]);
    expect((await listContactOutcomes({ organizationId: foreignId, contactId: contact.id, personalData: "full" })).total).toBe(0);
  });

  it("erasing the contact removes their events' amounts and keeps the events in the rates", async () => {
    const contact = await db.contact.findFirstOrThrow({ where: { organizationId, email: "timeline@bank.example" } });
    await eraseContact({ actor: { organizationId, userId: null, role: "ADMIN" }, contactId: contact.id });
    const events = await db.outcomeEvent.findMany({ where: { organizationId, contactId: contact.id }, orderBy: { occurredAt: "asc" } });
    expect(events.map((e) => [e.type, e.amount, e.currency])).toEqual([
      ["purchased", null, null],
      ["churned", null, null],
    ]);
  });
});

describe("non-response on behaviour", () => {
  it("compares the outcome among invited respondents and non-respondents, recomputed from the rows", async () => {
    const surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Invited", brandName: "Bank" } })).id;
    const random = seededRandom(7);
    const now = Date.now();
    const sides = { answered: { n: 0, events: 0 }, silent: { n: 0, events: 0 } };
    const events: Event[] = [];
    for (let i = 0; i < 120; i++) {
      const contact = await db.contact.create({ data: { organizationId, email: `inv${i}@bank.example` } });
      const invitedAt = now - (200 + Math.floor(random() * 100)) * DAY;
      const answered = i % 3 === 0;
      await db.invitation.create({
        data: { organizationId, surveyId, contactId: contact.id, token: generateToken(), createdAt: new Date(invitedAt), respondedAt: answered ? new Date(invitedAt + DAY) : null },
      });
      // Silent customers leave more often.
      const churned = random() < (answered ? 0.05 : 0.45);
      const side = answered ? sides.answered : sides.silent;
      side.n += 1;
      if (churned) {
        side.events += 1;
        events.push({ externalId: `NR-${i}`, email: contact.email!, type: "churned", occurredAt: new Date(invitedAt + 30 * DAY).toISOString() });
      }
    }
    // A recent invitation does not count (its window is not over).
    const recent = await db.contact.create({ data: { organizationId, email: "inv-recent@bank.example" } });
    await db.invitation.create({ data: { organizationId, surveyId, contactId: recent.id, token: generateToken(), createdAt: new Date(now - 10 * DAY) } });
    await post({ events });
    const report = await getOutcomeReport({ organizationId, surveyId, searchParams: new URLSearchParams("type=churned&windowDays=180"), withNonResponse: true });
    const rate = (s: { n: number; events: number }) => roundTo(s.events / s.n, 4);
    expect(report.nonResponse).toMatchObject({
      respondents: { n: sides.answered.n, events: sides.answered.events, rate: rate(sides.answered) },
      nonRespondents: { n: sides.silent.n, events: sides.silent.events, rate: rate(sides.silent) },
      difference: roundTo(sides.silent.events / sides.silent.n - sides.answered.events / sides.answered.n, 4),
      suppressed: false,
    });
    expect(report.nonResponse!.p!).toBeLessThan(0.05);
    // The API's answer keeps the contract's shape.
    const body = (await (await report_(surveyId)).json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["chiSquare", "detractorVsPromoter", "excludedTooRecent", "groups", "type", "windowDays"]);
  });
});

function report_(surveyId: string) {
  return report(surveyId, "type=churned&windowDays=180");
}
