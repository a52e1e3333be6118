/**
 * "What customers say" benchmark (issue 14: the themes view at 1M responses ≤ 200 ms). One survey with
 * BENCH_THEMES_RESPONSES responses (default 1,000,000) over BENCH_THEMES_DAYS days (default 3 years), about 60 % with a
 * comment, on customer-shaped attributes: region → branch → relationship manager (6 → 60 → 480, Zipf-skewed), tier,
 * product, gender, age band, tenure band (DIMENSION), customer id and phone (PERSONAL); channel and touchpoint. The
 * comments are drawn (set-based, in SQL) from a pool of realistic Chinese and English CX comments whose readings —
 * tokens, themes, sentiment — come from the app's own reader (src/lib/text/analyze.ts) with the banking template, so
 * "ResponseText" holds exactly what the comment-reading job would have written (current taxonomy hash, md5 of the
 * comment). Detractors mention queues and fees more, promoters staff and speed. The rows are written by SQL, so the
 * aggregates are rebuilt afterwards as after a bulk load (rebuildAggregates: the dashboard's and the theme
 * pre-aggregate, docs/decisions/0031).
 * Times the service (getThemesView: theme figures, trend, sentiment, distinctive words, pending count) reading the
 * pre-aggregate, the same service forced onto the raw rows (source "raw", whose every figure must be equal), and
 * hand-written SQL on the raw rows for the theme figures (mentions and NPS per theme, also cross-checked): all time,
 * the last 12 months, and the last 12 months of one region. PASS/MISS against the floor.
 * Called from scripts/bench/index.ts (BENCH_THEMES=0 skips it) or alone:
 * `BENCH_PORT=24659 npx tsx --conditions=react-server scripts/bench/themes.ts` (own cluster on BENCH_PORT);
 * BENCH_THEMES_REUSE=1 keeps that cluster's data directory and reuses the data of an earlier run of the same size.
 */
import pg from "pg";
import { machine, time } from "./timing.ts";

const RESPONSES = Number(process.env.BENCH_THEMES_RESPONSES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_THEMES_RUNS ?? 5);
/** Runs of the raw paths (seconds each at 1M on a busy machine). */
const RAW_RUNS = Number(process.env.BENCH_THEMES_RAW_RUNS ?? 2);
const DAYS = Number(process.env.BENCH_THEMES_DAYS ?? 1095);
const FLOOR_MS = 200;

/** Comment pool: [text, weight among detractors, among passives, among promoters]. */
const COMMENTS: [string, number, number, number][] = [
  ["网点排队太久了，等了一个多小时", 6, 2, 0.5],
  ["排队的人太多，窗口只开了两个", 5, 2, 0.5],
  ["柜员态度很差，爱理不理", 4, 1, 0.2],
  ["柜员很热情，服务周到", 0.5, 2, 6],
  ["手机银行老是闪退，转账失败好几次", 4, 2, 0.5],
  ["手机银行很好用，转账很快", 0.5, 2, 5],
  ["手续费太高了，年费也贵", 4, 2, 0.5],
  ["办理业务很快，效率高", 0.5, 2, 5],
  ["理财产品收益太低", 2, 2, 0.5],
  ["网点环境很干净，停车方便", 0.5, 1, 3],
  ["客服电话一直打不通", 3, 1, 0.2],
  ["问题很快就解决了，谢谢", 0.5, 1, 4],
  ["还可以吧", 1, 3, 1],
  ["挺好的", 0.2, 2, 4],
  ["转账限额太低，每天只能转五万", 2, 1, 0.3],
  ["The queue at the branch was far too long", 2, 1, 0.2],
  ["Staff were friendly and helpful", 0.2, 1, 2],
  ["The mobile app keeps crashing when I log in", 2, 1, 0.2],
  ["Fees are too high for what you get", 2, 1, 0.2],
  ["Quick and easy, problem solved", 0.2, 1, 2],
];

