import "server-only";
import PgBoss from "pg-boss";
import { env } from "@/env";
import { QUEUE_SCHEMA, QUEUES, RETRY, sendBatches, type Enqueuer } from "./queues";

type BossOptions = { connectionString: string; worker?: boolean; onError?: (error: Error) => void };

/** A started pg-boss on the application database (its own `pgboss` schema, created on first start). */
export async function startBoss({ connectionString, worker = false, onError }: BossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    schema: QUEUE_SCHEMA,
    application_name: worker ? "echo-nps-worker" : "echo-nps-web",
    max: worker ? 6 : 2,
    // Only workers run maintenance and the cron clock; the web process just sends jobs.
    supervise: worker,
    schedule: worker,
  });
  // Every error of pg-boss and of its pool (a lost connection, a failed poll) arrives here; without a listener
  // an 'error' event would end the process. Its loops and cron clock carry on once the database answers.
  boss.on("error", onError ?? ((error: Error) => console.error(`[queue] ${error.message}`)));
  try {
    await boss.start();
    for (const name of Object.values(QUEUES)) {
      await boss.createQueue(name, { name, ...RETRY, expireInSeconds: 15 * 60, retentionDays: 7 });
    }
  } catch (error) {
    await boss.stop({ graceful: false, wait: false }).catch(() => undefined);
    throw error;
  }
  return boss;
}

/** Enqueues through `boss`: send jobs in batches, inserted in bulk. */
export function bossEnqueuer(boss: PgBoss): Enqueuer {
  return {
    async fanout(job, startAfter) {
      await boss.send(QUEUES.fanout, job, { ...RETRY, ...(startAfter ? { startAfter } : {}) });
    },
    async send(organizationId, invitationIds, startAfter) {
      const batches = sendBatches(invitationIds);
      for (let i = 0; i < batches.length; i += 500) {
        await boss.insert(
          batches.slice(i, i + 500).map((invitationIds) => ({
            name: QUEUES.send,
            data: { organizationId, invitationIds },
            ...RETRY,
            ...(startAfter ? { startAfter } : {}),
          })),
        );
      }
    },
  };
}

const globalForBoss = globalThis as unknown as { echoNpsBoss?: Promise<PgBoss> };

/** The web process's send-only pg-boss, started on first use (one per process). */
function webBoss(): Promise<PgBoss> {
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set.");
  globalForBoss.echoNpsBoss ??= startBoss({ connectionString: env.DATABASE_URL }).catch((error: unknown) => {
    globalForBoss.echoNpsBoss = undefined;
    throw error;
  });
  return globalForBoss.echoNpsBoss;
}

/**
 * Asks the worker to read comments now (after a taxonomy edit) instead of at its next minute. If the queue is
 * unreachable nothing is lost: the worker's minute schedule reads them anyway.
 */
export async function requestCommentReading(): Promise<void> {
  try {
    await (await webBoss()).send(QUEUES.commentReading, {});
  } catch (error) {
    console.error("[queue] could not enqueue comment reading (the worker's minute schedule will):", error instanceof Error ? error.message : String(error));
  }
}

/**
 * Asks the worker to run waiting aggregate rebuilds now (after a time-zone change) instead of at its next minute.
 * If the queue is unreachable nothing is lost: the request is a row, and the worker's minute schedule runs it.
 */
export async function requestAggregateRebuildRun(): Promise<void> {
  try {
    await (await webBoss()).send(QUEUES.aggregateRebuild, {}, { singletonKey: "nudge", singletonSeconds: 2 });
  } catch (error) {
    console.error("[queue] could not enqueue the aggregate rebuild (the worker's minute schedule will):", error instanceof Error ? error.message : String(error));
  }
}

/**
 * The web process's enqueuer: a send-only pg-boss started on first use. If the queue is unreachable the
 * work is not lost — the rows are in the database and the worker's tick picks them up.
 */
export function webEnqueuer(): Enqueuer {
  const boss = webBoss;
  const safely = async (what: string, run: (enqueuer: Enqueuer) => Promise<void>) => {
    try {
      await run(bossEnqueuer(await boss()));
    } catch (error) {
      console.error(`[queue] could not enqueue ${what} (the worker's tick will pick it up):`, error instanceof Error ? error.message : String(error));
    }
  };
  return {
    fanout: (job, startAfter) => safely("a campaign", (e) => e.fanout(job, startAfter)),
    send: (organizationId, ids, startAfter) => safely("invitations", (e) => e.send(organizationId, ids, startAfter)),
  };
}
