/**
 * Outcome import benchmark (issue 15: 1M events ≤ 3 min): BENCH_OUTCOMES_IMPORT_ROWS (default 1,000,000) behaviour
 * events in a GBK CSV (BENCH_OUTCOMES_IMPORT_ENCODING=utf-8 for UTF-8) — 事件编号, 客户编号, 类型 in Chinese, 日期,
 * 金额 — for rows / 5 contacts (1 % of rows name no contact, 1 % repeat an earlier event id), imported through the
 * product's path: upload streamed to disk and scanned (encoding, rows, each column's values), then the run's
 * 5,000-row set-based INSERT … SELECT … ON CONFLICT DO NOTHING batches (OUTCOME_IMPORT_BATCH_SIZE), the next batch
 * read while the previous is written. Prints the machine, both phases, rows/s and the run's CPU (node and database:
 * the wall clock on a shared machine is that work plus waiting for a core), checks every count against the file,
 * and says PASS / MISS against 3 minutes (extrapolated linearly when fewer
 * than 1M rows were run — say so when quoting it). BENCH_OUTCOMES_IMPORT_RERUN=1 imports the same file again
 * (every row a duplicate or unmatched). Called from scripts/bench/index.ts (BENCH_OUTCOMES_IMPORT=0 skips it), or
 * alone: `npx tsx --conditions=react-server scripts/bench/outcomes-import.ts` (own cluster on BENCH_PORT, default 15341).
 */
