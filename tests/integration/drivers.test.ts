import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getDrivers } from "@/app/api/v1/surveys/[id]/drivers/route";
import { classifyScore } from "@/lib/nps";
import { seededRandom } from "@/lib/random";
import { driverMinN, momentsOfRows, relativeWeightsFromSums, round2, round4 } from "@/lib/relative-weights";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { db } from "@/server/db";
import { getDriversView } from "@/server/drivers/get-drivers";
import { readAnalyticsParams } from "@/schemas/analytics";
import { apiDriversSchema } from "@/schemas/drivers";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization } from "./support/fixtures";
import { insertAnswers } from "./support/answers";
import { insertResponses } from "./support/responses";

const ORIGIN = "http://localhost:3000";
const RANGE = "range=custom&from=2026-01-01&to=2026-03-31";

type DriverSpec = { key: string; type: "RATING" | "CSAT" | "CES" | "SERVQUAL"; max: number };
const DRIVERS: DriverSpec[] = [
  { key: "d_staff", type: "CSAT", max: 5 },
  { key: "d_speed", type: "RATING", max: 5 },
  { key: "d_app", type: "CES", max: 7 },
  { key: "d_branch", type: "SERVQUAL", max: 7 },
];

type Row = {
  id: string;
  score: number | null;
  excluded: boolean;
  region: string;
  createdAt: Date;
  /** Driver values (undefined: not answered). */
  x: (number | undefined)[];
};

let organizationId: string;
let surveyId: string;
let smallSurveyId: string;
let bareSurveyId: string;
let foreignSurveyId: string;
let key: string;
const questionIds: string[] = [];
const rows: Row[] = [];

function call(query: string, id = surveyId, apiKey = key): Promise<Response> {
  const url = `${ORIGIN}/api/v1/surveys/${id}/drivers${query ? `?${query}` : ""}`;
  return getDrivers(new NextRequest(url, { headers: { authorization: `Bearer ${apiKey}` } }), { params: Promise.resolve({ id }) });
}

type Body = {
  n: number;
  r2: number | null;
  method: string;
  status: string;
  minN: number;
  drivers: {
    questionId: string;
    label: Record<string, string>;
    scale: { min: number; max: number };
    importance: number | null;
    ciLow: number | null;
    ciHigh: number | null;
    rawWeight: number | null;
    correlation: number | null;
    performance: number | null;
    performancePct: number | null;
    quadrant: string | null;
  }[];
};

async function ok(query: string, id = surveyId): Promise<Body> {
  const response = await call(query, id);
  const body = (await response.json()) as Body;
  expect(response.status, JSON.stringify(body)).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(apiDriversSchema.parse(body)).toEqual(body); // the OpenAPI document's schema
  return body;
}

/** Pearson r written out, independent of the library's sums. */
function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** The expected body's figures recomputed from the raw rows: complete cases, relative weights, means. */
function expected(selected: Row[]) {
  const complete = selected.filter((r) => !r.excluded && r.score !== null && r.x.every((v, j) => v !== undefined && v >= 1 && v <= DRIVERS[j]!.max));
  const flat = complete.flatMap((r) => [...(r.x as number[]), r.score as number]);
  const weights = relativeWeightsFromSums(momentsOfRows(flat, DRIVERS.length + 1));
  const means = DRIVERS.map((_, j) => complete.reduce((s, r) => s + r.x[j]!, 0) / complete.length);
  const correlations = DRIVERS.map((_, j) => pearson(complete.map((r) => r.x[j]!), complete.map((r) => r.score!)));
  return { n: complete.length, weights, means, correlations };
}

