import { beforeAll, describe, expect, it } from "vitest";
import { classifyScore, npsFromScores, scoreHistogram, type NpsStats } from "@/lib/nps";
import { getNpsSummary } from "@/server/analytics/get-nps-summary";
import { createSurvey } from "@/server/surveys/create-survey";
import { insertResponse, insertResponses } from "./support/responses";
import { createOrganization } from "./support/fixtures";
import { seededRandom } from "@/lib/random";


type Row = { surveyId: string; score: number | null; excluded: boolean };

/** The spec's formulas, written out independently of src/lib/nps.ts. */
function specFigures(scores: number[]) {
  const n = scores.length;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const nAdj = n + 3;
  const p = (promoters + 0.75) / nAdj;
  const d = (detractors + 0.75) / nAdj;
  const se = Math.sqrt((p + d - (p - d) ** 2) / nAdj);
  const clip = (x: number) => Math.min(100, Math.max(-100, x));
  const sum = scores.reduce((acc, s) => acc + s, 0);
  return {
    n,
    promoters,
    passives: n - promoters - detractors,
    detractors,
    nps: (100 * (promoters - detractors)) / n,
    ciLow: clip(100 * (p - d - 1.96 * se)),
    ciHigh: clip(100 * (p - d + 1.96 * se)),
    mean: sum / n,
  };
}

function expectMatchesSpec(stats: NpsStats, scores: number[]): void {
  const spec = specFigures(scores);
  expect(stats.n).toBe(spec.n);
  expect(stats.promoters).toBe(spec.promoters);
  expect(stats.passives).toBe(spec.passives);
  expect(stats.detractors).toBe(spec.detractors);
  expect(stats.nps).toBeCloseTo(spec.nps, 9);
  expect(stats.ciLow).toBeCloseTo(spec.ciLow, 9);
  expect(stats.ciHigh).toBeCloseTo(spec.ciHigh, 9);
  expect(stats.mean).toBeCloseTo(spec.mean, 9);
  // The mean's CI must contain the mean and stay inside the 0..10 scale.
  expect(stats.meanCiLow).not.toBeNull();
  expect(stats.meanCiHigh).not.toBeNull();
  expect(stats.meanCiLow ?? Number.NaN).toBeLessThan(spec.mean);
  expect(stats.meanCiHigh ?? Number.NaN).toBeGreaterThan(spec.mean);
  expect(stats.meanCiLow ?? Number.NaN).toBeGreaterThanOrEqual(0);
  expect(stats.meanCiHigh ?? Number.NaN).toBeLessThanOrEqual(10);
}

function counted(rows: Row[], surveyId?: string): number[] {
  return rows
    .filter((r) => !r.excluded && r.score !== null && (surveyId === undefined || r.surveyId === surveyId))
    .map((r) => r.score)
    .filter((s): s is number => s !== null);
}