import { createReadStream } from "node:fs";
import { mkdir, rm, appendFile, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { csvText, encodeText, type FileEncoding } from "../../tests/fixtures/contacts-files.ts";
import { generateOutcomeRows, OUTCOME_HEADER } from "../../tests/fixtures/outcomes/outcome-files.ts";
import { measure } from "./import.ts";

const ROWS = Number(process.env.BENCH_OUTCOMES_IMPORT_ROWS ?? 1_000_000);
const ENCODING: FileEncoding = process.env.BENCH_OUTCOMES_IMPORT_ENCODING === "utf-8" ? "utf-8" : "gbk";
const FLOOR_SECONDS = 180;
const FLOOR_ROWS = 1_000_000;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const perSecond = (rows: number, seconds: number) => Math.round(rows / seconds).toLocaleString("en");

/**
 * CPU seconds used so far by this process and by the database cluster (the postmaster, its live children, and the
 * children it has reaped), from /proc: the work an import costs, which the wall clock on a shared, loaded machine
 * does not show (Linux only; null elsewhere).
 */
async function cpuSeconds(db: { $queryRaw: (query: TemplateStringsArray) => Promise<unknown> }): Promise<{ node: number; database: number | null }> {
  const usage = process.cpuUsage();
  const node = (usage.user + usage.system) / 1e6;
  try {
    const { readFile, readdir } = await import("node:fs/promises");
    const dir = ((await db.$queryRaw`SELECT current_setting('data_directory') AS dir`) as { dir: string }[])[0]!.dir;
    const postmaster = Number((await readFile(path.join(dir, "postmaster.pid"), "utf8")).split("\n")[0]);
    const tick = 100; // USER_HZ
    const fields = async (pid: string) => (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ");
    const own = await fields(String(postmaster));
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const pid of await readdir("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      const f = await fields(pid).catch(() => null);
      if (f && Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
    }
    return { node, database: ticks / tick };
  } catch {
    return { node, database: null };
  }
}

/** What the import must report for these rows: accepted (first time an id is seen on a matched row), duplicates, unmatched. */
function expected(rows: readonly string[][], contacts: number, prefix: string): { accepted: number; duplicates: number; unmatched: number } {
  const seen = new Set<string>();
  let duplicates = 0;
  let unmatched = 0;
  for (const [id, customer] of rows) {
    const n = Number(customer!.slice(prefix.length));
    if (!Number.isInteger(n) || n < 1 || n > contacts) {
      unmatched++;
      continue;
    }
    if (seen.has(id!)) duplicates++;
    else seen.add(id!);
  }
  return { accepted: seen.size, duplicates, unmatched };
}

export async function benchOutcomesImport(databaseUrl: string): Promise<void> {
  if (!process.env.DATABASE_URL) process.env.DATABASE_URL = databaseUrl;
  const { createOutcomeImport } = await import("../../src/server/outcomes/import-create.ts");
  const { startOutcomeImport } = await import("../../src/server/outcomes/import-run.ts");
  const { getOutcomeImport } = await import("../../src/server/outcomes/import-status.ts");
  const { db } = await import("../../src/server/db.ts");

  const contacts = Math.max(1000, Math.round(ROWS / 5));
  const prefix = "K";
  const organization = await db.organization.create({ data: { name: "Outcome import bench", slug: `outcome-import-bench-${Date.now()}` } });
  const actor = { organizationId: organization.id, userId: null, role: "OWNER" as const };
  const seeded = performance.now();
  await db.$executeRaw`INSERT INTO "Contact" ("id", "organizationId", "externalId", "email", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), ${organization.id}::uuid, ${prefix} || g, 'k' || g || '@bench.example', now(), now() FROM generate_series(1, ${contacts}::int) g`;
  await db.$executeRawUnsafe(`VACUUM ANALYZE "Contact"`);
  const dir = path.join(process.cwd(), ".data", "bench-outcomes-import");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `outcomes-${ENCODING}.csv`);
  try {
    const rows = generateOutcomeRows(ROWS, { contacts, customerPrefix: prefix, seed: 2026 });
    const want = expected(rows, contacts, prefix);
    await writeFile(file, encodeText(csvText([OUTCOME_HEADER]), ENCODING));
    for (let start = 0; start < rows.length; start += 50_000) await appendFile(file, encodeText(csvText(rows.slice(start, start + 50_000)), ENCODING));
    const size = (await stat(file)).size;
    console.log(
      `  data: ${contacts.toLocaleString("en")} contacts, ${ROWS.toLocaleString("en")} events in a ${ENCODING.toUpperCase()} CSV (${mb(size)}) — ` +
        `${want.unmatched.toLocaleString("en")} unmatched, ${want.duplicates.toLocaleString("en")} repeated ids — prepared in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
    );
    console.log(`  machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);

    const run = async () => {
      let importId = "";
      const upload = await measure(async () => {
        const preview = await createOutcomeImport({
          actor,
          body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
          fileName: path.basename(file),
          format: { encoding: "auto", delimiter: "auto" },
        });
        importId = preview.id;
      });
      const preview = await getOutcomeImport({ actor, importId });
      const mapping = { 事件编号: "externalId", 客户编号: "customerId", 类型: "type", 日期: "occurredAt", 金额: "amount", 币种: "currency" } as const;
      const cpuBefore = await cpuSeconds(db);
      const write = await measure(() => startOutcomeImport({ actor, importId, input: { mapping }, background: false, now: new Date(Date.UTC(2026, 11, 1)) }));
      const cpuAfter = await cpuSeconds(db);
      const cpu = { node: cpuAfter.node - cpuBefore.node, database: cpuAfter.database === null || cpuBefore.database === null ? null : cpuAfter.database - cpuBefore.database };
      return { upload, write, cpu, encoding: preview.encoding, result: await getOutcomeImport({ actor, importId }) };
    };

    const first = await run();
    const { result } = first;
    if (result.status !== "DONE" || result.createdCount !== want.accepted || result.duplicateCount !== want.duplicates || result.skippedCount !== want.unmatched) {
      throw new Error(`benchOutcomesImport: expected ${JSON.stringify(want)}, got ${JSON.stringify({ ...result, rowErrors: result.rowErrors.slice(0, 3) })}`);
    }
    const stored = await db.outcomeEvent.count({ where: { organizationId: organization.id } });
    if (stored !== want.accepted) throw new Error(`benchOutcomesImport: ${stored} events stored, expected ${want.accepted}`);
    const total = first.upload.seconds + first.write.seconds;
    console.log(`  upload + scan (detected ${first.encoding}, every column's values):  ${first.upload.seconds.toFixed(1)} s = ${perSecond(ROWS, first.upload.seconds)} rows/s`);
    console.log(`  run (matched, written, reported):                     ${first.write.seconds.toFixed(1)} s = ${perSecond(ROWS, first.write.seconds)} rows/s, peak RSS ${mb(first.write.peakRss)}`);
    const { cpu } = first;
    console.log(
      `  run's CPU: node ${cpu.node.toFixed(1)} s + database ${cpu.database === null ? "?" : cpu.database.toFixed(1)} s ` +
        `(${cpu.database === null ? "?" : (((cpu.node + cpu.database) / ROWS) * 1e6).toFixed(0)} µs per row; the wall clock above is this work plus waiting for a share of the cores, load ${os.loadavg()[0]?.toFixed(1)})`,
    );
    const at1M = (total / ROWS) * FLOOR_ROWS;
    console.log(
      `  total ${total.toFixed(1)} s = ${perSecond(ROWS, total)} rows/s; ${ROWS >= FLOOR_ROWS ? `1M events` : `1M events extrapolated linearly from ${ROWS.toLocaleString("en")}`}: ` +
        `${at1M.toFixed(0)} s (floor ${FLOOR_SECONDS} s) ${at1M <= FLOOR_SECONDS ? "PASS" : "MISS"}`,
    );
    console.log(`  counts check: ${result.createdCount.toLocaleString("en")} accepted, ${result.duplicateCount.toLocaleString("en")} duplicates, ${result.skippedCount.toLocaleString("en")} unmatched — as in the file`);
    if (process.env.BENCH_OUTCOMES_IMPORT_RERUN === "1") {
      const again = await run();
      if (again.result.createdCount !== 0) throw new Error("benchOutcomesImport: the re-run wrote events");
      const seconds = again.upload.seconds + again.write.seconds;
      console.log(`  same file again (nothing new): ${seconds.toFixed(1)} s = ${perSecond(ROWS, seconds)} rows/s`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startTestDatabase } = await import("../lib/test-database.ts");
  const port = Number(process.env.BENCH_PORT ?? 15341); // DEFAULT_PORTS.benchStandalone (scripts/lib/ports.ts)
  const database = await startTestDatabase({ name: "nps_bench_outcomes_import", port, defaultPort: port });
  process.env.DATABASE_URL = database.url;
  try {
    await benchOutcomesImport(database.url);
    const { db } = await import("../../src/server/db.ts");
    await db.$disconnect();
  } finally {
    await database.stop();
  }
}
