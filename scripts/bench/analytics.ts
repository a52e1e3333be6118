/**
 * Dashboard server work at scale: headline + trend + a segment table for 5 groupings (region, branch, tier,
 * channel, month), through our SQL path (rollup) and through the baseline of loading the filtered rows
 * into JavaScript and counting there (what Formbricks does), in the same run — for the whole organisation
 * and for a member scoped to one region (its 10 branches, docs/decisions/0009).
 */
import pg from "pg";
import { time } from "./timing.ts";

const REGIONS = ["华东", "华北", "华南", "西南", "东北"];
const TIERS = ["普通", "金卡", "白金", "私人银行"];

/** The hierarchy: one REGION unit per region, one BRANCH unit per segment below it. Returns the branch unit ids. */
async function createUnits(client: pg.Client, organizationId: string): Promise<{ regionIds: string[]; branchIds: string[] }> {
  const regionIds: string[] = [];
  for (const [i, region] of REGIONS.entries()) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "OrgUnit" (id, "organizationId", kind, code, name, "updatedAt") VALUES (gen_random_uuid(), $1, 'REGION', $2, $3, now()) RETURNING id`,
      [organizationId, `R${i}`, region],
    );
    regionIds.push(rows[0]!.id);
  }
  const branchIds: string[] = [];
  for (let i = 0; i < 50; i += 1) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "OrgUnit" (id, "organizationId", kind, code, name, "parentId", "updatedAt") VALUES (gen_random_uuid(), $1, 'BRANCH', $2, $3, $4, now()) RETURNING id`,
      [organizationId, `B${i}`, `${REGIONS[i % REGIONS.length]}第${i + 1}支行`, regionIds[i % REGIONS.length]],
    );
    branchIds.push(rows[0]!.id);
  }
  return { regionIds, branchIds };
}

