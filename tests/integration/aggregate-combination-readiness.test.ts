import { beforeAll, describe, expect, it } from "vitest";
import { classifyScore } from "@/lib/nps";
import { seededRandom } from "@/lib/random";
import { resolveFilter, rollupSource, withAggregateCombinations, type AnalyticsFilter } from "@/server/analytics/filter";
import { getHeadline } from "@/server/analytics/get-headline";
import { getSegments } from "@/server/analytics/get-segments";
import { getTrend } from "@/server/analytics/get-trend";
import { rebuildAggregates } from "@/server/analytics/rebuild-aggregates";
import { addResponseAggregates } from "@/server/analytics/response-aggregates";
import { addAggregateCombination, listAggregateCombinations, removeAggregateCombination } from "@/server/attributes/aggregate-combinations";
import { updateAttributeDefinition } from "@/server/attributes/update-attribute-definition";
import { db, TX_OPTIONS } from "@/server/db";
import { latestAggregateRebuild, runAggregateRebuilds } from "@/server/org-settings/aggregate-rebuilds";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization } from "./support/fixtures";

/**
 * A configured combination (docs/decisions/0027) is read only once a rebuild has written its rows ("Readiness"):
 * a dashboard read while a new or changed combination's rebuild waits or runs falls back to the raw responses and
 * gets exact figures, and a combination removed after the filter loaded it never reads missing rows.
 */
const TIME_ZONE = "Asia/Shanghai";
const REGIONS = ["华东", "华北", "华南", "西南"];
const TIERS = ["普通", "金卡", "金卡VIP", "白金"];

type Row = { score: number; region: string; tier: string; gender: string; day: string };

