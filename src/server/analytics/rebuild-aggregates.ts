import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";

export type RebuildAggregatesOptions = {
  organizationId: string;
  /** Called after each chunk with the responses done and the total. */
  onProgress?: (done: number, total: number) => void;
};

const COLUMNS = Prisma.raw(
  `"organizationId", "surveyId", "grain", "day", "dimension", "value", "n", ${Array.from({ length: 11 }, (_, i) => `"h${i}"`).join(", ")}`,
);

/**
 * Recomputes an organisation's aggregates from its raw responses (docs/decisions/0011): the bulk-load path after
 * rows were written straight into "Response" by SQL, and what runs when the time zone, a dimension's role, bands
 * or merged values change. One REPEATABLE READ transaction: readers see the old figures until it commits, and
 * responses written meanwhile keep their own delta rows (not in this snapshot, so neither deleted nor recounted).
 * Works through the responses a month of creation time at a time, reporting progress.
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
      const months = await tx.$queryRaw<{ month: Date; n: number }[]>`
        SELECT date_trunc('month', "createdAt") AS "month", COUNT(*)::int AS "n" FROM "Response"
        WHERE "organizationId" = ${organizationId}::uuid GROUP BY 1 ORDER BY 1`;
      const total = months.reduce((sum, m) => sum + m.n, 0);
      await tx.$executeRaw`DELETE FROM "ResponseAggregate" WHERE "organizationId" = ${organizationId}::uuid`;
      let done = 0;
      let rows = 0;
      onProgress?.(0, total);
      for (const { month, n } of months) {
        const next = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
        rows += await tx.$executeRaw`
          INSERT INTO "ResponseAggregate" (${COLUMNS})
          SELECT ${organizationId}::uuid, a.* FROM response_aggregate_rows(${organizationId}::uuid, NULL, 1, ${month}, ${next}) a`;
        done += n;
        onProgress?.(done, total);
      }
      // Months split across chunk edges in local time leave two rows for one key: sum them now.
      const merged = await tx.$queryRaw<{ removed: number }[]>`SELECT compact_response_aggregates(${organizationId}::uuid, 0) AS "removed"`;
      return { responses: total, rows: rows - (merged[0]?.removed ?? 0) };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 6 * 60 * 60_000, maxWait: 60_000 },
  );
}
