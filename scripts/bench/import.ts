/**
 * Contact import benchmark: BENCH_IMPORT_ROWS (default 100,000) generated contacts with Chinese names and
 * attributes, imported from a UTF-8 CSV and from a GBK CSV through the product's path (upload streamed to
 * disk, strict decode + scan, streamed parse, 1,000-row INSERT … ON CONFLICT batches in transactions) — time,
 * rows/s and the process's peak RSS — next to a baseline of one Prisma upsert per row, timed on a
 * BENCH_IMPORT_BASELINE_ROWS (default 5,000) sample and extrapolated. Called from scripts/bench/index.ts
 * (BENCH_IMPORT=0 skips it).
 */
import { createReadStream } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import pg from "pg";
import { csvFile, generateContactRows, type FileEncoding } from "../../tests/fixtures/contacts-files.ts";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const BASELINE_ROWS = Number(process.env.BENCH_IMPORT_BASELINE_ROWS ?? 5_000);

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function newOrganization(client: pg.Client, name: string): Promise<string> {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${Date.now()}`;
  return (
    await client.query<{ id: string }>(
      `INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES (gen_random_uuid(), $1, $2, now()) RETURNING id`,
      [name, slug],
    )
  ).rows[0]!.id;
}

/** Runs `fn`, sampling RSS every 20 ms: wall time and peak RSS. */
export async function measure(fn: () => Promise<void>): Promise<{ seconds: number; peakRss: number; startRss: number }> {
  global.gc?.();
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { seconds: (performance.now() - started) / 1000, peakRss, startRss };
}

export async function benchImport(databaseUrl: string): Promise<void> {
  if (!process.env.DATABASE_URL) process.env.DATABASE_URL = databaseUrl;
  const { createContactImport } = await import("../../src/server/contacts/create-contact-import.ts");
  const { startContactImport } = await import("../../src/server/contacts/run-contact-import.ts");
  const { getContactImport } = await import("../../src/server/contacts/get-contact-import.ts");
  const { db } = await import("../../src/server/db.ts");

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const dir = path.join(process.cwd(), ".data", "bench-import");
  await mkdir(dir, { recursive: true });
  try {
    const rows = generateContactRows(ROWS, 2026, "bench");
    for (const encoding of ["utf-8", "gbk"] as const satisfies readonly FileEncoding[]) {
      const file = path.join(dir, `contacts-${encoding}.csv`);
      const bytes = csvFile(rows, { encoding });
      await writeFile(file, bytes);
      const organizationId = await newOrganization(client, `Import bench ${encoding}`);
      const actor = { organizationId, userId: null, role: "OWNER" as const };
      let importId = "";
      const run = await measure(async () => {
        const preview = await createContactImport({
          actor,
          body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
          fileName: path.basename(file),
          format: { encoding: "auto", delimiter: "auto" },
        });
        importId = preview.id;
        await startContactImport({ actor, importId, input: { mapping: preview.mapping, onDuplicate: "update" }, background: false });
      });
      const result = await getContactImport({ actor, importId });
      if (result.status !== "DONE" || result.createdCount !== ROWS) {
        throw new Error(`benchImport: expected ${ROWS} created, got ${JSON.stringify({ ...result, rowErrors: result.rowErrors.slice(0, 3) })}`);
      }
      console.log(
        `  ${encoding === "gbk" ? "GBK CSV  " : "UTF-8 CSV"} ${ROWS.toLocaleString("en")} rows (${mb(bytes.length)}), batched (ours): ${run.seconds.toFixed(1)} s, ` +
          `${Math.round(ROWS / run.seconds).toLocaleString("en")} rows/s, peak RSS ${mb(run.peakRss)} (start ${mb(run.startRss)}), detected ${result.encoding}`,
      );
      // Re-import the same file as updates (every row hits ON CONFLICT DO UPDATE).
      if (encoding === "utf-8") {
        let againId = "";
        const again = await measure(async () => {
          const preview = await createContactImport({
            actor,
            body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
            fileName: path.basename(file),
            format: { encoding: "auto", delimiter: "auto" },
          });
          againId = preview.id;
          await startContactImport({ actor, importId: againId, input: { mapping: preview.mapping, onDuplicate: "update" }, background: false });
        });
        const updated = await getContactImport({ actor, importId: againId });
        console.log(
          `  UTF-8 CSV re-import as updates: ${again.seconds.toFixed(1)} s, ${Math.round(ROWS / again.seconds).toLocaleString("en")} rows/s ` +
            `(${updated.updatedCount.toLocaleString("en")} updated), peak RSS ${mb(again.peakRss)}`,
        );
      }
      await rm(file, { force: true });
    }

    // Baseline: what a naive import does — one Prisma upsert per row (own statement round trips), on a sample.
    const organizationId = await newOrganization(client, "Import bench baseline");
    const sample = rows.slice(1, 1 + BASELINE_ROWS);
    const baseline = await measure(async () => {
      for (const row of sample) {
        const [email = "", name, phone, locale, externalId, region, branch, tier, product, tenure] = row;
        await db.contact.upsert({
          where: { organizationId_email: { organizationId, email } },
          create: { organizationId, email, name, phone, locale, externalId, attributes: { region, branch, tier, product, tenure } },
          update: { name, phone, locale, externalId, attributes: { region, branch, tier, product, tenure } },
        });
      }
    });
    const perSecond = sample.length / baseline.seconds;
    console.log(
      `  baseline: one Prisma upsert per row, ${sample.length.toLocaleString("en")} rows in ${baseline.seconds.toFixed(1)} s = ` +
        `${Math.round(perSecond).toLocaleString("en")} rows/s → ${ROWS.toLocaleString("en")} rows ≈ ${(ROWS / perSecond).toFixed(0)} s (extrapolated)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
    await client.end();
  }
}
