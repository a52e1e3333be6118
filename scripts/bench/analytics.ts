/**
 * Dashboard analytics at scale, on data shaped like customers' (../shared/product.md, "What customers' data
 * looks like"): contacts with many largely independent attributes of skewed (Zipf-like) cardinality, a
 * region → branch → relationship-manager nesting, personal attributes (customer id, phone) that must never
 * become segments, 2–3 years of history with campaign bursts, several surveys / touchpoints / channels, and
 * org units so that a member scoped to one region can be measured. The old shape (50 segments that fix every
 * attribute together, which hid a rollup growing to one row per response) is kept as one case.
 *
 * Each case (last 12 months) is timed through our service functions (resolveFilter → getHeadline / getTrend /
 * getSegments over "ResponseAggregate") and through hand-written SQL over the raw "Response" table (COUNT(*)
 * FILTER … GROUP BY attributes->>'key', same filters, one scan per period with GROUPING SETS) in the same run,
 * the figures cross-checked (every n and NPS must agree, or the bench throws), the speed-up printed, and the
 * issue's floors printed next to the figures (PASS / MISS — printed, never asserted):
 *   (a) no filter: headline + trend                               ≤  50 ms, ≥ 10× the raw SQL
 *   (b) one dimension filter (tier): headline + trend             ≤ 100 ms, ≥ 10×
 *   (c) two dimension filters (tier, gender), segments by branch  ≤ 250 ms, ≥ 10×  (and by RM, 400+ groups)
 *   (d) the whole dashboard (headline with previous period and response rate, trend, 5 segment tables), for the
 *       whole organisation and for a member scoped to one region (AnalyticsFilter.unitIds); plus the old
 *       baseline of loading the rows into JavaScript, up to BENCH_BASELINE_UP_TO responses
 *   and, when several sizes run, each case's time at the largest size against the smallest (10M ≤ 4× 1M).
 *
 * Data is generated in SQL (INSERT … SELECT over generate_series, one statement per ~250k rows, day by day in
 * time order so the indexes fill at their right edge), with constraint triggers off for the load
 * (session_replication_role = replica, as a history import would), then `rebuildAggregates` makes the
 * figures exact (timed, rows/s), then VACUUM ANALYZE, then "aggregate rows: X (Y per response)".
 *
 * Environment (all optional):
 *   BENCH_ANALYTICS_SIZES   total responses per step, e.g. "1000000,10000000" (the default); steps add rows
 *   BENCH_SHAPE             realistic | segments50 | both (default both: realistic at every size, the
 *                           50-segment shape at the smallest size only)
 *   BENCH_DIMENSIONS        how many DIMENSION attributes (default 9, at least 5): region, branch, rm, tier,
 *                           product, tenure, ageBand, gender, channelPreference, then attr10, attr11 …
 *   BENCH_CARDINALITIES     their cardinalities, in that order ("6,60,480,5,8") or by key
 *                           ("rm=1000,attr10=50"); defaults 6,60,480,5,8,5,6,2,4, then 10 for each extra one.
 *                           branch ≥ region (branch b lies in region b mod regions), rm ≥ branch (in branch
 *                           rm mod branches)
 *   BENCH_CORRELATION       0..1 (default 0.15): the chance that a contact's non-hierarchy attribute is its
 *                           branch's typical value instead of an independent draw; 1 fixes every attribute by
 *                           the branch (the number of attribute combinations collapses to the number of RMs)
 *   BENCH_HISTORY_DAYS      days of history (default 1000, ≈ 2.7 years)
 *   BENCH_RESPONSES_PER_CONTACT  average responses per contact (default 2.5): contacts = responses / this
 *   BENCH_COMBINATIONS      0: configure no combined analyses (default: case (c)'s two filters × each of its
 *                           group-bys, docs/decisions/0027, so (c) reads the combinations' aggregate rows)
 *   BENCH_BASELINE_UP_TO    largest size at which the rows-into-JavaScript baseline runs (default 1000000)
 *   BENCH_LOAD_CONNECTIONS  connections that load chunks in parallel (default 2)
 *   BENCH_RAW_RUNS          timed runs of the raw SQL (default 3; our path runs `runs` times, 7 in npm run bench)
 *   BENCH_ANALYTICS_DATABASE_URL  run this benchmark against another (already migrated) database, e.g. a Citus
 *                           coordinator; `npm run bench` then runs this file as its own process with
 *                           DATABASE_URL set to it (the Prisma client is bound to one URL per process)
 *   BENCH_ANALYTICS_RESULTS a file the standalone run writes its figures to (JSON; scripts/bench/citus.ts)
 *   BENCH_CITUS             0: skip the same cases on a Citus cluster (scripts/bench/citus.ts: by default `npm run
 *                           bench` runs them there too when ../shared/citus is present, side by side with these)
 *   BENCH_CITUS_SIZES       the sizes of the Citus run (default: BENCH_ANALYTICS_SIZES)
 * Standalone: `tsx --conditions=react-server scripts/bench/analytics.ts` runs only this benchmark, against
 * DATABASE_URL if set, else on its own embedded PostgreSQL (BENCH_PORT, default 24340).
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { pathToFileURL } from "node:url";
import pg from "pg";
import type { AnalyticsFilter } from "../../src/server/analytics/filter.ts";
import type { GroupBy } from "../../src/schemas/analytics.ts";
import { time } from "./timing.ts";

// ---------------------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------------------

type Skew = "zipf" | "uniform";
type Dimension = { key: string; labelZh: string; labelEn: string; cardinality: number; values: string[]; skew: Skew };

/** The catalogue of DIMENSION attributes, in BENCH_DIMENSIONS / BENCH_CARDINALITIES order. */
const CATALOGUE: Dimension[] = [
  { key: "region", labelZh: "大区", labelEn: "Region", cardinality: 6, values: ["华东", "华北", "华南", "西南", "东北", "西北", "华中", "港澳"], skew: "uniform" },
  { key: "branch", labelZh: "支行", labelEn: "Branch", cardinality: 60, values: [], skew: "zipf" },
  { key: "rm", labelZh: "客户经理", labelEn: "Relationship manager", cardinality: 480, values: [], skew: "zipf" },
  { key: "tier", labelZh: "客户等级", labelEn: "Customer tier", cardinality: 5, values: ["普通", "金卡", "白金", "钻石", "私人银行"], skew: "zipf" },
  { key: "product", labelZh: "持有产品", labelEn: "Product held", cardinality: 8, values: ["储蓄", "信用卡", "理财", "房贷", "消费贷", "基金", "保险", "外汇"], skew: "zipf" },
  { key: "tenure", labelZh: "客户年限", labelEn: "Tenure", cardinality: 5, values: ["<1年", "1-3年", "3-5年", "5-10年", "10年以上"], skew: "zipf" },
  { key: "ageBand", labelZh: "年龄段", labelEn: "Age band", cardinality: 6, values: ["25-34", "35-44", "45-54", "18-24", "55-64", "65+"], skew: "zipf" },
  { key: "gender", labelZh: "性别", labelEn: "Gender", cardinality: 2, values: ["男", "女"], skew: "uniform" },
  { key: "channelPreference", labelZh: "偏好渠道", labelEn: "Preferred channel", cardinality: 4, values: ["手机银行", "网点", "微信", "电话"], skew: "zipf" },
];

