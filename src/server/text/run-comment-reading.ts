import "server-only";
import { organizationsWithComments, readComments } from "./read-comments";

/**
 * The worker's minute job: reads every organisation's pending comments (new answers, or all of them after a
 * taxonomy edit) within `budgetMs` in all (the job runs every minute), newest first; what is left waits for the next run.
 */
export async function runCommentReading({ budgetMs = 20_000 }: { budgetMs?: number } = {}): Promise<{ read: number; organizations: number }> {
  const started = Date.now();
  let read = 0;
  let organizations = 0;
  for (const organizationId of await organizationsWithComments()) {
    const left = budgetMs - (Date.now() - started);
    if (left <= 0) break;
    const result = await readComments({ organizationId, budgetMs: left });
    if (result.read || result.removed) organizations += 1;
    read += result.read;
  }
  return { read, organizations };
}
