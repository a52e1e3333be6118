/**
 * Distribution benchmark: N contacts (BENCH_DISTRIBUTION_CONTACTS, default 100,000) → one campaign whose
 * invitations are created set-based (one INSERT … SELECT with SQL-generated tokens and the throttle check)
 * and delivered through the real pg-boss worker and nodemailer to a local SMTP sink that discards. Prints
 * times, messages/s and the peak RSS of this process (worker and sink run in it), next to a baseline from
 * the same run: row-by-row invitation creation (throttle query + insert per contact, as an ORM loop would)
 * on a sample, extrapolated. Called from scripts/bench/index.ts (BENCH_DISTRIBUTION=0 skips it); run
 * standalone with `tsx --conditions=react-server scripts/bench/distribution.ts` (own cluster on port 15341).
 */
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { SMTPServer } from "smtp-server";

const CONTACTS = Number(process.env.BENCH_DISTRIBUTION_CONTACTS ?? 100_000);
const BASELINE_SAMPLE = Math.min(CONTACTS, Number(process.env.BENCH_DISTRIBUTION_BASELINE ?? 2_000));

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function startSink() {
  let received = 0;
  const server = new SMTPServer({
    disabledCommands: ["AUTH", "STARTTLS"],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on("data", () => undefined);
      stream.on("end", () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received: () => received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export async function benchDistribution(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const org = (
    await client.query<{ id: string }>(
      `INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES (gen_random_uuid(), 'Bench mail', 'bench-mail-' || gen_random_uuid(), now()) RETURNING id`,
    )
  ).rows[0]!.id;
  const survey = (
    await client.query<{ id: string }>(
      `INSERT INTO "Survey" (id, "organizationId", name, "brandName", status, "updatedAt") VALUES (gen_random_uuid(), $1, 'Bench', '示例银行', 'ACTIVE', now()) RETURNING id`,
      [org],
    )
  ).rows[0]!.id;
  let started = performance.now();
  await client.query(
    `INSERT INTO "Contact" (id, "organizationId", email, name, locale, attributes, "createdAt", "updatedAt")
     SELECT gen_random_uuid(), $1, 'c' || g || '@bench.example', '客户' || g, CASE WHEN g % 3 = 0 THEN 'en' ELSE 'zh-CN' END,
            jsonb_build_object('region', (ARRAY['华东','华南','华北','西南'])[1 + g % 4], 'tier', (ARRAY['gold','silver'])[1 + g % 2]), now(), now()
     FROM generate_series(1, $2::int) g`,
    [org, CONTACTS],
  );
  await client.query(`ANALYZE "Contact"`);
  console.log(`  ${CONTACTS.toLocaleString("en")} contacts inserted in ${seconds(performance.now() - started)}`);

  const { db } = await import("../../src/server/db.ts");
  const { createCampaign } = await import("../../src/server/distribution/create-campaign.ts");
  const { fanOutCampaign } = await import("../../src/server/distribution/fan-out-campaign.ts");
  const { generateToken } = await import("../../src/server/distribution/token.ts");
  const { throttleCutoff } = await import("../../src/lib/throttle.ts");
  const { startBoss, bossEnqueuer } = await import("../../src/server/queue/boss.ts");
  const { startDistributionWorker } = await import("../../src/server/queue/worker.ts");
  const { createSmtpTransport } = await import("../../src/server/email/transport.ts");

  // Baseline: row by row, on a sample of contacts of a survey of its own (then removed).
  const baselineSurvey = (
    await client.query<{ id: string }>(
      `INSERT INTO "Survey" (id, "organizationId", name, "brandName", status, "updatedAt") VALUES (gen_random_uuid(), $1, 'Baseline', 'B', 'ACTIVE', now()) RETURNING id`,
      [org],
    )
  ).rows[0]!.id;
  const sample = await db.contact.findMany({ where: { organizationId: org }, select: { id: true, attributes: true, locale: true, lastInvitedAt: true }, take: BASELINE_SAMPLE });
  started = performance.now();
  const cutoff = throttleCutoff(new Date(), 30) ?? new Date(0);
  for (const contact of sample) {
    await db.$transaction(async (tx) => {
      const recent = await tx.invitation.findFirst({ where: { organizationId: org, contactId: contact.id, createdAt: { gt: cutoff }, failedAt: null }, select: { id: true } });
      if (recent || (contact.lastInvitedAt && contact.lastInvitedAt > cutoff)) return;
      await tx.invitation.create({
        data: { organizationId: org, surveyId: baselineSurvey, contactId: contact.id, token: generateToken(), channel: "EMAIL", attributes: contact.attributes ?? {}, locale: contact.locale, queuedAt: new Date() },
      });
    });
  }
  const baselineMs = performance.now() - started;
  await client.query(`DELETE FROM "Invitation" WHERE "surveyId" = $1`, [baselineSurvey]);
  await client.query(`DELETE FROM "Survey" WHERE id = $1`, [baselineSurvey]);

  const sink = await startSink();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const settings = { appUrl: "https://nps.bench.example", from: "Echo NPS <survey@bench.example>" };
  const boss = await startBoss({ connectionString: databaseUrl });
  const queue = bossEnqueuer(boss);
  // Fan-out measured on its own (the worker starts afterwards, so it does not compete).
  const campaign = await createCampaign({
    actor: { organizationId: org, userId: null, role: "ADMIN" },
    input: { surveyId: survey, name: "Bench", audience: { kind: "all" } },
    enqueue: { fanout: async () => undefined, send: queue.send },
  });
  started = performance.now();
  const fanned = await fanOutCampaign({ organizationId: org, campaignId: campaign.id, enqueue: queue });
  const fanoutMs = performance.now() - started;
  if (!fanned.started) throw new Error("the campaign did not start");

  const worker = await startDistributionWorker({
    connectionString: databaseUrl,
    transport: createSmtpTransport(sink.url, { maxConnections: 5 }),
    settings,
    log: () => undefined,
    sendWorkers: 2,
    pollingIntervalSeconds: 0.5,
  });
  started = performance.now();
  for (;;) {
    const sent = Number((await client.query<{ n: string }>(`SELECT COUNT("sentAt") AS n FROM "Invitation" WHERE "campaignId" = $1`, [campaign.id])).rows[0]?.n ?? 0);
    if (sent >= fanned.queuedCount) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const deliveryMs = performance.now() - started;
  clearInterval(sampler);
  await worker.stop();
  await boss.stop({ graceful: false, wait: true });
  await sink.close();
  const duplicates = sink.received() - fanned.queuedCount;

  const perRowMs = baselineMs / Math.max(1, sample.length);
  console.log(`  invitations queued (set-based INSERT … SELECT + skips + send jobs)  ${fanned.queuedCount.toLocaleString("en")} in ${seconds(fanoutMs)}  (${Math.round(fanned.queuedCount / (fanoutMs / 1000)).toLocaleString("en")}/s)`);
  console.log(`  baseline: row by row (throttle query + insert per contact)            ${sample.length.toLocaleString("en")} in ${seconds(baselineMs)} → ~${seconds(perRowMs * fanned.queuedCount)} for ${fanned.queuedCount.toLocaleString("en")} (×${(perRowMs * fanned.queuedCount / fanoutMs).toFixed(1)} slower)`);
  console.log(`  delivered through pg-boss + nodemailer to the SMTP sink               ${fanned.queuedCount.toLocaleString("en")} in ${seconds(deliveryMs)}  (${Math.round(fanned.queuedCount / (deliveryMs / 1000)).toLocaleString("en")} messages/s)`);
  console.log(`  messages received by the sink: ${sink.received().toLocaleString("en")} (${duplicates === 0 ? "each exactly once" : `${duplicates} more than invitations`}); peak RSS ${mb(peakRss)}`);
  await client.end();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { startTestDatabase } = await import("../lib/test-database.ts");
  const database = await startTestDatabase({ name: "nps_bench_mail", port: Number(process.env.BENCH_DB_PORT ?? 15341) }); // DEFAULT_PORTS.benchStandalone (scripts/lib/ports.ts)
  process.env.DATABASE_URL = database.url;
  try {
    console.log("Distribution: campaign fan-out and delivery");
    await benchDistribution(database.url);
    const { db } = await import("../../src/server/db.ts");
    await db.$disconnect();
  } finally {
    await database.stop();
  }
  process.exit(0);
}
