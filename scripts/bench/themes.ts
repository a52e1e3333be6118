/**
 * "What customers say" benchmark (issue 14: the themes view at 1M responses ≤ 200 ms). One survey with
 * BENCH_THEMES_RESPONSES responses (default 1,000,000) over two years, about 60 % with a comment. The comments are
 * drawn (set-based, in SQL) from a pool of realistic Chinese and English CX comments whose readings — tokens,
 * themes, sentiment — come from the app's own reader (src/lib/text/analyze.ts) with the banking template, so
 * "ResponseText" holds exactly what the comment-reading job would have written (current taxonomy hash, md5 of
 * the comment). Detractors mention queues and fees more, promoters staff and speed.
 * Times the service (getThemesView: theme figures, trend, sentiment, distinctive words, pending count) for the
 * whole survey over all time and for the last 12 months, next to hand-written SQL on the raw rows for the
 * theme figures (mentions and NPS per theme), which also cross-checks them. PASS/MISS against the floor.
 * Called from scripts/bench/index.ts (BENCH_THEMES=0 skips it) or alone:
 * `BENCH_PORT=24659 npx tsx --conditions=react-server scripts/bench/themes.ts` (own cluster on BENCH_PORT).
 */
import pg from "pg";
import { machine, time } from "./timing.ts";

const RESPONSES = Number(process.env.BENCH_THEMES_RESPONSES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_THEMES_RUNS ?? 5);
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