/** Adds `count` responses over 730 days across 50 segments (branch → region, tier; credited to the branch's unit) to one survey. */
async function generate(client: pg.Client, organizationId: string, surveyId: string, count: number, branchIds: string[]): Promise<void> {
  const segments = Array.from({ length: 50 }, (_, i) => ({
    region: REGIONS[i % REGIONS.length],
    branch: `${REGIONS[i % REGIONS.length]}第${i + 1}支行`,
    tier: TIERS[i % TIERS.length],
    shift: ((i * 37) % 11) / 10 - 0.5,
  }));
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS bench_segments (i int, attributes jsonb, shift float8, unit uuid)`);
  await client.query(`TRUNCATE bench_segments`);
  for (const [i, s] of segments.entries()) {
    await client.query(`INSERT INTO bench_segments VALUES ($1, $2, $3, $4)`, [i, JSON.stringify({ region: s.region, branch: s.branch, tier: s.tier }), s.shift, branchIds[i]]);
  }
  const chunk = 1_000_000;
  for (let done = 0; done < count; done += chunk) {
    const n = Math.min(chunk, count - done);
    await client.query(
      `INSERT INTO "Response" (id, "organizationId", "surveyId", score, category, locale, channel, attributes, "unitId", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1, $2, t.score,
              (CASE WHEN t.score >= 9 THEN 'PROMOTER' WHEN t.score >= 7 THEN 'PASSIVE' ELSE 'DETRACTOR' END)::"NpsCategory",
              'zh-CN', t.channel::"Channel", s.attributes, s.unit, t.created, t.created
       FROM (
         SELECT g % 50 AS seg,
                (CASE WHEN random() < 0.8 THEN 'EMAIL' ELSE 'LINK' END) AS channel,
                now() - random() * interval '730 days' AS created,
                least(10, greatest(0, round(7.4 + (random() + random() + random() - 1.5) * 3.2)::int)) AS score
         FROM generate_series(1, $3::int) g
       ) t JOIN bench_segments s ON s.i = t.seg`,
      [organizationId, surveyId, n],
    );
    process.stdout.write(`  … ${(done + n).toLocaleString("en")} rows\n`);
  }
}

export async function benchAnalytics(databaseUrl: string, sizes: number[], runs: number, baselineUpTo: number): Promise<void> {
  const { resolveFilter } = await import("../../src/server/analytics/filter.ts");
  const { getHeadline } = await import("../../src/server/analytics/get-headline.ts");
  const { getTrend } = await import("../../src/server/analytics/get-trend.ts");
  const { getSegments } = await import("../../src/server/analytics/get-segments.ts");
  const { npsFromScores, compareNps } = await import("../../src/lib/nps.ts");
  const { db } = await import("../../src/server/db.ts");

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const org = (
    await client.query<{ id: string }>(
      `INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES (gen_random_uuid(), 'Bench analytics', 'bench-analytics-' || gen_random_uuid(), now()) RETURNING id`,
    )
  ).rows[0]!.id;
  const survey = (
    await client.query<{ id: string }>(
      `INSERT INTO "Survey" (id, "organizationId", name, "brandName", "updatedAt") VALUES (gen_random_uuid(), $1, 'Bench', 'Bench', now()) RETURNING id`,
      [org],
    )
  ).rows[0]!.id;

  const { unitSubtreeIds } = await import("../../src/server/org/unit-scope.ts");
  const { regionIds, branchIds } = await createUnits(client, org);
  /** A member scoped to the first region: the region and its 10 branches. */
  const regionScope = await unitSubtreeIds(org, regionIds[0]!);

  const query = { range: "12m" as const, survey: [], channel: [], touchpoint: [], attributes: {} };
  const wholeFilter = resolveFilter(query, { organizationId: org, timeZone: "Asia/Shanghai" });
  const scopedFilter = resolveFilter(query, { organizationId: org, timeZone: "Asia/Shanghai", unitIds: regionScope });
  const thresholds = { minN: 30, suppressN: 5 };
  const groupings = [
    { kind: "attribute", key: "region" },
    { kind: "attribute", key: "branch" },
    { kind: "attribute", key: "tier" },
    { kind: "channel" },
    { kind: "month" },
  ] as const;

  const ours = async (filter = wholeFilter) => {
    const [headline] = await Promise.all([
      getHeadline(filter),
      getTrend(filter),
      ...groupings.map((g) => getSegments(filter, g, thresholds)),
    ]);
    return headline.stats;
  };

  /** The baseline: every filtered row into JavaScript, then the same figures computed there. */
  const baseline = async (filter = wholeFilter) => {
    const from = new Date(Date.parse(`${filter.range.from}T00:00:00+08:00`));
    const to = new Date(Date.parse(`${filter.range.to}T00:00:00+08:00`) + 86_400_000);
    const rows = await db.response.findMany({
      where: { organizationId: org, excluded: false, createdAt: { gte: from, lt: to }, ...(filter.unitIds ? { unitId: { in: filter.unitIds } } : {}) },
      select: { score: true, channel: true, attributes: true, createdAt: true },
    });
    const overall = npsFromScores(rows.map((r) => r.score));
    const byWeek = new Map<string, (number | null)[]>();
    for (const r of rows) {
      const d = new Date(r.createdAt.getTime() + 8 * 3600_000);
      d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
      const key = d.toISOString().slice(0, 10);
      byWeek.set(key, [...(byWeek.get(key) ?? []), r.score]);
    }
    for (const scores of byWeek.values()) npsFromScores(scores);
    for (const g of groupings) {
      const groups = new Map<string, (number | null)[]>();
      for (const r of rows) {
        const attrs = r.attributes as Record<string, string>;
        const key = g.kind === "attribute" ? (attrs[g.key] ?? "") : g.kind === "channel" ? r.channel : r.createdAt.toISOString().slice(0, 7);
        const list = groups.get(key);
        if (list) list.push(r.score);
        else groups.set(key, [r.score]);
      }
      for (const scores of groups.values()) compareNps(npsFromScores(scores), overall);
    }
    return overall;
  };

  let total = 0;
  for (const size of sizes) {
    const started = performance.now();
    await generate(client, org, survey, size - total, branchIds);
    total = size;
    await client.query(`VACUUM ANALYZE "Response"`);
    await client.query(`VACUUM ANALYZE "ResponseRollup"`);
    const rollupRows = (await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "ResponseRollup" WHERE "organizationId" = $1`, [org])).rows[0]!.n;
    console.log(`\n${total.toLocaleString("en")} responses (50 segments, 2 years) loaded in ${((performance.now() - started) / 1000).toFixed(0)} s; rollup rows: ${Number(rollupRows).toLocaleString("en")}`);
    for (const [label, filter] of [
      ["whole organisation", wholeFilter],
      ["member scoped to one region (10 of 50 branches)", scopedFilter],
    ] as const) {
      const sql = await time(() => ours(filter), runs);
      const stats = await ours(filter);
      console.log(`  dashboard, last 12 months, ${label} (headline + previous period + response rate + trend + 5 segment tables):`);
      console.log(`    SQL over the rollup (ours)        median ${sql.median.toFixed(1)} ms  (min ${sql.min.toFixed(1)})  n = ${stats.n.toLocaleString("en")}, NPS ${stats.nps?.toFixed(2)}`);
      if (total <= baselineUpTo) {
        const base = await time(() => baseline(filter), Math.max(1, Math.min(3, runs)));
        const check = await baseline(filter);
        if (check.n !== stats.n || check.nps !== stats.nps) throw new Error(`baseline and SQL disagree: ${check.n}/${check.nps} vs ${stats.n}/${stats.nps}`);
        console.log(`    rows into JavaScript (baseline)  median ${base.median.toFixed(1)} ms  (min ${base.min.toFixed(1)})`);
        console.log(`    speed-up ×${(base.median / sql.median).toFixed(0)}`);
      } else {
        console.log(`    baseline skipped above ${baselineUpTo.toLocaleString("en")} rows (BENCH_BASELINE_UP_TO)`);
      }
    }
  }
  await client.end();
}
