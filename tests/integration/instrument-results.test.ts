import { beforeAll, describe, expect, it } from "vitest";
import { KANO_ANSWERS, summarizeKano, type KanoAnswer, type KanoPair } from "@/lib/kano";
import { seededRandom } from "@/lib/random";
import { SERVQUAL_DIMENSIONS, servqualGaps, type ServqualAnswer, type ServqualDimension } from "@/lib/servqual";
import { getInstrumentResults } from "@/server/analytics/get-instrument-results";
import { db } from "@/server/db";
import { createOrganization, expectAppError } from "./support/fixtures";

type Item = { key: string; dimension: ServqualDimension };
const ITEMS: Item[] = [
  { key: "sq_rel_1", dimension: "reliability" },
  { key: "sq_rel_2", dimension: "reliability" },
  { key: "sq_res_1", dimension: "responsiveness" },
  { key: "sq_ass_1", dimension: "assurance" },
  { key: "sq_emp_1", dimension: "empathy" },
  // No tangibles item: that dimension stays empty.
];
const FEATURES = ["kano_mobile_login", "kano_instant_alerts", "kano_unanswered"];

let organizationId: string;
let otherOrganizationId: string;
let surveyId: string;
let emptySurveyId: string;
const questionIds = new Map<string, string>();
/** What the counted (non-excluded) respondents answered, per respondent. */
const countedServqual: ServqualAnswer[][] = [];
const countedKano = new Map<string, KanoPair[]>();

async function addResponse(org: string, survey: string, excluded: boolean, answers: { questionId: string; value: object }[]) {
  const response = await db.response.create({
    data: { organizationId: org, surveyId: survey, score: 8, category: "PASSIVE", locale: "zh-CN", channel: "QR", excluded },
  });
  await db.answer.createMany({
    data: answers.map((a) => ({ organizationId: org, responseId: response.id, questionId: a.questionId, value: a.value })),
  });
}

