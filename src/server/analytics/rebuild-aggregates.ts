import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import { rebuildThemeAggregates } from "@/server/text/theme-aggregates";
import { localMonths } from "./local-months";
import { AGGREGATE_INSERT_COLUMNS, DRIVER_AGGREGATE_INSERT_COLUMNS, DRIVER_CASE_INSERT_COLUMNS } from "./response-aggregates";

export type RebuildAggregatesOptions = {
  organizationId: string;
  /**
   * Called after each chunk with the responses done and the total (awaited: the transaction waits for it, still
   * open, which lets a test read the dashboard in the middle of a rebuild).
   */
  onProgress?: (done: number, total: number) => unknown;
};


/**
 * Recomputes an organisation's aggregates from its raw responses (docs/decisions/0011): the bulk-load path after
 * rows were written straight into "Response" by SQL, and what runs when the time zone, a dimension's role, bands
 * or merged values change. One REPEATABLE READ transaction: readers see the old figures until it commits, and
 * responses written meanwhile keep their own delta rows (not in this snapshot, so neither deleted nor recounted).
 * Works through the responses a local calendar month at a time, reporting progress.
 */
export async function rebuildAggregates(options: RebuildAggregatesOptions): Promise<{ responses: number; rows: number }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await rebuildOnce(options);
    } catch (error) {
      // A compaction that committed between this transaction's snapshot and its DELETE: start again.
      if (attempt >= 5 || !isSerializationFailure(error)) throw error;
    }
  }
}

function isSerializationFailure(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2034") return true;
  return error instanceof Error && /could not serialize|40001/.test(error.message);
}

async function rebuildOnce({ organizationId, onProgress }: RebuildAggregatesOptions): Promise<{ responses: number; rows: number }> {
  return db.$transaction(
    async (tx) => {
      // One rebuild or compaction of an organisation at a time.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`aggregates:${organizationId}`}, 0))`;
      // Whole local calendar months of the organisation, so every aggregate key (a local day or month) is written
      // by exactly one chunk: the emptied table gets one row per key and needs no compaction afterwards. Rows are
      // written in index order, so one dimension value's days lie together on disk (a filter reads few pages).
      const months = await localMonths(tx, organizationId);
      const total = months.reduce((sum, m) => sum + m.n, 0);
      await tx.$executeRaw`DELETE FROM "ResponseAggregate" WHERE "organizationId" = ${organizationId}::uuid`;
      // The key-driver pre-aggregate and its sample rows by the same months (docs/decisions/0032).
      await tx.$executeRaw`DELETE FROM "DriverAggregate" WHERE "organizationId" = ${organizationId}::uuid`;
      await tx.$executeRaw`DELETE FROM "DriverCase" WHERE "organizationId" = ${organizationId}::uuid`;
      let done = 0;
      let rows = 0;
      await onProgress?.(0, total);
      for (const { since, before, n } of months) {
        rows += await tx.$executeRaw`
          INSERT INTO "ResponseAggregate" (${AGGREGATE_INSERT_COLUMNS})
          SELECT ${organizationId}::uuid, a.* FROM response_aggregate_rows(${organizationId}::uuid, NULL, 1, ${since}, ${before}) a
          ORDER BY a."grain", a."dimension", a."scope", a."value", a."day"`;
        await tx.$executeRaw`
          INSERT INTO "DriverAggregate" (${DRIVER_AGGREGATE_INSERT_COLUMNS})
          SELECT ${organizationId}::uuid, a.* FROM driver_aggregate_rows(${organizationId}::uuid, NULL, 1, ${since}, ${before}) a
          ORDER BY a."surveyId", a."dimension", a."value", a."day"`;
        await tx.$executeRaw`
          INSERT INTO "DriverCase" (${DRIVER_CASE_INSERT_COLUMNS})
          SELECT ${organizationId}::uuid, c.* FROM driver_case_rows(${organizationId}::uuid, NULL, ${since}, ${before}) c
          ORDER BY c."surveyId", c."dimension", c."value", c."key", c."responseId"`;
        done += n;
        await onProgress?.(done, total);
      }
      // The organisation's combinations this snapshot knows are now filled: readers may use their rows from this
      // commit on (docs/decisions/0027, "Readiness"). One added after the snapshot is not visible here, so stays
      // unready until the rebuild that its own change scheduled; one removed or reset meanwhile makes this UPDATE
      // a serialization failure, and the rebuild starts again.
      // The theme pre-aggregate counts readings by the same time zone and dimension values (docs/decisions/0031).
      await rebuildThemeAggregates(organizationId, tx);
      await tx.$executeRaw`UPDATE "AggregateCombination" SET "readyAt" = now() WHERE "organizationId" = ${organizationId}::uuid AND "readyAt" IS NULL`;
      return { responses: total, rows };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 6 * 60 * 60_000, maxWait: 60_000 },
  );
}
