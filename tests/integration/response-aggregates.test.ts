import { beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { classifyScore } from "@/lib/nps";
import { seededRandom } from "@/lib/random";
import { resolveFilter, rollupSource, withAggregateCombinations } from "@/server/analytics/filter";
import { getHeadline } from "@/server/analytics/get-headline";
import { getSegments } from "@/server/analytics/get-segments";
import { rebuildAggregates } from "@/server/analytics/rebuild-aggregates";
import { answersCountedInTransaction, withPending } from "@/server/analytics/pending-responses";
import {
  AGGREGATE_INSERT_COLUMNS,
  addResponseAggregates,
  compactAggregates,
  foldAllPendingResponses,
  foldPendingResponses,
  removeResponseAggregates,
  updateResponsesCounted,
} from "@/server/analytics/response-aggregates";
import { getNpsSummary } from "@/server/analytics/get-nps-summary";
import { addAggregateCombination, removeAggregateCombination } from "@/server/attributes/aggregate-combinations";
import { db, TX_OPTIONS } from "@/server/db";
import { runAggregateRebuilds } from "@/server/org-settings/aggregate-rebuilds";
import { createSurvey } from "@/server/surveys/create-survey";
import type { GroupBy } from "@/schemas/analytics";
import { listMigrations } from "../../scripts/lib/migrations.ts";
import { createOrganization } from "./support/fixtures";

/**
 * "ResponseAggregate" must equal what the raw responses say, for every survey × grain × local day × dimension ×
 * value, whatever was written (docs/decisions/0011). The expectation is computed here in JavaScript from the raw
 * rows — independently of the SQL that maintains the aggregates — on data shaped like a bank's: many independent
 * attributes with skewed cardinalities, one nested under another, ids and phone numbers that are not dimensions.
 */
type Definition = { key: string; kind: "CATEGORY" | "NUMBER" | "TEXT"; role: "DIMENSION" | "PERSONAL" | "HIDDEN"; bands?: number[]; valueAliases?: Record<string, string> };

const REGIONS = ["华东", "华北", "华南", "西南", "东北", "西北"];
const DEFINITIONS: Definition[] = [
  { key: "region", kind: "CATEGORY", role: "DIMENSION" },
  { key: "branch", kind: "CATEGORY", role: "DIMENSION" },
  { key: "rm", kind: "CATEGORY", role: "DIMENSION" },
  { key: "tier", kind: "CATEGORY", role: "DIMENSION", valueAliases: { 金卡VIP: "金卡" } },
  { key: "product", kind: "CATEGORY", role: "DIMENSION" },
  { key: "tenure", kind: "NUMBER", role: "DIMENSION", bands: [1, 3, 5, 10] },
  { key: "age_band", kind: "CATEGORY", role: "DIMENSION" },
  { key: "gender", kind: "CATEGORY", role: "DIMENSION" },
  { key: "customer_id", kind: "TEXT", role: "PERSONAL" },
  { key: "phone", kind: "TEXT", role: "HIDDEN" },
];

function localDay(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

function dimensionValue(raw: unknown, definition: Definition): string {
  if (raw === null || raw === undefined || raw === "") return "";
  const text = String(raw);
  if (definition.kind === "NUMBER" && definition.bands?.length && /^\s*-?\d+(\.\d+)?\s*$/.test(text)) {
    const value = Number(text);
    const lo = [...definition.bands].reverse().find((edge) => edge <= value);
    const hi = definition.bands.find((edge) => edge > value);
    return lo === undefined ? `<${hi}` : hi === undefined ? `≥${lo}` : `${lo}–${hi}`;
  }
  return definition.valueAliases?.[text] ?? text;
}

type RawRow = {
  id: string;
  surveyId: string;
  score: number | null;
  excluded: boolean;
  channel: string;
  touchpoint: string | null;
  locale: string;
  unitId: string | null;
  attributes: unknown;
  createdAt: Date;
};

async function expected(organizationId: string, definitions: Definition[]): Promise<Map<string, number[]>> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: organizationId } });
  const rows: RawRow[] = await db.response.findMany({
    where: { organizationId },
    select: { id: true, surveyId: true, score: true, excluded: true, channel: true, touchpoint: true, locale: true, unitId: true, attributes: true, createdAt: true },
  });
  // Configured combinations whose keys are all dimensions (docs/decisions/0027): keys sorted, rows keyed per key.
  const combinations = (await db.aggregateCombination.findMany({ where: { organizationId }, select: { keys: true } }))
    .map((c) => c.keys.map((key) => definitions.find((d) => d.key === key && d.role === "DIMENSION")))
    .filter((c): c is Definition[] => c.every((d) => d !== undefined));
  const out = new Map<string, number[]>();
  for (const row of rows) {
    if (row.excluded || row.score === null) continue;
    const day = localDay(row.createdAt, org.timeZone);
    const attributes = (row.attributes ?? {}) as Record<string, unknown>;
    const dims: [string, string][] = [
      ["", ""],
      ["channel", row.channel],
      ["touchpoint", row.touchpoint ?? ""],
      ["locale", row.locale],
      ["unit", row.unitId ?? ""],
      ...definitions.filter((d) => d.role === "DIMENSION").map((d): [string, string] => [`a:${d.key}`, dimensionValue(attributes[d.key], d)]),
    ];
    const month = `${day.slice(0, 7)}-01`;
    const cells: [string, string, string, string, string][] = [];
    for (const [dimension, value] of dims) {
      cells.push(["D", day, dimension, value, ""], ["M", month, dimension, value, ""]);
      // A unit's own monthly rows, for members scoped to it (every dimension but the unit itself).
      if (row.unitId && dimension !== "unit") cells.push(["M", month, dimension, value, row.unitId]);
    }
    // Per key of the combination: that key's value, the other keys' values (keys' order) joined by chr(31) as scope.
    for (const combination of combinations) {
      const values = combination.map((d) => dimensionValue(attributes[d.key], d));
      for (const [i, by] of combination.entries()) {
        const dimension = `c:${combination.map((d) => d.key).join("|")}:${by.key}`;
        const scope = values.filter((_, j) => j !== i).join("\u001f");
        cells.push(["D", day, dimension, values[i] ?? "", scope], ["M", month, dimension, values[i] ?? "", scope]);
      }
    }
    for (const [grain, at, dimension, value, scope] of cells) {
      const key = [row.surveyId, grain, at, dimension, value, scope].join("|");
      const hist = out.get(key) ?? Array.from({ length: 11 }, () => 0);
      hist[row.score] = (hist[row.score] ?? 0) + 1;
      out.set(key, hist);
    }
  }
  return out;
}