beforeAll(async () => {
  const org = await createOrganization("Drivers Bank");
  organizationId = org.id;
  const timeZone = org.timeZone;
  expect(timeZone).toBe("Asia/Shanghai");
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  smallSurveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Small", brandName: "Bank" } })).id;
  bareSurveyId = (await createSurvey({ organizationId, userId: null, input: { name: "No drivers", brandName: "Bank" } })).id;
  const foreign = await createOrganization("Drivers Foreign");
  foreignSurveyId = (await createSurvey({ organizationId: foreign.id, userId: null, input: { name: "Theirs", brandName: "X" } })).id;
  key = (await createApiKey({ actor: { organizationId, userId: null, role: "ADMIN" }, input: { name: "Test" } })).key;

  for (const [j, spec] of DRIVERS.entries()) {
    const q = await db.question.create({
      data: {
        organizationId,
        surveyId,
        key: spec.key,
        type: spec.type,
        position: 10 + j,
        text: { "zh-CN": `驱动 ${spec.key}`, en: `Driver ${spec.key}` },
        settings: spec.type === "SERVQUAL" ? { dimension: "reliability", scale: 7 } : {},
      },
    });
    questionIds.push(q.id);
  }
  // An open question and a choice question are not drivers.
  await db.question.create({ data: { organizationId, surveyId, key: "d_open", type: "OPEN_TEXT", position: 20, text: { en: "Why?" } } });

  // Known structure: in 华东 the score follows staff strongly, speed somewhat, app barely, branch not at all;
  // in 华南 speed is what matters.
  const random = seededRandom(1206);
  const level = (max: number) => 1 + Math.floor(random() * max);
  const clamp = (v: number) => Math.max(0, Math.min(10, Math.round(v)));
  const start = Date.UTC(2025, 11, 20);
  for (let i = 0; i < 700; i++) {
    const region = random() < 0.6 ? "华东" : "华南";
    const x = DRIVERS.map((d) => level(d.max));
    const noise = (random() - 0.5) * 3;
    const [staff, speed, app] = x as [number, number, number, number];
    const y = region === "华东" ? 2.2 * staff + 0.6 * speed + 0.1 * app - 4 + noise : 0.3 * staff + 2.2 * speed - 3 + noise;
    const answered: (number | undefined)[] = x.map((v) => (random() < 0.06 ? undefined : v));
    rows.push({
      id: randomUUID(),
      score: random() < 0.04 ? null : clamp(y),
      excluded: random() < 0.04,
      region,
      createdAt: new Date(start + i * 4 * 3_600_000 + Math.floor(random() * 3_600_000)),
      x: answered,
    });
  }
  // A response with an answer outside its scale is not a complete case.
  rows.push({ id: randomUUID(), score: 9, excluded: false, region: "华东", createdAt: new Date(Date.UTC(2026, 1, 2)), x: [5, 9, 3, 4] });
  await insertResponses(
    rows.map((row) => ({
      id: row.id,
      organizationId,
      surveyId,
      score: row.score,
      category: row.score === null ? null : classifyScore(row.score),
      excluded: row.excluded,
      locale: "zh-CN",
      channel: "EMAIL" as const,
      attributes: { region: row.region },
      createdAt: row.createdAt,
    })),
  );
  await insertAnswers(
    rows.flatMap((row) =>
      row.x.flatMap((value, j) =>
        value === undefined
          ? []
          : [{
              organizationId,
              responseId: row.id,
              questionId: questionIds[j]!,
              value: DRIVERS[j]!.type === "SERVQUAL" ? { expectation: 6, perception: value } : value,
            }],
      ),
    ),
  );

  // Small survey: two drivers, 25 complete cases (< max(30, 20)).
  const smallQuestions = await Promise.all(
    ["s_a", "s_b"].map((k, j) =>
      db.question.create({ data: { organizationId, surveyId: smallSurveyId, key: k, type: "RATING", position: 5 + j, text: { en: k } } }),
    ),
  );
  const smallRows = Array.from({ length: 25 }, (_, i) => ({ id: randomUUID(), score: i % 11, a: 1 + (i % 5), b: 1 + ((i * 3) % 5) }));
  await insertResponses(
    smallRows.map((r) => ({
      id: r.id,
      organizationId,
      surveyId: smallSurveyId,
      score: r.score,
      category: classifyScore(r.score),
      locale: "en",
      channel: "LINK" as const,
      createdAt: new Date(Date.UTC(2026, 1, 1, 3)),
    })),
  );
  await insertAnswers(
    smallRows.flatMap((r) => [
      { organizationId, responseId: r.id, questionId: smallQuestions[0]!.id, value: r.a },
      { organizationId, responseId: r.id, questionId: smallQuestions[1]!.id, value: r.b },
    ]),
  );
}, 120_000);