describe("combinations are read only when their rebuild has completed", { timeout: 120_000 }, () => {
  let organizationId: string;
  const actor = () => ({ organizationId, userId: "00000000-0000-0000-0000-000000000000", role: "ADMIN" as const });
  const rows: Row[] = [];
  let aliases: Record<string, string> = {};

  beforeAll(async () => {
    organizationId = (await createOrganization("Combination readiness")).id;
    await db.organization.update({ where: { id: organizationId }, data: { timeZone: TIME_ZONE } });
    const surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "R", brandName: "X" } })).id;
    await db.attributeDefinition.createMany({
      data: ["region", "tier", "gender"].map((key, position) => ({ organizationId, key, labelZh: key, labelEn: key, kind: "CATEGORY", role: "DIMENSION", position })),
    });
    const random = seededRandom(20261207);
    const data = Array.from({ length: 900 }, (_, i) => {
      const score = Math.floor(random() * 11);
      const attributes = {
        region: REGIONS[Math.floor(random() * REGIONS.length)] as string,
        tier: TIERS[Math.floor(random() * TIERS.length)] as string,
        gender: random() < 0.5 ? "女" : "男",
      };
      // Spread over Jan–Mar 2026, so the range below has whole months and partial ones.
      const createdAt = new Date(Date.UTC(2026, 0, 1 + (i % 85), (i * 7) % 24, i % 60));
      return { organizationId, surveyId, score, category: classifyScore(score), locale: "zh-CN", channel: "EMAIL" as const, attributes, createdAt };
    });
    await db.$transaction(async (tx) => {
      const created = await tx.response.createManyAndReturn({ data, select: { id: true } });
      await addResponseAggregates(tx, organizationId, created.map((r) => r.id));
    }, TX_OPTIONS);
    for (const d of data) {
      const day = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(d.createdAt);
      rows.push({ score: d.score, ...d.attributes, day });
    }
  });

  const FROM = "2026-01-10";
  const TO = "2026-03-20";
  const filter = (): AnalyticsFilter =>
    resolveFilter(
      { range: "custom", from: FROM, to: TO, survey: [], channel: [], touchpoint: [], attributes: { tier: ["金卡", "白金"], gender: ["女"] } },
      { organizationId, timeZone: TIME_ZONE },
    );

  /** What the raw rows say: tier (with the merged values) & gender narrowed, counted per region, per month and in all. */
  function want() {
    const kept = rows.filter((r) => r.day >= FROM && r.day <= TO && ["金卡", "白金"].includes(aliases[r.tier] ?? r.tier) && r.gender === "女");
    const byRegion: Record<string, number> = {};
    const byMonth: Record<string, number> = {};
    for (const r of kept) {
      byRegion[r.region] = (byRegion[r.region] ?? 0) + 1;
      const month = `${r.day.slice(0, 7)}-01`;
      byMonth[month] = (byMonth[month] ?? 0) + 1;
    }
    return { n: kept.length, promoters: kept.filter((r) => r.score >= 9).length, byRegion, byMonth };
  }

  /** The dashboard's figures through the services, compared with the raw rows; returns whether a combination was read. */
  async function expectExactFigures(f: AnalyticsFilter = filter()): Promise<boolean> {
    const expected = want();
    expect(expected.n).toBeGreaterThan(20);
    const [headline, segments, trend] = await Promise.all([
      getHeadline(f),
      getSegments(f, { kind: "attribute", key: "region" }, { minN: 1, suppressN: 0 }),
      getTrend(f, "month", { suppressN: 0 }),
    ]);
    expect(headline.stats.n).toBe(expected.n);
    expect(headline.stats.promoters).toBe(expected.promoters);
    expect(Object.fromEntries(segments.groups.map((g) => [g.key, g.stats.n]))).toEqual(expected.byRegion);
    expect(Object.fromEntries(trend.points.map((p) => [p.period, p.stats.n]))).toEqual(expected.byMonth);
    const source = rollupSource(await withAggregateCombinations(f), f.range, { grouping: { kind: "attribute", key: "region" } }).sql;
    return source.includes('"AggregateCombination"');
  }

  /** Holds the organisation's aggregate lock (as a compaction does) until `release` is called: a rebuild waits behind it. */
  async function holdAggregateLock(): Promise<{ release: () => Promise<void> }> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`aggregates:${organizationId}`}, 0))`;
      locked();
      await released;
    }, { maxWait: 10_000, timeout: 60_000 });
    await isLocked;
    return {
      release: async () => {
        release();
        await holder;
      },
    };
  }

  /** The worker's job, started as the worker would after a change queued a rebuild (it waits behind a held lock). */
  function startWorkerJob(): Promise<{ rebuilt: number }> {
    return runAggregateRebuilds({ log: () => undefined });
  }

  async function rebuildFinished(job: Promise<{ rebuilt: number }>): Promise<void> {
    expect((await job).rebuilt).toBeGreaterThan(0);
    const last = await latestAggregateRebuild(organizationId);
    expect(last?.status).toBe("DONE");
    expect(last?.done).toBe(900);
    expect(last?.total).toBe(900);
  }

  it("a new combination is not read while its rebuild waits; afterwards it is, with the same figures", async () => {
    expect(await expectExactFigures()).toBe(false);
    const lock = await holdAggregateLock();
    let job: Promise<{ rebuilt: number }> = Promise.resolve({ rebuilt: 0 });
    try {
      await addAggregateCombination({ actor: actor(), input: { keys: ["tier", "region", "gender"] } });
      // Queued with the combination, for the worker.
      const queued = await latestAggregateRebuild(organizationId);
      expect(queued).toMatchObject({ status: "PENDING", reason: "combination" });
      job = startWorkerJob();
      await expect.poll(async () => (await latestAggregateRebuild(organizationId))?.status, { timeout: 30_000, interval: 50 }).toBe("RUNNING");
      expect((await latestAggregateRebuild(organizationId))?.id).toBe(queued?.id);
      // The combination exists but has no rows yet: the figures come from the raw responses.
      expect((await listAggregateCombinations(organizationId)).map((c) => c.ready)).toEqual([false]);
      expect(await expectExactFigures()).toBe(false);
    } finally {
      await lock.release();
    }
    await rebuildFinished(job);
    expect((await listAggregateCombinations(organizationId)).map((c) => c.ready)).toEqual([true]);
    expect(await expectExactFigures()).toBe(true);
  });

  it("reads exact figures in the middle of a rebuild (some months written, not committed)", async () => {
    // As just after adding one: the combination's rows are not there (nor ready) until this rebuild commits.
    await db.aggregateCombination.updateMany({ where: { organizationId }, data: { readyAt: null } });
    await db.responseAggregate.deleteMany({ where: { organizationId, dimension: { startsWith: "c:" } } });
    let readMidway = 0;
    await rebuildAggregates({
      organizationId,
      onProgress: async (done, total) => {
        if (done === 0 || done === total) return;
        expect(await expectExactFigures()).toBe(false);
        readMidway += 1;
      },
    });
    expect(readMidway).toBeGreaterThan(0);
    expect(await expectExactFigures()).toBe(true);
  });

  it("a definition change of one of its keys stops reading it until the rebuild has counted the new values", async () => {
    const lock = await holdAggregateLock();
    let job: Promise<{ rebuilt: number }> = Promise.resolve({ rebuilt: 0 });
    try {
      // 金卡VIP now counts as 金卡: the combination's rows still say 金卡VIP until the rebuild.
      aliases = { 金卡VIP: "金卡" };
      const result = await updateAttributeDefinition({
        actor: actor(),
        input: { key: "tier", labelZh: "tier", labelEn: "tier", kind: "CATEGORY", role: "DIMENSION", bands: null, valueAliases: aliases, position: 1 },
      });
      expect(await latestAggregateRebuild(organizationId)).toMatchObject({ id: result.rebuildId, status: "PENDING", reason: "attribute" });
      job = startWorkerJob();
      await expect.poll(async () => (await latestAggregateRebuild(organizationId))?.status, { timeout: 30_000, interval: 50 }).toBe("RUNNING");
      expect(await expectExactFigures()).toBe(false);
    } finally {
      await lock.release();
    }
    await rebuildFinished(job);
    expect(await expectExactFigures()).toBe(true);
  });

  it("a combination removed after the filter loaded it falls back to the raw responses, never to missing rows", async () => {
    const f = await withAggregateCombinations(filter());
    expect(f.combinations).toHaveLength(1);
    const [combination] = await listAggregateCombinations(organizationId);
    const lock = await holdAggregateLock();
    let job: Promise<{ rebuilt: number }> = Promise.resolve({ rebuilt: 0 });
    try {
      await removeAggregateCombination({ actor: actor(), id: combination?.id ?? "" });
      expect(await latestAggregateRebuild(organizationId)).toMatchObject({ status: "PENDING", reason: "combination" });
      job = startWorkerJob();
      // What the rebuild that follows the removal will do: delete the combination's rows.
      await db.responseAggregate.deleteMany({ where: { organizationId, dimension: { startsWith: "c:" } } });
      await expectExactFigures(f);
    } finally {
      await lock.release();
    }
    await rebuildFinished(job);
  });
});
