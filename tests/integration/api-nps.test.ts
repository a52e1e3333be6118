import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getNps } from "@/app/api/v1/surveys/[id]/nps/route";
import { addDays, todayIn } from "@/lib/date-range";
import { classifyScore, npsFromScores, toApiStats, type ApiNpsStats } from "@/lib/nps";
import { apiGroupedNpsSchema, apiNpsStatsSchema, type ApiGroupBody } from "@/schemas/api";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { insertResponse, insertResponses } from "./support/responses";
import { createOrganization } from "./support/fixtures";
import { seededRandom } from "@/lib/random";

const ORIGIN = "http://localhost:3000";
const TIME_ZONE = "Asia/Shanghai";
const SUPPRESS_N = 5;
const JAN_TO_MAR = "range=custom&from=2026-01-01&to=2026-03-31";


type Channel = "EMAIL" | "LINK" | "QR" | "SMS";
type Row = {
  surveyId: string;
  score: number | null;
  excluded: boolean;
  channel: Channel;
  touchpoint: string | null;
  locale: string;
  region: string;
  createdAt: Date;
  /** The local day in the organisation's time zone. */
  day: string;
};

let organizationId: string;
let surveyId: string;
let siblingSurveyId: string;
let foreignSurveyId: string;
let key: string;
const rows: Row[] = [];

function call(query: string, id = surveyId, apiKey = key): Promise<Response> {
  const url = `${ORIGIN}/api/v1/surveys/${id}/nps${query ? `?${query}` : ""}`;
  return getNps(new NextRequest(url, { headers: { authorization: `Bearer ${apiKey}` } }), { params: Promise.resolve({ id }) });
}

async function ok(query: string, id = surveyId): Promise<unknown> {
  const response = await call(query, id);
  const body: unknown = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("cache-control")).toBe("no-store");
  return body;
}

async function stats(query: string, id = surveyId): Promise<ApiNpsStats> {
  const body = await ok(query, id);
  return apiNpsStatsSchema.parse(body);
}

async function grouped(query: string, id = surveyId) {
  const body = await ok(query, id);
  return apiGroupedNpsSchema.parse(body);
}

async function expectError(response: Response, status: number, code: string): Promise<string> {
  const body: unknown = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(body).toEqual({ error: { code, message: expect.any(String) } });
  const message = (body as { error: { message: string } }).error.message;
  expect(message.length).toBeGreaterThan(0);
  return message;
}

function scoresOf(selected: Row[]): number[] {
  return selected.filter((r) => !r.excluded && r.score !== null).map((r) => r.score as number);
}

function inRange(from: string, to: string, id = surveyId) {
  return rows.filter((r) => r.surveyId === id && r.day >= from && r.day <= to);
}

/** The API's figures for raw rows, computed with npsFromScores (the product's one implementation). */
function expectedStats(selected: Row[]): ApiNpsStats {
  return toApiStats(npsFromScores(scoresOf(selected)));
}

function expectedGroups(selected: Row[], keyOf: (row: Row) => string): Map<string, ApiGroupBody> {
  const byKey = new Map<string, Row[]>();
  for (const row of selected) {
    if (row.excluded || row.score === null) continue;
    const k = keyOf(row);
    byKey.set(k, [...(byKey.get(k) ?? []), row]);
  }
  const out = new Map<string, ApiGroupBody>();
  for (const [k, groupRows] of byKey) {
    const s = expectedStats(groupRows);
    out.set(
      k,
      s.n < SUPPRESS_N
        ? { key: k, n: s.n, promoters: null, passives: null, detractors: null, nps: null, ciLow: null, ciHigh: null, mean: null, suppressed: true }
        : { key: k, ...s, suppressed: false },
    );
  }
  // Complementary suppression (issue 13: segments and periods alike): while exactly one group is hidden, or the
  // hidden ones hold fewer than SUPPRESS_N answers together, the smallest visible group (last in the order n
  // descending, then key) is hidden too.
  const visible = [...out.values()].filter((g) => !g.suppressed).sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
  for (;;) {
    const hidden = [...out.values()].filter((g) => g.suppressed);
    const hiddenN = hidden.reduce((sum, g) => sum + g.n, 0);
    if (hidden.length === 0 || (hidden.length >= 2 && hiddenN >= SUPPRESS_N)) break;
    const last = visible.pop();
    if (!last) break;
    out.set(last.key, { key: last.key, n: last.n, promoters: null, passives: null, detractors: null, nps: null, ciLow: null, ciHigh: null, mean: null, suppressed: true });
  }
  return out;
}

function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

