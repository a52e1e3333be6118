import { beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/generated/prisma/client";
import { adjustBenjaminiHochberg } from "@/lib/multiple-comparisons";
import { classifyScore, compareNps, npsFromScores } from "@/lib/nps";
import { seededRandom } from "@/lib/random";
import { readAnalyticsParams } from "@/schemas/analytics";
import { resolveFilter, type AnalyticsFilter } from "@/server/analytics/filter";
import { db } from "@/server/db";
import { deleteJourney } from "@/server/journeys/delete-journey";
import { getJourney } from "@/server/journeys/get-journey";
import { getJourneyView } from "@/server/journeys/get-journey-view";
import { listJourneyTouchpointOptions } from "@/server/journeys/journey-touchpoint-options";
import { listJourneys } from "@/server/journeys/list-journeys";
import { saveJourney } from "@/server/journeys/save-journey";
import { createOrganization, expectAppError } from "./support/fixtures";
import { insertAnswers } from "./support/answers";
import { insertResponses } from "./support/responses";

const DAY = 24 * 60 * 60 * 1000;
const thresholds = { minN: 30, suppressN: 5 };

let organizationId: string;
let otherOrganizationId: string;
let surveyId: string;
let csatId: string;
let cesId: string;
/** What was written in the last 90 days, per touchpoint: scores and CSAT answers. */
const written = new Map<string, { scores: number[]; csat: number[] }>();

function filterFor(org: string, params: Record<string, string | string[]> = {}): AnalyticsFilter {
  const parsed = readAnalyticsParams(params);
  if (!parsed.success) throw new Error("bad params");
  return resolveFilter(parsed.data, { organizationId: org, timeZone: "Asia/Shanghai" });
}

/** n answers at a touchpoint with promoter / detractor shares; CSAT and CES follow the score. */
async function answer(org: string, survey: string, touchpoint: string, n: number, promoters: number, detractors: number, daysAgo: number, seed: number) {
  const rng = seededRandom(seed);
  const rows: Prisma.ResponseCreateManyInput[] = [];
  const scores: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const u = rng();
    const score = u < promoters ? 9 + Math.floor(rng() * 2) : u < promoters + detractors ? Math.floor(rng() * 7) : 7 + Math.floor(rng() * 2);
    scores.push(score);
    rows.push({
      organizationId: org,
      surveyId: survey,
      score,
      category: classifyScore(score),
      locale: "zh-CN",
      channel: "API",
      touchpoint,
      createdAt: new Date(Date.now() - (daysAgo + rng() * 5) * DAY),
    });
  }
  const created = await insertResponses(rows);
  const csat = scores.map((s) => Math.max(1, Math.min(5, Math.round(s / 2.5 + (rng() - 0.5)))));
  if (org === organizationId) {
    await insertAnswers(
      created.flatMap((r, i) => [
        { organizationId: org, responseId: r.id, questionId: csatId, value: csat[i]! },
        { organizationId: org, responseId: r.id, questionId: cesId, value: Math.max(1, Math.min(7, Math.round((scores[i] ?? 5) / 1.6 + rng() * 2))) },
      ]),
    );
  }
  if (daysAgo < 80 && org === organizationId) {
    const entry = written.get(touchpoint) ?? { scores: [], csat: [] };
    entry.scores.push(...scores);
    entry.csat.push(...csat);
    written.set(touchpoint, entry);
  }
}

