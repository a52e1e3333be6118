import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/generated/prisma/client";
import { analyseDrivers, BOOTSTRAP_SAMPLE_LIMIT, toApiDrivers, type DriverQuestion } from "@/lib/key-drivers";
import { classifyScore } from "@/lib/nps";
import { seededRandom } from "@/lib/random";
import { DEFAULT_BOOTSTRAP_SEED } from "@/lib/relative-weights";
import type { ChannelName } from "@/schemas/analytics";
import { readAnalyticsParams } from "@/schemas/analytics";
import { resolveFilter, type AnalyticsFilter } from "@/server/analytics/filter";
import { rebuildAggregates } from "@/server/analytics/rebuild-aggregates";
import { addResponseAggregates, compactDriverAggregates, removeResponseAggregates, updateResponsesCounted } from "@/server/analytics/response-aggregates";
import { ensureAttributeDefinitions } from "@/server/attributes/ensure-attribute-definitions";
import { db } from "@/server/db";
import { getSurveyDrivers } from "@/server/drivers/get-drivers";
import { listDriverQuestions } from "@/server/drivers/list-driver-questions";
import { loadDriverData, loadDriverDataFromAggregate, loadDriverDataFromAnswers } from "@/server/drivers/load-driver-data";
import { writeImportedResponses } from "@/server/imports/write-imported-responses";
import { createSurvey } from "@/server/surveys/create-survey";
import { insertAnswers } from "./support/answers";
import { createOrganization } from "./support/fixtures";
import { insertResponses } from "./support/responses";

/**
 * The key-driver pre-aggregate (docs/decisions/0032) against 0024's statement over the raw answers: after every kind
 * of write, the sums (n, Σx, Σx·x) and the bootstrap sample read from "DriverAggregate" / "DriverCase" equal the raw
 * path's exactly, and so every figure of the API; two organisations, randomised data.
 */

const REGIONS = ["华东", "华南", "华北"];
const TOUCHPOINTS = ["网点", "APP", ""];
const CHANNELS: ChannelName[] = ["EMAIL", "LINK", "QR"];
const TX = { timeout: 120_000, maxWait: 60_000 };
const SAMPLE = 40; // small, so the sample is a strict subset and its order matters

type Org = { id: string; surveyId: string; otherSurveyId: string; questionIds: string[]; timeZone: string };
const orgs: Org[] = [];
const random = seededRandom(20261208);
const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Driver answers: sometimes missing, sometimes off the scale (not a complete case), SERVQUAL as {expectation, perception}. */
function answersFor(org: Org, responseId: string, questions: { id: string; type: string; max: number }[]): Prisma.AnswerCreateManyInput[] {
  return questions.flatMap((q) => {
    if (random() < 0.07) return [];
    const level = random() < 0.02 ? q.max + 3 : 1 + Math.floor(random() * q.max);
    return [{ organizationId: org.id, responseId, questionId: q.id, value: q.type === "SERVQUAL" ? { expectation: 5, perception: level } : level }];
  });
}

async function driverSpecs(org: Org, surveyId = org.surveyId) {
  const questions = await db.question.findMany({ where: { organizationId: org.id, surveyId, type: { in: ["RATING", "CES", "SERVQUAL", "CSAT"] } } });
  return questions.map((q) => ({ id: q.id, type: q.type, max: q.type === "CES" ? 7 : q.type === "SERVQUAL" ? 5 : 5 }));
}

function responseRow(org: Org, surveyId: string, day: number): Prisma.ResponseCreateManyInput {
  const score = random() < 0.05 ? null : Math.floor(random() * 11);
  return {
    id: randomUUID(),
    organizationId: org.id,
    surveyId,
    score,
    category: score === null ? null : classifyScore(score),
    excluded: random() < 0.05,
    locale: "zh-CN",
    channel: pick(CHANNELS),
    touchpoint: pick(TOUCHPOINTS) || null,
    attributes: { region: pick(REGIONS) },
    // Around local midnight in Shanghai, so a time-zone change moves answers across days.
    createdAt: new Date(Date.UTC(2026, 0, 1 + day, 15 + Math.floor(random() * 3), Math.floor(random() * 60))),
  };
}

