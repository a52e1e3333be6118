import "server-only";
import { z } from "zod";
import { sendWeeklyDigests } from "@/server/accountability/send-weekly-digest";
import { runAggregateCompaction } from "@/server/analytics/run-aggregate-compaction";
import { runCaseTick } from "@/server/cases/run-case-tick";
import { deliverInvitations } from "@/server/distribution/deliver-invitations";
import { fanOutCampaign } from "@/server/distribution/fan-out-campaign";
import type { MailSettings } from "@/server/distribution/mail-settings";
import { runDistributionTick } from "@/server/distribution/run-distribution-tick";
import { cleanUpImports } from "@/server/imports/clean-up-imports";
import type { MailTransport } from "@/server/email/transport";
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
};

/**
 * The distribution worker: fans out campaigns, sends invitation batches (a batch with temporary failures
 * fails its job so pg-boss retries it with back-off; the rows keep the state), and runs the minute tick
 * (reminders, stalled sends, due campaigns). Returns a stop function.
 */
export async function startDistributionWorker(options: WorkerOptions): Promise<{ stop: () => Promise<void> }> {
  const log = options.log ?? ((line: string) => console.log(`[worker] ${line}`));
  const now = options.now ?? (() => new Date());
  const boss = await startBoss({ connectionString: options.connectionString, worker: true });
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
        const outcomes = await deliverInvitations({ ...data, transport: options.transport, settings: options.settings, now });
        const retry = outcomes.filter((outcome) => outcome === "retry" || outcome === "busy").length;
        if (retry > 0) throw new Error(`${retry} of ${outcomes.length} invitations not sent yet; retrying`);
      }
    });
  }

  const tick = async () => {
    const result = await runDistributionTick({ enqueue, transport: options.transport, settings: options.settings, now: now() });
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

  return {
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
      options.transport.close();
    },
  };
}
