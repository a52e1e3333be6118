import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getNps } from "@/app/api/v1/surveys/[id]/nps/route";
import { npsFromScores, toApiStats } from "@/lib/nps";
import { apiGroupedNpsSchema, apiNpsResultSchema } from "@/schemas/api";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { resolveFilter } from "@/server/analytics/filter";
import { getSegments } from "@/server/analytics/get-segments";
import { getTrend } from "@/server/analytics/get-trend";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization } from "./support/fixtures";
import { insertResponses } from "./support/responses";

// Issue 13, "suppression leaks": a group hidden in a groupBy answer (n < 5) must not be shown by a plain filter, by
// the overall block when it is the only group, nor by subtraction across day / week / month groups.
const ORIGIN = "http://localhost:3000";
const RANGE = "range=custom&from=2026-03-01&to=2026-03-31";
const HIDDEN = { n: 3, promoters: null, passives: null, detractors: null, nps: null, ciLow: null, ciHigh: null, mean: null };

let organizationId: string;
let surveyId: string;
let key: string;

type Seed = { tier: string; score: number; day: number };
const seeds: Seed[] = [];

async function get(query: string): Promise<unknown> {
  const url = `${ORIGIN}/api/v1/surveys/${surveyId}/nps?${query}`;
  const response = await getNps(new NextRequest(url, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ id: surveyId }) });
  const body: unknown = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

beforeAll(async () => {
  const org = await createOrganization("Suppression Leaks Bank");
  organizationId = org.id;
  expect(org.suppressN).toBe(5);
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  key = (await createApiKey({ actor: { organizationId, userId: null, role: "ADMIN" }, input: { name: "Test" } })).key;
  // 60 standard answers on March 2–13 (five a day), 12 gold on March 2–13 (one a day), and 3 private-banking answers
  // that must stay hidden: two on March 25 and one on March 26 — days nobody else answered.
  for (let i = 0; i < 60; i++) seeds.push({ tier: "standard", score: (i * 7) % 11, day: 2 + Math.floor(i / 5) });
  for (let i = 0; i < 12; i++) seeds.push({ tier: "gold", score: 10 - (i % 4), day: 2 + i });
  seeds.push({ tier: "private", score: 0, day: 25 }, { tier: "private", score: 2, day: 25 }, { tier: "private", score: 10, day: 26 });
  await insertResponses(
    seeds.map((s, i) => ({
      organizationId,
      surveyId,
      score: s.score,
      category: s.score >= 9 ? "PROMOTER" : s.score >= 7 ? "PASSIVE" : "DETRACTOR",
      locale: "zh-CN",
      channel: "EMAIL",
      completed: true,
      attributes: { tier: s.tier },
      createdAt: new Date(Date.UTC(2026, 2, s.day, 4, i % 60)),
    })),
  );
});

describe("suppression leaks (issue 13)", () => {
  it("groupBy hides the small tier (and its complement)", async () => {
    const body = apiGroupedNpsSchema.parse(await get(`${RANGE}&groupBy=attribute:tier`));
    const privateGroup = body.groups.find((g) => g.key === "private");
    expect(privateGroup).toEqual({ key: "private", ...HIDDEN, suppressed: true });
    // The smallest other tier is hidden too, so private is not overall − standard − gold.
    expect(body.groups.find((g) => g.key === "gold")?.suppressed).toBe(true);
    expect(body.groups.find((g) => g.key === "standard")?.suppressed).toBe(false);
  });

  it("a plain filter on the small tier does not give its counts", async () => {
    const body = apiNpsResultSchema.parse(await get(`${RANGE}&attr.tier=private`));
    expect(body).toEqual(HIDDEN);
    expect(Object.keys(body)).toEqual(["n", "promoters", "passives", "detractors", "nps", "ciLow", "ciHigh", "mean"]);
    // A big enough segment is answered in full.
    const gold = apiNpsResultSchema.parse(await get(`${RANGE}&attr.tier=gold`));
    expect(gold).toEqual(toApiStats(npsFromScores(seeds.filter((s) => s.tier === "gold").map((s) => s.score))));
  });

  it("the overall block is hidden when the filter leaves only the small group", async () => {
    const body = apiGroupedNpsSchema.parse(await get(`${RANGE}&attr.tier=private&groupBy=attribute:tier`));
    expect(body.groups).toEqual([{ key: "private", ...HIDDEN, suppressed: true }]);
    expect(body.overall).toEqual(HIDDEN);
    const byDay = apiGroupedNpsSchema.parse(await get(`${RANGE}&attr.tier=private&groupBy=day`));
    expect(byDay.overall).toEqual(HIDDEN);
    for (const group of byDay.groups) expect(group.suppressed).toBe(true);
  });

  it("day, week and month groups cannot be subtracted from the overall to recover a small period", async () => {
    for (const groupBy of ["day", "week", "month"]) {
      const body = apiGroupedNpsSchema.parse(await get(`${RANGE}&groupBy=${groupBy}`));
      const hidden = body.groups.filter((g) => g.suppressed);
      const hiddenN = hidden.reduce((sum, g) => sum + g.n, 0);
      // Either nothing is hidden, or overall − the visible periods spreads over ≥ 2 periods holding ≥ 5 answers.
      if (hidden.length > 0) {
        expect(hidden.length, groupBy).toBeGreaterThanOrEqual(2);
        expect(hiddenN, groupBy).toBeGreaterThanOrEqual(5);
      }
      for (const group of hidden) expect(group.promoters).toBeNull();
    }
    // Days: March 25 (2 answers) and 26 (1) are small; hidden together they hold 3 < 5, so the smallest shown day
    // (six answers each on March 2–13; the latest on ties) is hidden too.
    const days = apiGroupedNpsSchema.parse(await get(`${RANGE}&groupBy=day`));
    expect(days.groups.filter((g) => g.suppressed).map((g) => g.key)).toEqual(["2026-03-13", "2026-03-25", "2026-03-26"]);
    // Weeks: the week of March 23 (3 answers) is small and alone, so the smaller other week (March 9, 30) goes too.
    const weeks = apiGroupedNpsSchema.parse(await get(`${RANGE}&groupBy=week`));
    expect(weeks.groups.map((g) => [g.key, g.n, g.suppressed])).toEqual([
      ["2026-03-02", 42, false],
      ["2026-03-09", 30, true],
      ["2026-03-23", 3, true],
    ]);
    expect(weeks.overall.n).toBe(75);
  });

  it("the dashboard's services mark the same groups and the same overall", async () => {
    const scope = { organizationId, timeZone: "Asia/Shanghai" };
    const base = { range: "custom" as const, from: "2026-03-01", to: "2026-03-31", survey: [surveyId], channel: [], touchpoint: [] };
    const filter = resolveFilter({ ...base, attributes: { tier: ["private"] } }, scope);
    const segments = await getSegments(filter, { kind: "attribute", key: "tier" }, { minN: 30, suppressN: 5 });
    expect(segments.overallSuppressed).toBe(true);
    expect(segments.groups.every((g) => g.status === "suppressed")).toBe(true);
    const whole = resolveFilter({ ...base, attributes: {} }, scope);
    expect((await getSegments(whole, { kind: "attribute", key: "tier" }, { minN: 30, suppressN: 5 })).overallSuppressed).toBe(false);
    const trend = await getTrend(whole, "day", { suppressN: 5 });
    const hidden = trend.points.filter((p) => p.suppressedReason !== null);
    expect(hidden.map((p) => p.suppressedReason)).toContain("complementary");
    expect(hidden.reduce((sum, p) => sum + p.stats.n, 0)).toBeGreaterThanOrEqual(5);
  });
});