/** Personal attributes every realistic contact carries: declared PERSONAL, never segments, never aggregated. */
const PERSONAL = [
  { key: "customerId", labelZh: "客户号", labelEn: "Customer id" },
  { key: "phone", labelZh: "手机号", labelEn: "Phone" },
];

type SurveySpec = { name: string; kind: "RELATIONSHIP" | "TRANSACTIONAL"; touchpoint: string | null; weight: number; channels: [string, number][] };

const SURVEYS: SurveySpec[] = [
  { name: "年度关系型 NPS", kind: "RELATIONSHIP", touchpoint: null, weight: 0.35, channels: [["EMAIL", 0.45], ["SMS", 0.55]] },
  { name: "开户体验", kind: "TRANSACTIONAL", touchpoint: "开户", weight: 0.15, channels: [["SMS", 0.6], ["QR", 0.4]] },
  { name: "柜面服务", kind: "TRANSACTIONAL", touchpoint: "柜面服务", weight: 0.25, channels: [["QR", 0.8], ["SMS", 0.2]] },
  { name: "手机银行", kind: "TRANSACTIONAL", touchpoint: "手机银行", weight: 0.15, channels: [["API", 0.7], ["LINK", 0.3]] },
  { name: "贷款审批", kind: "TRANSACTIONAL", touchpoint: "贷款审批", weight: 0.1, channels: [["EMAIL", 0.5], ["SMS", 0.5]] },
];

type Shape = {
  name: "realistic" | "segments50";
  title: string;
  dimensions: Dimension[];
  correlation: number;
  personal: boolean;
  historyDays: number;
  responsesPerContact: number;
  /** (b): one filter; (c): two filters and the group-bys. */
  oneFilter: Record<string, string[]>;
  twoFilters: Record<string, string[]>;
  groupBys: string[];
};

function envNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number in ${min}..${max}, got "${raw}"`);
  return value;
}

function realisticShape(): Shape {
  const count = Math.round(envNumber("BENCH_DIMENSIONS", CATALOGUE.length, 5, 60));
  const dimensions: Dimension[] = Array.from({ length: count }, (_, i) =>
    i < CATALOGUE.length
      ? { ...CATALOGUE[i]!, values: [...CATALOGUE[i]!.values] }
      : { key: `attr${i + 1}`, labelZh: `属性${i + 1}`, labelEn: `Attribute ${i + 1}`, cardinality: 10, values: [], skew: "zipf" },
  );
  const overrides = (process.env.BENCH_CARDINALITIES ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  overrides.forEach((entry, i) => {
    const [key, value] = entry.includes("=") ? entry.split("=") : [dimensions[i]?.key, entry];
    const dimension = dimensions.find((d) => d.key === key?.trim());
    const cardinality = Number(value);
    if (!dimension || !Number.isInteger(cardinality) || cardinality < 1 || cardinality > 1_000_000) {
      throw new Error(`BENCH_CARDINALITIES: cannot apply "${entry}" (dimensions: ${dimensions.map((d) => d.key).join(", ")})`);
    }
    dimension.cardinality = cardinality;
  });
  const [region, branch, rm] = dimensions;
  if (branch!.cardinality < region!.cardinality || rm!.cardinality < branch!.cardinality) {
    throw new Error("BENCH_CARDINALITIES: need regions ≤ branches ≤ RMs (each nested in the one before)");
  }
  const has = (key: string) => dimensions.some((d) => d.key === key);
  const second = has("gender") ? "gender" : "product";
  return {
    name: "realistic",
    title: `realistic: ${dimensions.length} dimensions (${dimensions.map((d) => `${d.key} ${d.cardinality}`).join(", ")}), correlation ${envNumber("BENCH_CORRELATION", 0.15, 0, 1)}, + customerId / phone (PERSONAL)`,
    dimensions,
    correlation: envNumber("BENCH_CORRELATION", 0.15, 0, 1),
    personal: true,
    historyDays: Math.round(envNumber("BENCH_HISTORY_DAYS", 1000, 60, 5000)),
    responsesPerContact: envNumber("BENCH_RESPONSES_PER_CONTACT", 2.5, 1, 1000),
    oneFilter: { tier: [label(dimensions[3]!, 1)] },
    twoFilters: { tier: [label(dimensions[3]!, 1)], [second]: [label(dimensions.find((d) => d.key === second)!, 1)] },
    groupBys: ["branch", "rm"],
  };
}

/** The old shape: 50 branches in 5 regions, every attribute fixed by the branch (50 attribute combinations). */
function segments50Shape(): Shape {
  const dimensions: Dimension[] = [
    { ...CATALOGUE[0]!, cardinality: 5 },
    { ...CATALOGUE[1]!, cardinality: 50, skew: "uniform" },
    { ...CATALOGUE[3]!, cardinality: 4 },
  ];
  return {
    name: "segments50",
    title: "segments50: region 5, branch 50, tier 4, all fixed by the branch (the old bench shape)",
    dimensions,
    correlation: 1,
    personal: false,
    historyDays: 730,
    responsesPerContact: 2.5,
    oneFilter: { region: [label(dimensions[0]!, 0)] },
    twoFilters: { region: [label(dimensions[0]!, 0)], tier: [label(dimensions[2]!, 0)] },
    groupBys: ["branch"],
  };
}

/** The label of value `k` of a non-hierarchy dimension (its catalogue word, else "<key>-<k+1>"); same as in SQL. */
function label(dimension: Dimension, k: number): string {
  return dimension.values[k] ?? `${dimension.key}-${k + 1}`;
}

// ---------------------------------------------------------------------------------------------------------
// Data generation
// ---------------------------------------------------------------------------------------------------------

const TIME_ZONE = "Asia/Shanghai";
const CHUNK_ROWS = 250_000;

/** Deterministic PRNG (mulberry32) for the day-by-day volume. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

type Day = { day: string; count: number; burst: number };

/**
 * How `total` responses spread over the history: growing volume, quiet weekends, and campaign days (~1 in 14)
 * that bring 4–24× a normal day, most of it within two hours of the send, with a tail over the next two days.
 */
function dayPlan(total: number, historyDays: number, seed: number): Day[] {
  const random = prng(seed);
  const today = todayIn(TIME_ZONE);
  const weights = Array.from({ length: historyDays }, () => ({ normal: 0, burst: 0 }));
  for (let d = 0; d < historyDays; d += 1) {
    const weekday = new Date(`${addDays(today, d - historyDays + 1)}T00:00:00Z`).getUTCDay();
    const base = (0.35 + (0.65 * d) / historyDays) * (weekday === 0 || weekday === 6 ? 0.45 : 1) * (0.8 + 0.4 * random());
    weights[d]!.normal += base;
    if (random() < 0.07) {
      const extra = base * (4 + 20 * random());
      weights[d]!.burst += extra;
      if (d + 1 < historyDays) weights[d + 1]!.normal += extra * 0.25;
      if (d + 2 < historyDays) weights[d + 2]!.normal += extra * 0.08;
    }
  }
  const sum = weights.reduce((s, w) => s + w.normal + w.burst, 0);
  const exact = weights.map((w) => (total * (w.normal + w.burst)) / sum);
  const counts = exact.map(Math.floor);
  let missing = total - counts.reduce((s, c) => s + c, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r);
  for (const { i } of byRemainder) {
    if (missing <= 0) break;
    counts[i]! += 1;
    missing -= 1;
  }
  return weights.map((w, d) => {
    const count = counts[d]!;
    const burst = w.burst > 0 ? Math.min(count, Math.round((count * w.burst) / (w.normal + w.burst))) : 0;
    return { day: addDays(today, d - historyDays + 1), count, burst };
  });
}

/** A uniform number in [0, 1) that depends only on (expr, seed): the same contact always gets the same value. */
function hashUnit(expr: string, seed: number): string {
  return `((hashint8extended((${expr})::bigint, ${seed}) & 4503599627370495)::float8 / 4503599627370496.0)`;
}

/** Value index 0..K-1 from a uniform `u`: Zipf with exponent 1 (P(k) = log_{K+1}((k+2)/(k+1))) or uniform. */
function pick(cardinality: number, u: string, skew: Skew): string {
  return skew === "uniform"
    ? `least(${cardinality - 1}, floor(${u} * ${cardinality})::int)`
    : `least(${cardinality - 1}, floor(exp(${u} * ln(${cardinality + 1})))::int - 1)`;
}

/** A SQL string literal (keys and labels come from this file's configuration, not from users). */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

type Fixture = { organizationId: string; surveyIds: string[]; regionUnitIds: string[]; branchUnitIds: string[] };

/** The organisation, its surveys, REGION and BRANCH units (branch b under region b mod regions), attribute definitions. */
async function createFixture(client: pg.Client, shape: Shape): Promise<Fixture> {
  const organizationId = (
    await client.query<{ id: string }>(
      `INSERT INTO "Organization" (id, name, slug, "timeZone", "updatedAt")
       VALUES (gen_random_uuid(), $1, 'bench-' || $2 || '-' || gen_random_uuid(), $3, now()) RETURNING id`,
      [`Bench ${shape.name}`, shape.name, TIME_ZONE],
    )
  ).rows[0]!.id;
  const surveyIds: string[] = [];
  for (const survey of SURVEYS) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "Survey" (id, "organizationId", name, kind, status, touchpoint, "brandName", "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, $3::"SurveyKind", 'ACTIVE', $4, '示例银行', now()) RETURNING id`,
      [organizationId, survey.name, survey.kind, survey.touchpoint],
    );
    surveyIds.push(rows[0]!.id);
  }
  const [region, branch] = shape.dimensions;
  const regionUnitIds: string[] = [];
  for (let r = 0; r < region!.cardinality; r += 1) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "OrgUnit" (id, "organizationId", kind, code, name, "updatedAt") VALUES (gen_random_uuid(), $1, 'REGION', $2, $3, now()) RETURNING id`,
      [organizationId, `R${r + 1}`, label(region!, r)],
    );
    regionUnitIds.push(rows[0]!.id);
  }
  const branchUnitIds: string[] = [];
  for (let b = 0; b < branch!.cardinality; b += 1) {
    const r = b % region!.cardinality;
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "OrgUnit" (id, "organizationId", kind, code, name, "parentId", "updatedAt") VALUES (gen_random_uuid(), $1, 'BRANCH', $2, $3, $4, now()) RETURNING id`,
      [organizationId, `B${b + 1}`, `${label(region!, r)}第${b + 1}支行`, regionUnitIds[r]],
    );
    branchUnitIds.push(rows[0]!.id);
  }
  const definitions = [
    ...shape.dimensions.map((d) => ({ key: d.key, labelZh: d.labelZh, labelEn: d.labelEn, kind: "CATEGORY", role: "DIMENSION" })),
    ...(shape.personal ? PERSONAL.map((p) => ({ ...p, kind: "TEXT", role: "PERSONAL" })) : []),
  ];
  for (const d of definitions) {
    await client.query(
      `INSERT INTO "AttributeDefinition" ("organizationId", key, "labelZh", "labelEn", kind, role, "updatedAt")
       VALUES ($1, $2, $3, $4, $5::"AttributeKind", $6::"AttributeRole", now())`,
      [organizationId, d.key, d.labelZh, d.labelEn, d.kind, d.role],
    );
  }
  // Combined analyses (docs/decisions/0027) for case (c): its two filters with each of its group-bys
  // (BENCH_COMBINATIONS=0: none, so (c) reads the raw responses as before).
  if (process.env.BENCH_COMBINATIONS !== "0") {
    for (const groupBy of shape.groupBys) {
      const keys = [...new Set([...Object.keys(shape.twoFilters), groupBy])].sort();
      await client.query(`INSERT INTO "AggregateCombination" ("organizationId", id, keys) VALUES ($1, gen_random_uuid(), $2::text[])`, [organizationId, keys]);
      console.log(`    combined analysis: ${keys.join(" × ")}`);
    }
  }
  return { organizationId, surveyIds, regionUnitIds, branchUnitIds };
}

/**
 * One INSERT … SELECT for a run of days. Per row: a contact number c (uniform over the contact pool); the
 * contact's attributes are hashes of c, so a contact keeps them across its responses: branch b (Zipf), region
 * b mod regions, RM within the branch (Zipf), every other dimension either independent of the branch (Zipf
 * over c) or, with probability `correlation`, the branch's typical value; the score leans on the branch, the
 * RM and the tier. Days are filled in time order (campaign sends in a burst from 10:00, the rest 8:00–22:00).
 */
