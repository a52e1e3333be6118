import "server-only";
import { db } from "@/server/db";
import { compactAggregates } from "./response-aggregates";

/**
 * The worker's minute job (docs/decisions/0011): for every organisation with delta rows appended since the last
 * run, sums each key's rows into one. `watermarks` (organisation → highest row id compacted) lives in the worker
 * process; a fresh process starts at 0, i.e. one pass over every key with more than one row.
 */
export async function runAggregateCompaction(watermarks: Map<string, bigint>): Promise<{ organizations: number; removed: number }> {
  const organizations = await db.organization.findMany({ select: { id: true } });
  let touched = 0;
  let removed = 0;
  for (const { id } of organizations) {
    const since = watermarks.get(id) ?? 0n;
    const result = await compactAggregates(id, since);
    watermarks.set(id, result.upTo);
    if (result.upTo > since) touched += 1;
    removed += result.removed;
  }
  return { organizations: touched, removed };
}
