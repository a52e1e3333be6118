/**
 * `npm run bench`: measured, not asserted. Prints the machine, then each benchmark's figures next to its
 * baseline from the same run. Uses a throw-away embedded PostgreSQL cluster (.data/pg-bench) unless
 * DATABASE_URL_TEST is set. BENCH_RESPONSES sets the data size (default 200000). BENCH_DISTRIBUTION=0 skips the
 * distribution benchmark; BENCH_DISTRIBUTION_CONTACTS sets its size (default 100000). BENCH_PORT moves the embedded
 * cluster off its default (scripts/lib/ports.ts). The analytics benchmark's own settings (data shape, sizes, another database) are listed at
 * the top of scripts/bench/analytics.ts.
 */
import pg from "pg";
import { DEFAULT_PORTS, portFromEnv } from "../lib/ports.ts";
import { startTestDatabase } from "../lib/test-database.ts";
import { machine, time } from "./timing.ts";

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 200_000);
const RUNS = 7;

console.log(`machine: ${machine()}`);
const database = await startTestDatabase({ name: process.env.BENCH_DATABASE ?? "nps_bench", port: portFromEnv("BENCH_PORT", DEFAULT_PORTS.bench), defaultPort: DEFAULT_PORTS.bench });
process.env.DATABASE_URL = database.url;
try {
  const client = new pg.Client({ connectionString: database.url });
  // An error below stops the cluster in `finally`; without a listener the lost connection would crash the
  // process and hide that error.
  client.on("error", () => undefined);
  await client.connect();
  const org = (
    await client.query<{ id: string }>(
      `INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES (gen_random_uuid(), 'Bench', 'bench', now()) RETURNING id`,
    )
  ).rows[0]!.id;
  const survey = (
    await client.query<{ id: string }>(
      `INSERT INTO "Survey" (id, "organizationId", name, "brandName", "updatedAt") VALUES (gen_random_uuid(), $1, 'Bench', 'Bench', now()) RETURNING id`,
      [org],
    )
  ).rows[0]!.id;
  const started = performance.now();
  await client.query(
    `INSERT INTO "Response" (id, "organizationId", "surveyId", score, category, locale, channel, "createdAt", "updatedAt")
     SELECT gen_random_uuid(), $1, $2, s, (CASE WHEN s >= 9 THEN 'PROMOTER' WHEN s >= 7 THEN 'PASSIVE' ELSE 'DETRACTOR' END)::"NpsCategory",
            'zh-CN', 'EMAIL', now() - (g % 730) * interval '1 day', now()
     FROM (SELECT g, floor(random() * 11)::int AS s FROM generate_series(1, $3::int) g) t`,
    [org, survey, RESPONSES],
  );
  // Rows written straight into "Response" by SQL: one rebuild makes the aggregates exact.
  const { rebuildAggregates } = await import("../../src/server/analytics/rebuild-aggregates.ts");
  await rebuildAggregates({ organizationId: org });
  await client.query(`VACUUM ANALYZE "Response"`);
  console.log(`data: ${RESPONSES.toLocaleString("en")} responses inserted and aggregated in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const { getNpsSummary } = await import("../../src/server/analytics/get-nps-summary.ts");
  const { npsFromScores } = await import("../../src/lib/nps.ts");
  const { db } = await import("../../src/server/db.ts");

  const sql = await time(() => getNpsSummary({ organizationId: org, surveyId: survey }), RUNS);
  const baseline = await time(async () => {
    const rows = await db.response.findMany({
      where: { organizationId: org, surveyId: survey, excluded: false },
      select: { score: true },
    });
    return npsFromScores(rows.map((r) => r.score));
  }, RUNS);
  if (sql.result.stats.nps !== baseline.result.nps || sql.result.stats.n !== baseline.result.n) {
    throw new Error("the SQL path and the baseline disagree");
  }
  console.log("\nAll-time NPS headline (n, P/P/D, NPS, CI, mean, 0–10 histogram) for one survey");
  console.log(`  SQL over the aggregates (ours)         median ${sql.median.toFixed(1)} ms  (min ${sql.min.toFixed(1)})`);
  console.log(`  load rows + count in JavaScript        median ${baseline.median.toFixed(1)} ms  (min ${baseline.min.toFixed(1)})`);
  console.log(`  speed-up ×${(baseline.median / sql.median).toFixed(1)} at n = ${sql.result.stats.n.toLocaleString("en")}, NPS ${sql.result.stats.nps?.toFixed(2)}`);
  await client.end();

  // Analytics on customer-shaped data (header of analytics.ts: BENCH_SHAPE, BENCH_DIMENSIONS, BENCH_CARDINALITIES,
  // BENCH_CORRELATION, …). BENCH_ANALYTICS_DATABASE_URL runs it against another database (e.g. Citus) in a
  // process of its own, since the app's Prisma client is bound to one URL per process.
  const { analyticsOptionsFromEnv, benchAnalytics } = await import("./analytics.ts");
  const analytics = analyticsOptionsFromEnv(RUNS);
  if (analytics.sizes.length) {
    console.log("\nAnalytics dashboard at scale");
    const elsewhere = process.env.BENCH_ANALYTICS_DATABASE_URL;
    if (elsewhere) {
      const { spawnSync } = await import("node:child_process");
      const child = spawnSync(process.execPath, [...process.execArgv, new URL("./analytics.ts", import.meta.url).pathname], {
        stdio: "inherit",
        env: { ...process.env, DATABASE_URL: elsewhere },
      });
      if (child.status !== 0) throw new Error(`the analytics benchmark against BENCH_ANALYTICS_DATABASE_URL failed (exit ${child.status})`);
    } else {
      const figures = await benchAnalytics(database.url, analytics);
      // The same cases on a real Citus cluster, side by side (scripts/bench/citus.ts; BENCH_CITUS=0 skips it).
      if (process.env.BENCH_CITUS !== "0") {
        console.log("\nAnalytics dashboard at scale on Citus (the same cases, side by side)");
        const { benchAnalyticsOnCitus, printSideBySide } = await import("./citus.ts");
        const sizes = process.env.BENCH_CITUS_SIZES ? process.env.BENCH_CITUS_SIZES.split(",").map(Number).filter((n) => n > 0) : analytics.sizes;
        const citus = await benchAnalyticsOnCitus(sizes);
        if (citus) printSideBySide(figures, citus);
      }
    }
  }
  if (process.env.BENCH_EXPORT !== "0") {
    console.log("\nExport of the filtered responses (streamed)");
    const { benchExport } = await import("./export.ts");
    await benchExport(database.url, org);
  }
  if (process.env.BENCH_IMPORT !== "0") {
    console.log("\nContact import: 100k-row CSV (UTF-8 and GBK), streamed, 1,000-row upsert batches");
    const { benchImport } = await import("./import.ts");
    await benchImport(database.url);
  }
  if (process.env.BENCH_RESPONSE_IMPORT !== "0") {
    console.log("\nHistorical response import: 100k-row GBK CSV into one survey, 1,000-row batches with answers and aggregates");
    const { benchResponseImport } = await import("./response-import.ts");
    await benchResponseImport(database.url);
  }
  if (process.env.BENCH_DRIVERS !== "0") {
    console.log(`\nKey drivers: 6 questions, ${Number(process.env.BENCH_DRIVERS_RESPONSES ?? 1_000_000).toLocaleString("en")} responses (relative weights + 500-resample bootstrap)`);
    const { benchDrivers } = await import("./drivers.ts");
    await benchDrivers(database.url);
    // The bootstrap alone (CPU and wall, one thread and the pool) against 0024's implementation in the same run.
    const { benchDriversBootstrap } = await import("./drivers-bootstrap.ts");
    await benchDriversBootstrap();
  }
  if (process.env.BENCH_THEMES !== "0") {
    console.log(`\nWhat customers say (themes view): ${Number(process.env.BENCH_THEMES_RESPONSES ?? 1_000_000).toLocaleString("en")} responses, ~60 % commented`);
    const { benchThemes } = await import("./themes.ts");
    await benchThemes(database.url);
  }
  if (process.env.BENCH_OUTCOMES !== "0") {
    console.log(`\nOutcomes validation report: ${Number(process.env.BENCH_OUTCOMES_CONTACTS ?? 1_000_000).toLocaleString("en")} contacts, ${Number(process.env.BENCH_OUTCOMES_EVENTS ?? 5_000_000).toLocaleString("en")} events`);
    const { benchOutcomes } = await import("./outcomes.ts");
    await benchOutcomes(database.url);
  }
  if (process.env.BENCH_OUTCOMES_IMPORT !== "0") {
    console.log(`\nOutcomes import: ${Number(process.env.BENCH_OUTCOMES_IMPORT_ROWS ?? 1_000_000).toLocaleString("en")} behaviour events from a GBK CSV, 1,000-row set-based batches (floor: 1M in 3 min)`);
    const { benchOutcomesImport } = await import("./outcomes-import.ts");
    await benchOutcomesImport(database.url);
  }
  if (process.env.BENCH_DISTRIBUTION !== "0") {
    console.log("\nDistribution: campaign fan-out and delivery (pg-boss + nodemailer → local SMTP sink)");
    const { benchDistribution } = await import("./distribution.ts");
    await benchDistribution(database.url);
  }
  await db.$disconnect();
} finally {
  await database.stop();
}

// The respondent page (issue: ≤ 40 KB gzipped JavaScript, fast first byte): its own production build and
// seeded database, after the cluster above has stopped (it uses the same port).
if (process.env.BENCH_RESPONDENT !== "0") {
  console.log("\nRespondent page /s/<token>");
  const { benchRespondent } = await import("./respondent.ts");
  await benchRespondent();
}