beforeAll(async () => {
  organizationId = (await createOrganization("Instrument Bank")).id;
  otherOrganizationId = (await createOrganization("Instrument Other")).id;
  surveyId = (await db.survey.create({ data: { organizationId, name: "SERVQUAL + Kano", brandName: "Bank", status: "ACTIVE" } })).id;
  emptySurveyId = (await db.survey.create({ data: { organizationId, name: "NPS only", brandName: "Bank" } })).id;

  let position = 1;
  for (const item of ITEMS) {
    const q = await db.question.create({
      data: {
        organizationId,
        surveyId,
        key: item.key,
        type: "SERVQUAL",
        position: position++,
        text: { "zh-CN": `条目 ${item.key}`, en: `Item ${item.key}` },
        settings: { dimension: item.dimension, scale: 7 },
      },
    });
    questionIds.set(item.key, q.id);
  }
  for (const key of FEATURES) {
    const q = await db.question.create({
      data: {
        organizationId,
        surveyId,
        key,
        type: "KANO",
        position: position++,
        text: { "zh-CN": `功能 ${key}`, en: `Feature ${key}` },
        settings: { functional: { en: "If present?" }, dysfunctional: { en: "If absent?" } },
      },
    });
    questionIds.set(key, q.id);
    countedKano.set(key, []);
  }

  const random = seededRandom(20261123);
  const rating = () => 1 + Math.floor(random() * 7);
  const kanoAnswer = (): KanoAnswer => KANO_ANSWERS[Math.floor(random() * KANO_ANSWERS.length)] ?? "neutral";
  const id = (key: string) => questionIds.get(key) ?? "";

  for (let r = 0; r < 60; r++) {
    const excluded = r % 10 === 9;
    const answers: { questionId: string; value: object }[] = [];
    const servqual: ServqualAnswer[] = [];
    for (const item of ITEMS) {
      const roll = random();
      if (roll < 0.1) continue; // item not answered at all
      // Some half-answered pairs (skipped side) and a few out-of-scale values: neither counts.
      const expectation = roll < 0.15 ? null : rating();
      const perception = roll > 0.95 ? null : rating();
      answers.push({ questionId: id(item.key), value: { expectation, perception } });
      servqual.push({ itemId: id(item.key), expectation, perception });
    }
    if (r % 13 === 0) answers.push({ questionId: id("kano_unanswered"), value: { functional: "like", dysfunctional: "maybe" } });
    const kano: [string, KanoPair][] = [];
    for (const key of FEATURES.slice(0, 2)) {
      if (random() < 0.1) continue;
      const pair = { functional: kanoAnswer(), dysfunctional: kanoAnswer() };
      answers.push({ questionId: id(key), value: pair });
      kano.push([key, pair]);
    }
    await addResponse(organizationId, surveyId, excluded, answers);
    if (!excluded) {
      countedServqual.push(servqual);
      for (const [key, pair] of kano) countedKano.get(key)?.push(pair);
    }
  }

  // Invalid stored values are ignored, never a 500: out-of-scale, fractional, strings, missing keys.
  await addResponse(organizationId, surveyId, false, [
    { questionId: id("sq_rel_1"), value: { expectation: 8, perception: 3 } },
    { questionId: id("sq_rel_2"), value: { expectation: 2.5, perception: 3 } },
    { questionId: id("sq_res_1"), value: { expectation: "abc", perception: 3 } },
    { questionId: id("sq_ass_1"), value: { perception: 3 } },
    { questionId: id("sq_emp_1"), value: { expectation: 0, perception: -1 } },
    { questionId: id("kano_mobile_login"), value: { functional: "love", dysfunctional: "dislike" } },
  ]);
  countedServqual.push([]);

  // Another organisation's survey with the same question keys: never counted.
  const otherSurvey = await db.survey.create({ data: { organizationId: otherOrganizationId, name: "Other", brandName: "Other" } });
  const otherQuestion = await db.question.create({
    data: { organizationId: otherOrganizationId, surveyId: otherSurvey.id, key: "sq_rel_1", type: "SERVQUAL", position: 1, text: {}, settings: { dimension: "reliability" } },
  });
  await addResponse(otherOrganizationId, otherSurvey.id, false, [{ questionId: otherQuestion.id, value: { expectation: 1, perception: 7 } }]);
});