function insertStatement(shape: Shape): string {
  const [region, branch, ...rest] = shape.dimensions;
  const rm = rest[0]?.key === "rm" ? rest[0] : null;
  const independent = rest.filter((d) => d.key !== "rm");
  const R = region!.cardinality;
  const B = branch!.cardinality;
  const indexColumns = independent.map((d, i) => {
    const own = pick(d.cardinality, hashUnit("c", 10 + i), d.skew);
    const typical = pick(d.cardinality, hashUnit("b", 200 + i), d.skew);
    return shape.correlation >= 1
      ? `${typical} AS k${i}`
      : shape.correlation <= 0
        ? `${own} AS k${i}`
        : `CASE WHEN ${hashUnit("c", 100 + i)} < ${shape.correlation} THEN ${typical} ELSE ${own} END AS k${i}`;
  });
  const rmColumn = rm
    ? (() => {
        const perBranch = Math.floor(rm.cardinality / B);
        const extra = rm.cardinality % B;
        const inBranch = `(${perBranch} + CASE WHEN b < ${extra} THEN 1 ELSE 0 END)`;
        return `b + ${B} * least(${inBranch} - 1, floor(exp(${hashUnit("c", 2)} * ln(${inBranch} + 1)))::int - 1) AS rm`;
      })()
    : "0 AS rm";
  const tierIndex = independent.findIndex((d) => d.key === "tier");
  const shift = [
    `(${hashUnit("b", 901)} - 0.5) * 1.6`,
    rm ? `(${hashUnit("rm", 902)} - 0.5) * 0.8` : "0",
    tierIndex >= 0 ? `k${tierIndex} * 0.15 - 0.2` : "0",
  ].join(" + ");
  const regionLabels = `ARRAY[${region!.values.map(literal).join(", ")}]::text[]`;
  const regionLabel = `coalesce((${regionLabels})[region + 1], ${literal(`${region!.key}-`)} || (region + 1))`;
  const valueLabel = (d: Dimension, column: string) =>
    d.values.length
      ? `coalesce((ARRAY[${d.values.map(literal).join(", ")}]::text[])[${column} + 1], ${literal(`${d.key}-`)} || (${column} + 1))`
      : `${literal(`${d.key}-`)} || (${column} + 1)`;
  const attributes = [
    `${literal(region!.key)}, ${regionLabel}`,
    `${literal(branch!.key)}, ${regionLabel} || '第' || (b + 1) || '支行'`,
    ...(rm ? [`${literal(rm.key)}, 'RM' || lpad((rm + 1)::text, 4, '0')`] : []),
    ...independent.map((d, i) => `${literal(d.key)}, ${valueLabel(d, `k${i}`)}`),
    ...(shape.personal
      ? [`'customerId', 'C' || lpad(c::text, 10, '0')`, `'phone', '1' || (3 + c % 7) || lpad(((hashint8extended(c, 77) & 1073741823) % 1000000000)::text, 9, '0')`]
      : []),
  ];
  let cumulative = 0;
  const surveyCase = `CASE ${SURVEYS.map((s, i) => {
    cumulative += s.weight;
    return i === SURVEYS.length - 1 ? `ELSE ${i}` : `WHEN r_survey < ${cumulative} THEN ${i}`;
  }).join(" ")} END`;
  const channelCase = `CASE s ${SURVEYS.map((s, i) => {
    let c = 0;
    const inner = s.channels.map(([channel, weight], j) => {
      c += weight;
      return j === s.channels.length - 1 ? `ELSE '${channel}'` : `WHEN r_channel < ${c} THEN '${channel}'`;
    });
    return `WHEN ${i} THEN CASE ${inner.join(" ")} END`;
  }).join(" ")} END`;
  return `
    INSERT INTO "Response" ("id", "organizationId", "surveyId", "score", "category", "locale", "channel", "touchpoint",
                            "attributes", "unitId", "completed", "completedAt", "excluded", "createdAt", "updatedAt")
    SELECT ($1 || lpad(to_hex(t.g), 12, '0'))::uuid, $2::uuid, ($3::uuid[])[t.s + 1], t.score,
           (CASE WHEN t.score >= 9 THEN 'PROMOTER' WHEN t.score >= 7 THEN 'PASSIVE' WHEN t.score >= 0 THEN 'DETRACTOR' END)::"NpsCategory",
           CASE WHEN t.r_locale < 0.07 THEN 'en' ELSE 'zh-CN' END, (${channelCase})::"Channel", ($4::text[])[t.s + 1],
           jsonb_build_object(${attributes.join(", ")}),
           CASE WHEN t.r_unit < 0.04 THEN NULL ELSE ($5::uuid[])[t.b + 1] END,
           true, t.created, t.r_excluded < 0.005, t.created, t.created
    FROM (
      SELECT k.*, CASE WHEN k.r_skip < 0.02 THEN NULL
                       ELSE least(10, greatest(0, round(7.3 + ${shift} + (k.r1 + k.r2 + k.r3 - 1.5) * 3.2)::int)) END AS score
      FROM (
        SELECT h.*, h.b % ${R} AS region, ${[...indexColumns].join(", ") || "0 AS k_none"}
        FROM (
          SELECT x.*, ${rmColumn}
          FROM (
            SELECT w.*, ${pick(B, hashUnit("c", 1), branch!.skew)} AS b, ${surveyCase} AS s
            FROM (
              SELECT d.off + i AS g, floor(random() * $6::bigint)::bigint AS c,
                     ((d.day::timestamp + make_interval(secs => CASE
                         WHEN i <= d.burst THEN 36000 + 7200 * power((i - random()) / d.burst, 3)
                         ELSE 28800 + 50400 * (i - d.burst - random()) / (d.cnt - d.burst) END)) AT TIME ZONE $7) AS created,
                     random() AS r_survey, random() AS r_channel, random() AS r_locale, random() AS r_unit,
                     random() AS r_excluded, random() AS r_skip, random() AS r1, random() AS r2, random() AS r3
              FROM unnest($8::date[], $9::int[], $10::int[], $11::bigint[]) AS d (day, cnt, burst, off)
              CROSS JOIN LATERAL generate_series(1, d.cnt) AS i
            ) w
            OFFSET 0
          ) x
          OFFSET 0
        ) h
        OFFSET 0
      ) k
      OFFSET 0
    ) t`;
}

/**
 * Adds `count` responses to the fixture's organisation; the contact pool is sized for `poolFor` responses.
 * Chunks of ~250k rows (whole days) go through `clients` in parallel, one statement each.
 */