/** The table's rows; `withTail`: as readers read it, with the pending responses' rows (docs/decisions/0034). */
async function actual(organizationId: string, withTail = false): Promise<Map<string, number[]>> {
  const table = withTail ? Prisma.sql`${withPending("ResponseAggregate", organizationId)} a` : Prisma.sql`"ResponseAggregate"`;
  const rows = await db.$queryRaw<{ key: string; hist: number[] }[]>`
    SELECT concat_ws('|', "surveyId", "grain", to_char("day", 'YYYY-MM-DD'), "dimension", "value", "scope") AS "key",
           ARRAY[SUM("h0"), SUM("h1"), SUM("h2"), SUM("h3"), SUM("h4"), SUM("h5"), SUM("h6"), SUM("h7"), SUM("h8"), SUM("h9"), SUM("h10")]::int[] AS "hist"
    FROM ${table} WHERE "organizationId" = ${organizationId}::uuid
    GROUP BY 1
    HAVING SUM("n") <> 0 OR ${Prisma.raw(Array.from({ length: 11 }, (_, i) => `SUM("h${i}") <> 0`).join(" OR "))}`;
  return new Map(rows.map((r) => [r.key, r.hist]));
}

async function expectExact(organizationId: string, definitions: Definition[], withTail = false) {
  const [want, got] = await Promise.all([expected(organizationId, definitions), actual(organizationId, withTail)]);
  expect(want.size).toBeGreaterThan(0);
  // The first differing keys, so a failure says where (the full maps are thousands of keys).
  const differing = [...new Set([...want.keys(), ...got.keys()])].filter((k) => JSON.stringify(want.get(k)) !== JSON.stringify(got.get(k)));
  expect(differing.slice(0, 5).map((k) => [k, got.get(k), want.get(k)])).toEqual([]);
  expect(Object.fromEntries([...got].sort())).toEqual(Object.fromEntries([...want].sort()));
}

async function saveDefinitions(organizationId: string, definitions: Definition[]) {
  await db.attributeDefinition.deleteMany({ where: { organizationId } });
  await db.attributeDefinition.createMany({
    data: definitions.map((d, position) => ({
      organizationId,
      key: d.key,
      labelZh: d.key,
      labelEn: d.key,
      kind: d.kind,
      role: d.role,
      bands: d.bands ?? undefined,
      valueAliases: d.valueAliases ?? {},
      position,
    })),
  });
}

