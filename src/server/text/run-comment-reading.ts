import "server-only";
import { organizationsWithComments, readComments } from "./read-comments";

/** What one organisation reads in its turn (newest first) before the next organisation gets one. */
const TURN_BATCH = 200;

/**
 * The worker's minute job: reads every organisation's pending comments (new answers, or all of them after a
 * taxonomy edit) within `budgetMs` in all (the job runs every minute); what is left waits for the next run.
 * Organisations take turns of one batch each, so one organisation's re-reading of a million comments does not keep
 * another's new answer waiting: every organisation's newest pending comments are read in the first round.
 */
export async function runCommentReading({ budgetMs = 20_000 }: { budgetMs?: number } = {}): Promise<{ read: number; organizations: number }> {
  const started = Date.now();
  const readers = new Set<string>();
  let read = 0;
  let pending = await organizationsWithComments();
  while (pending.length > 0) {
    const next: string[] = [];
    for (const organizationId of pending) {
      const left = budgetMs - (Date.now() - started);
      if (left <= 0) return { read, organizations: readers.size };
      const result = await readComments({ organizationId, batchSize: TURN_BATCH, maxBatches: 1, budgetMs: left });
      if (result.read || result.removed) readers.add(organizationId);
      read += result.read;
      if (!result.done) next.push(organizationId);
    }
    pending = next;
  }
  return { read, organizations: readers.size };
}