function inRange(r: Row, from: string, to: string): boolean {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(r.createdAt);
  return day >= from && day <= to;
}

describe("GET /api/v1/surveys/{id}/drivers", () => {
  it("equals a recomputation from the raw answers, and the driver built to matter comes first", async () => {
    const body = await ok(`${RANGE}&attr.region=华东`);
    const selected = rows.filter((r) => r.region === "华东" && inRange(r, "2026-01-01", "2026-03-31"));
    const want = expected(selected);
    expect(body.method).toBe("relative-weights");
    expect(body.status).toBe("ok");
    expect(body.n).toBe(want.n);
    expect(body.minN).toBe(driverMinN(4));
    expect(body.r2).toBe(round4(want.weights.r2));
    expect(body.drivers[0]!.questionId).toBe(questionIds[0]); // staff, built to matter
    expect(body.drivers[0]!.quadrant === "priority_fix" || body.drivers[0]!.quadrant === "key_strength").toBe(true);
    for (const driver of body.drivers) {
      const j = questionIds.indexOf(driver.questionId);
      expect(j).toBeGreaterThanOrEqual(0);
      expect(driver.importance).toBe(round2(want.weights.importance![j]!));
      expect(driver.rawWeight).toBe(round4(want.weights.rawWeights[j]!));
      expect(driver.correlation).toBe(round4(want.correlations[j]!));
      expect(driver.performance).toBe(round2(want.means[j]!));
      expect(driver.performancePct).toBe(round2(((want.means[j]! - 1) / (DRIVERS[j]!.max - 1)) * 100));
      expect(driver.scale).toEqual({ min: 1, max: DRIVERS[j]!.max });
      expect(driver.label).toEqual({ "zh-CN": `驱动 ${DRIVERS[j]!.key}`, en: `Driver ${DRIVERS[j]!.key}` });
      expect(driver.ciLow!).toBeLessThanOrEqual(driver.importance!);
      expect(driver.ciHigh!).toBeGreaterThanOrEqual(driver.importance!);
    }
    expect(body.drivers.reduce((s, d) => s + d.importance!, 0)).toBeCloseTo(100, 1);
    expect(Object.keys(body).sort()).toEqual(["drivers", "method", "minN", "n", "r2", "status"]);
    // Reproducible: the bootstrap's seed is fixed.
    expect(await ok(`${RANGE}&attr.region=华东`)).toEqual(body);
  });

  it("applies the filters: another region and another range give their own figures", async () => {
    const south = await ok(`${RANGE}&attr.region=华南`);
    const want = expected(rows.filter((r) => r.region === "华南" && inRange(r, "2026-01-01", "2026-03-31")));
    expect(south.n).toBe(want.n);
    expect(south.drivers[0]!.questionId).toBe(questionIds[1]); // speed matters in 华南
    const january = await ok("range=custom&from=2026-01-01&to=2026-01-31");
    expect(january.n).toBe(expected(rows.filter((r) => inRange(r, "2026-01-01", "2026-01-31"))).n);
    const everything = await ok("range=all");
    expect(everything.n).toBe(expected(rows).n);
  });

  it("is too_few below max(30, 10 × drivers) with every figure null", async () => {
    const body = await ok("range=all", smallSurveyId);
    expect(body.status).toBe("too_few");
    expect(body.n).toBe(25);
    expect(body.minN).toBe(30);
    expect(body.r2).toBeNull();
    expect(body.drivers).toHaveLength(2);
    for (const driver of body.drivers) {
      expect([driver.importance, driver.ciLow, driver.ciHigh, driver.rawWeight, driver.correlation, driver.performance, driver.performancePct, driver.quadrant]).toEqual(
        [null, null, null, null, null, null, null, null],
      );
    }
    // A narrow filter on the big survey falls below minN too.
    const narrow = await ok("range=custom&from=2026-01-01&to=2026-01-03");
    expect(narrow.status).toBe("too_few");
    expect(narrow.n).toBeLessThan(40);
  });

  it("says no_drivers for a survey without numeric driver questions", async () => {
    const body = await ok("range=all", bareSurveyId);
    expect(body.status).toBe("no_drivers");
    expect(body.drivers).toEqual([]);
  });

  it("answers 404 for another organisation's survey and a non-id, 401 without a key, 400 for groupBy or an unknown parameter", async () => {
    for (const id of [foreignSurveyId, "not-a-uuid", randomUUID()]) {
      const response = await call("range=all", id);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    }
    expect((await call("range=all", surveyId, "nps_bogus")).status).toBe(401);
    const grouped = await call("groupBy=attribute:region");
    expect(grouped.status).toBe(400);
    expect(await grouped.json()).toEqual({ error: { code: "bad_request", message: expect.any(String) } });
    expect((await call("rnage=all")).status).toBe(400);
    expect((await call("attr.nosuch=1")).status).toBe(400);
    expect((await call("range=custom&from=2026-03-01&to=2026-01-01")).status).toBe(422);
  });
});

