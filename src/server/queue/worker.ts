import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { sendWeeklyDigests } from "@/server/accountability/send-weekly-digest";
import { runAggregateCompaction } from "@/server/analytics/run-aggregate-compaction";
import { applyAuditRetention } from "@/server/audit/apply-audit-retention";
import { runCaseTick } from "@/server/cases/run-case-tick";
import { deliverInvitations } from "@/server/distribution/deliver-invitations";
import { fanOutCampaign } from "@/server/distribution/fan-out-campaign";
import type { MailSettings } from "@/server/distribution/mail-settings";
import { recordSentMails, untilDatabaseAnswers } from "@/server/distribution/record-sends";
import { runDistributionTick } from "@/server/distribution/run-distribution-tick";
import { CLAIM_STALE_SECONDS, type Sender } from "@/server/distribution/send-claims";
import { journalDirectory, openSendJournal, replayOrphanedJournals } from "@/server/distribution/send-journal";
import { cleanUpImports } from "@/server/imports/clean-up-imports";
import { runCommentReading } from "@/server/text/run-comment-reading";
import { runAggregateRebuilds } from "@/server/org-settings/aggregate-rebuilds";
import { runWebhookDeliveries } from "@/server/webhooks/run-webhook-deliveries";
import { encryptStoredSecrets } from "@/server/secrets/stored-secrets";
import type { MailTransport } from "@/server/email/transport";
import { HEARTBEAT_SECONDS, writeHeartbeat } from "@/server/system/write-heartbeat";
import { bossEnqueuer, startBoss } from "./boss";
import { QUEUES } from "./queues";

const fanoutJob = z.object({ organizationId: z.uuid(), campaignId: z.uuid() });
const sendJob = z.object({ organizationId: z.uuid(), invitationIds: z.array(z.uuid()).max(1000) });

export type WorkerOptions = {
  connectionString: string;
  transport: MailTransport;
  settings: MailSettings;
  log?: (line: string) => void;
  /** Parallel send jobs in this process. */
  sendWorkers?: number;
  pollingIntervalSeconds?: number;
  now?: () => Date;
  /** Where the journal of mails accepted by SMTP but not yet recorded lives (a directory per database); none: no journal. */
  journalDir?: string;
  /** Seconds `stop()` waits for jobs in flight before it gives up on them (they are retried; the journal keeps what was sent). */
  stopTimeoutSeconds?: number;
};

export type DistributionWorker = { id: string; stop: () => Promise<void> };

/** Logs a repeated message (a database away: every poll of every queue fails) once per 30 s. */
function throttledLog(log: (line: string) => void): (line: string) => void {
  const last = new Map<string, number>();
  return (line) => {
    const key = line.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "…").slice(0, 120);
    const at = Date.now();
    if ((last.get(key) ?? 0) > at - 30_000) return;
    last.set(key, at);
    if (last.size > 200) last.clear();
    log(line);
  };
}

/**
 * The distribution worker: fans out campaigns, sends invitation batches (a batch with temporary failures
 * fails its job so pg-boss retries it with back-off; the rows keep the state), and runs the minute tick
 * (reminders, stalled sends, due campaigns), the case tick, the digest and the aggregate compaction.
 *
 * It outlives its database (docs/decisions/0017): pg-boss's errors and the pools' are logged (throttled), its
 * loops and cron clock carry on once the database answers again; outcomes of sends wait in memory (and the
 * journal) until they can be recorded; a heartbeat row says it is alive. `stop()` gives jobs in flight
 * `stopTimeoutSeconds`, then returns anyway.
 */
