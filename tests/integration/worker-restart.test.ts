import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../scripts/lib/database.ts";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres.ts";
import { workerCommand } from "../../scripts/lib/run-worker.ts";
import { startTestDatabase, type TestDatabase } from "../../scripts/lib/test-database.ts";
import type { rawHeader as RawHeader, startSmtp as StartSmtp } from "./distribution-support";

// The real worker process (scripts/worker.ts) sending a campaign while its PostgreSQL is killed
// (`pg_ctl stop -m immediate`: SIGQUIT to the postmaster, no checkpoint, sessions cut) and started again
// 12 s later. This file runs its own embedded PostgreSQL (the suite's is untouched) and a real SMTP server.
// That server is durable (fsync, synchronous commits) as in production: with the test suites' fast settings a
// commit acknowledged just before the crash can be lost with it — the worker recorded 50 sends, the crash undid
// them, and they went out again (seen in a CI run).
const PORT = Number(process.env.WORKER_RESTART_DB_PORT ?? 24391);
const NAME = "nps_worker_restart";
const INVITATIONS = 150;
const DATA_DIR = path.join(PROJECT_ROOT, ".data", `pg-${NAME}${PORT === 24391 ? "" : `-${PORT}`}`);

let database: TestDatabase;
let stopDatabase: () => Promise<void>;
let databaseUp = true;
let suiteDatabaseUrl: string | undefined;
let smtp: Awaited<ReturnType<typeof StartSmtp>>;
let rawHeader: typeof RawHeader;
let journalDir: string;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  database = await startTestDatabase({ name: NAME, port: PORT, defaultPort: 24391, durable: true });
  stopDatabase = database.stop;
  suiteDatabaseUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = database.url;
  // Imported only now: src/env.ts reads DATABASE_URL once, when first imported.
  const support = await import("./distribution-support");
  rawHeader = support.rawHeader;
  smtp = await support.startSmtp();
  journalDir = mkdtempSync(path.join(os.tmpdir(), "echo-nps-journal-"));
}, 120_000);

afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill("SIGKILL");
  const { db } = await import("@/server/db");
  await db.$disconnect().catch(() => undefined);
  await smtp.close();
  if (databaseUp) await stopDatabase();
  // The Prisma client is one per process: drop the one bound to this file's server (see respond-restart.test.ts).
  (globalThis as { prisma?: unknown }).prisma = undefined;
  process.env.DATABASE_URL = suiteDatabaseUrl;
  rmSync(journalDir, { recursive: true, force: true });
}, 60_000);

// A test that failed leaves its worker running; it must not send the next test's campaign.
afterEach(async () => {
  for (const worker of workers) {
    if (worker.exitCode !== null || worker.signalCode !== null) continue;
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    worker.kill("SIGKILL");
    await exited;
  }
  if (!databaseUp) await startDatabase();
}, 60_000);

/** What `pg_ctl stop -m immediate` does: SIGQUIT to the postmaster — every session cut, no shutdown checkpoint. */
async function killDatabase(): Promise<void> {
  const pid = Number.parseInt(readFileSync(path.join(DATA_DIR, "postmaster.pid"), "utf8").split("\n")[0] ?? "", 10);
  process.kill(pid, "SIGQUIT");
  databaseUp = false;
  for (let i = 0; i < 100; i += 1) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the postmaster did not stop");
}

async function startDatabase(): Promise<void> {
  const server = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT });
  stopDatabase = server.stop;
  databaseUp = true;
}

type Worker = { child: ChildProcess; output: string[]; exited: Promise<number | null> };

