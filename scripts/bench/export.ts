/**
 * Export benchmark: streams ≥ 1,000,000 responses of one organisation to CSV and to XLSX into a null sink and
 * prints rows/s, bytes and the process's peak RSS. Called from scripts/bench/index.ts; run it standalone with
 * tsx --conditions=react-server (server code imports "server-only").
 *
 * When the organisation has fewer than BENCH_EXPORT_ROWS responses (default 1,000,000) it is topped up with
 * realistic rows (Chinese comments, region / branch / tier attributes) in a survey of its own, which is
 * deleted again at the end so the other benchmarks see the data they expect.
 */
import pg from "pg";

const TARGET_ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);

type Run = { seconds: number; bytes: number; peakRss: number; firstByteMs: number };

/** Reads a web stream to nowhere, sampling RSS every 20 ms. */
async function drain(open: () => Promise<ReadableStream<Uint8Array>>): Promise<Run> {
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  let firstByteMs = 0;
  let bytes = 0;
  try {
    const reader = (await open()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (bytes === 0) firstByteMs = performance.now() - started;
      bytes += value.byteLength;
    }
  } finally {
    clearInterval(timer);
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { seconds: (performance.now() - started) / 1000, bytes, peakRss, firstByteMs };
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export async function benchExport(databaseUrl: string, organizationId: string): Promise<void> {
  if (!process.env.DATABASE_URL) process.env.DATABASE_URL = databaseUrl;
  else if (process.env.DATABASE_URL !== databaseUrl) {
    throw new Error("benchExport: DATABASE_URL is already set to another database; the app's client would not use this one.");
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let topUpSurvey: string | null = null;
  try {
    const organization = (
      await client.query<{ timeZone: string; responses: number }>(
        `SELECT o."timeZone", (SELECT COUNT(*)::int FROM "Response" r WHERE r."organizationId" = o."id" AND NOT r."excluded") AS responses
         FROM "Organization" o WHERE o."id" = $1`,
        [organizationId],
      )
    ).rows[0];
    if (!organization) throw new Error(`benchExport: no organisation ${organizationId}`);

    const missing = TARGET_ROWS - organization.responses;
    if (missing > 0) {
      const started = performance.now();
      topUpSurvey = (
        await client.query<{ id: string }>(
          `INSERT INTO "Survey" (id, "organizationId", name, "brandName", "updatedAt")
           VALUES (gen_random_uuid(), $1, 'Export bench 导出基准', 'Bench', now()) RETURNING id`,
          [organizationId],
        )
      ).rows[0]!.id;
      await client.query(
        `INSERT INTO "Response" (id, "organizationId", "surveyId", score, category, comment, locale, channel, touchpoint, attributes, "createdAt", "updatedAt")
         SELECT gen_random_uuid(), $1, $2, s, (CASE WHEN s >= 9 THEN 'PROMOTER' WHEN s >= 7 THEN 'PASSIVE' ELSE 'DETRACTOR' END)::"NpsCategory",
                CASE WHEN g % 3 = 0 THEN NULL WHEN g % 101 = 0 THEN '=HYPERLINK("http://example.com","x")'
                     ELSE '服务很好，办理速度快，但是排队时间有点长。第 ' || g || ' 条' END,
                CASE WHEN g % 5 = 0 THEN 'en' ELSE 'zh-CN' END, 'EMAIL', CASE WHEN g % 2 = 0 THEN '开户' END,
                jsonb_build_object('region', (ARRAY['华东','华北','华南','西南'])[1 + g % 4], 'branch', '支行 ' || (g % 97),
                                   'tier', (ARRAY['普卡','金卡','白金卡'])[1 + g % 3]),
                now() - (g % 730) * interval '1 day' - (g % 1440) * interval '1 minute', now()
         FROM (SELECT g, floor(random() * 11)::int AS s FROM generate_series(1, $3::int) g) t`,
        [organizationId, topUpSurvey, missing],
      );
      await client.query(`VACUUM ANALYZE "Response"`);
      console.log(`  export data: ${missing.toLocaleString("en")} responses added in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }

    const { exportResponses } = await import("../../src/server/analytics/export-responses.ts");
    const { resolveFilter } = await import("../../src/server/analytics/filter.ts");
    const filter = resolveFilter(
      { range: "all", survey: [], channel: [], touchpoint: [], attributes: {} },
      { organizationId, timeZone: organization.timeZone },
    );
    const rows = (
      await client.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM "Response" r WHERE r."organizationId" = $1 AND NOT r."excluded"`, [
        organizationId,
      ])
    ).rows[0]!.n;

    console.log(`\nExport of ${rows.toLocaleString("en")} filtered responses (range all), streamed to a null sink`);
    console.log(`  RSS before: ${mb(process.memoryUsage().rss)}`);
    for (const format of ["csv", "xlsx"] as const) {
      const run = await drain(() => exportResponses({ filter, format, locale: "zh-CN" }));
      console.log(
        `  ${format.padEnd(4)}  ${run.seconds.toFixed(1).padStart(6)} s  ${Math.round(rows / run.seconds).toLocaleString("en").padStart(8)} rows/s  ` +
          `${mb(run.bytes).padStart(9)} written  first byte after ${run.firstByteMs.toFixed(0)} ms  peak RSS ${mb(run.peakRss)}`,
      );
    }
  } finally {
    if (topUpSurvey) {
      // Deleting the survey cascades to its responses (and the rollup triggers take them out again).
      await client.query(`DELETE FROM "Survey" WHERE id = $1`, [topUpSurvey]);
    }
    await client.end();
  }
}