export async function startDistributionWorker(options: WorkerOptions): Promise<DistributionWorker> {
  const baseLog = options.log ?? ((line: string) => console.log(`[worker] ${line}`));
  const log = throttledLog(baseLog);
  const now = options.now ?? (() => new Date());
  const identity = { id: randomUUID(), host: os.hostname(), pid: process.pid, startedAt: new Date() };
  const stopping = new AbortController();

  // Connected since (for taking over claims of a worker that has been silent while this one was connected).
  let connectedSince: number | null = null;
  const beat = async () => {
    try {
      await writeHeartbeat(identity);
      connectedSince ??= Date.now();
    } catch (error) {
      if (connectedSince !== null) log(`heartbeat failed: ${error instanceof Error ? error.message : String(error)}`);
      connectedSince = null;
    }
  };

  const journal = options.journalDir ? openSendJournal(journalDirectory(options.journalDir, options.connectionString)) : undefined;
  const sender: Sender = {
    id: identity.id,
    inFlight: new Set(),
    journal,
    signal: stopping.signal,
    log: baseLog,
    mayTakeOverClaims: () => connectedSince !== null && Date.now() - connectedSince > CLAIM_STALE_SECONDS * 1000,
  };

  // The queue, once the database answers (a worker started before its database waits for it).
  const boss: PgBoss = await untilDatabaseAnswers(
    "starting the queue",
    () => startBoss({ connectionString: options.connectionString, worker: true, onError: (error) => log(`[queue] ${error.message}`) }),
    { log: baseLog },
  );
  await beat();
  const heartbeat = setInterval(() => void beat(), HEARTBEAT_SECONDS * 1000);
  heartbeat.unref();

  // Mails a previous worker process journaled but did not record before it died.
  if (journal) {
    const directory = journalDirectory(options.journalDir ?? "", options.connectionString);
    const replayed = await replayOrphanedJournals(
      directory,
      (mails) => untilDatabaseAnswers(`${mails.length} journaled mail(s)`, () => recordSentMails(mails), { log: baseLog }),
      journal.file,
    );
    if (replayed) log(`recorded ${replayed} mail(s) a previous worker had sent but not recorded (journal)`);
  }

  // Secrets stored in plaintext before encryption at rest (or sealed with a rotated-out key): sealed now (idempotent).
  await encryptStoredSecrets().then(
    (sealed) => sealed.webhooks + sealed.sso > 0 && log(`encrypted stored secrets: ${sealed.webhooks} webhook endpoint(s), ${sealed.sso} SSO connection(s)`),
    (error: unknown) => log(`could not encrypt stored secrets: ${error instanceof Error ? error.message : String(error)}`),
  );
  const enqueue = bossEnqueuer(boss);
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 };

  await boss.work<unknown>(QUEUES.fanout, { ...polling, batchSize: 1 }, async (jobs) => {
    for (const job of jobs) {
      const data = fanoutJob.parse(job.data);
      const result = await fanOutCampaign({ ...data, enqueue, now: now() });
      if (result.started) log(`campaign ${data.campaignId}: ${result.queuedCount} queued, ${result.throttledCount} throttled`);
    }
  });

  for (let i = 0; i < (options.sendWorkers ?? 2); i += 1) {
    await boss.work<unknown>(QUEUES.send, { ...polling, batchSize: 1 }, async (jobs) => {
      for (const job of jobs) {
        const data = sendJob.parse(job.data);
        const outcomes = await deliverInvitations({ ...data, transport: options.transport, settings: options.settings, now, sender });
        const retry = outcomes.filter((outcome) => outcome === "retry" || outcome === "busy").length;
        if (retry > 0) throw new Error(`${retry} of ${outcomes.length} invitations not sent yet; retrying`);
      }
    });
  }

  const tick = async () => {
    const result = await runDistributionTick({ enqueue, transport: options.transport, settings: options.settings, now: now(), sender });
    if (result.requeued || result.reminders.sent || result.campaigns) {
      log(`tick: ${result.campaigns} campaigns started, ${result.requeued} sends re-queued, ${result.reminders.sent} reminders sent`);
    }
  };
  await boss.work(QUEUES.tick, { ...polling, batchSize: 1 }, async () => tick());
  await boss.schedule(QUEUES.tick, "* * * * *");
  await tick().catch((error: unknown) => log(`tick failed: ${error instanceof Error ? error.message : String(error)}`));

  const caseTick = async () => {
    const result = await runCaseTick({ transport: options.transport, settings: options.settings, now: now() });
    if (result.escalated || result.sent || result.failed) log(`cases: ${result.escalated} escalated, ${result.sent} alerts sent, ${result.failed} failed`);
  };
  await boss.work(QUEUES.caseTick, { ...polling, batchSize: 1 }, async () => caseTick());
  await boss.schedule(QUEUES.caseTick, "* * * * *");

  await boss.work(QUEUES.weeklyDigest, { ...polling, batchSize: 1 }, async () => {
    const result = await sendWeeklyDigests({ transport: options.transport, settings: options.settings, now: now() });
    if (result.sent || result.failed) log(`digest: ${result.sent} sent, ${result.failed} failed`);
  });
  await boss.schedule(QUEUES.weeklyDigest, "5 * * * *");

  const watermarks = new Map<string, bigint>();
  await boss.work(QUEUES.aggregates, { ...polling, batchSize: 1 }, async () => {
    const result = await runAggregateCompaction(watermarks);
    if (result.removed) log(`aggregates: ${result.removed} delta rows summed (${result.organizations} organisation(s))`);
  });
  await boss.schedule(QUEUES.aggregates, "* * * * *");

  const importCleanup = async () => {
    // Wall-clock time: createdAt and updatedAt are real times, whatever clock the campaigns run on.
    const result = await cleanUpImports();
    if (result.expired || result.interrupted || result.orphanFiles) {
      log(`imports: ${result.expired} abandoned uploads expired, ${result.interrupted} interrupted runs marked failed, ${result.orphanFiles} stray files removed`);
    }
  };
  await boss.work(QUEUES.importCleanup, { ...polling, batchSize: 1 }, async () => importCleanup());
  await boss.schedule(QUEUES.importCleanup, "*/5 * * * *");
  await importCleanup().catch((error: unknown) => log(`import cleanup failed: ${error instanceof Error ? error.message : String(error)}`));

  // Comments are read here, never in the respondent's request (issue 14); a batch is one upsert, safe to repeat.
  await boss.work(QUEUES.commentReading, { ...polling, batchSize: 1 }, async () => {
    const result = await runCommentReading();
    if (result.read) log(`comments: ${result.read} read (${result.organizations} organisation(s))`);
  });
  await boss.schedule(QUEUES.commentReading, "* * * * *");
  await boss.send(QUEUES.commentReading, {});

  // Audit retention (issue 16): old entries go, the chain keeps a checkpoint so it still verifies.
  await boss.work(QUEUES.auditRetention, { ...polling, batchSize: 1 }, async () => {
    const result = await applyAuditRetention();
    if (result.removed) log(`audit: ${result.removed} entries past retention removed (${result.organizations} organisation(s))`);
  });
  await boss.schedule(QUEUES.auditRetention, "17 3 * * *");
  await boss.send(QUEUES.auditRetention, {});

  // Webhook and chat deliveries: recorded with the change they describe (an outbox), sent here; each attempt is
  // claimed, failures come back with exponential back-off (src/lib/standard-webhooks.ts). A 5 s nudge keeps them prompt.
  await boss.work(QUEUES.webhooks, { ...polling, batchSize: 1 }, async () => {
    const result = await runWebhookDeliveries({ now, transport: options.transport, settings: options.settings, log });
    if (result.succeeded || result.retry || result.failed) log(`webhooks: ${result.succeeded} delivered, ${result.retry} to retry, ${result.failed} failed`);
  });
  await boss.schedule(QUEUES.webhooks, "* * * * *");
  const webhookNudge = setInterval(() => void boss.send(QUEUES.webhooks, {}, { singletonKey: "nudge", singletonSeconds: 5 }).catch(() => undefined), 5_000);
  webhookNudge.unref();

  // Aggregate rebuilds a time-zone change asked for (Settings → General); progress is written to their rows.
  await boss.work(QUEUES.aggregateRebuild, { ...polling, batchSize: 1 }, async () => {
    await runAggregateRebuilds({ log });
  });
  await boss.schedule(QUEUES.aggregateRebuild, "* * * * *");
  await boss.send(QUEUES.aggregateRebuild, {});

  return {
    id: identity.id,
    async stop() {
      stopping.abort();
      clearInterval(heartbeat);
      clearInterval(webhookNudge);
      const timeout = (options.stopTimeoutSeconds ?? 8) * 1000;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        boss.stop({ graceful: true, wait: true, timeout }).catch((error: unknown) => log(`stopping the queue: ${error instanceof Error ? error.message : String(error)}`)),
        new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            log(`jobs still running after ${timeout / 1000} s: stopping without them (they are retried)`);
            resolve();
          }, timeout + 2_000);
        }),
      ]);
      clearTimeout(timer);
      options.transport.close();
      journal?.close();
    },
  };
}