/** As the respondent's step 1 and the imports write: the response and its answers, then counted, in one transaction. */
async function writeWithAnswers(org: Org, count: number): Promise<string[]> {
  const specs = await driverSpecs(org);
  const rows = Array.from({ length: count }, () => responseRow(org, org.surveyId, Math.floor(random() * 80)));
  await db.$transaction(async (tx) => {
    await ensureAttributeDefinitions(tx, org.id, rows.map((r) => r.attributes as Record<string, unknown>));
    await tx.response.createMany({ data: rows });
    await tx.answer.createMany({ data: rows.flatMap((r) => answersFor(org, r.id!, specs)) });
    await addResponseAggregates(tx, org.id, rows.map((r) => r.id!));
  }, TX);
  return rows.map((r) => r.id!);
}

/** As step 1 then step 2: the response counted first, its driver answers later (submit-driver-answers' funnel). */
async function writeInTwoSteps(org: Org, count: number): Promise<string[]> {
  const specs = await driverSpecs(org);
  const rows = Array.from({ length: count }, () => responseRow(org, random() < 0.8 ? org.surveyId : org.otherSurveyId, Math.floor(random() * 80)));
  await insertResponses(rows);
  const other = await driverSpecs(org, org.otherSurveyId);
  await insertAnswers(rows.flatMap((r) => answersFor(org, r.id!, r.surveyId === org.surveyId ? specs : other)));
  return rows.map((r) => r.id!);
}

function filterOf(org: Org, params: Record<string, string>, surveyId = org.surveyId): AnalyticsFilter {
  const parsed = readAnalyticsParams(params);
  if (!parsed.success) throw new Error(parsed.error.message);
  return resolveFilter({ ...parsed.data, survey: [surveyId] }, { organizationId: org.id, timeZone: org.timeZone }, new Date(Date.UTC(2026, 5, 1)));
}

const SERVED: Record<string, string>[] = [
  { range: "all" },
  { range: "custom", from: "2026-01-10", to: "2026-02-20" },
  { range: "all", "attr.region": "华东" },
  { range: "custom", from: "2026-01-05", to: "2026-03-01", "attr.region": "华南,华北" },
  { range: "all", channel: "EMAIL" },
  { range: "all", touchpoint: "网点" },
];
const RAW_ONLY: Record<string, string>[] = [{ range: "all", "attr.region": "华东", channel: "LINK" }];

/** Every filter: the pre-aggregate serves it (or, for RAW_ONLY, declines) and what loadDriverData returns equals the raw statement's. */
async function expectEqualToRaw(org: Org, { served = true, surveyId = org.surveyId }: { served?: boolean; surveyId?: string } = {}) {
  const questions = await listDriverQuestions(org.id, surveyId);
  const options = { sampleLimit: SAMPLE, seed: DEFAULT_BOOTSTRAP_SEED };
  let cases = 0;
  for (const params of [...SERVED, ...RAW_ONLY]) {
    const filter = filterOf(org, params, surveyId);
    const raw = await loadDriverDataFromAnswers(filter, questions, options);
    const fromAggregate = await loadDriverDataFromAggregate(filter, questions, options);
    const label = `${JSON.stringify(params)} served=${served}`;
    if (served && !RAW_ONLY.includes(params)) {
      expect(fromAggregate, label).not.toBeNull();
      expect(fromAggregate!.moments, label).toEqual(raw.moments);
      expect(Array.from(fromAggregate!.sample), label).toEqual(Array.from(raw.sample));
    } else {
      expect(fromAggregate, label).toBeNull();
    }
    const used = await loadDriverData(filter, questions, options);
    expect(used.moments, label).toEqual(raw.moments);
    expect(Array.from(used.sample), label).toEqual(Array.from(raw.sample));
    cases += raw.moments.n;
  }
  if (served) expect(cases).toBeGreaterThan(0);
}

