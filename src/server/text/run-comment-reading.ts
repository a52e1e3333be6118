import "server-only";
import { organizationsWithComments, readComments } from "./read-comments";
import { compactThemeAggregates } from "./theme-aggregates";

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
  turns: while (pending.length > 0) {
    const next: string[] = [];
    for (const organizationId of pending) {
      const left = budgetMs - (Date.now() - started);
      if (left <= 0) break turns;
      const result = await readComments({ organizationId, batchSize: TURN_BATCH, maxBatches: 1, budgetMs: left });
      if (result.read || result.removed) readers.add(organizationId);
      read += result.read;
      if (!result.done) next.push(organizationId);
    }
    pending = next;
  }
  await compactReaders(readers);
  return { read, organizations: readers.size };
}

/** Highest theme pre-aggregate row id compacted per organisation, in this process (0 after a restart: one full pass). */
const compacted = new Map<string, bigint>();

/** Sums the theme pre-aggregate's delta rows the organisations' readings appended (docs/decisions/0031). */
async function compactReaders(organizations: Iterable<string>): Promise<void> {
  for (const organizationId of organizations) {
    const result = await compactThemeAggregates(organizationId, compacted.get(organizationId) ?? 0n);
    compacted.set(organizationId, result.upTo);
  }
}
