/**
 * Outcomes validation report benchmark (issue 15): BENCH_OUTCOMES_CONTACTS contacts (default 1,000,000), each with
 * 1–4 answers to one survey over the last two years (half answered once, a quarter twice, …: a relationship survey
 * sent now and then), and BENCH_OUTCOMES_EVENTS behaviour events (default 5,000,000: churned 10 %, purchased 30 %,
 * revenue 50 %, complaint 10 %) spread over the contacts and the two years. Times the service (getOutcomeReport) for
 * churn over 180 days: the whole survey — read from the report's counts (decision 0028) — against, in the same run,
 * the hand-written statement over the raw answers and events; and one region, which still reads the rows (a filter
 * on an attribute). Cross-checks n against a plain count. The issue's floor is ≤ 500 ms at 1M contacts and 5M events
 * (PASS/MISS printed for the whole survey). Then the page's variant (value at stake, the table by region, the
 * quarters), which has no floor of its own.
 * The generated rows are written straight into the tables (a bulk load), so the answers' follow-ups ("OutcomeFollowUp")
 * and the report's state and counts are then built once by rebuild_outcome_follow_ups (timed). Called from scripts/bench/index.ts (BENCH_OUTCOMES=0 skips it) or alone:
 * `npx tsx --conditions=react-server scripts/bench/outcomes.ts` (own cluster on BENCH_PORT; BENCH_OUTCOMES_REUSE=1
 * keeps the database and reuses its data on the next run).
 */
import os from "node:os";
import pg from "pg";
import { machine, time } from "./timing.ts";

const CONTACTS = Number(process.env.BENCH_OUTCOMES_CONTACTS ?? 1_000_000);
const EVENTS = Number(process.env.BENCH_OUTCOMES_EVENTS ?? 5_000_000);
const RUNS = Number(process.env.BENCH_OUTCOMES_RUNS ?? 3);
const FLOOR_MS = 500;

/**
 * The bench's data, set-based: an organisation, one survey, CONTACTS contacts with one answer each (kept in the temp
 * table bench_contacts for the cross-checks) and EVENTS events. Returns the organisation and survey ids.
 */
export async function generateOutcomesData(client: pg.Client, contacts = CONTACTS, events = EVENTS): Promise<{ org: string; survey: string }> {
  const started = performance.now();
  const org = (
    await client.query<{ id: string }>(
      `INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES (gen_random_uuid(), 'Outcomes bench', $1 || gen_random_uuid(), now()) RETURNING id`,
      [`outcomes-bench-multi-${contacts}-${events}-`],
    )
  ).rows[0]!.id;
  const survey = (
    await client.query<{ id: string }>(
      `INSERT INTO "Survey" (id, "organizationId", name, "brandName", "updatedAt") VALUES (gen_random_uuid(), $1, 'Relationship', 'Bench', now()) RETURNING id`,
      [org],
    )
  ).rows[0]!.id;
  await client.query(`INSERT INTO "AttributeDefinition" ("organizationId", key, "labelZh", "labelEn", "updatedAt") VALUES ($1, 'region', '区域', 'Region', now())`, [org]);
  await client.query(`CREATE TEMP TABLE bench_contacts AS
    SELECT g, gen_random_uuid() AS id,
           (ARRAY['华东','华东','华东','华南','华南','华北','西南','西北','东北','华中'])[1 + floor(random() * 10)::int] AS region,
           least(4, 1 + floor(-ln(1 - random()) / ln(2))::int) AS answers
    FROM generate_series(1, $1::int) g`, [contacts]);
  await client.query(`CREATE UNIQUE INDEX ON bench_contacts (g)`);
  await client.query(
    `INSERT INTO "Contact" (id, "organizationId", "externalId", attributes, "createdAt", "updatedAt")
     SELECT id, $1, 'C' || g, jsonb_build_object('region', region), now() - interval '3 years', now() FROM bench_contacts`,
    [org],
  );
  await client.query(
    `INSERT INTO "Response" (id, "organizationId", "surveyId", "contactId", score, category, locale, channel, attributes, completed, "createdAt", "updatedAt")
     SELECT gen_random_uuid(), $1, $2, id, score, (CASE WHEN score >= 9 THEN 'PROMOTER' WHEN score >= 7 THEN 'PASSIVE' ELSE 'DETRACTOR' END)::"NpsCategory",
            'zh-CN', 'EMAIL', jsonb_build_object('region', region), true, answered, answered
     FROM (SELECT c.id, c.region, floor(random() * 11)::int AS score, now() - (random() * 730) * interval '1 day' AS answered
           FROM bench_contacts c CROSS JOIN LATERAL generate_series(1, c.answers) k) a`,
    [org, survey],
  );
  // Events in batches of 1M (one statement for 5M would hold a lot of memory on a small machine).
  for (let done = 0; done < events; done += 1_000_000) {
    const size = Math.min(1_000_000, events - done);
    await client.query(
      `INSERT INTO "OutcomeEvent" (id, "organizationId", "contactId", type, "occurredAt", amount, currency, "externalId")
       SELECT gen_random_uuid(), $1, c.id, t.type, now() - (random() * 730) * interval '1 day',
              CASE WHEN t.type = 'revenue' THEN round((random() * 5000)::numeric, 2) END, CASE WHEN t.type = 'revenue' THEN 'CNY' END,
              'E' || ($3::int + e.g)
       FROM (SELECT g, 1 + floor(random() * $2::int)::int AS c, random() AS r FROM generate_series(1, $4::int) g) e
       JOIN bench_contacts c ON c.g = e.c
       CROSS JOIN LATERAL (SELECT CASE WHEN e.r < 0.1 THEN 'churned' WHEN e.r < 0.4 THEN 'purchased' WHEN e.r < 0.9 THEN 'revenue' ELSE 'complaint' END AS type) t`,
      [org, contacts, done, size],
    );
  }
  const answers = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Response" WHERE "organizationId" = $1`, [org])).rows[0]!.n;
  console.log(
    `  data: ${contacts.toLocaleString("en")} contacts with ${answers.toLocaleString("en")} answers (1–4 each), ${events.toLocaleString("en")} events, in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  // Written straight into the tables, as a bulk load: the answers' follow-ups, the report's state and counts are built
  // from them once (decision 0028).
  const built = performance.now();
  await client.query(`SELECT rebuild_outcome_follow_ups($1::uuid)`, [org]);
  const count = async (table: string) => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE "organizationId" = $1`, [org])).rows[0]!.n;
  const [followUps, state, counts] = [await count("OutcomeFollowUp"), await count("OutcomeAnswerState"), await count("OutcomeAnswerCount")];
  console.log(
    `  follow-ups ${followUps.toLocaleString("en")} rows (answer × type), report state ${state.toLocaleString("en")} rows, report counts ${counts.toLocaleString("en")} rows ` +
      `(${(counts / answers).toFixed(3)} per answer), built in ${((performance.now() - built) / 1000).toFixed(0)} s (load ${os.loadavg()[0]?.toFixed(1)})`,
  );
  await client.query(`VACUUM ANALYZE "Contact", "Response", "OutcomeEvent", "OutcomeFollowUp", "OutcomeAnswerState", "OutcomeAnswerCount"`);
  return { org, survey };
}