beforeAll(async () => {
  organizationId = (await createOrganization("Journey Bank")).id;
  otherOrganizationId = (await createOrganization("Journey Other")).id;
  const survey = await db.survey.create({
    data: { organizationId, name: "开户回访", kind: "TRANSACTIONAL", touchpoint: "网点开户", brandName: "Bank", status: "ACTIVE" },
  });
  surveyId = survey.id;
  const text = (zh: string, en: string) => ({ "zh-CN": zh, en });
  csatId = (await db.question.create({ data: { organizationId, surveyId, key: "csat", type: "CSAT", position: 1, text: text("满意度", "Satisfaction") } })).id;
  cesId = (await db.question.create({ data: { organizationId, surveyId, key: "ces", type: "CES", position: 2, text: text("省力度", "Ease") } })).id;
  await answer(organizationId, surveyId, "预约", 120, 0.75, 0.05, 2, 1); // delight
  await answer(organizationId, surveyId, "网点开户", 120, 0.4, 0.25, 2, 2);
  await answer(organizationId, surveyId, "手机银行激活", 120, 0.15, 0.6, 2, 3); // pain
  await answer(organizationId, surveyId, "电话回访", 3, 0.3, 0.3, 2, 4); // too few to show
  await answer(organizationId, surveyId, "手机银行激活", 50, 0.9, 0, 200, 5); // outside the default 90 days
  // Another organisation's answers at the same touchpoint names never count.
  const other = await db.survey.create({ data: { organizationId: otherOrganizationId, name: "Other", kind: "TRANSACTIONAL", touchpoint: "预约", brandName: "X" } });
  await answer(otherOrganizationId, other.id, "手机银行激活", 80, 1, 0, 2, 6);
});

const THREE_STAGES = {
  nameZh: "开户",
  nameEn: "Account opening",
  stages: [
    { nameZh: "预约", nameEn: "Appointment", touchpoints: [{ touchpoint: "预约", kind: "DIGITAL" }] },
    { nameZh: "网点办理", nameEn: "At the branch", touchpoints: [{ touchpoint: "网点开户", kind: "PHYSICAL" }] },
    { nameZh: "激活", nameEn: "Activation", touchpoints: [{ touchpoint: "手机银行激活", kind: "DIGITAL" }] },
  ],
};

