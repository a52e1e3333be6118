import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db, TX_OPTIONS } from "@/server/db";
import { markAnswerContacts, responseFollowUpsInsert } from "@/server/outcomes/follow-ups";
import { themeAggregateInsert } from "@/server/text/theme-aggregates";
import { countedResponseIds, insertColumns } from "./pending-responses";

/**
 * Keeping "ResponseAggregate" equal to the raw responses (docs/decisions/0011). What a response contributes is
 * defined once, in SQL (`response_aggregate_rows`, migration 20261206170448; the key-driver pre-aggregate's
 * `driver_aggregate_rows` and `driver_case_rows`, 20261208100000); every code path that writes a
 * counted field of "Response" (score, excluded, createdAt, survey, channel, touchpoint, locale, unit, attributes)
 * calls these in the same transaction. A respondent's new answer is the exception: stored pending and counted by a
 * fold shortly after, many answers in one statement, while readers add the pending ones (docs/decisions/0034).
 * Rows are appended, never updated, so concurrent writers never wait on each other's aggregate rows; the worker
 * compacts them (`compactAggregates`).
 */
type Sql = Pick<Prisma.TransactionClient, "$executeRaw" | "$queryRaw">;

/** The columns `response_aggregate_rows` returns, after "organizationId": what every writer inserts. */
export const AGGREGATE_INSERT_COLUMNS = insertColumns("ResponseAggregate");

/**
 * One statement appending the signed rows of the responses to every pre-aggregate. `which`: "counted" for a writer of
 * counted fields (the responses still pending are left to their fold, docs/decisions/0034), "given" for the fold.
 */
async function append(tx: Sql, organizationId: string, responseIds: string[], sign: 1 | -1, which: "counted" | "given", also: readonly Prisma.Sql[] = []): Promise<void> {
  if (responseIds.length === 0) return;
  // The responses' comment readings count in the theme pre-aggregate by the same fields (docs/decisions/0031), their
  // driver answers in the key-driver pre-aggregate (0032): one statement writes all (a response without a reading
  // adds nothing there). `also`: the caller's own writes of these responses, in the same round trip.
  const extra = also.map((statement, i) => Prisma.sql`${Prisma.raw(`also_${i}`)} AS (${statement}),`);
  const ids = which === "counted" ? await countedResponseIds(tx, organizationId, responseIds) : responseIds;
  if (ids.length === 0 && also.length === 0) return;
  await tx.$executeRaw`
    WITH ${extra.length > 0 ? Prisma.join(extra, " ") : Prisma.empty} themes AS (${themeAggregateInsert(organizationId, ids, sign)}),
    ${driverWrites(organizationId, ids, sign)}
    INSERT INTO "ResponseAggregate" (${AGGREGATE_INSERT_COLUMNS})
    SELECT ${organizationId}::uuid, a.* FROM response_aggregate_rows(${organizationId}::uuid, ${ids}::uuid[], ${sign}::int) a`;
}

/** The columns `driver_aggregate_rows` returns, after "organizationId". */
export const DRIVER_AGGREGATE_INSERT_COLUMNS = insertColumns("DriverAggregate");

/** The columns `driver_case_rows` returns, after "organizationId". */
export const DRIVER_CASE_INSERT_COLUMNS = insertColumns("DriverCase");

/**
 * Two CTEs (named drivers and driver_cases) keeping the key-driver pre-aggregate
 * (docs/decisions/0032): the responses' signed "DriverAggregate" rows, and their "DriverCase" rows inserted (sign 1)
 * or deleted (sign -1; a response's case rows are its own, so no two writers share them).
 */
function driverWrites(organizationId: string, ids: string[], sign: 1 | -1): Prisma.Sql {
  const cases =
    sign > 0
      ? Prisma.sql`INSERT INTO "DriverCase" (${DRIVER_CASE_INSERT_COLUMNS})
          SELECT ${organizationId}::uuid, c.* FROM driver_case_rows(${organizationId}::uuid, ${ids}::uuid[]) c`
      : Prisma.sql`DELETE FROM "DriverCase" c WHERE c."organizationId" = ${organizationId}::uuid AND c."responseId" = ANY(${ids}::uuid[])`;
  return Prisma.sql`drivers AS (
      INSERT INTO "DriverAggregate" (${DRIVER_AGGREGATE_INSERT_COLUMNS})
      SELECT ${organizationId}::uuid, d.* FROM driver_aggregate_rows(${organizationId}::uuid, ${ids}::uuid[], ${sign}::int) d
    ), driver_cases AS (${cases})`;
}