beforeAll(async () => {
  const org = await createOrganization("Api Nps Bank");
  organizationId = org.id;
  expect(org.timeZone).toBe(TIME_ZONE);
  expect(org.suppressN).toBe(SUPPRESS_N);
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  siblingSurveyId = (
    await createSurvey({
      organizationId,
      userId: null,
      input: { name: "Claims", brandName: "Bank", kind: "TRANSACTIONAL", touchpoint: "claim settled" },
    })
  ).id;
  const foreign = await createOrganization("Api Nps Foreign");
  foreignSurveyId = (await createSurvey({ organizationId: foreign.id, userId: null, input: { name: "Theirs", brandName: "X" } })).id;
  await insertResponse({ organizationId: foreign.id, surveyId: foreignSurveyId, score: 10, category: "PROMOTER", locale: "en", channel: "LINK" });
  key = (await createApiKey({ actor: { organizationId, userId: null, role: "ADMIN" }, input: { name: "Test" } })).key;

  const random = seededRandom(20261122);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const weights: Record<string, number[]> = {
    华东: [1, 1, 1, 1, 1, 2, 3, 5, 8, 9, 8],
    华南: [3, 2, 3, 3, 4, 5, 5, 5, 4, 3, 3],
    华北: [5, 3, 4, 4, 5, 6, 5, 4, 3, 2, 2],
  };
  const draw = (w: number[]): number => {
    let target = random() * w.reduce((a, b) => a + b, 0);
    for (const [score, weight] of w.entries()) {
      target -= weight;
      if (target < 0) return score;
    }
    return 10;
  };
  const push = (row: Omit<Row, "day">) => rows.push({ ...row, day: todayIn(TIME_ZONE, row.createdAt) });
  const start = Date.UTC(2025, 11, 28); // a few days before the range, so its first local day is exercised
  for (let i = 0; i < 900; i++) {
    const region = pick(["华东", "华南", "华北"] as const);
    push({
      surveyId: random() < 0.8 ? surveyId : siblingSurveyId,
      score: random() < 0.06 ? null : draw(weights[region] ?? []),
      excluded: random() < 0.05,
      channel: pick(["EMAIL", "LINK", "QR", "SMS"] as const),
      touchpoint: random() < 0.3 ? null : pick(["开户", "理财咨询", "branch visit"]),
      locale: random() < 0.35 ? "en" : "zh-CN",
      region,
      // Every ~2.9 h across ~108 days: many rows fall on the other side of midnight in Shanghai than in UTC.
      createdAt: new Date(start + Math.floor(i * 2.9 * 3_600_000) + Math.floor(random() * 3_600_000)),
    });
  }
  // A small region: its group must be suppressed (3 answers, plus one skipped and one excluded).
  for (const [i, score] of [10, 2, 9, null, 0].entries()) {
    push({
      surveyId,
      score,
      excluded: i === 4,
      channel: "EMAIL",
      touchpoint: "开户",
      locale: "zh-CN",
      region: "西北",
      createdAt: new Date(Date.UTC(2026, 1, 10, 3 + i)),
    });
  }
  // Recent answers for the preset ranges.
  for (const [i, score] of [9, 10, 7, 3, 8, 10].entries()) {
    push({
      surveyId,
      score,
      excluded: false,
      channel: "LINK",
      touchpoint: null,
      locale: "en",
      region: "华东",
      createdAt: new Date(Date.now() - (30 + i) * 3_600_000),
    });
  }
  await insertResponses(rows.map((row) => ({
      organizationId,
      surveyId: row.surveyId,
      score: row.score,
      category: row.score === null ? null : classifyScore(row.score),
      excluded: row.excluded,
      locale: row.locale,
      channel: row.channel,
      touchpoint: row.touchpoint,
      completed: true,
      attributes: { region: row.region, tier: row.region === "华东" ? "gold" : "standard" },
      createdAt: row.createdAt,
    })));
});