describe("drivers view (the page's service)", () => {
  it("compares two segments side by side and flags only non-overlapping intervals", async () => {
    const query = readAnalyticsParams({ range: "custom", from: "2026-01-01", to: "2026-03-31" }).data!;
    const view = await getDriversView({
      organizationId,
      surveyId,
      query,
      timeZone: "Asia/Shanghai",
      unitIds: null,
      segment: { dimension: { kind: "attribute", key: "region" }, a: "华东", b: "华南" },
    });
    const api = await ok(`${RANGE}&attr.region=华东`);
    const a = view.comparison!.a.analysis;
    const b = view.comparison!.b.analysis;
    expect(a.n).toBe(api.n);
    expect(a.drivers.map((d) => round2(d.importance!))).toEqual(api.drivers.map((d) => d.importance));
    expect(b.drivers[0]!.questionId).toBe(questionIds[1]);
    const staffA = a.drivers.find((d) => d.questionId === questionIds[0])!.interval!;
    const staffB = b.drivers.find((d) => d.questionId === questionIds[0])!.interval!;
    expect(staffA.low > staffB.high).toBe(true);
    expect(view.comparison!.differs[questionIds[0]!]).toBe(true);
    for (const id of questionIds) {
      const ia = a.drivers.find((d) => d.questionId === id)!.interval!;
      const ib = b.drivers.find((d) => d.questionId === id)!.interval!;
      expect(view.comparison!.differs[id]).toBe(ia.low > ib.high || ib.low > ia.high);
    }
    expect(view.analysis.n).toBe(expected(rows.filter((r) => inRange(r, "2026-01-01", "2026-03-31"))).n);
  });

  it("a member scoped to a unit sees only their unit's responses", async () => {
    const query = readAnalyticsParams({ range: "all" }).data!;
    const view = await getDriversView({ organizationId, surveyId, query, timeZone: "Asia/Shanghai", unitIds: [randomUUID()] });
    expect(view.analysis.n).toBe(0);
    expect(view.analysis.status).toBe("too_few");
  });

  it("refuses another organisation's survey", async () => {
    const query = readAnalyticsParams({ range: "all" }).data!;
    await expect(getDriversView({ organizationId, surveyId: foreignSurveyId, query, timeZone: "Asia/Shanghai", unitIds: null })).rejects.toMatchObject({ code: "not_found" });
  });
});
