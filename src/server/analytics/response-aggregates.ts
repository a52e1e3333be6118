import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import { themeAggregateInsert } from "@/server/text/theme-aggregates";

/**
 * Keeping "ResponseAggregate" equal to the raw responses (docs/decisions/0011). What a response contributes is
 * defined once, in SQL (`response_aggregate_rows`, migration 20261206170448; the key-driver pre-aggregate's
 * `driver_aggregate_rows` and `driver_case_rows`, 20261208100000); every code path that writes a
 * counted field of "Response" (score, excluded, createdAt, survey, channel, touchpoint, locale, unit, attributes)
 * calls these in the same transaction. Rows are appended, never updated, so concurrent respondents never wait on
 * each other's aggregate rows; the worker compacts them (`compactAggregates`).
 */
type Sql = Pick<Prisma.TransactionClient, "$executeRaw">;

/** The columns `response_aggregate_rows` returns, after "organizationId": what every writer inserts. */
export const AGGREGATE_INSERT_COLUMNS = Prisma.raw(
  `"organizationId", "surveyId", "grain", "day", "dimension", "value", "scope", "n", ${Array.from({ length: 11 }, (_, i) => `"h${i}"`).join(", ")}`,
);

async function append(tx: Sql, organizationId: string, responseIds: string[], sign: 1 | -1, also: readonly Prisma.Sql[] = []): Promise<void> {
  if (responseIds.length === 0) return;
  // The responses' comment readings count in the theme pre-aggregate by the same fields (docs/decisions/0031), their
  // driver answers in the key-driver pre-aggregate (0032): one statement writes all (a response just inserted has no
  // reading yet, so adds nothing there). `also`: the caller's own writes of these responses, in the same round trip.
  const extra = also.map((statement, i) => Prisma.sql`${Prisma.raw(`also_${i}`)} AS (${statement}),`);
  await tx.$executeRaw`
    WITH ${extra.length > 0 ? Prisma.join(extra, " ") : Prisma.empty} themes AS (${themeAggregateInsert(organizationId, responseIds, sign)}),
    ${driverWrites(organizationId, responseIds, sign)}
    INSERT INTO "ResponseAggregate" (${AGGREGATE_INSERT_COLUMNS})
    SELECT ${organizationId}::uuid, a.* FROM response_aggregate_rows(${organizationId}::uuid, ${responseIds}::uuid[], ${sign}::int) a`;
}

/** The columns `driver_aggregate_rows` returns, after "organizationId". */
export const DRIVER_AGGREGATE_INSERT_COLUMNS = Prisma.raw(`"organizationId", "surveyId", "day", "dimension", "value", "drivers", "responses", "n", "sums", "cross"`);

/** The columns `driver_case_rows` returns, after "organizationId". */
export const DRIVER_CASE_INSERT_COLUMNS = Prisma.raw(`"organizationId", "surveyId", "responseId", "key", "day", "dimension", "value", "values"`);

/**
 * Two CTEs (named drivers and driver_cases) keeping the key-driver pre-aggregate
 * (docs/decisions/0032): the responses' signed "DriverAggregate" rows, and their "DriverCase" rows inserted (sign 1)
 * or deleted (sign -1; a response's case rows are its own, so no two writers share them).
 */
function driverWrites(organizationId: string, responseIds: string[], sign: 1 | -1): Prisma.Sql {
  const cases =
    sign > 0
      ? Prisma.sql`INSERT INTO "DriverCase" (${DRIVER_CASE_INSERT_COLUMNS})
          SELECT ${organizationId}::uuid, c.* FROM driver_case_rows(${organizationId}::uuid, ${responseIds}::uuid[]) c`
      : Prisma.sql`DELETE FROM "DriverCase" c WHERE c."organizationId" = ${organizationId}::uuid AND c."responseId" = ANY(${responseIds}::uuid[])`;
  return Prisma.sql`drivers AS (
      INSERT INTO "DriverAggregate" (${DRIVER_AGGREGATE_INSERT_COLUMNS})
      SELECT ${organizationId}::uuid, d.* FROM driver_aggregate_rows(${organizationId}::uuid, ${responseIds}::uuid[], ${sign}::int) d
    ), driver_cases AS (${cases})`;
}

async function appendDrivers(tx: Sql, organizationId: string, responseIds: string[], sign: 1 | -1): Promise<void> {
  if (responseIds.length === 0) return;
  await tx.$executeRaw`WITH ${driverWrites(organizationId, responseIds, sign)} SELECT 1`;
}