describe("GET /api/v1/surveys/{id}/nps without groupBy", () => {
  it("answers exactly the contract's stats shape, equal to npsFromScores of the raw rows", async () => {
    const body = await ok(JAN_TO_MAR);
    const expected = expectedStats(inRange("2026-01-01", "2026-03-31"));
    expect(body).toEqual(expected);
    expect(Object.keys(body as object)).toEqual(["n", "promoters", "passives", "detractors", "nps", "ciLow", "ciHigh", "mean"]);
    expect(expected.n).toBeGreaterThan(500);
    for (const value of Object.values(body as object)) expect(typeof value).toBe("number");
  });

  it("counts only this survey, never the sibling survey of the same organisation", async () => {
    expect(await stats(JAN_TO_MAR, siblingSurveyId)).toEqual(expectedStats(inRange("2026-01-01", "2026-03-31", siblingSurveyId)));
  });

  it("applies channel, touchpoint and attribute filters (repeatable, OR within, AND across)", async () => {
    const base = inRange("2026-01-01", "2026-03-31");
    const cases: [string, (r: Row) => boolean][] = [
      ["channel=EMAIL", (r) => r.channel === "EMAIL"],
      ["channel=EMAIL&channel=QR", (r) => r.channel === "EMAIL" || r.channel === "QR"],
      ["touchpoint=开户", (r) => r.touchpoint === "开户"],
      ["attr.region=华东&attr.region=华南", (r) => r.region === "华东" || r.region === "华南"],
      ["attr.region=华北&channel=SMS&touchpoint=branch%20visit", (r) => r.region === "华北" && r.channel === "SMS" && r.touchpoint === "branch visit"],
      ["attr.tier=gold", (r) => r.region === "华东"],
      ["attr.region=nowhere", () => false],
    ];
    for (const [query, keep] of cases) {
      expect(await stats(`${JAN_TO_MAR}&${query}`), query).toEqual(expectedStats(base.filter(keep)));
    }
  });

  it("takes the custom range in the organisation's local days", async () => {
    for (const [from, to] of [["2026-01-01", "2026-01-01"], ["2026-01-15", "2026-02-14"], ["2026-02-10", "2026-02-10"]] as const) {
      expect(await stats(`range=custom&from=${from}&to=${to}`), `${from}..${to}`).toEqual(expectedStats(inRange(from, to)));
    }
  });

  it("uses the dashboard's presets relative to today (default 90 days)", async () => {
    const today = todayIn(TIME_ZONE);
    expect(await stats("range=7d")).toEqual(expectedStats(inRange(addDays(today, -6), today)));
    expect(await stats("")).toEqual(expectedStats(inRange(addDays(today, -89), today)));
    expect((await stats("range=7d")).n).toBe(6);
    expect(await stats("range=all")).toEqual(expectedStats(inRange("2000-01-01", today)));
  });

  it("answers n 0 with null figures when nothing matches", async () => {
    expect(await stats("range=custom&from=2024-01-01&to=2024-12-31")).toEqual({
      n: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      nps: null,
      ciLow: null,
      ciHigh: null,
      mean: null,
    });
  });
});

describe("GET /api/v1/surveys/{id}/nps with groupBy", () => {
  const base = () => inRange("2026-01-01", "2026-03-31");

  async function expectGroups(groupBy: string, keyOf: (row: Row) => string, selected = base(), extra = "") {
    const body = await grouped(`${JAN_TO_MAR}&groupBy=${encodeURIComponent(groupBy)}${extra}`);
    const expected = expectedGroups(selected, keyOf);
    expect(new Set(body.groups.map((g) => g.key))).toEqual(new Set(expected.keys()));
    expect(body.groups).toHaveLength(expected.size);
    for (const group of body.groups) expect(group, `${groupBy} ${group.key}`).toEqual(expected.get(group.key));
    expect(body.overall).toEqual(expectedStats(selected));
    return body;
  }

  it("attribute:region: every group equals npsFromScores of its rows; the small region is suppressed", async () => {
    const body = await expectGroups("attribute:region", (r) => r.region);
    const small = body.groups.find((g) => g.key === "西北");
    expect(small).toEqual({
      key: "西北",
      n: 3,
      promoters: null,
      passives: null,
      detractors: null,
      nps: null,
      ciLow: null,
      ciHigh: null,
      mean: null,
      suppressed: true,
    });
    // Exactly one region is small, so the smallest other region is hidden too (complementary suppression):
    // otherwise 西北's counts would be the overall minus the visible regions.
    const others = body.groups.filter((g) => g.key !== "西北");
    const smallestOther = others[others.length - 1];
    expect(smallestOther?.suppressed).toBe(true);
    expect(smallestOther?.nps).toBeNull();
    for (const group of others.slice(0, -1)) {
      expect(group.suppressed).toBe(false);
      expect(group.n).toBeGreaterThanOrEqual(SUPPRESS_N);
    }
    // Sorted by n, largest first (as the dashboard's segments).
    const ns = body.groups.map((g) => g.n);
    expect(ns).toEqual([...ns].sort((a, b) => b - a));
    // The overall is the whole filter, as without groupBy.
    expect(body.overall).toEqual(await stats(JAN_TO_MAR));
  });

  it("attribute groups respect the other filters", async () => {
    await expectGroups("attribute:region", (r) => r.region, base().filter((r) => r.channel === "QR"), "&channel=QR");
  });

  it("an attribute that is not a dimension is refused, naming the known dimensions", async () => {
    for (const query of [`${JAN_TO_MAR}&groupBy=attribute:missing`, `${JAN_TO_MAR}&attr.missing=x`]) {
      const response = await call(query);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(response.status).toBe(400);
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message).toContain("missing");
      expect(body.error.message).toContain("region");
    }
  });

  it("touchpoint, channel, locale and survey", async () => {
    await expectGroups("touchpoint", (r) => r.touchpoint ?? "");
    await expectGroups("channel", (r) => r.channel);
    await expectGroups("locale", (r) => r.locale);
    const body = await expectGroups("survey", (r) => r.surveyId);
    expect(body.groups.map((g) => g.key)).toEqual([surveyId]);
  });

  it("month, week and day: periods keyed by their first local day, in order", async () => {
    const months = await expectGroups("month", (r) => `${r.day.slice(0, 7)}-01`);
    expect(months.groups.map((g) => g.key)).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
    const weeks = await expectGroups("week", (r) => mondayOf(r.day));
    expect(weeks.groups[0]?.key).toBe("2025-12-29");
    const days = await expectGroups("day", (r) => r.day);
    const keys = days.groups.map((g) => g.key);
    expect(keys).toEqual([...keys].sort());
    // ~8 answers a day: days below the threshold exist and are suppressed.
    expect(days.groups.some((g) => g.suppressed)).toBe(true);
    expect(days.groups.some((g) => !g.suppressed)).toBe(true);
  });

  it("follows the organisation's own suppression threshold", async () => {
    await db.organization.update({ where: { id: organizationId }, data: { suppressN: 1000 } });
    try {
      const body = await grouped(`${JAN_TO_MAR}&groupBy=channel`);
      expect(body.groups.length).toBeGreaterThan(0);
      for (const group of body.groups) {
        expect(group.suppressed).toBe(true);
        expect(group.nps).toBeNull();
        expect(group.promoters).toBeNull();
        expect(group.n).toBeGreaterThan(0);
      }
      expect(body.overall.nps).not.toBeNull();
    } finally {
      await db.organization.update({ where: { id: organizationId }, data: { suppressN: SUPPRESS_N } });
    }
  });
});