async function createOrg(name: string, timeZone: string): Promise<Org> {
  const org = await createOrganization(name);
  await db.organization.update({ where: { id: org.id }, data: { timeZone } });
  const surveyId = (await createSurvey({ organizationId: org.id, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  const otherSurveyId = (await createSurvey({ organizationId: org.id, userId: null, input: { name: "Other", brandName: "Bank" } })).id;
  const questionIds: string[] = [];
  const specs = [
    { key: "d_staff", type: "RATING" as const, settings: {} },
    { key: "d_ease", type: "CES" as const, settings: {} },
    { key: "d_branch", type: "SERVQUAL" as const, settings: { dimension: "reliability", scale: 5 } },
  ];
  for (const [j, spec] of specs.entries()) {
    const q = await db.question.create({
      data: { organizationId: org.id, surveyId, key: spec.key, type: spec.type, position: 10 + j, text: { en: spec.key }, settings: spec.settings },
    });
    questionIds.push(q.id);
  }
  await db.question.create({ data: { organizationId: org.id, surveyId: otherSurveyId, key: "o_speed", type: "CSAT", position: 3, text: { en: "speed" } } });
  return { id: org.id, surveyId, otherSurveyId, questionIds, timeZone };
}

beforeAll(async () => {
  orgs.push(await createOrg("Driver sums A", "Asia/Shanghai"));
  orgs.push(await createOrg("Driver sums B", "Asia/Shanghai"));
  for (const org of orgs) {
    await writeWithAnswers(org, 150);
    await writeInTwoSteps(org, 150);
  }
}, 180_000);

describe("key-driver pre-aggregate (DriverAggregate, DriverCase)", () => {
  it("equals the raw answers after step-1 writes, step-2 answers and imports, in both organisations, and every API figure with it", async () => {
    for (const org of orgs) await expectEqualToRaw(org);
    await expectEqualToRaw(orgs[0]!, { surveyId: orgs[0]!.otherSurveyId });
    // Imports (history without driver answers) count their responses, never as complete cases.
    const org = orgs[0]!;
    const survey = await db.survey.findUniqueOrThrow({ where: { organizationId_id: { organizationId: org.id, id: org.surveyId } } });
    await db.$transaction((tx) =>
      writeImportedResponses(
        tx,
        { organizationId: org.id, surveyId: org.surveyId, version: survey.version, defaultLocale: "zh-CN", touchpoint: null, npsQuestionId: null, commentQuestionId: null },
        Array.from({ length: 20 }, (_, i) => ({
          importKey: `drv-${i}`,
          score: i % 11,
          answeredAt: Date.UTC(2026, 1, 1 + i),
          comment: null,
          email: null,
          customerId: null,
          locale: null,
          touchpoint: "网点",
          responseId: null,
          attributes: { region: "华东" },
        })),
      ),
      TX,
    );
    await expectEqualToRaw(org);

    // The API's figures through the pre-aggregate equal those computed from the raw statement's data.
    const questions: DriverQuestion[] = await listDriverQuestions(org.id, org.surveyId);
    const params = new URLSearchParams({ range: "all", "attr.region": "华东" });
    const api = await getSurveyDrivers({ organizationId: org.id, surveyId: org.surveyId, searchParams: params, now: new Date(Date.UTC(2026, 5, 1)) });
    const raw = await loadDriverDataFromAnswers(filterOf(org, { range: "all", "attr.region": "华东" }), questions, {
      sampleLimit: BOOTSTRAP_SAMPLE_LIMIT,
      seed: DEFAULT_BOOTSTRAP_SEED,
    });
    expect(raw.moments.n).toBeGreaterThan(30);
    expect(api).toEqual(toApiDrivers(analyseDrivers(questions, raw.moments, raw.sample, { sampleLimit: BOOTSTRAP_SAMPLE_LIMIT, seed: DEFAULT_BOOTSTRAP_SEED })));
  }, 120_000);

  it("stays equal through edits, exclusions and deletions, and after compaction and the rebuild", async () => {
    const org = orgs[1]!;
    const ids = (await db.response.findMany({ where: { organizationId: org.id, surveyId: org.surveyId }, select: { id: true } })).map((r) => r.id);
    const chosen = ids.filter(() => random() < 0.3);
    await db.$transaction(async (tx) => {
      await updateResponsesCounted(tx, org.id, chosen, async () => {
        for (const id of chosen) {
          const kind = Math.floor(random() * 4);
          const data: Prisma.ResponseUpdateInput =
            kind === 0
              ? { score: Math.floor(random() * 11) }
              : kind === 1
                ? { excluded: random() < 0.5 }
                : kind === 2
                  ? { attributes: { region: pick(REGIONS) }, touchpoint: pick(TOUCHPOINTS) || null }
                  : { createdAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(random() * 80), 12)) };
          if (data.score !== undefined) data.category = classifyScore(data.score as number);
          await tx.response.update({ where: { organizationId_id: { organizationId: org.id, id } }, data });
        }
      });
    }, TX);
    await expectEqualToRaw(org);

    const doomed = ids.filter((id) => !chosen.includes(id) && random() < 0.15);
    await db.$transaction(async (tx) => {
      await removeResponseAggregates(tx, org.id, doomed);
      await tx.response.deleteMany({ where: { organizationId: org.id, id: { in: doomed } } });
    }, TX);
    await expectEqualToRaw(org);

    const before = await db.driverAggregate.count({ where: { organizationId: org.id } });
    const { removed: driverRemoved } = await compactDriverAggregates(org.id);
    expect(driverRemoved).toBeGreaterThan(0);
    expect(await db.driverAggregate.count({ where: { organizationId: org.id } })).toBe(before - driverRemoved);
    await expectEqualToRaw(org);

    await rebuildAggregates({ organizationId: org.id });
    await expectEqualToRaw(org);
    // The other organisation's rows were not touched by this one's writes, compaction or rebuild.
    await expectEqualToRaw(orgs[0]!);
  }, 180_000);

  it("a time-zone change: equal again once the organisation's rebuild has recounted the days", async () => {
    const org = orgs[0]!;
    await db.organization.update({ where: { id: org.id }, data: { timeZone: "America/New_York" } });
    org.timeZone = "America/New_York";
    await rebuildAggregates({ organizationId: org.id });
    await expectEqualToRaw(org);
    await writeInTwoSteps(org, 40);
    await expectEqualToRaw(org);
  }, 120_000);

  it("rows never filled (a Citus database migrated before its rebuild): the raw path answers until the rebuild", async () => {
    const org = orgs[0]!;
    await db.driverAggregate.deleteMany({ where: { organizationId: org.id } });
    await db.driverCase.deleteMany({ where: { organizationId: org.id } });
    await expectEqualToRaw(org, { served: false });
    await rebuildAggregates({ organizationId: org.id });
    await expectEqualToRaw(org);
  }, 120_000);

  it("a driver question added or removed: the raw path answers (same figures) until the rebuild recounts the survey", async () => {
    const org = orgs[1]!;
    const added = await db.question.create({
      data: { organizationId: org.id, surveyId: org.surveyId, key: "d_new", type: "RATING", position: 12, text: { en: "new" } },
    });
    await expectEqualToRaw(org, { served: false });
    // Answers to the new question arriving meanwhile, and new responses: still the raw path, still equal.
    const some = (await db.response.findMany({ where: { organizationId: org.id, surveyId: org.surveyId }, select: { id: true }, take: 60 })).map((r) => r.id);
    await insertAnswers(some.map((responseId) => ({ organizationId: org.id, responseId, questionId: added.id, value: 1 + Math.floor(random() * 5) })));
    await writeInTwoSteps(org, 30);
    await expectEqualToRaw(org, { served: false });
    await rebuildAggregates({ organizationId: org.id });
    await expectEqualToRaw(org);

    // Removed (its answers go with it): the raw path again until the rebuild.
    await db.question.delete({ where: { organizationId_id: { organizationId: org.id, id: added.id } } });
    await expectEqualToRaw(org, { served: false });
    await rebuildAggregates({ organizationId: org.id });
    await expectEqualToRaw(org);
    const { removed: driverRemoved } = await compactDriverAggregates(org.id);
    expect(driverRemoved).toBe(0);
  }, 180_000);
});
