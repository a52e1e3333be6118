import "server-only";
import { db } from "@/server/db";
import { settleAllOutcomeStates } from "@/server/outcomes/outcome-counts";
import { compactAggregates, compactDriverAggregates, foldAllPendingResponses } from "./response-aggregates";

/**
 * The worker's minute job (docs/decisions/0011): folds pending responses (0034), then for every organisation with delta rows appended since the last
 * run, sums each key's rows into one. `watermarks` (organisation → highest row id compacted) lives in the worker
 * process; a fresh process starts at 0, i.e. one pass over every key with more than one row. The key-driver
 * pre-aggregate's own watermark (docs/decisions/0032) is kept under `drivers:<organisation>`.
 */
export async function runAggregateCompaction(watermarks: Map<string, bigint>): Promise<{ organizations: number; removed: number }> {
  // Responses the web processes did not fold (one stopped, or the database was away): counted first (decision 0034).
  await foldAllPendingResponses();
  // The validation report's counts: contacts marked by writers since the last run are recounted (decision 0028).
  await settleAllOutcomeStates();
  const organizations = await db.organization.findMany({ select: { id: true } });
  let touched = 0;
  let removed = 0;
  for (const { id } of organizations) {
    const since = watermarks.get(id) ?? 0n;
    const driverSince = watermarks.get(`drivers:${id}`) ?? 0n;
    const result = await compactAggregates(id, since);
    const drivers = await compactDriverAggregates(id, driverSince);
    watermarks.set(id, result.upTo);
    watermarks.set(`drivers:${id}`, drivers.upTo);
    if (result.upTo > since || drivers.upTo > driverSince) touched += 1;
    removed += result.removed + drivers.removed;
  }
  return { organizations: touched, removed };
}
