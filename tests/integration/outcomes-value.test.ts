/**
 * The validation report's page parts (issue 15) recomputed from the generated rows: value at stake (revenue-weighted
 * NPS, revenue at risk), the table by segment (BH-adjusted, suppressed) and the relationship per quarter with its
 * trend — a planted effect that weakens over time is seen as weakening, a region without an effect is not flagged.
 * The API's answer keeps the contract's keys.
 */
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getOutcomes } from "@/app/api/v1/surveys/[id]/outcomes/route";
import { classifyScore } from "@/lib/nps";
import { compareOverTime, compareSegments, type GroupCategoryCount } from "@/lib/outcome-breakdowns";
import { revenueAtRisk, revenueWeightedNps, type ValueCategories } from "@/lib/outcome-value";
import { seededRandom } from "@/lib/random";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { db } from "@/server/db";
import { getOutcomeReport } from "@/server/outcomes/get-outcome-report";
import { recordOutcomeEvents } from "@/server/outcomes/record-outcome-events";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization } from "./support/fixtures";
import { insertResponses } from "./support/responses";

const DAY = 86_400_000;
const WINDOW = 180;
const NOW = new Date("2026-12-07T00:00:00Z");
/** Six quarters, all older than a window; answers fall mid-quarter (time zones cannot move them). */
const QUARTERS = ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"];
const MID = QUARTERS.map((q) => {
  const [year, n] = q.split("-Q").map(Number) as [number, number];
  return Date.UTC(year, (n - 1) * 3 + 1, 15, 12);
});

type Truth = { region: string; quarter: string; score: number; churned: boolean; revenue: number };
const truths: Truth[] = [];
let organizationId: string;
let surveyId: string;
let foreignId: string;
let suppressN: number;

beforeAll(async () => {
  const org = await createOrganization("Value Bank");
  organizationId = org.id;
  suppressN = org.suppressN;
  foreignId = (await createOrganization("Value Foreign")).id;
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  const random = seededRandom(15_0028);
  const regions = (i: number) => (i < 4 ? "西北" : ["华东", "华北", "华南"][i % 3]!);
  const contacts = await db.contact.createManyAndReturn({
    data: Array.from({ length: 1804 }, (_, i) => ({ organizationId, externalId: `V-${i}`, attributes: { region: regions(i) } })),
    select: { id: true, externalId: true, attributes: true },
  });
  const responses: Parameters<typeof insertResponses>[0] = [];
  const events: { organizationId: string; contactId: string; type: string; occurredAt: Date; amount?: number; currency?: string; externalId: string }[] = [];
  let no = 0;
  const event = (contactId: string, type: string, at: number, amount?: number) =>
    events.push({ organizationId, contactId, type, occurredAt: new Date(at), externalId: `VE-${no++}`, ...(amount === undefined ? {} : { amount, currency: "CNY" }) });
  contacts.forEach((contact, i) => {
    const region = (contact.attributes as { region: string }).region;
    const k = i % QUARTERS.length;
    const answeredAt = MID[k]! + Math.floor(random() * 20 - 10) * DAY;
    const score = Math.floor(random() * 11);
    const category = classifyScore(score);
    responses.push({ organizationId, surveyId, contactId: contact.id, score, category, locale: "zh-CN", channel: "EMAIL", attributes: { region }, createdAt: new Date(answeredAt) });
    if (i % 17 === 0) {
      // A younger answer: too recent for the whole report, and for its quarter too.
      responses.push({ organizationId, surveyId, contactId: contact.id, score: 10 - score, category: classifyScore(10 - score), locale: "zh-CN", channel: "EMAIL", attributes: { region }, createdAt: new Date(NOW.getTime() - 40 * DAY) });
    }
    // Detractors churn more, less so every quarter (the relationship weakens); none of that in 华南.
    const risk = region === "华南" ? 0.12 : category === "DETRACTOR" ? 0.5 - 0.07 * k : category === "PASSIVE" ? 0.12 : 0.06;
    const churned = random() < risk;
    if (churned) event(contact.id, "churned", answeredAt + (1 + Math.floor(random() * (WINDOW - 2))) * DAY);
    let revenue = 0;
    const payments = Math.floor(random() * 4);
    for (let p = 0; p < payments; p++) {
      const amount = (category === "PROMOTER" ? 800 : 400) + Math.floor(random() * 3000);
      revenue += amount;
      event(contact.id, "revenue", answeredAt + (1 + Math.floor(random() * (WINDOW - 2))) * DAY, amount);
    }
    if (random() < 0.2) {
      // A refund in the window: revenue may net out negative, which weighs nothing (max 0).
      const refund = -Math.floor(random() * 2000);
      revenue += refund;
      event(contact.id, "revenue", answeredAt + 5 * DAY, refund);
    }
    // Outside the window: never counted.
    if (random() < 0.3) event(contact.id, "revenue", answeredAt + (WINDOW + 5) * DAY, 99_999);
    if (random() < 0.1) event(contact.id, "churned", answeredAt - 3 * DAY);
    truths.push({ region, quarter: QUARTERS[k]!, score, churned, revenue: Math.max(0, revenue) });
  });
  await insertResponses(responses);
  // Through the API's writer, which keeps the answers' follow-ups (docs/decisions/0028).
  const customerIds = new Map(contacts.map((contact) => [contact.id, contact.externalId!]));
  for (let start = 0; start < events.length; start += 5000) {
    const input = {
      events: events
        .slice(start, start + 5000)
        .map(({ contactId, occurredAt, type, externalId, amount, currency }) => ({ externalId, customerId: customerIds.get(contactId)!, type, occurredAt: occurredAt.toISOString(), amount, currency })),
    };
    expect((await recordOutcomeEvents({ organizationId, input })).unmatched).toEqual([]);
  }
}, 180_000);

