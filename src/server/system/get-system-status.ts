import "server-only";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";
import { db } from "@/server/db";
import { isDatabaseUnavailable } from "@/server/http/database-unavailable";
import { QUEUE_SCHEMA, QUEUES } from "@/server/queue/queues";

/** A worker silent for longer than this is shown as not running (banner, System page). */
export const WORKER_SILENT_AFTER_SECONDS = 120;

export type WorkerHeartbeatRow = { id: string; startedAt: Date; lastSeenAt: Date; secondsSince: number };
export type QueueStatus = {
  name: string;
  /** Jobs of this organisation (campaign fan-out, sends) or, for the periodic jobs that carry none, all of them. */
  scope: "organization" | "shared";
  waiting: number;
  active: number;
  /** Failed for good (retries used up), kept by pg-boss for 7 days. */
  failed: number;
  /** How long the oldest job that is due has been waiting, in seconds; null when none waits. */
  oldestWaitingSeconds: number | null;
};
export type SystemStatus = {
  now: Date;
  lastHeartbeatAt: Date | null;
  silent: boolean;
  workers: WorkerHeartbeatRow[];
  queues: QueueStatus[];
  /** false when the queue's tables do not exist yet (no worker ever ran on this database). */
  queueInstalled: boolean;
};

/** Queues whose jobs name an organisation (data.organizationId): counted for the viewer's organisation only. */
const TENANT_QUEUES = new Set<string>([QUEUES.fanout, QUEUES.send]);

/** Workers seen in the last day, newest first (the heartbeat is global: the worker serves every organisation). */
async function heartbeats(): Promise<{ now: Date; workers: WorkerHeartbeatRow[] }> {
  const rows = await db.$queryRaw<{ id: string; startedAt: Date; lastSeenAt: Date; secondsSince: number; now: Date }[]>`
    SELECT "id", "startedAt", "lastSeenAt", EXTRACT(EPOCH FROM now() - "lastSeenAt")::float8 AS "secondsSince", now() AS "now"
    FROM "WorkerHeartbeat" WHERE "lastSeenAt" > now() - interval '1 day' ORDER BY "lastSeenAt" DESC LIMIT 20`;
  const now = rows[0]?.now ?? (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS "now"`)[0]?.now ?? new Date();
  return { now, workers: rows.map((row) => ({ id: row.id, startedAt: row.startedAt, lastSeenAt: row.lastSeenAt, secondsSince: row.secondsSince })) };
}

/** The admins' "worker silent" banner: when the last heartbeat is older than 2 minutes (or there is none). */
export async function getWorkerSilence(): Promise<{ silent: boolean; secondsSince: number | null }> {
  try {
    const rows = await db.$queryRaw<{ secondsSince: number | null }[]>`
      SELECT EXTRACT(EPOCH FROM now() - max("lastSeenAt"))::float8 AS "secondsSince" FROM "WorkerHeartbeat"`;
    const secondsSince = rows[0]?.secondsSince ?? null;
    return { silent: secondsSince === null || secondsSince > WORKER_SILENT_AFTER_SECONDS, secondsSince };
  } catch (error) {
    // The page around it says what a database outage means; the banner stays out of the way.
    if (isDatabaseUnavailable(error)) return { silent: false, secondsSince: null };
    throw error;
  }
}

async function queueStatus(organizationId: string): Promise<{ installed: boolean; queues: QueueStatus[] }> {
  const names = Object.values(QUEUES) as string[];
  let rows: { name: string; waiting: number; active: number; failed: number; oldest: number | null }[];
  try {
    rows = await db.$queryRawUnsafe(
      `SELECT name,
              count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS "waiting",
              count(*) FILTER (WHERE state = 'active')::int AS "active",
              count(*) FILTER (WHERE state = 'failed')::int AS "failed",
              EXTRACT(EPOCH FROM now() - min(start_after) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now()))::float8 AS "oldest"
       FROM ${QUEUE_SCHEMA}.job
       WHERE name = ANY($1::text[]) AND (NOT (name = ANY($2::text[])) OR data->>'organizationId' = $3)
       GROUP BY name`,
      names,
      [...TENANT_QUEUES],
      organizationId,
    );
  } catch (error) {
    // 42P01: pg-boss has not created its tables yet.
    if (/42P01|does not exist/.test(error instanceof Error ? error.message : String(error))) return { installed: false, queues: [] };
    throw error;
  }
  const byName = new Map(rows.map((row) => [row.name, row]));
  return {
    installed: true,
    queues: names.map((name) => {
      const row = byName.get(name);
      return {
        name,
        scope: TENANT_QUEUES.has(name) ? "organization" : "shared",
        waiting: row?.waiting ?? 0,
        active: row?.active ?? 0,
        failed: row?.failed ?? 0,
        oldestWaitingSeconds: row?.oldest ?? null,
      };
    }),
  };
}

export type GetSystemStatusOptions = { organizationId: string; role: RoleName };

/** Settings → System (ADMIN and OWNER): the worker's heartbeat and the queue's depth. */
export async function getSystemStatus({ organizationId, role }: GetSystemStatusOptions): Promise<SystemStatus> {
  if (!hasRole(role, "ADMIN")) throw new AppError("forbidden", "The system status is for admins and owners.");
  const [{ now, workers }, { installed, queues }] = await Promise.all([heartbeats(), queueStatus(organizationId)]);
  const lastHeartbeatAt = workers[0]?.lastSeenAt ?? null;
  const silent = !workers[0] || workers[0].secondsSince > WORKER_SILENT_AFTER_SECONDS;
  return { now, lastHeartbeatAt, silent, workers, queues, queueInstalled: installed };
}
