import "server-only";
import { db } from "@/server/db";

export type WorkerIdentity = { id: string; host: string; pid: number; startedAt: Date };

/** Seconds between two heartbeats of a worker. */
export const HEARTBEAT_SECONDS = 10;

/**
 * The worker's heartbeat: its row's lastSeenAt set to the database's clock (the one the banner compares
 * with). Rows of workers silent for a week are removed. WorkerHeartbeat is global (a reference table on Citus).
 */
export async function writeHeartbeat(worker: WorkerIdentity): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "WorkerHeartbeat" ("id", "host", "pid", "startedAt", "lastSeenAt")
    VALUES (${worker.id}, ${worker.host}, ${worker.pid}, ${worker.startedAt}, now())
    ON CONFLICT ("id") DO UPDATE SET "lastSeenAt" = now()`;
  await db.$executeRaw`DELETE FROM "WorkerHeartbeat" WHERE "lastSeenAt" < now() - interval '7 days'`;
}