function categoryOf(score: number): GroupCategoryCount["category"] {
  return ({ PROMOTER: "promoter", PASSIVE: "passive", DETRACTOR: "detractor" } as const)[classifyScore(score)];
}

function counts(keyOf: (t: Truth) => string): GroupCategoryCount[] {
  const cells = new Map<string, GroupCategoryCount>();
  for (const t of truths) {
    const key = keyOf(t);
    const category = categoryOf(t.score);
    const cell = cells.get(`${key}|${category}`) ?? { key, category, n: 0, events: 0 };
    cell.n += 1;
    cell.events += t.churned ? 1 : 0;
    cells.set(`${key}|${category}`, cell);
  }
  return [...cells.values()];
}

function page(query: string, options: Partial<Parameters<typeof getOutcomeReport>[0]> = {}) {
  return getOutcomeReport({ organizationId, surveyId, searchParams: new URLSearchParams(query), now: NOW, ...options });
}

describe("value at stake", () => {
  it("equals revenue-weighted NPS and revenue at risk recomputed from the contacts' revenue and churn in the window", async () => {
    const report = await page(`type=churned&windowDays=${WINDOW}`, { withValue: true });
    const sums: ValueCategories = {
      promoter: { n: 0, revenue: 0, revenueSquares: 0, churned: 0, churnedRevenue: 0 },
      passive: { n: 0, revenue: 0, revenueSquares: 0, churned: 0, churnedRevenue: 0 },
      detractor: { n: 0, revenue: 0, revenueSquares: 0, churned: 0, churnedRevenue: 0 },
    };
    for (const t of truths) {
      const s = sums[categoryOf(t.score)];
      s.n += 1;
      s.revenue += t.revenue;
      s.revenueSquares += t.revenue * t.revenue;
      s.churned += t.churned ? 1 : 0;
      s.churnedRevenue += t.churned ? t.revenue : 0;
    }
    expect(report.value).toEqual({ weighted: revenueWeightedNps(sums), atRisk: revenueAtRisk(sums), suppressed: false });
    expect(report.value!.atRisk!.amount).toBeGreaterThan(0);
    expect(report.value!.atRisk!.ciLow!).toBeGreaterThan(0);
    // The same whatever outcome the page shows: value at stake is about churn and revenue.
    const purchased = await page(`type=purchased&windowDays=${WINDOW}`, { withValue: true });
    expect(purchased.value).toEqual(report.value);
    // Without the option (the API), nothing is computed.
    expect((await page(`type=churned&windowDays=${WINDOW}`)).value).toBeNull();
  });
});

describe("by segment", () => {
  it("compares detractors with promoters per region, BH-adjusted, hiding a small region and one more", async () => {
    const report = await page(`type=churned&windowDays=${WINDOW}`, { segmentBy: { kind: "attribute", key: "region" } });
    expect(report.segments!.rows).toEqual(compareSegments(counts((t) => t.region), suppressN));
    const byKey = Object.fromEntries(report.segments!.rows.map((r) => [r.key, r]));
    expect(byKey["西北"]!.suppressed).toBe("small");
    expect(report.segments!.rows.filter((r) => r.suppressed === "complementary")).toHaveLength(1);
    const shown = report.segments!.rows.filter((r) => r.suppressed === null);
    for (const row of shown) {
      if (row.key === "华南") expect(row.significant, row.key).toBe(false);
      else expect(row.significant, row.key).toBe(true);
    }
    // The totals are the report's.
    expect(report.segments!.rows.reduce((s, r) => s + r.n, 0)).toBe(report.api.groups.reduce((s, g) => s + g.n, 0));
  });

  it("refuses a dimension that is not one (400) and keeps other organisations out", async () => {
    await expect(page("type=churned", { segmentBy: { kind: "attribute", key: "email" } })).rejects.toMatchObject({ code: "bad_request" });
    await expect(getOutcomeReport({ organizationId: foreignId, surveyId, searchParams: new URLSearchParams("type=churned"), segmentBy: { kind: "channel" } })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("over time", () => {
  it("gives the ratio per quarter of the answer and sees the planted relationship weaken", async () => {
    const report = await page(`type=churned&windowDays=${WINDOW}`, { withTrend: true });
    const expected = compareOverTime(counts((t) => t.quarter), suppressN);
    expect(report.overTime).toEqual(expected);
    expect(report.overTime!.periods.map((p) => p.key)).toEqual(QUARTERS);
    expect(report.overTime!.trend).toMatchObject({ direction: "weakening", periods: 6 });
    expect(report.overTime!.trend!.factorPerQuarter).toBeLessThan(1);
  });
});

describe("the API", () => {
  it("keeps the contract's keys", async () => {
    const key = (await createApiKey({ actor: { organizationId, userId: null, role: "ADMIN" }, input: { name: "Reader" } })).key;
    const response = await getOutcomes(
      new NextRequest(`http://localhost:3000/api/v1/surveys/${surveyId}/outcomes?type=revenue&windowDays=180`, { headers: { authorization: `Bearer ${key}` } }),
      { params: Promise.resolve({ id: surveyId }) },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["chiSquare", "detractorVsPromoter", "excludedTooRecent", "groups", "type", "windowDays"]);
  });
});
