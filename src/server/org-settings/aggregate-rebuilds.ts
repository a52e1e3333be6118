import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { rebuildAggregates } from "@/server/analytics/rebuild-aggregates";
import { db } from "@/server/db";

/**
 * Why the aggregates are rebuilt: a new time zone (Settings → General), a dimension's role, kind, bands or merged
 * values (Settings → Attributes), a combined analysis added or removed (Settings → Attributes).
 */
export type AggregateRebuildReason = "time_zone" | "attribute" | "combination";

/** Where an organisation's last requested aggregate rebuild stands (Settings → General and → Attributes show it). */
export type AggregateRebuildView = {
  id: string;
  status: "PENDING" | "RUNNING" | "DONE" | "FAILED";
  reason: string;
  timeZone: string | null;
  /** Responses recomputed so far, of `total` (0 of 0 until the worker has counted them). */
  done: number;
  total: number;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

/** A RUNNING rebuild whose row has not moved for this long belongs to a worker that died (its transaction rolled back). */
export const REBUILD_STALE_SECONDS = 5 * 60;
/** How often a running rebuild touches its row even when no month finished meanwhile. */
const HEARTBEAT_MS = 30_000;

export async function latestAggregateRebuild(organizationId: string): Promise<AggregateRebuildView | null> {
  const row = await db.aggregateRebuild.findFirst({ where: { organizationId }, orderBy: [{ requestedAt: "desc" }, { id: "desc" }] });
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    reason: row.reason,
    timeZone: row.timeZone,
    done: row.done,
    total: row.total,
    requestedAt: row.requestedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export type RequestAggregateRebuildOptions = {
  organizationId: string;
  userId: string | null;
  reason: AggregateRebuildReason | string;
  timeZone?: string | null;
  /** The transaction of the change that needs the rebuild: the request commits with it, or not at all. */
  tx?: Prisma.TransactionClient;
};

/**
 * Asks the worker for a rebuild of the organisation's aggregates: a row its `aggregate-rebuild` job claims (the
 * caller nudges it with requestAggregateRebuildRun after the commit; else its minute schedule does). Written in
 * the change's own transaction, so a committed change always has its rebuild coming. Also Settings → General's
 * "try again" after one failed.
 */
export async function requestAggregateRebuild(options: RequestAggregateRebuildOptions): Promise<string> {
  // Waits for folds of pending answers in progress (they hold the row FOR SHARE) and keeps new ones out until the
  // change commits: a fold never counts with the old settings after the rebuild's snapshot (docs/decisions/0034).
  // NO KEY UPDATE: respondents' inserts (key-share locks through their foreign keys) are not blocked.
  await (options.tx ?? db).$queryRaw`SELECT 1 FROM "Organization" WHERE "id" = ${options.organizationId}::uuid FOR NO KEY UPDATE`;
  const row = await (options.tx ?? db).aggregateRebuild.create({
    data: { organizationId: options.organizationId, reason: options.reason, timeZone: options.timeZone ?? null, requestedById: options.userId },
    select: { id: true },
  });
  return row.id;
}

/** Asks again for the organisation's last rebuild when it failed (the pages' "try again"); returns whether it did. */
export async function retryFailedAggregateRebuild(options: { organizationId: string; userId: string | null }): Promise<boolean> {
  const last = await latestAggregateRebuild(options.organizationId);
  if (last?.status !== "FAILED") return false;
  await requestAggregateRebuild({ organizationId: options.organizationId, userId: options.userId, reason: last.reason, timeZone: last.timeZone });
  return true;
}

/**
 * Claims the organisation's waiting rebuild requests (and those of a dead worker) in one statement; none while
 * another worker's rebuild of the organisation is alive (rebuilds of one organisation run one after the other, and
 * one rebuild answers every request made before it started: its snapshot contains their changes).
 */
async function claim(organizationId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "AggregateRebuild" SET "status" = 'RUNNING', "startedAt" = now(), "updatedAt" = now(), "done" = 0, "total" = 0, "error" = NULL
    WHERE "organizationId" = ${organizationId}::uuid
      AND ("status" = 'PENDING' OR ("status" = 'RUNNING' AND "updatedAt" < now() - make_interval(secs => ${REBUILD_STALE_SECONDS})))
      AND NOT EXISTS (
        SELECT 1 FROM "AggregateRebuild" o
        WHERE o."organizationId" = ${organizationId}::uuid AND o."status" = 'RUNNING'
          AND o."updatedAt" >= now() - make_interval(secs => ${REBUILD_STALE_SECONDS}))
    RETURNING "id"::text AS "id"`;
  return rows.map((row) => row.id);
}

async function runOne(organizationId: string, ids: string[], log: (line: string) => void): Promise<void> {
  // Progress goes through its own connection (the rebuild's transaction commits only at the end), one write at a time.
  let writing: Promise<unknown> = Promise.resolve();
  let last = 0;
  const touch = (data: Prisma.AggregateRebuildUpdateManyMutationInput) => {
    writing = writing
      .then(() => db.aggregateRebuild.updateMany({ where: { organizationId, id: { in: ids }, status: "RUNNING" }, data: { ...data, updatedAt: new Date() } }))
      .catch((error: unknown) => log(`aggregate rebuild progress not recorded: ${error instanceof Error ? error.message : String(error)}`));
  };
  const heartbeat = setInterval(() => touch({}), HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const result = await rebuildAggregates({
      organizationId,
      onProgress: (done, total) => {
        const at = Date.now();
        if (done !== 0 && done !== total && at - last < 250) return;
        last = at;
        touch({ done, total });
      },
    });
    clearInterval(heartbeat);
    await writing;
    await db.aggregateRebuild.updateMany({
      where: { organizationId, id: { in: ids } },
      data: { status: "DONE", done: result.responses, total: result.responses, finishedAt: new Date(), updatedAt: new Date() },
    });
    log(`aggregates of ${organizationId} rebuilt: ${result.responses} responses, ${result.rows} rows`);
  } catch (error) {
    clearInterval(heartbeat);
    await writing;
    const message = error instanceof Error ? error.message : String(error);
    log(`aggregate rebuild of ${organizationId} failed: ${message}`);
    await db.aggregateRebuild.updateMany({
      where: { organizationId, id: { in: ids } },
      data: { status: "FAILED", error: message.slice(0, 2000), finishedAt: new Date(), updatedAt: new Date() },
    });
  }
}

/**
 * The worker's job (queue "aggregate-rebuild": every minute, and at once when Settings → General or → Attributes asks): runs every
 * organisation's waiting rebuild requests, one organisation after another. The rebuild itself is
 * `rebuildAggregates` — one REPEATABLE READ transaction, so readers keep the previous figures until it commits.
 */
export async function runAggregateRebuilds(options: { log?: (line: string) => void } = {}): Promise<{ rebuilt: number }> {
  const log = options.log ?? ((line: string) => console.log(`[worker] ${line}`));
  let rebuilt = 0;
  for (;;) {
    const waiting = await db.$queryRaw<{ organizationId: string }[]>`
      SELECT "organizationId"::text AS "organizationId" FROM "AggregateRebuild"
      WHERE "status" = 'PENDING' OR ("status" = 'RUNNING' AND "updatedAt" < now() - make_interval(secs => ${REBUILD_STALE_SECONDS}))
      GROUP BY 1 ORDER BY min("requestedAt")`;
    let progressed = false;
    for (const { organizationId } of waiting) {
      const ids = await claim(organizationId);
      if (ids.length === 0) continue;
      progressed = true;
      await runOne(organizationId, ids, log);
      rebuilt += 1;
    }
    // Requests made while those ran wait for the next round (their changes came after the snapshots).
    if (!progressed) return { rebuilt };
  }
}