describe("journeys: definitions", () => {
  it("offers the organisation's touchpoints only (surveys' and responses')", async () => {
    const options = await listJourneyTouchpointOptions(organizationId);
    expect(new Set(options)).toEqual(new Set(["预约", "网点开户", "手机银行激活", "电话回访"]));
    expect(await listJourneyTouchpointOptions(otherOrganizationId)).toEqual(["手机银行激活", "预约"].sort((a, b) => a.localeCompare(b, "zh-CN")));
  });

  it("creates a journey with ordered stages, then renames, reorders and deletes stages", async () => {
    const id = await saveJourney({ organizationId, journeyId: null, input: THREE_STAGES });
    const created = await getJourney(organizationId, id);
    expect(created.stages.map((s) => [s.position, s.nameZh, s.touchpoints])).toEqual([
      [0, "预约", [{ touchpoint: "预约", kind: "DIGITAL" }]],
      [1, "网点办理", [{ touchpoint: "网点开户", kind: "PHYSICAL" }]],
      [2, "激活", [{ touchpoint: "手机银行激活", kind: "DIGITAL" }]],
    ]);
    const [first, second] = THREE_STAGES.stages;
    await saveJourney({
      organizationId,
      journeyId: id,
      input: { nameZh: "开户旅程", nameEn: "Opening", stages: [{ ...second!, nameEn: "Branch", touchpoints: [{ touchpoint: "网点开户", kind: "INTERPERSONAL" }] }, first!] },
    });
    const edited = await getJourney(organizationId, id);
    expect(edited.nameZh).toBe("开户旅程");
    expect(edited.stages.map((s) => [s.position, s.nameEn, s.touchpoints[0]?.kind])).toEqual([
      [0, "Branch", "INTERPERSONAL"],
      [1, "Appointment", "DIGITAL"],
    ]);
    expect(await db.journeyTouchpoint.count({ where: { organizationId, journeyId: id } })).toBe(2);
    expect((await listJourneys(organizationId)).find((j) => j.id === id)).toMatchObject({ stages: 2, touchpoints: 2 });
    await deleteJourney(organizationId, id);
    await expectAppError(getJourney(organizationId, id), "not_found");
    expect(await db.journeyStage.count({ where: { organizationId, journeyId: id } })).toBe(0);
  });

  it("refuses unknown touchpoints, a touchpoint in two stages, empty names and no stages, with field paths", async () => {
    const unknown = await expectAppError(
      saveJourney({ organizationId, journeyId: null, input: { ...THREE_STAGES, stages: [{ nameZh: "a", nameEn: "a", touchpoints: [{ touchpoint: "不存在", kind: "DIGITAL" }] }] } }),
      "validation_failed",
    );
    expect(unknown.details).toEqual({ fieldErrors: { "stages.0.touchpoints.0.touchpoint": "unknownTouchpoint" } });
    const twice = await expectAppError(
      saveJourney({
        organizationId,
        journeyId: null,
        input: { ...THREE_STAGES, stages: [THREE_STAGES.stages[0]!, { nameZh: "b", nameEn: "b", touchpoints: [{ touchpoint: "预约", kind: "PHYSICAL" }] }] },
      }),
      "validation_failed",
    );
    expect(twice.details).toEqual({ fieldErrors: { "stages.1.touchpoints.0.touchpoint": "duplicateTouchpoint" } });
    const blank = await expectAppError(saveJourney({ organizationId, journeyId: null, input: { nameZh: " ", nameEn: "x", stages: [] } }), "validation_failed");
    expect(blank.details).toEqual({ fieldErrors: { nameZh: "required", stages: "noStages" } });
    await expectAppError(saveJourney({ organizationId, journeyId: null, input: { ...THREE_STAGES, stages: [{ nameZh: "a", nameEn: "a", touchpoints: [{ touchpoint: "预约", kind: "OTHER" }] }] } }), "validation_failed");
  });

  it("keeps journeys to their organisation: another organisation's id is not found for reading, saving, viewing and deleting", async () => {
    const id = await saveJourney({ organizationId, journeyId: null, input: THREE_STAGES });
    await expectAppError(getJourney(otherOrganizationId, id), "not_found");
    await expectAppError(saveJourney({ organizationId: otherOrganizationId, journeyId: id, input: { ...THREE_STAGES, stages: [{ nameZh: "x", nameEn: "x", touchpoints: [] }] } }), "not_found");
    await expectAppError(getJourneyView({ organizationId: otherOrganizationId, journeyId: id, filter: filterFor(otherOrganizationId), thresholds }), "not_found");
    await expectAppError(deleteJourney(otherOrganizationId, id), "not_found");
    await expectAppError(getJourney(organizationId, "not-a-uuid"), "not_found");
    expect((await listJourneys(otherOrganizationId)).length).toBe(0);
    expect((await getJourney(organizationId, id)).stages).toHaveLength(3);
  });
});