export async function benchThemes(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const started = performance.now();
    const org = (
      await client.query<{ id: string }>(
        `INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES (gen_random_uuid(), 'Themes bench', 'themes-bench-' || gen_random_uuid(), now()) RETURNING id`,
      )
    ).rows[0]!.id;
    const survey = (
      await client.query<{ id: string }>(
        `INSERT INTO "Survey" (id, "organizationId", name, "brandName", "updatedAt") VALUES (gen_random_uuid(), $1, 'Themes', 'Bench', now()) RETURNING id`,
        [org],
      )
    ).rows[0]!.id;

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
    await client.query(`CREATE TEMP TABLE bench_rows AS
      SELECT gen_random_uuid() AS id, t.score, t.created,
             CASE WHEN t.commented THEN (SELECT c.i FROM bench_cdf c WHERE c.cat = t.cat AND c.upto >= t.pick ORDER BY c.upto LIMIT 1) END AS comment_i
      FROM (
        SELECT s AS score, CASE WHEN s <= 6 THEN 'D' WHEN s <= 8 THEN 'P' ELSE 'Q' END AS cat, random() AS pick, random() < 0.6 AS commented,
               now() - (random() * 730) * interval '1 day' AS created
        FROM (SELECT g, (ARRAY[0,1,2,3,4,5,6,7,7,8,8,8,9,9,9,9,10,10,10])[1 + floor(random() * 19)::int] AS s FROM generate_series(1, $1::int) g) z
      ) t`, [RESPONSES]);
    await client.query(
      `INSERT INTO "Response" (id, "organizationId", "surveyId", score, category, comment, locale, channel, completed, "createdAt", "updatedAt")
       SELECT r.id, $1, $2, r.score, (CASE WHEN r.score >= 9 THEN 'PROMOTER' WHEN r.score >= 7 THEN 'PASSIVE' ELSE 'DETRACTOR' END)::"NpsCategory",
              x.text, 'zh-CN', 'LINK', true, r.created, r.created
       FROM bench_rows r LEFT JOIN bench_pool x ON x.i = r.comment_i`,
      [org, survey],
    );
    await client.query(
      `INSERT INTO "ResponseText" ("organizationId", "responseId", "surveyId", sentiment, polarity, themes, "themeSentiments", tokens, "taxonomyHash", "commentHash", "readAt")
       SELECT $1, r.id, $2, x.sentiment, x.polarity, x.themes, x."themeSentiments", x.tokens, $3, md5(x.text), now()
       FROM bench_rows r JOIN bench_pool x ON x.i = r.comment_i`,
      [org, survey, hash],
    );
    await client.query(`DROP TABLE bench_rows, bench_cdf, bench_pool`);
    const { rebuildAggregates } = await import("../../src/server/analytics/rebuild-aggregates.ts");
    await rebuildAggregates({ organizationId: org });
    await client.query(`VACUUM ANALYZE "Response"`);
    await client.query(`VACUUM ANALYZE "ResponseText"`);
    const commented = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ResponseText" WHERE "organizationId" = $1`, [org])).rows[0]!.n;
    console.log(`  data: ${RESPONSES.toLocaleString("en")} responses, ${commented.toLocaleString("en")} read comments, written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const { getThemesView } = await import("../../src/server/text/get-themes-view.ts");
    const { readAnalyticsParams } = await import("../../src/schemas/analytics.ts");
    const { resolveFilter, responseWhere } = await import("../../src/server/analytics/filter.ts");
    const { npsFromHistogram } = await import("../../src/lib/nps.ts");
    const { db } = await import("../../src/server/db.ts");

    for (const c of [
      { name: "whole survey, all time", params: { range: "all" } },
      { name: "last 12 months", params: { range: "12m" } },
    ]) {
      const parsed = readAnalyticsParams(c.params);
      if (!parsed.success) throw new Error(parsed.error.message);
      const ours = await time(() => getThemesView({ organizationId: org, surveyId: survey, query: parsed.data, timeZone: "Asia/Shanghai", unitIds: null }), RUNS);
      const filter = resolveFilter({ ...parsed.data, survey: [survey] }, { organizationId: org, timeZone: "Asia/Shanghai" });
      // Baseline: per theme, the 0–10 histogram of those who mention it, straight from the rows.
      const baseline = await time(
        () => db.$queryRaw<{ key: string; scores: number[] }[]>`
          SELECT t.key, array_agg(r.score ORDER BY r.score) AS scores
          FROM "Response" r JOIN "ResponseText" x ON x."organizationId" = r."organizationId" AND x."responseId" = r.id
          CROSS JOIN LATERAL unnest(x.themes) AS t(key)
          WHERE ${responseWhere(filter)} AND r.score IS NOT NULL
          GROUP BY t.key`,
        Math.max(1, RUNS - 2),
      );
      const view = ours.result;
      for (const row of baseline.result) {
        const histogram = Array.from({ length: 11 }, () => 0);
        for (const s of row.scores) histogram[s]! += 1;
        const stats = npsFromHistogram(histogram);
        const theme = view.themes.find((t) => t.key === row.key);
        if (!theme || theme.mentions !== stats.n || (theme.nps.nps !== null && Math.abs(theme.nps.nps - (stats.nps ?? 0)) > 0.005)) {
          throw new Error(`benchThemes: theme ${row.key} disagrees with the raw rows (${theme?.mentions} vs ${stats.n})`);
        }
      }
      const top = [...view.themes].sort((a, b) => (b.detractorShare ?? -1) - (a.detractorShare ?? -1))[0];
      console.log(`  ${c.name}: n = ${view.n.toLocaleString("en")}, ${view.commented.toLocaleString("en")} commented, ${view.themes.length} themes, top detractor theme ${top?.key} (${((top?.detractorShare ?? 0) * 100).toFixed(1)} %), pending ${view.pending}`);
      console.log(`    themes view, every figure (ours)        median ${ours.median.toFixed(0)} ms (min ${ours.min.toFixed(0)})  ${ours.median <= FLOOR_MS ? "PASS" : "MISS"} (floor ≤ ${FLOOR_MS} ms)`);
      console.log(`    hand-written SQL, theme NPS only (raw)  median ${baseline.median.toFixed(0)} ms (min ${baseline.min.toFixed(0)})`);
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
  const database = await startTestDatabase({ name: "nps_bench_themes", port, defaultPort: port });
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