async function appendDrivers(tx: Sql, organizationId: string, responseIds: string[], sign: 1 | -1): Promise<void> {
  if (responseIds.length === 0) return;
  const counted = await countedResponseIds(tx, organizationId, responseIds);
  if (counted.length === 0) return;
  await tx.$executeRaw`WITH ${driverWrites(organizationId, counted, sign)} SELECT 1`;
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
 * Counts newly written responses that were written without a pending row (call after inserting them, in the same
 * transaction): the response import. `also`: further writes about these responses (data-modifying statements, e.g.
 * their outcome follow-ups) run in the same statement.
 */
export function addResponseAggregates(tx: Sql, organizationId: string, responseIds: string[], also: readonly Prisma.Sql[] = []): Promise<void> {
  return append(tx, organizationId, responseIds, 1, "counted", also);
}

/** How many pending responses one fold transaction counts (one statement for all of them: docs/decisions/0034). */
export const FOLD_BATCH = 500;

/**
 * Counts up to `limit` of the organisation's pending responses (docs/decisions/0034) in one transaction: their rows in
 * every pre-aggregate and their outcome follow-ups are written and their pending rows deleted by one statement, so a
 * reader (which adds the pending responses' rows to the pre-aggregates' in one snapshot) sees each response once at
 * every moment. The pending rows are locked FOR UPDATE and the responses FOR SHARE, skipping any locked: a writer of
 * counted fields (FOR UPDATE) or a comment reader (FOR NO KEY UPDATE) busy with one finishes first and the next fold
 * counts what it left; two folds never take the same response. Returns the number counted.
 */
export async function foldPendingResponses(organizationId: string, limit = FOLD_BATCH): Promise<number> {
  return db.$transaction(async (tx) => {
    // Not across a change that needs a rebuild (a time zone, a dimension's values or bands, a combination): it locks the
    // organisation's row FOR NO KEY UPDATE with its rebuild request (requestAggregateRebuild). A fold counting with the
    // old settings commits before that change does (the rebuild then recounts its responses), or it starts after it
    // and counts with the new ones — never old rows committed after the rebuild's snapshot, which would stay.
    await tx.$queryRaw`SELECT 1 FROM "Organization" WHERE "id" = ${organizationId}::uuid FOR SHARE`;
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT p."responseId"::text AS "id" FROM "ResponsePending" p
      JOIN "Response" r ON r."organizationId" = p."organizationId" AND r."id" = p."responseId"
      WHERE p."organizationId" = ${organizationId}::uuid AND r."organizationId" = ${organizationId}::uuid
      ORDER BY p."createdAt", p."responseId" LIMIT ${limit}
      FOR UPDATE OF p FOR SHARE OF r SKIP LOCKED`;
    const ids = rows.map((row) => row.id);
    if (ids.length === 0) return 0;
    await append(tx, organizationId, ids, 1, "given", [
      responseFollowUpsInsert(organizationId, ids),
      markAnswerContacts(organizationId, ids),
      Prisma.sql`DELETE FROM "ResponsePending" WHERE "organizationId" = ${organizationId}::uuid AND "responseId" = ANY(${ids}::uuid[])`,
    ]);
    return ids.length;
  }, TX_OPTIONS);
}

/** Folds the organisation's pending responses a batch at a time until a batch comes back short. */
async function foldAll(organizationId: string): Promise<number> {
  let folded = 0;
  for (;;) {
    const n = await foldPendingResponses(organizationId);
    folded += n;
    if (n < FOLD_BATCH) return folded;
  }
}

/** Folds every pending response of every organisation that has some (the worker's minute job, before compacting). */
export async function foldAllPendingResponses(): Promise<number> {
  const organizations = await db.$queryRaw<{ id: string }[]>`SELECT DISTINCT "organizationId"::text AS "id" FROM "ResponsePending"`;
  let folded = 0;
  for (const { id } of organizations) folded += await foldAll(id);
  return folded;
}

/** How long after a respondent's answer this process folds its organisation's pending responses. */
export const FOLD_DELAY_MS = 250;
/** Organisations with a fold scheduled or running in this process; true: answers arrived since it started. */
const folds = new Map<string, boolean>();

/**
 * Called after a respondent's transaction committed a pending response: within FOLD_DELAY_MS this process folds the
 * organisation's pending responses, all answers that arrived meanwhile in one statement (a burst of N answers costs a
 * few folds, not N); answers arriving while it runs get another one after it. Never fails the caller: a fold that
 * cannot run (the database gone) leaves the responses pending — exact for every reader all the same — for the next
 * fold or the worker's minute job.
 */
export function scheduleFold(organizationId: string): void {
  if (folds.has(organizationId)) {
    folds.set(organizationId, true);
    return;
  }
  folds.set(organizationId, false);
  const run = async () => {
    folds.set(organizationId, false); // answers stored before this point are among those the fold takes
    try {
      await foldAll(organizationId);
    } catch (error) {
      console.warn("pending responses not folded yet:", error instanceof Error ? error.message : String(error));
    } finally {
      const again = folds.get(organizationId) === true;
      folds.delete(organizationId);
      if (again) scheduleFold(organizationId);
    }
  };
  setTimeout(() => void run(), FOLD_DELAY_MS).unref();
}

/** Uncounts responses (call before deleting them, in the same transaction). */
export function removeResponseAggregates(tx: Sql, organizationId: string, responseIds: string[]): Promise<void> {
  return append(tx, organizationId, responseIds, -1, "counted");
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
  // The validation report's counts recount these answers' contacts (docs/decisions/0028).
  await addResponseAggregates(tx, organizationId, responseIds, responseIds.length > 0 ? [markAnswerContacts(organizationId, responseIds)] : []);
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