async function generate(clients: pg.Client[], shape: Shape, fixture: Fixture, count: number, poolFor: number, seed: number): Promise<void> {
  const plan = dayPlan(count, shape.historyDays, seed);
  const sql = insertStatement(shape);
  const prefix = (() => {
    const hex = randomBytes(10).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(12, 15)}-8${hex.slice(15, 18)}-`;
  })();
  const contacts = Math.max(1, Math.round(poolFor / shape.responsesPerContact));
  const touchpoints = SURVEYS.map((s) => s.touchpoint);
  const chunks: { days: Day[]; offsets: number[]; rows: number }[] = [];
  let offset = 0;
  for (const day of plan) {
    if (day.count === 0) continue;
    let chunk = chunks[chunks.length - 1];
    if (!chunk || chunk.rows >= CHUNK_ROWS) {
      chunk = { days: [], offsets: [], rows: 0 };
      chunks.push(chunk);
    }
    chunk.days.push(day);
    chunk.offsets.push(offset);
    chunk.rows += day.count;
    offset += day.count;
  }
  const started = performance.now();
  let done = 0;
  let reported = 0;
  let next = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (next < chunks.length) {
        const chunk = chunks[next]!;
        next += 1;
        await client.query(sql, [
          prefix,
          fixture.organizationId,
          fixture.surveyIds,
          touchpoints,
          fixture.branchUnitIds,
          contacts,
          TIME_ZONE,
          chunk.days.map((d) => d.day),
          chunk.days.map((d) => d.count),
          chunk.days.map((d) => d.burst),
          chunk.offsets,
        ]);
        done += chunk.rows;
        if (done - reported >= count / 10 || done === count) {
          reported = done;
          const seconds = (performance.now() - started) / 1000;
          console.log(`    … ${done.toLocaleString("en")} / ${count.toLocaleString("en")} rows (${Math.round(done / seconds).toLocaleString("en")} rows/s)`);
        }
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------------------

type Figure = { n: number; nps: number | null };
/** Every figure a case shows, keyed "total", "previous", "trend:<period>", "<group-by>:<key>". */
type Figures = Map<string, Figure>;

type DateRange = { from: string; to: string };

function groupName(groupBy: GroupBy): string {
  return groupBy.kind === "attribute" ? `attribute:${groupBy.key}` : groupBy.kind;
}

function figure(n: number, promoters: number, detractors: number): Figure {
  return { n, nps: n > 0 ? (100 * (promoters - detractors)) / n : null };
}

/** Differences between two sets of figures (missing keys, other n, other NPS), at most a few. */
function compare(ours: Figures, theirs: Figures): string[] {
  const problems: string[] = [];
  for (const key of new Set([...ours.keys(), ...theirs.keys()])) {
    const a = ours.get(key);
    const b = theirs.get(key);
    if (!a || !b) problems.push(`${key}: only in ${a ? "ours" : "the reference"}`);
    else if (a.n !== b.n || (a.nps === null) !== (b.nps === null) || Math.abs((a.nps ?? 0) - (b.nps ?? 0)) > 1e-9) {
      problems.push(`${key}: n ${a.n} vs ${b.n}, NPS ${a.nps} vs ${b.nps}`);
    }
    if (problems.length >= 5) break;
  }
  return problems;
}

/**
 * The hand-written SQL over the raw table: one scan of the period's rows, with GROUPING SETS for the total, the
 * trend buckets and every group-by — the best a careful engineer would write without a rollup.
 */
async function rawFigures(
  pool: pg.Pool,
  filter: AnalyticsFilter,
  range: DateRange,
  totalKey: string,
  sets: { trend?: "day" | "week" | "month"; groupBys: GroupBy[] },
): Promise<Figures> {
  const params: unknown[] = [filter.organizationId, range.from, range.to, filter.timeZone];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [
    `r."organizationId" = $1::uuid`,
    `NOT r."excluded"`,
    `r."score" IS NOT NULL`,
    `r."createdAt" >= ($2::date::timestamp AT TIME ZONE $4::text)`,
    `r."createdAt" < (($3::date + 1)::timestamp AT TIME ZONE $4::text)`,
  ];
  if (filter.surveyIds.length) where.push(`r."surveyId" = ANY(${param(filter.surveyIds)}::uuid[])`);
  if (filter.channels.length) where.push(`r."channel"::text = ANY(${param(filter.channels)}::text[])`);
  if (filter.touchpoints.length) where.push(`coalesce(r."touchpoint", '') = ANY(${param(filter.touchpoints)}::text[])`);
  for (const [key, values] of Object.entries(filter.attributes)) {
    if (values.length) where.push(`r."attributes" ->> ${param(key)}::text = ANY(${param(values)}::text[])`);
  }
  if (filter.unitIds) where.push(`r."unitId" = ANY(${param(filter.unitIds)}::uuid[])`);
  const local = `(r."createdAt" AT TIME ZONE $4::text)`;
  const expressions: { name: string; sql: string }[] = [];
  if (sets.trend) expressions.push({ name: "trend", sql: `to_char(date_trunc('${sets.trend}', ${local}), 'YYYY-MM-DD')` });
  for (const g of sets.groupBys) {
    const sql =
      g.kind === "attribute"
        ? `coalesce(r."attributes" ->> ${param(g.key)}::text, '')`
        : g.kind === "channel"
          ? `r."channel"::text`
          : g.kind === "touchpoint"
            ? `coalesce(r."touchpoint", '')`
            : g.kind === "survey"
              ? `r."surveyId"::text`
              : g.kind === "locale"
                ? `r."locale"`
                : `to_char(${local}, 'YYYY-MM')`;
    expressions.push({ name: groupName(g), sql });
  }
  const keys = expressions.map((e, i) => `${e.sql} AS k${i}`);
  const { rows } = await pool.query<Record<string, string | null>>(
    `SELECT ${[...keys, `count(*) AS n`, `count(*) FILTER (WHERE r."score" >= 9) AS p`, `count(*) FILTER (WHERE r."score" <= 6) AS d`].join(", ")}
     FROM "Response" r
     WHERE ${where.join(" AND ")}
     GROUP BY GROUPING SETS ((), ${expressions.map((e) => `(${e.sql})`).join(", ") || "()"})`,
    params,
  );
  const figures: Figures = new Map();
  for (const row of rows) {
    const i = expressions.findIndex((_, j) => row[`k${j}`] !== null);
    const key = i < 0 ? totalKey : `${expressions[i]!.name}:${row[`k${i}`]}`;
    if (i < 0 && figures.has(totalKey)) continue; // GROUPING SETS ((), ()) when there are no expressions
    figures.set(key, figure(Number(row.n), Number(row.p), Number(row.d)));
  }
  if (!figures.has(totalKey)) figures.set(totalKey, figure(0, 0, 0));
  return figures;
}

type CaseResult = {
  label: string;
  ours: number;
  raw: number | null;
  js: number | null;
  n: number;
  nps: number | null;
  floorMs: number | null;
  floorSpeedUp: number | null;
  /** The machine's 1-minute load average when the case's timings ended (a shared 2-core machine: read times with it). */
  load: number;
};

function formatMs(ms: number | null): string {
  return ms === null ? "—" : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`;
}

function printTable(rows: CaseResult[]): void {
  const width = Math.max(...rows.map((r) => r.label.length));
  console.log(`    ${"case".padEnd(width)}  ${"ours".padStart(9)}  ${"raw SQL".padStart(9)}  ${"speed-up".padStart(8)}  ${"rows→JS".padStart(9)}  ${"n / NPS".padStart(18)}  ${"load".padStart(5)}  floors`);
  for (const r of rows) {
    const speedUp = r.raw === null ? null : r.raw / r.ours;
    const floors = [
      r.floorMs === null ? null : `≤ ${r.floorMs} ms ${r.ours <= r.floorMs ? "PASS" : "MISS"}`,
      r.floorSpeedUp === null || speedUp === null ? null : `≥ ${r.floorSpeedUp}× ${speedUp >= r.floorSpeedUp ? "PASS" : "MISS"}`,
    ].filter(Boolean);
    console.log(
      `    ${r.label.padEnd(width)}  ${formatMs(r.ours).padStart(9)}  ${formatMs(r.raw).padStart(9)}  ${(speedUp === null ? "—" : `×${speedUp.toFixed(speedUp < 10 ? 1 : 0)}`).padStart(8)}  ${formatMs(r.js).padStart(9)}  ${`${r.n.toLocaleString("en")} / ${r.nps?.toFixed(2) ?? "—"}`.padStart(18)}  ${r.load.toFixed(1).padStart(5)}  ${floors.join(", ")}`,
    );
  }
}

export type AnalyticsBenchOptions = {
  /** Total responses after each step (rows are added, not replaced). */
  sizes: number[];
  /** Timed runs of our path (median printed). */
  runs: number;
  /** Largest size at which the rows-into-JavaScript baseline runs. */
  baselineUpTo: number;
};

export function analyticsOptionsFromEnv(runs = 7): AnalyticsBenchOptions {
  return {
    sizes: (process.env.BENCH_ANALYTICS_SIZES ?? "1000000,10000000").split(",").map(Number).filter((n) => n > 0),
    runs,
    baselineUpTo: Number(process.env.BENCH_BASELINE_UP_TO ?? 1_000_000),
  };
}

/**
 * The analytics benchmark against `databaseUrl` (migrated; the hook for running the 10M case on another
 * server such as Citus). The service functions use the app's Prisma client, which reads DATABASE_URL once per
 * process: it must name the same database.
 */
/** One case's medians at one size: what the Citus run is compared with (scripts/bench/citus.ts). */
export type AnalyticsCaseFigure = { shape: string; size: number; label: string; ours: number; raw: number | null; load: number };

export async function benchAnalytics(databaseUrl: string, options: AnalyticsBenchOptions): Promise<AnalyticsCaseFigure[]> {
  if (process.env.DATABASE_URL !== databaseUrl) {
    throw new Error("benchAnalytics: DATABASE_URL must name the benchmarked database (the service functions read it)");
  }
  const which = process.env.BENCH_SHAPE ?? "both";
  if (!["realistic", "segments50", "both"].includes(which)) throw new Error(`BENCH_SHAPE must be realistic, segments50 or both, got "${which}"`);
  const sizes = [...options.sizes].sort((a, b) => a - b);
  const figures: AnalyticsCaseFigure[] = [];
  if (!sizes.length) return figures;
  const plans: { shape: Shape; sizes: number[] }[] = [];
  if (which !== "segments50") plans.push({ shape: realisticShape(), sizes });
  if (which !== "realistic") plans.push({ shape: segments50Shape(), sizes: which === "both" ? sizes.slice(0, 1) : sizes });

  const { resolveFilter } = await import("../../src/server/analytics/filter.ts");
  const { getHeadline } = await import("../../src/server/analytics/get-headline.ts");
  const { getTrend } = await import("../../src/server/analytics/get-trend.ts");
  const { getSegments } = await import("../../src/server/analytics/get-segments.ts");
  const { rebuildAggregates } = await import("../../src/server/analytics/rebuild-aggregates.ts");
  const { unitSubtreeIds } = await import("../../src/server/org/unit-scope.ts");
  const { granularityFor, previousRange } = await import("../../src/lib/date-range.ts");
  const { db } = await import("../../src/server/db.ts");

  // Listeners so that a lost connection (the cluster stopped after an error) does not crash the process and hide the error.
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => undefined);
  await client.connect();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on("error", () => undefined);
  /** The load's connections, constraint triggers off (a history import's bulk path; needs superuser, else skipped). */
  const loaders = Array.from({ length: Math.round(envNumber("BENCH_LOAD_CONNECTIONS", 2, 1, 16)) }, () => new pg.Client({ connectionString: databaseUrl }));
  for (const loader of loaders) {
    loader.on("error", () => undefined);
    await loader.connect();
    await loader.query(`SET session_replication_role = replica`).catch(() => undefined);
  }
  const rawRuns = Math.max(1, Math.round(envNumber("BENCH_RAW_RUNS", 3, 1, 50)));
  /** Median time per case label, per shape, per size: the scaling summary at the end. */
  const bySize = new Map<string, Map<number, Map<string, number>>>();

  try {
    for (const { shape, sizes: shapeSizes } of plans) {
      console.log(`\n  shape ${shape.title}`);
      const fixture = await createFixture(client, shape);
      const { organizationId } = fixture;
      const regionScope = await unitSubtreeIds(organizationId, fixture.regionUnitIds[0]!);
      const query = (attributes: Record<string, string[]>) => ({ range: "12m" as const, survey: [], channel: [], touchpoint: [], attributes });
      const scope = { organizationId, timeZone: TIME_ZONE };
      const whole = resolveFilter(query({}), scope);
      const scoped = resolveFilter(query({}), { ...scope, unitIds: regionScope });
      const oneFilter = resolveFilter(query(shape.oneFilter), scope);
      const twoFilters = resolveFilter(query(shape.twoFilters), scope);
      const thresholds = { minN: 30, suppressN: 5 };
      const dashboardGroupBys: GroupBy[] = [
        { kind: "attribute", key: "region" },
        { kind: "attribute", key: "branch" },
        { kind: "attribute", key: shape.dimensions.some((d) => d.key === "tier") ? "tier" : "region" },
        { kind: "channel" },
        { kind: "month" },
      ];

      /** Our path: the same calls the dashboard makes, in parallel as the page does. */
      const ours = async (filter: AnalyticsFilter, parts: { headline: boolean; trend: boolean; groupBys: GroupBy[] }): Promise<Figures> => {
        const [headline, trend, ...segments] = await Promise.all([
          parts.headline ? getHeadline(filter) : null,
          parts.trend ? getTrend(filter) : null,
          ...parts.groupBys.map((g) => getSegments(filter, g, thresholds)),
        ]);
        const figures: Figures = new Map();
        if (headline) {
          figures.set("total", { n: headline.stats.n, nps: headline.stats.nps });
          figures.set("previous", { n: headline.previous.stats.n, nps: headline.previous.stats.nps });
        }
        for (const point of trend?.points ?? []) figures.set(`trend:${point.period}`, { n: point.stats.n, nps: point.stats.nps });
        for (const s of segments) {
          if (!s) continue;
          if (!headline) figures.set("total", { n: s.overall.n, nps: s.overall.nps });
          for (const g of s.groups) figures.set(`${groupName(s.groupBy)}:${g.key}`, { n: g.stats.n, nps: g.stats.nps });
        }
        return figures;
      };
      /** The raw SQL: the period (total, trend, group-bys in one scan), the previous period, the response rate. */
      const raw = async (filter: AnalyticsFilter, parts: { headline: boolean; trend: boolean; groupBys: GroupBy[] }): Promise<Figures> => {
        const [current, previous] = await Promise.all([
          rawFigures(pool, filter, filter.range, "total", { trend: parts.trend ? granularityFor(filter.range) : undefined, groupBys: parts.groupBys }),
          parts.headline ? rawFigures(pool, filter, previousRange(filter.range), "previous", { groupBys: [] }) : null,
          parts.headline
            ? pool.query(
                `SELECT count(*), count("respondedAt") FROM "Invitation" i WHERE i."organizationId" = $1 AND i."createdAt" >= ($2::date::timestamp AT TIME ZONE $4::text) AND i."createdAt" < (($3::date + 1)::timestamp AT TIME ZONE $4::text)`,
                [filter.organizationId, filter.range.from, filter.range.to, filter.timeZone],
              )
            : null,
        ]);
        return new Map([...current, ...(previous ?? [])]);
      };
      /** The old baseline: every row of both periods into JavaScript, then the same figures there. */
      const rowsIntoJs = async (filter: AnalyticsFilter, groupBys: GroupBy[]): Promise<Figures> => {
        const previous = previousRange(filter.range);
        const instant = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`));
        const rows = await db.response.findMany({
          where: {
            organizationId,
            excluded: false,
            score: { not: null },
            createdAt: { gte: instant(previous.from), lt: new Date(instant(filter.range.to).getTime() + 86_400_000) },
            ...(filter.unitIds ? { unitId: { in: filter.unitIds } } : {}),
          },
          select: { score: true, channel: true, attributes: true, createdAt: true },
        });
        const counts = new Map<string, { n: number; p: number; d: number }>();
        const add = (key: string, score: number) => {
          const c = counts.get(key) ?? { n: 0, p: 0, d: 0 };
          c.n += 1;
          if (score >= 9) c.p += 1;
          else if (score <= 6) c.d += 1;
          counts.set(key, c);
        };
        for (const r of rows) {
          const day = new Date(r.createdAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10); // Asia/Shanghai: UTC+8, no DST
          const score = r.score!;
          if (day < filter.range.from) {
            add("previous", score);
            continue;
          }
          add("total", score);
          add(`trend:${day.slice(0, 7)}-01`, score);
          const attributes = r.attributes as Record<string, string>;
          for (const g of groupBys) {
            const key = g.kind === "attribute" ? (attributes[g.key] ?? "") : g.kind === "channel" ? r.channel : day.slice(0, 7);
            add(`${groupName(g)}:${key}`, score);
          }
        }
        return new Map([...counts].map(([key, c]) => [key, figure(c.n, c.p, c.d)]));
      };

      const none: GroupBy[] = [];
      const cases: {
        label: string;
        filter: AnalyticsFilter;
        parts: { headline: boolean; trend: boolean; groupBys: GroupBy[] };
        floorMs: number | null;
        floorSpeedUp: number | null;
        js?: boolean;
      }[] = [
        { label: "(a) no filter: headline + trend", filter: whole, parts: { headline: true, trend: true, groupBys: none }, floorMs: 50, floorSpeedUp: 10 },
        {
          label: `(b) ${describe(shape.oneFilter)}: headline + trend`,
          filter: oneFilter,
          parts: { headline: true, trend: true, groupBys: none },
          floorMs: 100,
          floorSpeedUp: 10,
        },
        ...shape.groupBys.map((key) => ({
          label: `(c) ${describe(shape.twoFilters)}: segments by ${key}`,
          filter: twoFilters,
          parts: { headline: false, trend: false, groupBys: [{ kind: "attribute", key } as GroupBy] },
          floorMs: 250,
          floorSpeedUp: 10,
        })),
        { label: "(d) dashboard, whole organisation", filter: whole, parts: { headline: true, trend: true, groupBys: dashboardGroupBys }, floorMs: null, floorSpeedUp: 10, js: true },
        {
          label: `(d) dashboard, member scoped to 1 of ${fixture.regionUnitIds.length} regions`,
          filter: scoped,
          parts: { headline: true, trend: true, groupBys: dashboardGroupBys },
          floorMs: null,
          floorSpeedUp: 10,
          js: true,
        },
      ];

      let total = 0;
      for (const [step, size] of shapeSizes.entries()) {
        console.log(`\n  ${size.toLocaleString("en")} responses (${shape.name})`);
        const loadStarted = performance.now();
        await generate(loaders, shape, fixture, size - total, size, 1000 + step);
        total = size;
        console.log(`    loaded in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`);

        const rebuildStarted = performance.now();
        let printed = 0;
        await rebuildAggregates({
          organizationId,
          onProgress: (done: number, all: number) => {
            if (all > 0 && (done - printed >= all / 5 || done === all)) {
              printed = done;
              console.log(`    … aggregates ${done.toLocaleString("en")} / ${all.toLocaleString("en")}`);
            }
          },
        });
        const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
        console.log(`    rebuildAggregates: ${rebuildSeconds.toFixed(1)} s (${Math.round(total / rebuildSeconds).toLocaleString("en")} responses/s), load ${loadAverage().toFixed(1)}`);
        await client.query(`VACUUM ANALYZE "Response"`);
        await client.query(`VACUUM ANALYZE "ResponseAggregate"`);
        const aggregateRows = Number(
          (await client.query<{ n: string }>(`SELECT count(*) AS n FROM "ResponseAggregate" WHERE "organizationId" = $1`, [organizationId])).rows[0]!.n,
        );
        console.log(`    aggregate rows: ${aggregateRows.toLocaleString("en")} (${(aggregateRows / total).toFixed(4)} per response)`);
        await printWriteCost(client, organizationId);

        const results: CaseResult[] = [];
        for (const c of cases) {
          const mine = await time(() => ours(c.filter, c.parts), options.runs);
          const theirs = await time(() => raw(c.filter, c.parts), rawRuns);
          const problems = compare(mine.result, theirs.result);
          if (problems.length) throw new Error(`${shape.name} ${c.label}: our figures and the raw SQL disagree:\n  ${problems.join("\n  ")}`);
          let js: number | null = null;
          if (c.js && total <= options.baselineUpTo) {
            const loaded = await time(() => rowsIntoJs(c.filter, c.parts.groupBys), Math.min(3, options.runs));
            const jsProblems = compare(mine.result, loaded.result);
            if (jsProblems.length) throw new Error(`${shape.name} ${c.label}: our figures and the rows-into-JavaScript baseline disagree:\n  ${jsProblems.join("\n  ")}`);
            js = loaded.median;
          }
          const headline = mine.result.get("total")!;
          results.push({ label: c.label, ours: mine.median, raw: theirs.median, js, n: headline.n, nps: headline.nps, floorMs: c.floorMs, floorSpeedUp: c.floorSpeedUp, load: loadAverage() });
        }
        console.log(`    last 12 months; medians of ${options.runs} runs (ours) and ${rawRuns} (raw SQL over "Response"); figures cross-checked`);
        printTable(results);
        for (const r of results) figures.push({ shape: shape.name, size: total, label: r.label, ours: r.ours, raw: r.raw, load: r.load });
        if (total > options.baselineUpTo) console.log(`    rows→JS skipped above ${options.baselineUpTo.toLocaleString("en")} responses (BENCH_BASELINE_UP_TO)`);
        const perSize = bySize.get(shape.title) ?? new Map<number, Map<string, number>>();
        perSize.set(total, new Map(results.map((r) => [r.label, r.ours])));
        bySize.set(shape.title, perSize);
      }
    }
    for (const [title, perSize] of bySize) {
      const steps = [...perSize.keys()].sort((a, b) => a - b);
      if (steps.length < 2) continue;
      const small = steps[0]!;
      const large = steps[steps.length - 1]!;
      console.log(`\n  scaling, ${title.split(":")[0]}: ${large.toLocaleString("en")} against ${small.toLocaleString("en")} responses (floor at 10×: ≤ 4×)`);
      for (const [label, ms] of perSize.get(large)!) {
        const before = perSize.get(small)!.get(label)!;
        const ratio = ms / before;
        const verdict = large / small === 10 ? `  ${ratio <= 4 ? "PASS" : "MISS"}` : "";
        console.log(`    ${label.padEnd(48)} ${formatMs(before).padStart(9)} → ${formatMs(ms).padStart(9)}  ×${ratio.toFixed(2)}${verdict}`);
      }
    }
  } finally {
    await pool.end();
    await client.end();
    for (const loader of loaders) await loader.end();
  }
  return figures;
}

function loadAverage(): number {
  return os.loadavg()[0] ?? 0;
}

/**
 * What a respondent's step 1 adds for its answer's aggregates (src/server/analytics/response-aggregates.ts calls
 * response_aggregate_rows for the new response's id): that INSERT for one response, timed on 200 random responses
 * of the organisation, each in a transaction rolled back (nothing kept). Printed with the rows it writes.
 */
async function printWriteCost(client: pg.Client, organizationId: string): Promise<void> {
  const { rows: ids } = await client.query<{ id: string }>(
    `SELECT id FROM "Response" WHERE "organizationId" = $1 AND "score" IS NOT NULL AND NOT "excluded" ORDER BY random() LIMIT 200`,
    [organizationId],
  );
  const samples: number[] = [];
  let written = 0;
  for (const { id } of ids) {
    await client.query("BEGIN");
    const started = performance.now();
    const result = await client.query(
      `INSERT INTO "ResponseAggregate" ("organizationId", "surveyId", grain, day, dimension, value, scope, n, "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
       SELECT $1::uuid, a.* FROM response_aggregate_rows($1::uuid, ARRAY[$2::uuid], 1) a`,
      [organizationId, id],
    );
    samples.push(performance.now() - started);
    await client.query("ROLLBACK");
    written += result.rowCount ?? 0;
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  console.log(
    `    step-1 aggregate write (one response's rows, ${samples.length} responses): median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, ${(written / Math.max(1, samples.length)).toFixed(1)} rows per response; load ${loadAverage().toFixed(1)}`,
  );
}

function describe(filters: Record<string, string[]>): string {
  return Object.entries(filters)
    .map(([key, values]) => `${key} = ${values.join("|")}`)
    .join(" & ");
}

// Standalone: only this benchmark, against DATABASE_URL or an embedded cluster of its own.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}, load ${loadAverage().toFixed(1)}`);
  const external = process.env.BENCH_ANALYTICS_DATABASE_URL || process.env.DATABASE_URL;
  let stop = async () => undefined as void;
  let url = external;
  if (!url) {
    const { startTestDatabase } = await import("../lib/test-database.ts");
    const database = await startTestDatabase({ name: "nps_bench_analytics", port: Number(process.env.BENCH_PORT ?? 24340), defaultPort: 24340 });
    url = database.url;
    stop = database.stop;
  }
  process.env.DATABASE_URL = url;
  try {
    console.log("Analytics dashboard at scale");
    const figures = await benchAnalytics(url, analyticsOptionsFromEnv());
    // BENCH_ANALYTICS_RESULTS: the figures as JSON too, for a caller that compares two runs (scripts/bench/citus.ts).
    if (process.env.BENCH_ANALYTICS_RESULTS) {
      const { writeFileSync } = await import("node:fs");
      writeFileSync(process.env.BENCH_ANALYTICS_RESULTS, JSON.stringify(figures));
    }
    const { db } = await import("../../src/server/db.ts");
    await db.$disconnect();
  } finally {
    await stop();
  }
}
