/**
 * Historical response import benchmark: BENCH_RESPONSE_IMPORT_ROWS (default 100,000) past responses over three
 * years (date, score, comment, email, region / branch / tier) in a GBK CSV, imported into one survey through the
 * product's path (upload streamed to disk, scanned, then 1,000-row INSERT … SELECT batches with answers and
 * aggregates); then the same file again (every row a duplicate). Prints rows/min and peak RSS, and checks the
 * dashboard's all-time headline counts every row. Called from scripts/bench/index.ts (BENCH_RESPONSE_IMPORT=0
 * skips it), or alone: `npx tsx --conditions=react-server scripts/bench/response-import.ts` (own cluster on BENCH_PORT,
 * default 15341).
 */
import { createReadStream } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { csvFile } from "../../tests/fixtures/contacts-files.ts";
import { generateResponseRows } from "../../tests/fixtures/response-files.ts";
import { measure } from "./import.ts";

const ROWS = Number(process.env.BENCH_RESPONSE_IMPORT_ROWS ?? 100_000);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export async function benchResponseImport(databaseUrl: string): Promise<void> {
  if (!process.env.DATABASE_URL) process.env.DATABASE_URL = databaseUrl;
  const { createResponseImport } = await import("../../src/server/imports/create-response-import.ts");
  const { startResponseImport } = await import("../../src/server/imports/run-response-import.ts");
  const { getResponseImport } = await import("../../src/server/imports/get-response-import.ts");
  const { createSurvey } = await import("../../src/server/surveys/create-survey.ts");
  const { getHeadline } = await import("../../src/server/analytics/get-headline.ts");
  const { resolveFilter } = await import("../../src/server/analytics/filter.ts");
  const { readAnalyticsParams } = await import("../../src/schemas/analytics.ts");
  const { db } = await import("../../src/server/db.ts");

  const organization = await db.organization.create({ data: { name: "Response import bench", slug: `response-import-bench-${Date.now()}` } });
  const actor = { organizationId: organization.id, userId: null, role: "OWNER" as const };
  const survey = await createSurvey({ organizationId: organization.id, userId: null, input: { name: "历史 NPS", brandName: "Bench" } });
  const dir = path.join(process.cwd(), ".data", "bench-response-import");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "responses-gbk.csv");
  try {
    const bytes = csvFile(generateResponseRows(ROWS, { seed: 2026, end: new Date(Date.UTC(2026, 0, 1)) }), { encoding: "gbk" });
    await writeFile(file, bytes);
    const run = async () => {
      let importId = "";
      const measured = await measure(async () => {
        const preview = await createResponseImport({
          actor,
          surveyId: survey.id,
          body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
          fileName: path.basename(file),
          format: { encoding: "auto", delimiter: "auto" },
        });
        importId = preview.id;
        await startResponseImport({ actor, importId, input: { mapping: preview.mapping }, background: false });
      });
      return { ...measured, result: await getResponseImport({ actor, importId }) };
    };
    const first = await run();
    if (first.result.status !== "DONE" || first.result.createdCount !== ROWS) {
      throw new Error(`benchResponseImport: expected ${ROWS} imported, got ${JSON.stringify({ ...first.result, rowErrors: first.result.rowErrors.slice(0, 3) })}`);
    }
    const perMinute = (seconds: number) => Math.round((ROWS / seconds) * 60).toLocaleString("en");
    console.log(
      `  GBK CSV ${ROWS.toLocaleString("en")} rows (${mb(bytes.length)}), 3 years, 3 attributes: ${first.seconds.toFixed(1)} s = ${perMinute(first.seconds)} rows/min ` +
        `(target ≥ 100,000), peak RSS ${mb(first.peakRss)} (start ${mb(first.startRss)}), detected ${first.result.encoding}`,
    );
    const again = await run();
    if (again.result.createdCount !== 0 || again.result.duplicateCount !== ROWS) throw new Error("benchResponseImport: the re-run wrote rows");
    console.log(`  same file again (every row a duplicate): ${again.seconds.toFixed(1)} s = ${perMinute(again.seconds)} rows/min, peak RSS ${mb(again.peakRss)}`);
    const params = readAnalyticsParams({ range: "all", survey: survey.id });
    if (!params.success) throw new Error(params.error.message);
    const headline = await getHeadline(resolveFilter(params.data, { organizationId: organization.id, timeZone: organization.timeZone }));
    if (headline.stats.n !== ROWS) throw new Error(`benchResponseImport: the dashboard counts ${headline.stats.n}, not ${ROWS}`);
    console.log(`  dashboard all-time headline counts all ${headline.stats.n.toLocaleString("en")} (NPS ${headline.stats.nps?.toFixed(1)})`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startTestDatabase } = await import("../lib/test-database.ts");
  const port = Number(process.env.BENCH_PORT ?? 15341); // DEFAULT_PORTS.benchStandalone (scripts/lib/ports.ts)
  const database = await startTestDatabase({ name: "nps_bench_response_import", port, defaultPort: port });
  process.env.DATABASE_URL = database.url;
  try {
    await benchResponseImport(database.url);
    const { db } = await import("../../src/server/db.ts");
    await db.$disconnect();
  } finally {
    await database.stop();
  }
}