describe("journeys: the journey page's figures", () => {
  let journeyId: string;
  beforeAll(async () => {
    journeyId = await saveJourney({ organizationId, journeyId: null, input: THREE_STAGES });
  });

  it("gives each stage the NPS of its touchpoints' answers in the period, recomputed from the raw answers", async () => {
    const view = await getJourneyView({ organizationId, journeyId, filter: filterFor(organizationId), thresholds, drivers: false });
    const expected = ["预约", "网点开户", "手机银行激活"].map((tp) => npsFromScores(written.get(tp)!.scores));
    view.stages.forEach((stage, i) => {
      expect(stage.stats).toEqual(expected[i]);
      expect(stage.status).toBe("ok");
    });
    expect(view.overall).toEqual(npsFromScores(["预约", "网点开户", "手机银行激活"].flatMap((tp) => written.get(tp)!.scores)));
  });

  it("flags the activation stage as the pain point and the appointment as the delight point, by BH-adjusted tests against the rest", async () => {
    const view = await getJourneyView({ organizationId, journeyId, filter: filterFor(organizationId), thresholds, drivers: false });
    expect(view.stages.map((s) => s.point)).toEqual(["delight", null, "pain"]);
    const all = ["预约", "网点开户", "手机银行激活"].map((tp) => written.get(tp)!.scores);
    const raw = all.map((scores, i) => compareNps(npsFromScores(scores), npsFromScores(all.filter((_, k) => k !== i).flat())));
    const q = adjustBenjaminiHochberg(raw.map((r) => r.pValue));
    view.stages.forEach((stage, i) => {
      expect(stage.vsRest?.pValue).toBeCloseTo(raw[i]!.pValue, 12);
      expect(stage.adjusted?.q).toBeCloseTo(q[i]!, 12);
    });
    expect(view.tests).toBe(3);
  });

  it("shows CSAT and CES where asked (mean with its t interval) and the top driver once the drivers analysis has enough answers", async () => {
    const view = await getJourneyView({ organizationId, journeyId, filter: filterFor(organizationId), thresholds });
    const stage = view.stages[2]!;
    const csat = stage.instruments.find((m) => m.type === "CSAT")!;
    const values = written.get("手机银行激活")!.csat;
    expect(csat.n).toBe(values.length);
    expect(csat.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 10);
    expect(csat.ciLow).toBeLessThan(csat.mean);
    expect(csat.scale).toEqual({ min: 1, max: 5 });
    expect(stage.instruments.map((m) => m.type)).toEqual(["CSAT", "CES"]);
    expect(stage.topDriver).toMatchObject({ status: "ok", surveyId, n: 120 });
  });

  it("applies the dashboard's filters: a period and a touchpoint filter narrow the stages", async () => {
    const old = await getJourneyView({
      organizationId,
      journeyId,
      filter: filterFor(organizationId, { range: "custom", from: new Date(Date.now() - 230 * DAY).toISOString().slice(0, 10), to: new Date(Date.now() - 150 * DAY).toISOString().slice(0, 10) }),
      thresholds,
      drivers: false,
    });
    expect(old.stages.map((s) => s.stats.n)).toEqual([0, 0, 50]);
    expect(old.stages.map((s) => s.status)).toEqual(["empty", "empty", "ok"]);
    const narrowed = await getJourneyView({ organizationId, journeyId, filter: filterFor(organizationId, { touchpoint: ["预约", "网点开户"] }), thresholds, drivers: false });
    expect(narrowed.stages.map((s) => s.included)).toEqual([["预约"], ["网点开户"], []]);
    expect(narrowed.stages[2]!.status).toBe("empty");
  });

  it("hides a stage with fewer than suppressN answers, and complementarily the smallest shown one, with no figures returned", async () => {
    const id = await saveJourney({
      organizationId,
      journeyId: null,
      input: {
        nameZh: "回访",
        nameEn: "Follow-up",
        stages: [
          { nameZh: "网点", nameEn: "Branch", touchpoints: [{ touchpoint: "网点开户", kind: "PHYSICAL" }] },
          { nameZh: "电话", nameEn: "Call", touchpoints: [{ touchpoint: "电话回访", kind: "INTERPERSONAL" }] },
          { nameZh: "激活", nameEn: "Activation", touchpoints: [{ touchpoint: "手机银行激活", kind: "DIGITAL" }] },
        ],
      },
    });
    const view = await getJourneyView({ organizationId, journeyId: id, filter: filterFor(organizationId), thresholds });
    expect(view.stages.map((s) => s.suppressedReason)).toEqual([null, "small", "complementary"]);
    for (const hidden of view.stages.slice(1)) {
      expect(hidden.status).toBe("suppressed");
      expect(hidden.stats.n).toBe(0);
      expect(hidden.stats.nps).toBeNull();
      expect(hidden.instruments).toEqual([]);
      expect(hidden.topDriver).toBeNull();
      expect(hidden.point).toBeNull();
    }
    expect(view.stages[0]!.stats.n).toBe(120);
  });
});