describe("getInstrumentResults", () => {
  it("SERVQUAL item, dimension and overall gaps equal servqualGaps over the counted respondents", async () => {
    const results = await getInstrumentResults({ organizationId, surveyId });
    const expected = servqualGaps(
      ITEMS.map((item) => ({ id: questionIds.get(item.key) ?? "", dimension: item.dimension })),
      countedServqual,
    );
    const servqual = results.servqual;
    expect(servqual).not.toBeNull();
    if (!servqual) return;
    expect(servqual.scale).toBe(7);
    expect(servqual.items.map((i) => i.key)).toEqual(ITEMS.map((i) => i.key));
    servqual.items.forEach((item, index) => {
      const want = expected.items[index];
      expect(item.itemId).toBe(want?.itemId);
      expect(item.n).toBe(want?.n);
      expect(item.n).toBeGreaterThan(10);
      expect(item.meanExpectation).toBeCloseTo(want?.meanExpectation ?? NaN, 10);
      expect(item.meanPerception).toBeCloseTo(want?.meanPerception ?? NaN, 10);
      expect(item.gap).toBeCloseTo(want?.gap ?? NaN, 10);
      expect(item.sd).toBeCloseTo(want?.sd ?? NaN, 10);
      expect(item.ci95?.lower).toBeCloseTo(want?.ci95?.lower ?? NaN, 10);
      expect(item.ci95?.upper).toBeCloseTo(want?.ci95?.upper ?? NaN, 10);
      expect(item.text).toEqual({ "zh-CN": `条目 ${item.key}`, en: `Item ${item.key}` });
    });
    expect(servqual.dimensions.map((d) => d.dimension)).toEqual([...SERVQUAL_DIMENSIONS]);
    servqual.dimensions.forEach((dimension, index) => {
      const want = expected.dimensions[index];
      expect(dimension.n).toBe(want?.n);
      expect(dimension.itemsWithGap).toBe(want?.itemsWithGap);
      if (want?.gap === null) expect(dimension.gap).toBeNull();
      else expect(dimension.gap).toBeCloseTo(want?.gap ?? NaN, 10);
    });
    expect(servqual.overall.unweightedGap).toBeCloseTo(expected.overall.unweightedGap ?? NaN, 10);
    expect(servqual.overall.weightedGap).toBeCloseTo(expected.overall.weightedGap ?? NaN, 10);
    const respondents = countedServqual.filter((answers) => answers.some((a) => a.expectation !== null && a.perception !== null)).length;
    expect(servqual.respondents).toBe(respondents);
  });

  it("gives each dimension the t interval of its respondents' gaps", async () => {
    const results = await getInstrumentResults({ organizationId, surveyId });
    const reliability = results.servqual?.dimensions.find((d) => d.dimension === "reliability");
    const ids = new Set(ITEMS.filter((i) => i.dimension === "reliability").map((i) => questionIds.get(i.key)));
    const gaps = countedServqual
      .map((answers) => answers.filter((a) => ids.has(a.itemId) && a.expectation !== null && a.perception !== null))
      .filter((answers) => answers.length > 0)
      .map((answers) => answers.reduce((sum, a) => sum + ((a.perception ?? 0) - (a.expectation ?? 0)), 0) / answers.length);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, d) => a + (d - mean) ** 2, 0) / (gaps.length - 1));
    expect(reliability?.n).toBe(gaps.length);
    expect(reliability?.respondentGap).toBeCloseTo(mean, 10);
    const { tCritical95 } = await import("@/lib/servqual");
    const half = (tCritical95(gaps.length - 1) * sd) / Math.sqrt(gaps.length);
    expect(reliability?.ci95?.lower).toBeCloseTo(mean - half, 10);
    expect(reliability?.ci95?.upper).toBeCloseTo(mean + half, 10);
    const tangibles = results.servqual?.dimensions.find((d) => d.dimension === "tangibles");
    expect(tangibles).toMatchObject({ n: 0, gap: null, respondentGap: null, ci95: null, items: [] });
  });

  it("Kano summaries equal summarizeKano over the counted respondents' pairs", async () => {
    const results = await getInstrumentResults({ organizationId, surveyId });
    expect(results.kano?.features.map((f) => f.key)).toEqual(FEATURES);
    for (const feature of results.kano?.features ?? []) {
      const expected = summarizeKano(countedKano.get(feature.key) ?? []);
      expect(feature.summary.n).toBe(expected.n);
      expect(feature.summary.counts).toEqual(expected.counts);
      expect(feature.summary.mode).toBe(expected.mode);
      if (expected.better === null) expect(feature.summary.better).toBeNull();
      else expect(feature.summary.better).toBeCloseTo(expected.better, 12);
      if (expected.worse === null) expect(feature.summary.worse).toBeNull();
      else expect(feature.summary.worse).toBeCloseTo(expected.worse, 12);
      expect(feature.text.en).toBe(`Feature ${feature.key}`);
    }
    const unanswered = results.kano?.features.find((f) => f.key === "kano_unanswered");
    expect(unanswered?.summary).toMatchObject({ n: 0, mode: null, better: null, worse: null });
    expect(results.kano?.features[0]?.summary.n).toBeGreaterThan(30);
  });

  it("is null per instrument for a survey without such questions", async () => {
    expect(await getInstrumentResults({ organizationId, surveyId: emptySurveyId })).toEqual({ servqual: null, kano: null });
  });

  it("sees nothing of another organisation's survey", async () => {
    expect(await getInstrumentResults({ organizationId: otherOrganizationId, surveyId })).toEqual({ servqual: null, kano: null });
    await expectAppError(getInstrumentResults({ organizationId, surveyId: "not-a-uuid" }), "not_found");
  });
});