describe("ResponseAggregate stays exactly equal to the raw responses", { timeout: 180_000 }, () => {
  let organizationId: string;
  let surveyIds: string[];
  let unitIds: (string | null)[];
  const random = seededRandom(20261206);
  /** Zipf-like: value i is drawn with weight 1 / (i + 1). */
  const skewed = (values: number) => {
    const weights = Array.from({ length: values }, (_, i) => 1 / (i + 1));
    const total = weights.reduce((a, b) => a + b, 0);
    let x = random() * total;
    for (const [i, w] of weights.entries()) {
      x -= w;
      if (x <= 0) return i;
    }
    return values - 1;
  };

  beforeAll(async () => {
    const org = await createOrganization("Aggregates");
    organizationId = org.id;
    surveyIds = [];
    for (const name of ["A", "B", "C"]) {
      surveyIds.push((await createSurvey({ organizationId, userId: null, input: { name, brandName: "X" } })).id);
    }
    const region = await db.orgUnit.create({ data: { organizationId, kind: "REGION", code: "R", name: "华东" } });
    const branch = await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "B", name: "上海陆家嘴支行", parentId: region.id } });
    unitIds = [null, region.id, branch.id];
    await saveDefinitions(organizationId, DEFINITIONS);
    // Combined analyses (docs/decisions/0027): tier × product × branch, the dashboard's tier × gender × region and
    // tier × gender, and rm × tier (rm stops being a dimension below, which must drop its rows).
    for (const keys of [["tier", "product", "branch"], ["tier", "gender", "region"], ["gender", "tier"], ["tier", "rm"]]) {
      await db.aggregateCombination.create({ data: { organizationId, keys: [...keys].sort() } });
    }
  });

  function randomAttributes(i: number): Record<string, string | number> {
    const region = skewed(REGIONS.length);
    const branch = region * 10 + skewed(10);
    const attributes: Record<string, string | number> = {
      region: REGIONS[region] ?? "",
      branch: `支行${branch}`,
      rm: `RM${branch * 8 + skewed(8)}`,
      tier: ["普通", "金卡", "金卡VIP", "白金", "私人银行"][skewed(5)] ?? "",
      product: ["储蓄", "理财", "信用卡", "贷款", "保险", "基金"][skewed(6)] ?? "",
      tenure: random() < 0.5 ? Math.floor(random() * 15) : `${(random() * 12).toFixed(1)}`,
      age_band: ["18-25", "26-35", "36-45", "46-55", "56+"][skewed(5)] ?? "",
      gender: random() < 0.5 ? "女" : "男",
      customer_id: `C${100000 + i}`,
      phone: `139${String(10000000 + Math.floor(random() * 89999999))}`,
    };
    if (random() < 0.1) delete attributes.tier;
    return attributes;
  }

  function randomResponse(i: number) {
    const score = random() < 0.08 ? null : Math.floor(random() * 11);
    // Around local midnight in Asia/Shanghai (16:00 UTC) and across a month end, so day and month edges are exercised.
    const createdAt = new Date(Date.UTC(2026, 0, 20 + Math.floor(random() * 20), 15, 30 + Math.floor(random() * 60)));
    return {
      organizationId,
      surveyId: surveyIds[i % surveyIds.length] as string,
      score,
      category: score === null ? null : classifyScore(score),
      locale: random() < 0.7 ? "zh-CN" : "en",
      channel: (["EMAIL", "LINK", "QR", "API"] as const)[skewed(4)] ?? "EMAIL",
      touchpoint: random() < 0.5 ? "开户" : random() < 0.5 ? "理赔" : null,
      attributes: randomAttributes(i),
      excluded: random() < 0.05,
      unitId: unitIds[Math.floor(random() * unitIds.length)] ?? null,
      createdAt,
    };
  }

  async function insert(count: number, offset: number): Promise<string[]> {
    return db.$transaction(async (tx) => {
      const rows = await tx.response.createManyAndReturn({ data: Array.from({ length: count }, (_, i) => randomResponse(offset + i)), select: { id: true } });
      const ids = rows.map((r) => r.id);
      await addResponseAggregates(tx, organizationId, ids);
      return ids;
    }, TX_OPTIONS);
  }

  it("after batch and single inserts, updates of every counted field, exclusions, deletes and compaction", async () => {
    await insert(600, 0);
    for (let i = 0; i < 25; i += 1) await insert(1, 600 + i);
    await expectExact(organizationId, DEFINITIONS);

    const some = await db.response.findMany({ where: { organizationId }, take: 90, orderBy: { id: "asc" } });
    for (const [i, row] of some.entries()) {
      const score = (row.score ?? 5) === 10 ? 0 : (row.score ?? 5) + 1;
      const change =
        i % 7 === 0 ? { score, category: classifyScore(score) }
        : i % 7 === 1 ? { excluded: !row.excluded }
        : i % 7 === 2 ? { attributes: randomAttributes(10_000 + i) }
        : i % 7 === 3 ? { createdAt: new Date(row.createdAt.getTime() + 12 * 3600 * 1000) }
        : i % 7 === 4 ? { score: null, category: null }
        : i % 7 === 5 ? { unitId: unitIds[(i >> 1) % unitIds.length] ?? null, touchpoint: "理赔" }
        : { surveyId: surveyIds[0] as string, channel: "QR" as const, locale: "en" };
      await db.$transaction((tx) => updateResponsesCounted(tx, organizationId, [row.id], () => tx.response.update({ where: { organizationId_id: { organizationId, id: row.id } }, data: change })), TX_OPTIONS);
    }
    await expectExact(organizationId, DEFINITIONS);

    // A multi-row update, then a batch delete.
    await db.$transaction(async (tx) => {
      const ids = (await tx.response.findMany({ where: { organizationId, locale: "en" }, select: { id: true } })).map((r) => r.id);
      await updateResponsesCounted(tx, organizationId, ids, () => tx.response.updateMany({ where: { id: { in: ids } }, data: { unitId: unitIds[2] ?? null } }));
    }, TX_OPTIONS);
    await db.$transaction(async (tx) => {
      const ids = (await tx.response.findMany({ where: { organizationId, score: { lte: 2 } }, select: { id: true } })).map((r) => r.id);
      await removeResponseAggregates(tx, organizationId, ids);
      await tx.answer.deleteMany({ where: { responseId: { in: ids } } });
      await tx.response.deleteMany({ where: { id: { in: ids } } });
    }, TX_OPTIONS);
    await expectExact(organizationId, DEFINITIONS);

    const before = await db.responseAggregate.count({ where: { organizationId } });
    const { removed } = await compactAggregates(organizationId);
    expect(removed).toBeGreaterThan(0);
    expect(await db.responseAggregate.count({ where: { organizationId } })).toBe(before - removed);
    await expectExact(organizationId, DEFINITIONS);
  });

  it("a rebuild after rows written straight into the table, a time-zone change or a changed dimension is exact", async () => {
    await db.response.createMany({ data: Array.from({ length: 300 }, (_, i) => randomResponse(20_000 + i)) });
    const progress: [number, number][] = [];
    await rebuildAggregates({ organizationId, onProgress: (done, total) => progress.push([done, total]) });
    expect(progress.at(-1)?.[0]).toBe(progress.at(-1)?.[1]);
    await expectExact(organizationId, DEFINITIONS);

    await db.organization.update({ where: { id: organizationId }, data: { timeZone: "America/New_York" } });
    await rebuildAggregates({ organizationId });
    await expectExact(organizationId, DEFINITIONS);
    await db.organization.update({ where: { id: organizationId }, data: { timeZone: "Asia/Shanghai" } });

    // tier loses a merged value, tenure gets other bands, phone becomes a dimension, rm stops being one.
    const changed = DEFINITIONS.map((d): Definition =>
      d.key === "tier" ? { ...d, valueAliases: {} }
      : d.key === "tenure" ? { ...d, bands: [2, 8] }
      : d.key === "phone" ? { ...d, role: "DIMENSION" }
      : d.key === "rm" ? { ...d, role: "HIDDEN" }
      : d,
    );
    await saveDefinitions(organizationId, changed);
    await rebuildAggregates({ organizationId });
    await expectExact(organizationId, changed);
    await saveDefinitions(organizationId, DEFINITIONS);
    await rebuildAggregates({ organizationId });
    await expectExact(organizationId, DEFINITIONS);

    // Adding and removing a combination through Settings' service queues a rebuild, which the worker's job runs.
    const actor = { organizationId, userId: "00000000-0000-0000-0000-000000000000", role: "ADMIN" as const };
    const added = await addAggregateCombination({ actor, input: { keys: ["region", "age_band"] } });
    await runAggregateRebuilds({ log: () => undefined });
    expect(added.keys).toEqual(["age_band", "region"]);
    expect(await db.responseAggregate.count({ where: { organizationId, dimension: { startsWith: "c:age_band|region:" } } })).toBeGreaterThan(0);
    await expectExact(organizationId, DEFINITIONS);
    await expect(addAggregateCombination({ actor, input: { keys: ["age_band", "region"] } })).rejects.toMatchObject({ code: "conflict" });
    await expect(addAggregateCombination({ actor, input: { keys: ["region", "phone"] } })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(addAggregateCombination({ actor: { ...actor, role: "MANAGER" }, input: { keys: ["region", "gender"] } })).rejects.toMatchObject({ code: "forbidden" });
    await removeAggregateCombination({ actor, id: added.id });
    await runAggregateRebuilds({ log: () => undefined });
    expect(await db.responseAggregate.count({ where: { organizationId, dimension: { startsWith: "c:age_band|region:" } } })).toBe(0);
    await expectExact(organizationId, DEFINITIONS);
  });

  it("stays exact under concurrent writers and a concurrent compaction", async () => {
    const writes = Array.from({ length: 40 }, (_, i) => insert(3, 30_000 + i * 3));
    await Promise.all([...writes, compactAggregates(organizationId), compactAggregates(organizationId)]);
    await expectExact(organizationId, DEFINITIONS);
    await Promise.all([rebuildAggregates({ organizationId }), insert(5, 40_000), insert(5, 40_010), compactAggregates(organizationId)]);
    await expectExact(organizationId, DEFINITIONS);
  });

  /** Responses stored as a respondent's transaction stores them: with a pending row, not counted (docs/decisions/0034). */
  async function insertPending(count: number, offset: number): Promise<string[]> {
    return db.$transaction(async (tx) => {
      const rows = await tx.response.createManyAndReturn({ data: Array.from({ length: count }, (_, i) => randomResponse(offset + i)), select: { id: true } });
      await tx.responsePending.createMany({ data: rows.map((r) => ({ organizationId, responseId: r.id })) });
      return rows.map((r) => r.id);
    }, TX_OPTIONS);
  }

  async function expectSummaryEqualsRaw() {
    const raw = await db.response.groupBy({ by: ["score"], where: { organizationId, excluded: false, score: { not: null } }, _count: { _all: true } });
    const { histogram } = await getNpsSummary({ organizationId });
    const want = Array.from({ length: 11 }, (_, i) => raw.find((r) => r.score === i)?._count._all ?? 0);
    expect(histogram).toEqual(want);
  }

  it("respondents' pending answers: exact through the pending tail at every moment, in the table once folded, beside writers, folds, compactions and a rebuild", async () => {
    // On Citus respondents count in their own transaction and readers add nothing (decision 0034, db:distribute): the
    // folds, writers and rebuild below must still leave the table exact there; the pending tail is checked on one node.
    const tail = !(await answersCountedInTransaction());
    const expectExactMeanwhile = async () => {
      if (tail) await expectExact(organizationId, DEFINITIONS, true);
    };
    const pending = await insertPending(150, 50_000);
    expect(await db.responsePending.count({ where: { organizationId } })).toBe(150);
    // Not in the table yet (so the tail is what makes readers exact), and exact with it, through a reader too.
    const tableOnly = await actual(organizationId);
    const want = await expected(organizationId, DEFINITIONS);
    expect(JSON.stringify(Object.fromEntries([...tableOnly].sort()))).not.toEqual(JSON.stringify(Object.fromEntries([...want].sort())));
    await expectExactMeanwhile();
    if (tail) await expectSummaryEqualsRaw();

    // Writers of counted fields on a mix of pending and counted responses: the pending ones are left to their fold.
    const counted = (await db.response.findMany({ where: { organizationId, id: { notIn: pending } }, select: { id: true }, take: 20, orderBy: { id: "desc" } })).map((r) => r.id);
    const mixed = [...pending.slice(0, 20), ...counted];
    await db.$transaction(
      (tx) =>
        updateResponsesCounted(tx, organizationId, mixed, async () => {
          await tx.response.updateMany({ where: { organizationId, id: { in: mixed.filter((_, i) => i % 2 === 0) } }, data: { score: 10, category: "PROMOTER" } });
          await tx.response.updateMany({ where: { organizationId, id: { in: mixed.filter((_, i) => i % 2 === 1) } }, data: { attributes: randomAttributes(60_000) } });
        }),
      TX_OPTIONS,
    );
    await expectExactMeanwhile();

    // Folds racing each other, a writer of pending and counted responses, a compaction, and more answers arriving.
    const more = insertPending(40, 51_000);
    await Promise.all([
      foldPendingResponses(organizationId, 30),
      foldPendingResponses(organizationId, 30),
      db.$transaction((tx) => updateResponsesCounted(tx, organizationId, pending.slice(60, 90), () => tx.response.updateMany({ where: { organizationId, id: { in: pending.slice(60, 90) } }, data: { excluded: true } })), TX_OPTIONS),
      compactAggregates(organizationId),
      more,
      foldPendingResponses(organizationId, 25),
    ]);
    await expectExactMeanwhile();
    if (tail) await expectSummaryEqualsRaw();

    // A rebuild with answers still pending counts the others; the pending ones are folded after it, once.
    expect(await db.responsePending.count({ where: { organizationId } })).toBeGreaterThan(0);
    await Promise.all([rebuildAggregates({ organizationId }), foldPendingResponses(organizationId, 20), insertPending(10, 52_000)]);
    await expectExactMeanwhile();

    // A deleted pending response takes its pending row with it.
    const [gone] = await insertPending(1, 53_000);
    await db.response.delete({ where: { organizationId_id: { organizationId, id: gone! } } });
    expect(await db.responsePending.count({ where: { organizationId, responseId: gone! } })).toBe(0);

    await foldAllPendingResponses();
    expect(await db.responsePending.count({ where: { organizationId } })).toBe(0);
    await expectExact(organizationId, DEFINITIONS);
    await expectSummaryEqualsRaw();
  });

  it("the migration to rows keyed per grouping key (20261208130000) stops reading the old rows until the rebuild it requests", async () => {
    const sqlOf = (name: string) => listMigrations().find((m) => m.name === name)?.sql ?? "";
    // The contribution as it was before: the joint value of the keys, scope '' (20261207000800).
    const old = sqlOf("20261207000800_aggregate_combinations");
    const oldFunction = old
      .slice(old.indexOf("CREATE FUNCTION response_aggregate_rows"))
      .replace("CREATE FUNCTION response_aggregate_rows", "CREATE FUNCTION pg_temp.old_response_aggregate_rows");
    const migration = sqlOf("20261208130000_aggregate_combination_keys");
    const existingRows = migration
      .slice(migration.indexOf('UPDATE "AggregateCombination"'))
      .split(/;\s*\n/)
      .map((statement) => statement.trim())
      .filter(Boolean);
    expect(existingRows).toHaveLength(2);
    const some = (await db.response.findMany({ where: { organizationId }, select: { id: true }, take: 200, orderBy: { id: "desc" } })).map((r) => r.id);
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(oldFunction);
      await tx.$executeRaw`DELETE FROM "ResponseAggregate" WHERE "organizationId" = ${organizationId}::uuid AND "dimension" LIKE 'c:%'`;
      // As a database before the migration holds them: the old keying, as signed deltas not yet compacted (some
      // responses' rows undone and written again, as an update of a counted field does).
      for (const [ids, sign] of [[null, 1], [some, -1], [some, 1]] as const) {
        await tx.$executeRaw`INSERT INTO "ResponseAggregate" (${AGGREGATE_INSERT_COLUMNS})
          SELECT ${organizationId}::uuid, a.* FROM pg_temp.old_response_aggregate_rows(${organizationId}::uuid, ${ids}::uuid[], ${sign}::int) a
          WHERE a."dimension" LIKE 'c:%'`;
      }
      for (const statement of existingRows) await tx.$executeRawUnsafe(statement);
    }, TX_OPTIONS);
    // Not read until rebuilt: a view of two filters and a group-by on a third reads the raw responses.
    expect(await db.aggregateCombination.count({ where: { organizationId, readyAt: { not: null } } })).toBe(0);
    expect(await db.aggregateRebuild.count({ where: { organizationId, status: "PENDING", reason: "combination" } })).toBe(1);
    const filter = resolveFilter(
      { range: "custom", from: "2026-01-01", to: "2026-03-31", survey: [], channel: [], touchpoint: [], attributes: { tier: ["金卡"], product: ["理财"] } },
      { organizationId, timeZone: "Asia/Shanghai" },
    );
    expect(rollupSource(await withAggregateCombinations(filter), filter.range, { grouping: { kind: "attribute", key: "branch" } }).sql).not.toContain('"AggregateCombination"');
    // The worker's job answers the request: every row in the new keying, the combinations ready again.
    await runAggregateRebuilds({ log: () => undefined });
    const left = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "ResponseAggregate"
      WHERE "organizationId" = ${organizationId}::uuid AND "dimension" LIKE 'c:%' AND strpos(substr("dimension", 3), ':') = 0`;
    expect(left[0]?.n).toBe(0);
    expect(await db.aggregateCombination.count({ where: { organizationId, readyAt: null } })).toBe(0);
    await expectExact(organizationId, DEFINITIONS);
  });

  it("every dashboard figure equals the raw responses, through the aggregates and through the raw path alike", async () => {
    // Some answers still pending their fold (docs/decisions/0034): every aggregate read must add them (on Citus nothing
    // pends, so they are folded there first).
    await insertPending(80, 70_000);
    if (await answersCountedInTransaction()) await foldAllPendingResponses();
    const rows = (await db.response.findMany({ where: { organizationId } })) as RawRow[];
    const timeZone = "Asia/Shanghai";
    const byKey = new Map(DEFINITIONS.map((d) => [d.key, d]));
    const valueOf = (row: RawRow, dimension: string): string => {
      if (dimension === "channel") return row.channel;
      if (dimension === "touchpoint") return row.touchpoint ?? "";
      if (dimension === "locale") return row.locale;
      const definition = byKey.get(dimension) as Definition;
      return dimensionValue(((row.attributes ?? {}) as Record<string, unknown>)[dimension], definition);
    };
    const cases: { channel?: string[]; attributes: Record<string, string[]>; unitIds: string[] | null; groupBy: GroupBy; combined?: boolean }[] = [
      { attributes: {}, unitIds: null, groupBy: { kind: "attribute", key: "rm" } },
      { attributes: { tier: ["金卡"] }, unitIds: null, groupBy: { kind: "attribute", key: "tier" } },
      { attributes: { tenure: ["1–3", "≥10"] }, unitIds: null, groupBy: { kind: "month" } },
      { attributes: { tier: ["金卡", "普通"], gender: ["女"] }, unitIds: null, groupBy: { kind: "attribute", key: "region" }, combined: true },
      { channel: ["EMAIL"], attributes: { region: ["华东"] }, unitIds: null, groupBy: { kind: "touchpoint" } },
      { attributes: {}, unitIds: [unitIds[2] as string], groupBy: { kind: "attribute", key: "branch" } },
      { attributes: {}, unitIds: [unitIds[1] as string, unitIds[2] as string], groupBy: { kind: "survey" } },
      { attributes: { tier: ["金卡"] }, unitIds: [unitIds[2] as string], groupBy: { kind: "attribute", key: "tier" } },
      { channel: ["EMAIL"], attributes: {}, unitIds: [unitIds[1] as string, unitIds[2] as string], groupBy: { kind: "month" } },
      { attributes: { region: ["华东"], gender: ["女"] }, unitIds: [unitIds[2] as string], groupBy: { kind: "locale" } },
      // Through configured combinations (docs/decisions/0027): two filters and a group-by on a third.
      { attributes: { tier: ["金卡", "普通"], product: ["理财", "储蓄"] }, unitIds: null, groupBy: { kind: "attribute", key: "branch" }, combined: true },
      { attributes: { tier: ["金卡"], gender: ["男"] }, unitIds: null, groupBy: { kind: "month" }, combined: true },
      { attributes: { gender: ["女"] }, unitIds: null, groupBy: { kind: "attribute", key: "tier" }, combined: true },
      { attributes: { branch: ["支行3", "支行0"], tier: [""] }, unitIds: null, groupBy: { kind: "survey" }, combined: true },
      // Two filters and a group-by on the third, every key of both 3-key combinations as the group-by, the filters
      // named in either order: the rows keyed by the group-by's key, narrowed by scope = the filters' joint values.
      { attributes: { branch: ["支行3", "支行0", "支行11"], tier: ["金卡", ""] }, unitIds: null, groupBy: { kind: "attribute", key: "product" }, combined: true },
      { attributes: { tier: ["普通"], branch: ["支行0"] }, unitIds: null, groupBy: { kind: "attribute", key: "product" }, combined: true },
      { attributes: { product: ["理财", "储蓄", "信用卡"], branch: ["支行1", "支行0"] }, unitIds: null, groupBy: { kind: "attribute", key: "tier" }, combined: true },
      { attributes: { product: ["储蓄"], tier: ["金卡"] }, unitIds: null, groupBy: { kind: "attribute", key: "branch" }, combined: true },
      { attributes: { gender: ["女"], tier: ["金卡", "白金"] }, unitIds: null, groupBy: { kind: "attribute", key: "region" }, combined: true },
      { attributes: { region: ["华东", "华北"], gender: ["男"] }, unitIds: null, groupBy: { kind: "attribute", key: "tier" }, combined: true },
      { attributes: { gender: ["男", "女"], region: ["华南"] }, unitIds: null, groupBy: { kind: "attribute", key: "tier" }, combined: true },
      { attributes: { tier: ["私人银行", "普通"], region: ["华东"] }, unitIds: null, groupBy: { kind: "attribute", key: "gender" }, combined: true },
      // A filter on the group-by's key too, and filters on all three keys without a group-by.
      { attributes: { region: ["华东"], gender: ["男"], tier: ["金卡", "普通"] }, unitIds: null, groupBy: { kind: "attribute", key: "tier" }, combined: true },
      { attributes: { branch: ["支行0", "支行1"], product: ["理财"], tier: ["金卡"] }, unitIds: null, groupBy: { kind: "month" }, combined: true },
      // Two filters without a group-by in a 3-key combination: the rows of the key not filtered, summed.
      { attributes: { branch: ["支行0", "支行2"], product: ["储蓄"] }, unitIds: null, groupBy: { kind: "survey" }, combined: true },
      // One filter and a group-by on another key of a 3-key combination (the third key not narrowed): scope's part.
      { attributes: { product: ["理财"] }, unitIds: null, groupBy: { kind: "attribute", key: "branch" }, combined: true },
      // More joint values than one statement takes as a list (5,600): the narrowed parts of scope compared instead.
      {
        attributes: {
          tier: ["金卡", "普通", ...Array.from({ length: 78 }, (_, i) => `T${i}`)],
          product: ["理财", "储蓄", ...Array.from({ length: 68 }, (_, i) => `P${i}`)],
        },
        unitIds: null,
        groupBy: { kind: "attribute", key: "branch" },
        combined: true,
      },
    ];
    // Whole months (monthly rows only), and ranges with partial months at the ends: a little covered month from its
    // days (daily rows, or a scoped member's raw responses), a mostly covered one as its month less the days outside
    // (negative rows), also inside a single month.
    const ranges = [
      ["2026-01-01", "2026-03-31"],
      ["2026-01-25", "2026-02-28"],
      ["2026-01-27", "2026-02-04"],
      ["2026-01-04", "2026-03-27"],
      ["2026-02-02", "2026-02-26"],
    ] as const;
    for (const [from, to] of ranges) for (const c of cases) {
      const query = { range: "custom" as const, from, to, survey: [], channel: (c.channel ?? []) as "EMAIL"[], touchpoint: [], attributes: c.attributes };
      const filter = resolveFilter(query, { organizationId, timeZone, unitIds: c.unitIds });
      // Which source the figures come from: a configured combination's rows, or the raw responses.
      const source = rollupSource(await withAggregateCombinations(filter), filter.range, { grouping: c.groupBy }).sql;
      expect(source.includes('"AggregateCombination"'), JSON.stringify(c)).toBe(c.combined === true);
      const kept = rows.filter(
        (row) =>
          localDay(row.createdAt, timeZone) >= from &&
          localDay(row.createdAt, timeZone) <= to &&
          !row.excluded &&
          row.score !== null &&
          (!c.channel || c.channel.includes(row.channel)) &&
          (!c.unitIds || (row.unitId !== null && c.unitIds.includes(row.unitId))) &&
          Object.entries(c.attributes).every(([key, values]) => values.includes(valueOf(row, key))),
      );
      const headline = await getHeadline(filter);
      expect(headline.stats.n).toBe(kept.length);
      expect(headline.stats.promoters).toBe(kept.filter((r) => (r.score ?? 0) >= 9).length);
      expect(headline.stats.detractors).toBe(kept.filter((r) => (r.score ?? 0) <= 6).length);
      const segments = await getSegments(filter, c.groupBy, { minN: 1, suppressN: 0 });
      const want = new Map<string, number>();
      for (const row of kept) {
        const key =
          c.groupBy.kind === "attribute" ? valueOf(row, c.groupBy.key)
          : c.groupBy.kind === "month" ? localDay(row.createdAt, timeZone).slice(0, 7)
          : c.groupBy.kind === "survey" ? row.surveyId
          : valueOf(row, c.groupBy.kind);
        want.set(key, (want.get(key) ?? 0) + 1);
      }
      expect(Object.fromEntries(segments.groups.map((g) => [g.key, g.stats.n]).sort())).toEqual(Object.fromEntries([...want].sort()));
    }
  });
});