describe("getNpsSummary on randomised data", () => {
  let organizationId: string;
  let surveyIds: [string, string];
  const rows: Row[] = [];

  beforeAll(async () => {
    const org = await createOrganization("Summary Telco");
    organizationId = org.id;
    const first = await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Telco" } });
    const second = await createSurvey({
      organizationId,
      userId: null,
      input: { name: "Support call", brandName: "Telco", kind: "TRANSACTIONAL", touchpoint: "support call" },
    });
    surveyIds = [first.id, second.id];

    const random = seededRandom(20261105);
    // Survey 1 leans positive, survey 2 negative, so per-survey figures differ clearly from the whole.
    const weights: Record<string, number[]> = {
      [first.id]: [1, 1, 1, 1, 1, 2, 3, 6, 8, 9, 8],
      [second.id]: [6, 3, 4, 4, 5, 6, 5, 4, 3, 2, 2],
    };
    const draw = (w: number[]): number => {
      const total = w.reduce((acc, x) => acc + x, 0);
      let target = random() * total;
      for (const [score, weight] of w.entries()) {
        target -= weight;
        if (target < 0) return score;
      }
      return w.length - 1;
    };
    for (let i = 0; i < 640; i++) {
      const surveyId = random() < 0.55 ? first.id : second.id;
      const score = random() < 0.08 ? null : draw(weights[surveyId] ?? []);
      rows.push({ surveyId, score, excluded: random() < 0.1 });
    }
    const start = Date.UTC(2026, 0, 1);
    await insertResponses(rows.map((row, i) => ({
        organizationId,
        surveyId: row.surveyId,
        score: row.score,
        category: row.score === null ? null : classifyScore(row.score),
        excluded: row.excluded,
        locale: i % 3 === 0 ? "en" : "zh-CN",
        channel: i % 2 === 0 ? "EMAIL" : "LINK",
        completed: true,
        attributes: { region: i % 4 === 0 ? "华东" : "华南" },
        createdAt: new Date(start + i * 3_600_000),
      })));
  });

  it("inserted a sample that exercises skips, exclusions and every category", () => {
    expect(rows).toHaveLength(640);
    expect(rows.filter((r) => r.score === null).length).toBeGreaterThan(20);
    expect(rows.filter((r) => r.excluded).length).toBeGreaterThan(20);
    expect(rows.filter((r) => r.excluded && r.score !== null && r.score <= 6).length).toBeGreaterThan(0);
    const histogram = scoreHistogram(counted(rows));
    for (const count of histogram) expect(count).toBeGreaterThan(0);
  });

  it("for the whole organisation equals npsFromScores over the raw rows (excluded and skipped not counted)", async () => {
    const scores = counted(rows);
    const summary = await getNpsSummary({ organizationId });
    expect(summary.histogram).toEqual(scoreHistogram(scores));
    expect(summary.stats).toEqual(npsFromScores(scores));
    expectMatchesSpec(summary.stats, scores);
    // Skipped answers are not detractors, and excluded rows count nowhere.
    expect(summary.stats.n).toBe(rows.filter((r) => !r.excluded && r.score !== null).length);
    expect(summary.stats.n).toBeLessThan(rows.length);
  });

  it("per survey equals npsFromScores over that survey's raw rows", async () => {
    const stats: NpsStats[] = [];
    for (const surveyId of surveyIds) {
      const scores = counted(rows, surveyId);
      const summary = await getNpsSummary({ organizationId, surveyId });
      expect(summary.histogram).toEqual(scoreHistogram(scores));
      expect(summary.stats).toEqual(npsFromScores(scores));
      expectMatchesSpec(summary.stats, scores);
      stats.push(summary.stats);
    }
    const [first, second] = stats;
    expect((first?.n ?? 0) + (second?.n ?? 0)).toBe(counted(rows).length);
    expect(first?.nps ?? Number.NaN).toBeGreaterThan(second?.nps ?? Number.NaN);
  });

  it("treats an empty survey id like no filter", async () => {
    const all = await getNpsSummary({ organizationId });
    expect(await getNpsSummary({ organizationId, surveyId: null })).toEqual(all);
    expect(await getNpsSummary({ organizationId, surveyId: "" })).toEqual(all);
  });
});

describe("getNpsSummary on tiny samples", () => {
  it("n = 0 (an empty organisation) gives n 0, null figures and an empty histogram", async () => {
    const org = await createOrganization("Summary Empty");
    const summary = await getNpsSummary({ organizationId: org.id });
    expect(summary.histogram).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(summary.stats).toEqual({
      n: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      nps: null,
      ciLow: null,
      ciHigh: null,
      mean: null,
      meanCiLow: null,
      meanCiHigh: null,
      promoterShare: null,
      passiveShare: null,
      detractorShare: null,
    });
  });

  it("n = 0 also when every response is skipped or excluded", async () => {
    const org = await createOrganization("Summary Only Skips");
    const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "S", brandName: "B" } });
    await insertResponses([
        { organizationId: org.id, surveyId: survey.id, score: null, category: null, locale: "zh-CN", channel: "LINK" },
        { organizationId: org.id, surveyId: survey.id, score: 10, category: "PROMOTER", excluded: true, locale: "en", channel: "QR" },
        { organizationId: org.id, surveyId: survey.id, score: 0, category: "DETRACTOR", excluded: true, locale: "en", channel: "QR" },
      ]);
    const summary = await getNpsSummary({ organizationId: org.id });
    expect(summary.stats.n).toBe(0);
    expect(summary.stats.nps).toBeNull();
    expect(summary.stats.mean).toBeNull();
    expect(summary.histogram).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("n = 1 gives ±100-style figures, an adjusted-Wald interval and no mean CI", async () => {
    const org = await createOrganization("Summary Single");
    const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "S", brandName: "B" } });
    await insertResponse({ organizationId: org.id, surveyId: survey.id, score: 6, category: "DETRACTOR", locale: "zh-CN", channel: "EMAIL" });
    const summary = await getNpsSummary({ organizationId: org.id, surveyId: survey.id });
    expect(summary.histogram).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(summary.stats).toMatchObject({ n: 1, promoters: 0, passives: 0, detractors: 1, nps: -100, mean: 6 });
    // n' = 4, p' = 0.1875, d' = 0.4375, NPS' = −0.25, SE = √(0.5625 / 4) = 0.375 → −25 ± 73.5
    expect(summary.stats.ciLow).toBeCloseTo(-98.5, 9);
    expect(summary.stats.ciHigh).toBeCloseTo(48.5, 9);
    expect(summary.stats.meanCiLow).toBeNull();
    expect(summary.stats.meanCiHigh).toBeNull();
    expect(summary.stats.detractorShare).toBe(1);
  });
});