const REGIONS = ["华东", "华北", "华南", "西南", "华中", "东北"];
const TOUCHPOINTS = ["开户", "贷款", "理财", "信用卡", "柜面", "手机银行"];
const DIMENSIONS: [key: string, zh: string, en: string][] = [
  ["region", "区域", "Region"],
  ["branch", "网点", "Branch"],
  ["rm", "客户经理", "Relationship manager"],
  ["tier", "客户等级", "Tier"],
  ["product", "产品", "Product"],
  ["gender", "性别", "Gender"],
  ["ageBand", "年龄段", "Age band"],
  ["tenure", "客龄", "Tenure"],
];

/** Writes the organisation, its survey, responses and readings by SQL, then rebuilds the aggregates (a bulk load). */
async function generate(client: pg.Client, slug: string): Promise<{ org: string; survey: string }> {
  const org = (
    await client.query<{ id: string }>(`INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES (gen_random_uuid(), 'Themes bench', $1, now()) RETURNING id`, [slug])
  ).rows[0]!.id;
  const survey = (
    await client.query<{ id: string }>(
      `INSERT INTO "Survey" (id, "organizationId", name, "brandName", "updatedAt") VALUES (gen_random_uuid(), $1, 'Themes', 'Bench', now()) RETURNING id`,
      [org],
    )
  ).rows[0]!.id;
  for (const [key, zh, en] of DIMENSIONS) {
    await client.query(
      `INSERT INTO "AttributeDefinition" ("organizationId", key, "labelZh", "labelEn", kind, role, "updatedAt") VALUES ($1, $2, $3, $4, 'CATEGORY'::"AttributeKind", 'DIMENSION'::"AttributeRole", now())`,
      [org, key, zh, en],
    );
  }
  for (const [key, zh, en] of [["customerId", "客户号", "Customer id"], ["phone", "手机号", "Phone"]]) {
    await client.query(
      `INSERT INTO "AttributeDefinition" ("organizationId", key, "labelZh", "labelEn", kind, role, "updatedAt") VALUES ($1, $2, $3, $4, 'TEXT'::"AttributeKind", 'PERSONAL'::"AttributeRole", now())`,
      [org, key, zh, en],
    );
  }

  const { loadTaxonomy } = await import("../../src/server/text/taxonomy.ts");
  const { taxonomyHash } = await import("../../src/server/text/read-comments.ts");
  const { analyzeText, compileTaxonomy } = await import("../../src/lib/text/analyze.ts");
  const rules = await loadTaxonomy(org);
  const hash = taxonomyHash(rules);
  const taxonomy = compileTaxonomy(rules);
  const pool = COMMENTS.map(([text, d, p, q], i) => {
    const reading = analyzeText(text, taxonomy);
    return { i, text, d, p, q, themes: reading.themes.map((t) => t.key), themeSentiments: reading.themes.map((t) => t.sentiment), tokens: reading.tokens, sentiment: reading.sentiment, polarity: reading.polarity };
  });
  await client.query(`CREATE TEMP TABLE bench_pool AS SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS x(i int, text text, d float8, p float8, q float8, themes text[], "themeSentiments" real[], tokens text[], sentiment real, polarity text)`, [JSON.stringify(pool)]);
  // Cumulative weights per category, so each response picks a comment with one random number.
  await client.query(`CREATE TEMP TABLE bench_cdf AS
    SELECT c.cat, x.i, sum(CASE c.cat WHEN 'D' THEN x.d WHEN 'P' THEN x.p ELSE x.q END) OVER (PARTITION BY c.cat ORDER BY x.i)
             / sum(CASE c.cat WHEN 'D' THEN x.d WHEN 'P' THEN x.p ELSE x.q END) OVER (PARTITION BY c.cat) AS upto
    FROM bench_pool x CROSS JOIN (VALUES ('D'), ('P'), ('Q')) c(cat)`);
  // Zipf-like skew: floor(n · u^k) favours low indexes; branch within region, RM within branch.
  await client.query(`CREATE TEMP TABLE bench_rows AS
    SELECT gen_random_uuid() AS id, t.score, t.created, t.region, t.branch, t.branch * 8 + floor(8 * random())::int AS rm,
           CASE WHEN t.commented THEN (SELECT c.i FROM bench_cdf c WHERE c.cat = t.cat AND c.upto >= t.pick ORDER BY c.upto LIMIT 1) END AS comment_i
    FROM (
      SELECT s AS score, CASE WHEN s <= 6 THEN 'D' WHEN s <= 8 THEN 'P' ELSE 'Q' END AS cat, random() AS pick, random() < 0.6 AS commented,
             now() - (power(random(), 0.8) * $2::int) * interval '1 day' AS created, z.region, z.region * 10 + floor(10 * power(random(), 1.4))::int AS branch
      FROM (SELECT g, floor(6 * power(random(), 1.6))::int AS region,
                   (ARRAY[0,1,2,3,4,5,6,7,7,8,8,8,9,9,9,9,10,10,10])[1 + floor(random() * 19)::int] AS s
            FROM generate_series(1, $1::int) g) z
    ) t`, [RESPONSES, DAYS]);
  await client.query(
    `INSERT INTO "Response" (id, "organizationId", "surveyId", score, category, comment, locale, channel, touchpoint, attributes, completed, "createdAt", "updatedAt")
     SELECT r.id, $1, $2, r.score, (CASE WHEN r.score >= 9 THEN 'PROMOTER' WHEN r.score >= 7 THEN 'PASSIVE' ELSE 'DETRACTOR' END)::"NpsCategory",
            x.text, 'zh-CN', (ARRAY['EMAIL','EMAIL','LINK','SMS','QR'])[1 + floor(random() * 5)::int]::"Channel",
            ($3::text[])[1 + floor(6 * power(random(), 1.3))::int],
            jsonb_build_object(
              'region', ($4::text[])[r.region + 1], 'branch', 'B' || lpad(r.branch::text, 3, '0'), 'rm', 'RM' || lpad(r.rm::text, 4, '0'),
              'tier', (ARRAY['普通','金卡','白金','钻石'])[1 + floor(4 * power(random(), 1.5))::int],
              'product', (ARRAY['储蓄','信用卡','理财','房贷','消费贷','基金','保险','外汇'])[1 + floor(8 * power(random(), 1.3))::int],
              'gender', (ARRAY['男','女'])[1 + floor(2 * random())::int],
              'ageBand', (ARRAY['18-24','25-34','35-44','45-54','55-64','65+'])[1 + floor(6 * random())::int],
              'tenure', (ARRAY['<1年','1-3年','3-5年','5-10年','10年+'])[1 + floor(5 * random())::int],
              'customerId', 'C' || lpad((floor(random() * 1e9))::bigint::text, 10, '0'),
              'phone', '138' || lpad((floor(random() * 1e8))::bigint::text, 8, '0')),
            true, r.created, r.created
     FROM bench_rows r LEFT JOIN bench_pool x ON x.i = r.comment_i`,
    [org, survey, TOUCHPOINTS, REGIONS],
  );
  await client.query(
    `INSERT INTO "ResponseText" ("organizationId", "responseId", "surveyId", sentiment, polarity, themes, "themeSentiments", tokens, "taxonomyHash", "commentHash", "readAt", "respondedAt")
     SELECT $1, r.id, $2, x.sentiment, x.polarity, x.themes, x."themeSentiments", x.tokens, $3, md5(x.text), now(), r.created
     FROM bench_rows r JOIN bench_pool x ON x.i = r.comment_i`,
    [org, survey, hash],
  );
  await client.query(`DROP TABLE bench_rows, bench_cdf, bench_pool`);
  const written = performance.now();
  const { rebuildAggregates } = await import("../../src/server/analytics/rebuild-aggregates.ts");
  await rebuildAggregates({ organizationId: org });
  const rebuilt = performance.now();
  console.log(`  rebuild of the aggregates (dashboard + theme pre-aggregate) after the bulk load: ${((rebuilt - written) / 1000).toFixed(1)} s`);
  await client.query(`VACUUM ANALYZE "Response"`);
  await client.query(`VACUUM ANALYZE "ResponseText"`);
  await client.query(`VACUUM ANALYZE "ResponseAggregate"`);
  await client.query(`VACUUM ANALYZE "ThemeAggregate"`);
  await client.query(`UPDATE "Organization" SET name = 'Themes bench (complete)' WHERE id = $1`, [org]);
  return { org, survey };
}

