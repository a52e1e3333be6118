import "server-only";
import { rebuildAggregates } from "@/server/analytics/rebuild-aggregates";

/** Where an organisation's aggregate rebuild stands, as Settings → Attributes shows it. */
export type AggregateRebuildStatus = {
  status: "idle" | "running" | "done" | "failed";
  /** Responses recomputed so far, of `total`. */
  done: number;
  total: number;
  startedAt: string | null;
  finishedAt: string | null;
};

type Entry = AggregateRebuildStatus & { again: boolean; run: Promise<void> | null };

/**
 * Rebuilds run in this server process's background, like contact imports; their progress is kept in memory
 * (on globalThis, so every route bundle of the process sees the same map). A restart forgets it — and rolls the
 * unfinished rebuild back, leaving the previous figures (docs/decisions/0010 asks for a persisted status row).
 */
const store = globalThis as unknown as { echoNpsAggregateRebuilds?: Map<string, Entry> };
const rebuilds = (store.echoNpsAggregateRebuilds ??= new Map<string, Entry>());

const IDLE: AggregateRebuildStatus = { status: "idle", done: 0, total: 0, startedAt: null, finishedAt: null };

export function getAggregateRebuildStatus(organizationId: string): AggregateRebuildStatus {
  const entry = rebuilds.get(organizationId);
  if (!entry) return { ...IDLE };
  const { status, done, total, startedAt, finishedAt } = entry;
  return { status, done, total, startedAt, finishedAt };
}

async function runRebuilds(organizationId: string, entry: Entry): Promise<void> {
  do {
    entry.again = false;
    entry.status = "running";
    entry.done = 0;
    entry.total = 0;
    entry.startedAt = new Date().toISOString();
    entry.finishedAt = null;
    try {
      await rebuildAggregates({
        organizationId,
        onProgress: (done, total) => {
          entry.done = done;
          entry.total = total;
        },
      });
      entry.status = "done";
    } catch (error) {
      console.error("aggregate rebuild failed:", error instanceof Error ? error.stack : String(error));
      entry.status = "failed";
    }
    entry.finishedAt = new Date().toISOString();
  } while (entry.again);
  entry.run = null;
}

/**
 * Recomputes the organisation's aggregates after a definition change that alters what responses count under
 * (role, kind, bands, merged values). Several changes in a row share one rebuild: a change made while one runs
 * starts one more after it (whose snapshot then includes the change). `background: false` waits for it (tests).
 */
export async function scheduleAggregateRebuild(organizationId: string, { background = true }: { background?: boolean } = {}): Promise<void> {
  let entry = rebuilds.get(organizationId);
  if (!entry) {
    entry = { ...IDLE, again: false, run: null };
    rebuilds.set(organizationId, entry);
  }
  if (entry.run) {
    entry.again = true;
  } else {
    entry.status = "running";
    entry.run = runRebuilds(organizationId, entry);
  }
  if (!background) await entry.run;
}