describe("GET /api/v1/surveys/{id}/nps — errors", () => {
  it("another organisation's survey is 404 not_found, as is an unknown or malformed id", async () => {
    await expectError(await call("", foreignSurveyId), 404, "not_found");
    await expectError(await call(`${JAN_TO_MAR}&groupBy=channel`, foreignSurveyId), 404, "not_found");
    await expectError(await call("", "0195f3a2-7b1c-7d2e-8f3a-4b5c6d7e8f90"), 404, "not_found");
    await expectError(await call("", "not-a-uuid"), 404, "not_found");
  });

  it.each([
    ["groupBy=nonsense", "groupBy"],
    ["range=custom", "from"],
    ["range=custom&from=2026-01-01", "from"],
    ["from=2026-13-40", "from"],
    ["range=custom&from=2026-13-40&to=2026-12-31", "from"],
    ["range=custom&from=2026-02-30&to=2026-03-01", "from"],
    ["range=custom&from=2026-03-01&to=2026-02-01", "to"],
    ["range=custom&from=1000-01-01&to=2026-01-01", "from"],
    ["channel=FAX", "channel"],
    ["channel=EMAIL&channel=FAX", "channel"],
    ["range=forever", "range"],
    ["groupBy=attribute:", "groupBy"],
    ["attr.%3Cscript%3E=1", "attr.<script>"],
    [`attr.region=${"v".repeat(201)}`, "attr.region"],
    [`touchpoint=${"x".repeat(81)}`, "touchpoint"],
    ["survey=0195f3a2-7b1c-7d2e-8f3a-4b5c6d7e8f90", "survey"],
  ])("%s → 422 validation_failed naming %s", async (query, field) => {
    const message = await expectError(await call(query), 422, "validation_failed");
    expect(message).toContain(field);
  });

  it.each(["chanel=EMAIL", "range=7d&range=30d", "groupBy=day&groupBy=month"])("%s → 400 bad_request", async (query) => {
    await expectError(await call(query), 400, "bad_request");
  });

  it("odd input never gets a 5xx", async () => {
    const queries = [
      "range=",
      "groupBy=",
      "attr.=x",
      "attr.region=",
      `attr.${"k".repeat(65)}=x`,
      `attr.region=${"v".repeat(201)}`,
      Array.from({ length: 51 }, () => "channel=EMAIL").join("&"),
      "range=custom&from=0000-01-01&to=0000-01-02",
      "range=custom&from=2026-01-01&to=9999-12-31",
      "range=custom&from=%00&to=%00",
      "touchpoint=%00",
      "attr.region=%00",
      "groupBy=attribute:%00",
      "groupBy=attribute:region%00",
      "range=custom&from=+2026-01-01&to=2026-01-02",
      "from=2026-01-01T00:00:00Z&range=custom&to=2026-01-02",
      "%ZZ=1",
      "range=%E0%A4%A",
    ];
    for (const query of queries) {
      const response = await call(query);
      expect(response.status, query).toBeLessThan(500);
      expect(response.headers.get("cache-control"), query).toBe("no-store");
      if (response.status !== 200) {
        expect(await response.json(), query).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
      }
    }
  });
});