function startWorker(): Worker {
  const { command, args } = workerCommand();
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      APP_URL: "https://nps.example.test",
      MAIL_FROM: "Echo NPS <survey@nps.example.test>",
      WORKER_JOURNAL_DIR: journalDir,
      WORKER_POLLING_SECONDS: "0.5",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  workers.push(child);
  return { child, output, exited };
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, output?: string[]): Promise<void> {
  const started = Date.now();
  for (;;) {
    let ok = false;
    try {
      ok = await check();
    } catch {
      ok = false; // the database may still be coming back
    }
    if (ok) return;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}${output ? `\nworker output:\n${output.join("").slice(-4000)}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** How many messages the SMTP server accepted per invitation (the Message-ID names the invitation and the send). */
function receivedPerInvitation(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of smtp.received) {
    const id = /<invitation-([0-9a-f-]{36})-0@/.exec(rawHeader(mail, "message-id") ?? "")?.[1];
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

async function campaignOf(size: number, label: string) {
  const { db } = await import("@/server/db");
  const { createSurvey } = await import("@/server/surveys/create-survey");
  const org = await db.organization.create({ data: { name: `${label} Bank`, slug: `${label.toLowerCase()}-${Date.now()}` } });
  const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: label, brandName: `${label} Bank` } });
  await db.contact.createMany({
    data: Array.from({ length: size }, (_, i) => ({ organizationId: org.id, email: `${label.toLowerCase()}-${i}@example.com`, locale: i % 2 ? "en" : "zh-CN" })),
  });
  return { org, survey };
}

/** Queues a campaign's fan-out through a short-lived send-only pg-boss (what the web process does). */
async function sendCampaign(organizationId: string, surveyId: string, name: string) {
  const { createCampaign } = await import("@/server/distribution/create-campaign");
  const { bossEnqueuer, startBoss } = await import("@/server/queue/boss");
  const boss = await startBoss({ connectionString: database.url });
  try {
    return await createCampaign({
      actor: { organizationId, userId: null, role: "ADMIN" },
      input: { surveyId, name, audience: { kind: "all" } },
      enqueue: bossEnqueuer(boss),
    });
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

describe("the worker process and a PostgreSQL killed mid-campaign", () => {
  it(`sends each of ${INVITATIONS} invitations exactly once, records each as sent once, survives and keeps working`, { timeout: 780_000 }, async () => {
    const { db } = await import("@/server/db");
    const { org, survey } = await campaignOf(INVITATIONS, "Restart");
    smtp.state.delayMs = 40; // about 4 s of sending: the kill lands in the middle
    const worker = startWorker();
    await waitFor(async () => (await db.$queryRaw<{ n: number }[]>`SELECT 1 AS n`).length === 1, 10_000, "the database");
    const campaign = await sendCampaign(org.id, survey.id, "Restart campaign");

    await waitFor(() => smtp.received.length >= 40, 120_000, "the first sends", worker.output);
    await killDatabase();
    const sentWhenKilled = smtp.received.length;
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    expect(worker.child.exitCode, worker.output.join("")).toBeNull();
    await startDatabase();

    await waitFor(
      async () => (await db.invitation.count({ where: { organizationId: org.id, campaignId: campaign.id, sentAt: { not: null } } })) === INVITATIONS,
      // Jobs that failed during the outage come back with pg-boss's retry back-off (10, 20, 40, 80 s); a job whose
      // completion was lost with the database stays active until pg-boss expires it, and the minute tick queues its
      // invitations again once their queueing is 5 minutes old (run-distribution-tick.ts): recovery can take ~6
      // minutes — mail delayed, never lost or repeated (docs/decisions/0017).
      420_000,
      "every invitation recorded as sent",
      worker.output,
    );
    // Give a duplicate (a retried job, the minute tick) the time to show up.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const counts = receivedPerInvitation();
    const invitations = await db.invitation.findMany({ where: { organizationId: org.id, campaignId: campaign.id }, select: { id: true, sentAt: true, attempts: true, messageId: true } });
    expect(invitations).toHaveLength(INVITATIONS);
    expect(sentWhenKilled).toBeLessThan(INVITATIONS); // the kill really was mid-campaign
    const notOnce = invitations.filter((invitation) => counts.get(invitation.id) !== 1).map((invitation) => `${invitation.id}: ${counts.get(invitation.id) ?? 0}`);
    expect(notOnce, `mails per invitation ≠ 1; worker output:\n${worker.output.join("").slice(-6000)}`).toEqual([]);
    expect(invitations.every((invitation) => invitation.sentAt !== null && invitation.messageId === `<invitation-${invitation.id}-0@nps.example.test>`)).toBe(true);
    expect(worker.child.exitCode, worker.output.join("")).toBeNull();

    // Still alive and working: a new campaign after the restart is sent too.
    smtp.state.delayMs = 0;
    const after = await campaignOf(5, "After");
    const second = await sendCampaign(after.org.id, after.survey.id, "After the restart");
    await waitFor(
      async () => (await db.invitation.count({ where: { organizationId: after.org.id, campaignId: second.id, sentAt: { not: null } } })) === 5,
      60_000,
      "the campaign after the restart",
      worker.output,
    );
    // The heartbeat is written again.
    const beat = await db.$queryRaw<{ at: Date }[]>`SELECT "lastSeenAt" AS "at" FROM "WorkerHeartbeat" ORDER BY "lastSeenAt" DESC LIMIT 1`;
    expect(Date.now() - (beat[0]?.at.getTime() ?? 0)).toBeLessThan(60_000);

    if (process.env.WORKER_TEST_VERBOSE) console.log(worker.output.join(""));
    // SIGTERM: it stops within its shutdown deadline.
    const stopping = Date.now();
    worker.child.kill("SIGTERM");
    await worker.exited;
    expect(Date.now() - stopping).toBeLessThan(15_000);
  });

  it("a worker killed while its database is down records from its journal what SMTP accepted, and nothing goes twice", { timeout: 780_000 }, async () => {
    const { db } = await import("@/server/db");
    const size = 50;
    const { org, survey } = await campaignOf(size, "Journal");
    // Slow enough that the database is down before the chunk in flight (25 mails) has finished: at 60 ms a mail the
    // chunk could finish and be recorded while the database was still being stopped on a loaded machine, leaving
    // nothing for the journal (the fresh-clone run saw 25 recorded of 25 accepted).
    smtp.state.delayMs = 400;
    const first = startWorker();
    const campaign = await sendCampaign(org.id, survey.id, "Journal campaign");
    const before = smtp.received.length;
    await waitFor(() => smtp.received.length >= before + 5, 120_000, "the first sends", first.output);
    await killDatabase();
    // The chunk in flight finishes its SMTP exchanges (its outcomes wait for the database), then the process dies.
    let seen = -1;
    let since = Date.now();
    await waitFor(() => {
      if (smtp.received.length !== seen) {
        seen = smtp.received.length;
        since = Date.now();
      }
      return Date.now() - since > 3_000;
    }, 60_000, "the chunk in flight");
    const acceptedBeforeKill = smtp.received.length - before;
    first.child.kill("SIGKILL");
    await first.exited;
    await startDatabase();
    expect(await db.invitation.count({ where: { organizationId: org.id, sentAt: { not: null } } })).toBeLessThan(acceptedBeforeKill);

    smtp.state.delayMs = 0;
    const second = startWorker();
    await waitFor(() => second.output.join("").includes("a previous worker had sent but not recorded"), 180_000, "the journal replay", second.output);
    // The dead worker's send job stays active until pg-boss expires it; what the minute tick does for stale
    // sends, done now: the unsent rest queued again.
    const { bossEnqueuer, startBoss } = await import("@/server/queue/boss");
    const rest = await db.invitation.findMany({ where: { organizationId: org.id, campaignId: campaign.id, sentAt: null }, select: { id: true } });
    const boss = await startBoss({ connectionString: database.url });
    await bossEnqueuer(boss).send(org.id, rest.map((r) => r.id));
    await boss.stop({ graceful: false, wait: true });
    await waitFor(
      async () => (await db.invitation.count({ where: { organizationId: org.id, campaignId: campaign.id, sentAt: { not: null } } })) === size,
      // The dead worker's claims on the rest are taken over once they and its heartbeat are CLAIM_STALE_SECONDS (120 s)
      // old and this worker has been connected as long, at the send job's next retry (back-off 10, 20, 40, 80, 160 s).
      300_000,
      "every invitation recorded as sent",
      second.output,
    );
    const counts = receivedPerInvitation();
    const invitations = await db.invitation.findMany({ where: { organizationId: org.id, campaignId: campaign.id }, select: { id: true, claimedAt: true } });
    expect(
      invitations.filter((invitation) => counts.get(invitation.id) !== 1),
      `mails per invitation ≠ 1; worker output:\n${first.output.join("").slice(-3000)}\n---\n${second.output.join("").slice(-3000)}`,
    ).toEqual([]);
    expect(invitations.every((invitation) => invitation.claimedAt === null)).toBe(true);
    if (process.env.WORKER_TEST_VERBOSE) console.log(first.output.join(""), second.output.join(""));
    second.child.kill("SIGTERM");
    await second.exited;
  });
});