/** The data of an earlier run of this size in a kept database (BENCH_OUTCOMES_REUSE=1), or null. */
async function findOutcomesData(client: pg.Client): Promise<{ org: string; survey: string } | null> {
  const found = await client.query<{ org: string; survey: string }>(
    `SELECT o.id AS org, s.id AS survey FROM "Organization" o JOIN "Survey" s ON s."organizationId" = o.id
     WHERE o.slug LIKE $1 AND EXISTS (SELECT 1 FROM "OutcomeFollowUp" f WHERE f."organizationId" = o.id) ORDER BY o."createdAt" DESC LIMIT 1`,
    [`outcomes-bench-multi-${CONTACTS}-${EVENTS}-%`],
  );
  if (found.rows[0]) console.log(`  data: reusing the ${CONTACTS.toLocaleString("en")} contacts / ${EVENTS.toLocaleString("en")} events of an earlier run`);
  return found.rows[0] ?? null;
}

/**
 * The baseline, hand-written over the raw tables (the report's first statement, commit 6ecd7bb): each contact's picked
 * answer joined to the raw events of the type in contact order and counted per contact. Timed in the same run.
 */
async function rawStatement(client: pg.Client, org: string, survey: string, now: Date): Promise<number> {
  const matureBefore = new Date(now.getTime() - 180 * 86_400_000);
  const { rows } = await client.query<{ score: number; n: number; events: number }>(
    `WITH picked AS (
       SELECT DISTINCT ON (r."contactId") r."contactId", r."score", r."createdAt", r."createdAt" <= $3 AS mature
       FROM "Response" r
       WHERE r."organizationId" = $1 AND r."surveyId" = $2 AND NOT r."excluded" AND r."score" IS NOT NULL AND r."contactId" IS NOT NULL
       ORDER BY r."contactId", r."createdAt" <= $3 DESC, r."createdAt" DESC
     ), followed AS (
       SELECT p."contactId", p."score", p.mature, count(e."contactId")::int AS events, coalesce(sum(e."amount"), 0)::float8 AS amount
       FROM picked p
       LEFT JOIN "OutcomeEvent" e ON p.mature AND e."organizationId" = $1 AND e."type" = 'churned' AND e."contactId" = p."contactId"
         AND e."occurredAt" > p."createdAt" AND e."occurredAt" <= p."createdAt" + make_interval(days => 180)
       GROUP BY p."contactId", p."score", p.mature
     )
     SELECT CASE WHEN f.mature THEN f."score"::int ELSE -1 END AS score, count(*)::int AS n, count(*) FILTER (WHERE f.events > 0)::int AS events
     FROM followed f GROUP BY 1`,
    [org, survey, matureBefore],
  );
  return rows.filter((r) => r.score >= 0).reduce((sum, r) => sum + r.n, 0);
}