export async function benchThemes(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const started = performance.now();
    const slug = `themes-bench-${RESPONSES}-${DAYS}`;
    const existing = (
      await client.query<{ org: string; survey: string }>(
        `SELECT o.id AS org, s.id AS survey FROM "Organization" o JOIN "Survey" s ON s."organizationId" = o.id WHERE o.slug = $1 AND o.name = 'Themes bench (complete)'`,
        [slug],
      )
    ).rows[0];
    const { org, survey } = existing ?? (await generate(client, slug));
    if (existing) {
      console.log(`  data: reusing the ${RESPONSES.toLocaleString("en")} responses of an earlier run (BENCH_THEMES_REUSE=1)`);
      // A migration may have rewritten the pre-aggregate since: BENCH_THEMES_REBUILD=1 writes it again in index order
      // (timed); fresh statistics either way, as after a bulk load.
      if (process.env.BENCH_THEMES_REBUILD === "1") {
        const { rebuildThemeAggregates } = await import("../../src/server/text/theme-aggregates.ts");
        const t0 = performance.now();
        const rows = await rebuildThemeAggregates(existing.org);
        console.log(`  theme pre-aggregate rebuilt: ${rows.toLocaleString("en")} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
      await client.query(`VACUUM ANALYZE "ThemeAggregate"`);
    }
    const sizes = (
      await client.query<{ responses: number; commented: number; themeRows: number; aggregateRows: number }>(
        `SELECT (SELECT count(*) FROM "Response" WHERE "organizationId" = $1)::int AS responses,
                (SELECT count(*) FROM "ResponseText" WHERE "organizationId" = $1)::int AS commented,
                (SELECT count(*) FROM "ThemeAggregate" WHERE "organizationId" = $1)::int AS "themeRows",
                (SELECT count(*) FROM "ResponseAggregate" WHERE "organizationId" = $1)::int AS "aggregateRows"`,
        [org],
      )
    ).rows[0]!;
    console.log(
      `  data: ${sizes.responses.toLocaleString("en")} responses, ${sizes.commented.toLocaleString("en")} read comments; theme pre-aggregate ${sizes.themeRows.toLocaleString("en")} rows ` +
        `(${(sizes.themeRows / Math.max(1, sizes.commented)).toFixed(2)} per read comment), dashboard aggregate ${sizes.aggregateRows.toLocaleString("en")} rows; ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const { getThemesView } = await import("../../src/server/text/get-themes-view.ts");
    const { readAnalyticsParams } = await import("../../src/schemas/analytics.ts");
    const { resolveFilter, responseWhere } = await import("../../src/server/analytics/filter.ts");
    const { npsFromHistogram } = await import("../../src/lib/nps.ts");
    const { db } = await import("../../src/server/db.ts");

    for (const c of [
      { name: "whole survey, all time", params: { range: "all" } },
      { name: "last 12 months", params: { range: "12m" } },
      { name: "last 12 months, one region", params: { range: "12m", "attr.region": "华东" } },
    ]) {
      const parsed = readAnalyticsParams(c.params);
      if (!parsed.success) throw new Error(parsed.error.message);
      const options = { organizationId: org, surveyId: survey, query: parsed.data, timeZone: "Asia/Shanghai", unitIds: null };
      const ours = await time(() => getThemesView(options), RUNS);
      const raw = await time(() => getThemesView({ ...options, source: "raw" }), RAW_RUNS);
      const differing = (Object.keys(ours.result) as (keyof typeof ours.result)[]).filter((k) => JSON.stringify(ours.result[k]) !== JSON.stringify(raw.result[k]));
      if (differing.length) {
        for (const k of differing) console.error(`  ${k}: ours ${JSON.stringify(ours.result[k]).slice(0, 600)}\n  raw  ${JSON.stringify(raw.result[k]).slice(0, 600)}`);
        throw new Error(`benchThemes: ${c.name}: the pre-aggregate's view differs from the raw rows' (${differing.join(", ")})`);
      }
      const filter = resolveFilter({ ...parsed.data, survey: [survey] }, { organizationId: org, timeZone: "Asia/Shanghai" });
      // Baseline: per theme, the 0–10 histogram of those who mention it, straight from the rows.
      const baseline = await time(
        () => db.$queryRaw<{ key: string; scores: number[] }[]>`
          SELECT t.key, array_agg(r.score ORDER BY r.score) AS scores
          FROM "Response" r JOIN "ResponseText" x ON x."organizationId" = r."organizationId" AND x."responseId" = r.id
          CROSS JOIN LATERAL unnest(x.themes) AS t(key)
          WHERE ${responseWhere(filter)} AND r.score IS NOT NULL
          GROUP BY t.key`,
        RAW_RUNS,
      );
      const view = ours.result;
      for (const row of baseline.result) {
        const histogram = Array.from({ length: 11 }, () => 0);
        for (const s of row.scores) histogram[s]! += 1;
        const stats = npsFromHistogram(histogram);
        const theme = view.themes.find((t) => t.key === row.key);
        if (!theme || theme.mentions !== stats.n || (theme.nps.nps !== null && Math.abs(theme.nps.nps - (stats.nps ?? 0)) > 0.0051)) {
          throw new Error(`benchThemes: theme ${row.key} disagrees with the raw rows (${theme?.mentions} vs ${stats.n})`);
        }
      }
      const top = [...view.themes].sort((a, b) => (b.detractorShare ?? -1) - (a.detractorShare ?? -1))[0];
      console.log(`  ${c.name}: n = ${view.n.toLocaleString("en")}, ${view.commented.toLocaleString("en")} commented, ${view.themes.length} themes, top detractor theme ${top?.key} (${((top?.detractorShare ?? 0) * 100).toFixed(1)} %), pending ${view.pending}`);
      console.log(`    themes view, every figure (ours)        median ${ours.median.toFixed(0)} ms (min ${ours.min.toFixed(0)})  ${ours.median <= FLOOR_MS ? "PASS" : "MISS"} (floor ≤ ${FLOOR_MS} ms)`);
      console.log(`    the same view from the raw rows         median ${raw.median.toFixed(0)} ms (min ${raw.min.toFixed(0)})  (×${(raw.median / ours.median).toFixed(1)}; every figure equal)`);
      console.log(`    hand-written SQL, theme NPS only (raw)  median ${baseline.median.toFixed(0)} ms (min ${baseline.min.toFixed(0)})  (×${(baseline.median / ours.median).toFixed(1)})`);
    }
    const { suggestNewThemes } = await import("../../src/server/text/suggest-new-themes.ts");
    const suggest = await time(() => suggestNewThemes({ organizationId: org, role: "ADMIN", days: 90 }), RUNS);
    console.log(`  possible new themes (90 days, ≤ 10,000 untagged comments per side): median ${suggest.median.toFixed(0)} ms; top ${suggest.result.terms.slice(0, 3).map((t) => `${t.term} (${t.count})`).join(", ")}`);
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${machine()}`);
  const { startTestDatabase } = await import("../lib/test-database.ts");
  const port = Number(process.env.BENCH_PORT ?? 15341); // DEFAULT_PORTS.benchStandalone (scripts/lib/ports.ts)
  // BENCH_THEMES_REUSE=1: a durable cluster whose database is kept (migrations applied on top), so the 1M rows are
  // written once and later runs reuse them.
  const reuse = process.env.BENCH_THEMES_REUSE === "1";
  const database = reuse ? await durableDatabase(port) : await startTestDatabase({ name: "nps_bench_themes", port, defaultPort: port });
  process.env.DATABASE_URL = database.url;
  try {
    console.log(`Themes view: ${RESPONSES.toLocaleString("en")} responses`);
    await benchThemes(database.url);
    const { db } = await import("../../src/server/db.ts");
    await db.$disconnect();
  } finally {
    await database.stop();
  }
}

async function durableDatabase(port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const path = await import("node:path");
  const { startEmbeddedPostgres } = await import("../lib/embedded-postgres.ts");
  const { PROJECT_ROOT } = await import("../lib/database.ts");
  const { applyMigrations } = await import("../lib/migrations.ts");
  const server = await startEmbeddedPostgres({ dataDir: path.join(PROJECT_ROOT, ".data", `pg-nps_bench_themes-durable-${port}`), port, ephemeral: false });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'nps_bench_themes'`)).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE nps_bench_themes`);
  await admin.end();
  const url = server.databaseUrl("nps_bench_themes");
  await applyMigrations(url);
  return { url, stop: server.stop };
}