/**
 * Runs `change` (a write of these responses' answers that changes nothing else counted: step 2's driver answers)
 * between uncounting the responses from the key-driver pre-aggregate and counting them again (docs/decisions/0032).
 * The caller holds the responses' rows locked.
 */
export async function updateDriverAnswersCounted<T>(tx: Sql, organizationId: string, responseIds: string[], change: () => Promise<T>): Promise<T> {
  await appendDrivers(tx, organizationId, responseIds, -1);
  const result = await change();
  await appendDrivers(tx, organizationId, responseIds, 1);
  return result;
}

/**
 * Counts newly written responses (call after inserting them, in the same transaction). `also`: further writes about
 * these responses (data-modifying statements, e.g. their outcome follow-ups) run in the same statement, so the
 * respondent's transaction makes one round trip for all of them.
 */
export function addResponseAggregates(tx: Sql, organizationId: string, responseIds: string[], also: readonly Prisma.Sql[] = []): Promise<void> {
  return append(tx, organizationId, responseIds, 1, also);
}

/** Uncounts responses (call before deleting them, in the same transaction). */
export function removeResponseAggregates(tx: Sql, organizationId: string, responseIds: string[]): Promise<void> {
  return append(tx, organizationId, responseIds, -1);
}

/**
 * Runs `change` (an update of counted fields of these responses) between uncounting their old values and
 * counting their new ones, in one transaction. The rows are locked first so a concurrent writer cannot slip in
 * between the two reads.
 */
export async function updateResponsesCounted<T>(
  tx: Prisma.TransactionClient,
  organizationId: string,
  responseIds: string[],
  change: () => Promise<T>,
): Promise<T> {
  if (responseIds.length > 0) {
    await tx.$queryRaw`SELECT 1 FROM "Response" WHERE "organizationId" = ${organizationId}::uuid AND "id" = ANY(${responseIds}::uuid[]) ORDER BY "id" FOR UPDATE`;
  }
  await removeResponseAggregates(tx, organizationId, responseIds);
  const result = await change();
  await addResponseAggregates(tx, organizationId, responseIds);
  return result;
}

/**
 * Sums the delta rows of every key that received one after row id `since` (the worker runs it each minute with
 * the last id it compacted; 0 = every key). Returns the rows removed and the highest id now compacted. While a
 * rebuild or another compaction holds the organisation's lock it does nothing (0 removed, `since` returned).
 */
export function compactAggregates(organizationId: string, since = 0n): Promise<{ removed: number; upTo: bigint }> {
  return compact(organizationId, since, "ResponseAggregate");
}

/**
 * The same for the key-driver pre-aggregate (docs/decisions/0032; its own row ids, so its own watermark), under
 * the same lock: the worker calls it next to compactAggregates.
 */
export function compactDriverAggregates(organizationId: string, since = 0n): Promise<{ removed: number; upTo: bigint }> {
  return compact(organizationId, since, "DriverAggregate");
}

async function compact(organizationId: string, since: bigint, table: "ResponseAggregate" | "DriverAggregate"): Promise<{ removed: number; upTo: bigint }> {
  const top = await db.$queryRaw<{ max: bigint | null }[]>`
    SELECT max("id") AS "max" FROM ${Prisma.raw(`"${table}"`)} WHERE "organizationId" = ${organizationId}::uuid`;
  const upTo = top[0]?.max ?? 0n;
  if (upTo <= since) return { removed: 0, upTo: since };
  const removed = await db.$transaction(async (tx) => {
    // Not beside a rebuild of the same organisation (src/server/analytics/rebuild-aggregates.ts) or another compaction:
    // while one holds the organisation's lock this round is skipped (the delta rows stay correct, the next minute
    // compacts them) instead of queueing for the lock — a compaction waiting behind a 20-minute rebuild held up every
    // other organisation's compaction, and once granted the lock ahead of a waiting rebuild it delayed that rebuild.
    const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${`aggregates:${organizationId}`}, 0)) AS "locked"`;
    if (!lock?.locked) return null;
    const rows =
      table === "ResponseAggregate"
        ? await tx.$queryRaw<{ removed: number }[]>`SELECT compact_response_aggregates(${organizationId}::uuid, ${since}::bigint) AS "removed"`
        : await tx.$queryRaw<{ removed: number }[]>`SELECT compact_driver_aggregates(${organizationId}::uuid, ${since}::bigint) AS "removed"`;
    return rows[0]?.removed ?? 0;
    // May sum many keys: not the respondents' 20 s.
  }, { maxWait: 60_000, timeout: 10 * 60_000 });
  if (removed === null) return { removed: 0, upTo: since };
  return { removed, upTo };
}