export async function benchOutcomes(databaseUrl: string, reuse = false): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const { org, survey } = (reuse ? await findOutcomesData(client) : null) ?? (await generateOutcomesData(client));

    const { getOutcomeReport } = await import("../../src/server/outcomes/get-outcome-report.ts");
    const now = new Date();
    const raw = await time(() => rawStatement(client, org, survey, now), RUNS);
    for (const c of [
      { name: "whole survey (the report's counts)", query: "type=churned&windowDays=180", floor: true },
      { name: "one region (华东; an attribute filter reads the rows, no floor)", query: "type=churned&windowDays=180&attr.region=华东", floor: false },
    ]) {
      const ours = await time(() => getOutcomeReport({ organizationId: org, surveyId: survey, searchParams: new URLSearchParams(c.query), now }), RUNS);
      const region = c.query.includes("region") ? "华东" : null;
      const check = await client.query<{ n: number }>(
        `SELECT count(DISTINCT "contactId")::int AS n FROM "Response" WHERE "organizationId" = $3 AND "createdAt" <= $1::timestamptz - interval '180 days'
           AND ($2::text IS NULL OR attributes ->> 'region' = $2)`,
        [now.toISOString(), region, org],
      );
      const n = ours.result.api.groups.reduce((s, g) => s + g.n, 0);
      if (n !== check.rows[0]!.n) throw new Error(`benchOutcomes: n ${n} vs ${check.rows[0]!.n}`);
      const d = ours.result.api.detractorVsPromoter;
      console.log(`  ${c.name}: n = ${n.toLocaleString("en")} contacts, ${ours.result.api.excludedTooRecent.toLocaleString("en")} too recent, ratio ${d?.ratio ?? "—"}, p ${d?.p ?? "—"}`);
      const verdict = c.floor ? `  ${ours.median <= FLOOR_MS ? "PASS" : "MISS"} (floor ≤ ${FLOOR_MS} ms)` : "";
      console.log(`    getOutcomeReport                     median ${ours.median.toFixed(1)} ms (min ${ours.min.toFixed(1)})${verdict} (load ${os.loadavg()[0]?.toFixed(1)})`);
      if (c.floor) {
        if (raw.result !== n) throw new Error(`benchOutcomes: raw SQL n ${raw.result} vs ${n}`);
        console.log(
          `    raw SQL (answers and events)         median ${raw.median.toFixed(0)} ms (min ${raw.min.toFixed(0)}), n = ${raw.result.toLocaleString("en")}: ×${(raw.median / ours.median).toFixed(0)}`,
        );
      }
    }
    // The page: the same report with value at stake, the table by region and the quarters (three statements in parallel).
    const page = await time(
      () =>
        getOutcomeReport({
          organizationId: org,
          surveyId: survey,
          searchParams: new URLSearchParams("type=churned&windowDays=180"),
          now,
          withNonResponse: true,
          withValue: true,
          segmentBy: { kind: "attribute", key: "region" },
          withTrend: true,
        }),
      RUNS,
    );
    console.log(
      `  page (value at stake, by region, per quarter): RW-NPS ${page.result.value?.weighted?.nps ?? "—"}, ${page.result.segments?.rows.length ?? 0} regions, ${page.result.overTime?.periods.length ?? 0} quarters`,
    );
    console.log(`    getOutcomeReport (page)              median ${page.median.toFixed(0)} ms (min ${page.min.toFixed(0)}, load ${os.loadavg()[0]?.toFixed(1)})`);
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${machine()}`);
  const port = Number(process.env.BENCH_PORT ?? 15341); // DEFAULT_PORTS.benchStandalone (scripts/lib/ports.ts)
  // BENCH_OUTCOMES_REUSE=1 keeps the database (.data/pg-nps_bench_outcomes_kept-<port>) and reuses its data next time:
  // generating 1M contacts and 5M events takes minutes.
  const reuse = process.env.BENCH_OUTCOMES_REUSE === "1";
  let database: { url: string; stop: () => Promise<void> };
  if (reuse) {
    const path = await import("node:path");
    const { startEmbeddedPostgres, ensureDatabase } = await import("../lib/embedded-postgres.ts");
    const { applyMigrations } = await import("../lib/migrations.ts");
    const { PROJECT_ROOT } = await import("../lib/database.ts");
    const server = await startEmbeddedPostgres({ dataDir: path.join(PROJECT_ROOT, ".data", `pg-nps_bench_outcomes_kept-${port}`), port, ephemeral: true });
    await ensureDatabase(server.adminUrl, "nps_bench_outcomes");
    const url = server.databaseUrl("nps_bench_outcomes");
    await applyMigrations(url);
    database = { url, stop: server.stop };
  } else {
    const { startTestDatabase } = await import("../lib/test-database.ts");
    database = await startTestDatabase({ name: "nps_bench_outcomes", port, defaultPort: port });
  }
  process.env.DATABASE_URL = database.url;
  try {
    console.log(`Outcomes validation report: ${CONTACTS.toLocaleString("en")} contacts, ${EVENTS.toLocaleString("en")} events`);
    await benchOutcomes(database.url, reuse);
    const { db } = await import("../../src/server/db.ts");
    await db.$disconnect();
  } finally {
    await database.stop();
  }
}
