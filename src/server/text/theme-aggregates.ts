import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { DateRange } from "@/lib/date-range";
import { splitByMonths } from "@/lib/month-split";
import type { AnalyticsFilter } from "@/server/analytics/filter";
import { localMonths } from "@/server/analytics/local-months";
import { countedResponseIds, insertColumns, pendingRows } from "@/server/analytics/pending-responses";
import { db } from "@/server/db";

/**
 * Keeping "ThemeAggregate" equal to the readings in "ResponseText" and the responses they belong to
 * (docs/decisions/0031). What a reading contributes is defined once, in SQL (`theme_aggregate_rows`, migration
 * 20261207110300). Rows are signed deltas, appended in the transaction that changes a reading (the comment reader, an
 * erase) or a counted field of "Response" (src/server/analytics/response-aggregates.ts), so the table is never
 * half-applied; the comment-reading job compacts them; readers always SUM.
 */
type Sql = Pick<Prisma.TransactionClient, "$executeRaw" | "$queryRaw">;

const COLUMNS = insertColumns("ThemeAggregate");
const KEY_COLUMNS = `"surveyId", "grain", "day", "dimension", "value", "kind", "key", "polarity"`;

/** The INSERT of the signed rows of these responses' readings (a statement, or a data-modifying CTE of one). */
export function themeAggregateInsert(organizationId: string, responseIds: string[], sign: 1 | -1): Prisma.Sql {
  return Prisma.sql`INSERT INTO "ThemeAggregate" (${COLUMNS})
    SELECT ${organizationId}::uuid, a.* FROM theme_aggregate_rows(${organizationId}::uuid, ${responseIds}::uuid[], ${sign}::int) a`;
}

/**
 * Appends the signed rows of these responses' current readings (call inside the transaction that changes them, the
 * responses locked): those still pending are left to their fold (docs/decisions/0034).
 */
export async function appendThemeAggregates(tx: Sql, organizationId: string, responseIds: string[], sign: 1 | -1): Promise<void> {
  const counted = await countedResponseIds(tx, organizationId, responseIds);
  if (counted.length === 0) return;
  await tx.$executeRaw(themeAggregateInsert(organizationId, counted, sign));
}

/**
 * Locks the responses against writers of their counted fields (which lock them FOR UPDATE in
 * updateResponsesCounted) and against another reader of the same comments, so the readings uncounted are the ones
 * replaced. FOR NO KEY UPDATE: inserts referencing the responses (their readings) are not blocked.
 */
export async function lockResponsesForReading(tx: Prisma.TransactionClient, organizationId: string, responseIds: string[]): Promise<void> {
  if (responseIds.length === 0) return;
  await tx.$queryRaw`SELECT 1 FROM "Response" WHERE "organizationId" = ${organizationId}::uuid AND "id" = ANY(${responseIds}::uuid[]) ORDER BY "id" FOR NO KEY UPDATE`;
}

/**
 * Removes the readings of these responses (their comments are gone: an erase, or the reader finding the comment
 * removed) and uncounts them, in the caller's transaction.
 */
export async function forgetCommentReadings(tx: Prisma.TransactionClient, organizationId: string, responseIds: string[]): Promise<number> {
  if (responseIds.length === 0) return 0;
  await lockResponsesForReading(tx, organizationId, responseIds);
  await appendThemeAggregates(tx, organizationId, responseIds, -1);
  return tx.$executeRaw`DELETE FROM "ResponseText" WHERE "organizationId" = ${organizationId}::uuid AND "responseId" = ANY(${responseIds}::uuid[])`;
}

/**
 * Sums the rows of every key that received a delta after row id `since` into one (dropping keys that sum to
 * nothing); one statement, so safe beside writers appending meanwhile. Returns the rows removed and the highest id
 * considered.
 */
export async function compactThemeAggregates(organizationId: string, since = 0n): Promise<{ removed: number; upTo: bigint }> {
  const top = await db.$queryRaw<{ max: bigint | null }[]>`SELECT max("id") AS "max" FROM "ThemeAggregate" WHERE "organizationId" = ${organizationId}::uuid`;
  const upTo = top[0]?.max ?? 0n;
  if (upTo <= since) return { removed: 0, upTo: since };
  const keys = Prisma.raw(KEY_COLUMNS);
  const sums = Prisma.raw(`sum("n")::int, ${Array.from({ length: 11 }, (_, i) => `sum("h${i}")::int`).join(", ")}`);
  const rows = await db.$queryRaw<{ removed: number }[]>`
    WITH touched AS (
      SELECT DISTINCT ${keys} FROM "ThemeAggregate" WHERE "organizationId" = ${organizationId}::uuid AND "id" > ${since}::bigint AND "id" <= ${upTo}::bigint
    ),
    gone AS (
      DELETE FROM "ThemeAggregate" t USING touched k
      WHERE t."organizationId" = ${organizationId}::uuid AND t."id" <= ${upTo}::bigint
        AND (t."surveyId", t."grain", t."day", t."dimension", t."value", t."kind", t."key", t."polarity")
          = (k."surveyId", k."grain", k."day", k."dimension", k."value", k."kind", k."key", k."polarity")
      RETURNING t.*
    ),
    kept AS (
      INSERT INTO "ThemeAggregate" (${COLUMNS})
      SELECT ${organizationId}::uuid, ${keys}, ${sums} FROM gone GROUP BY ${keys} HAVING sum("n") <> 0
      RETURNING 1
    )
    SELECT ((SELECT count(*) FROM gone) - (SELECT count(*) FROM kept))::int AS "removed"`;
  return { removed: rows[0]?.removed ?? 0, upTo };
}

/**
 * Recomputes an organisation's theme rows from its readings, in the caller's transaction (the response aggregates'
 * rebuild runs it after a time-zone or dimension change, in its REPEATABLE READ snapshot: deltas committed after the
 * snapshot are neither deleted nor recounted), or in its own when `tx` is omitted. Works a local calendar month of
 * the organisation at a time (whole months, so every key — a local day or month — is written by exactly one chunk and
 * the emptied table gets one row per key), each chunk's rows written in index order, reporting the responses done
 * and the total after each chunk. Returns the rows written.
 */
export async function rebuildThemeAggregates(
  organizationId: string,
  tx?: Prisma.TransactionClient,
  onProgress?: (done: number, total: number) => unknown,
): Promise<number> {
  const run = async (t: Prisma.TransactionClient) => {
    const months = await localMonths(t, organizationId);
    const total = months.reduce((sum, m) => sum + m.n, 0);
    await t.$executeRaw`DELETE FROM "ThemeAggregate" WHERE "organizationId" = ${organizationId}::uuid`;
    let done = 0;
    let rows = 0;
    await onProgress?.(0, total);
    for (const { since, before, n } of months) {
      rows += await t.$executeRaw`
        INSERT INTO "ThemeAggregate" (${COLUMNS})
        SELECT ${organizationId}::uuid, a.* FROM theme_aggregate_rows(${organizationId}::uuid, NULL, 1, ${since}, ${before}) a
        ORDER BY a."surveyId", a."dimension", a."grain", a."kind", a."value", a."day"`;
      done += n;
      await onProgress?.(done, total);
    }
    return rows;
  };
  if (tx) return run(tx);
  return db.$transaction(run, { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 6 * 60 * 60_000, maxWait: 60_000 });
}

/** The one narrowing the theme rows can answer: a dimension and its values, or none (dimension ''). */
export type ThemeNarrowing = { dimension: string; values: string[] | null };

/**
 * Whether the pre-aggregate answers this filter: the whole organisation (no member scope) narrowed by at most one
 * of channel, touchpoint or one attribute. Otherwise null, and the view reads the raw rows.
 */
export function themeNarrowing(filter: AnalyticsFilter): ThemeNarrowing | null {
  if (filter.unitIds) return null;
  const narrowings: ThemeNarrowing[] = [];
  if (filter.channels.length) narrowings.push({ dimension: "channel", values: filter.channels });
  if (filter.touchpoints.length) narrowings.push({ dimension: "touchpoint", values: filter.touchpoints });
  for (const [key, values] of Object.entries(filter.attributes)) if (values.length) narrowings.push({ dimension: `a:${key}`, values });
  if (narrowings.length > 1) return null;
  return narrowings[0] ?? { dimension: "", values: null };
}

/**
 * The filter's theme rows of the given kinds as a subquery (aliased by the caller), columns "day", "kind", "key",
 * "polarity", "n", "h0" … "h10": whole calendar months from the monthly rows, the partial months at the ends from the
 * daily ones — every day counted once. Callers SUM.
 */
export function themeAggregateSource(filter: AnalyticsFilter, narrowing: ThemeNarrowing, kinds: string[], range: DateRange = filter.range): Prisma.Sql {
  const parts = [
    Prisma.sql`t."organizationId" = ${filter.organizationId}::uuid`,
    Prisma.sql`t."dimension" = ${narrowing.dimension}`,
    Prisma.sql`t."kind" = ANY(${kinds}::text[])`,
  ];
  if (filter.surveyIds.length) parts.push(Prisma.sql`t."surveyId" = ANY(${filter.surveyIds}::uuid[])`);
  if (narrowing.values) parts.push(Prisma.sql`t."value" = ANY(${narrowing.values}::text[])`);
  const columns = Prisma.raw(`t."day", t."kind", t."key", t."polarity", t."n", ${Array.from({ length: 11 }, (_, i) => `t."h${i}"`).join(", ")}`);
  const split = splitByMonths(range);
  const selects: Prisma.Sql[] = [];
  const where = (extra: Prisma.Sql[]) => Prisma.join([...parts, ...extra], " AND ");
  // Each part reads the table and, under the same conditions, the pending responses' rows (docs/decisions/0034),
  // computed once for every part.
  const read = (where: Prisma.Sql) => Prisma.sql`SELECT ${columns} FROM "ThemeAggregate" t WHERE ${where} UNION ALL SELECT ${columns} FROM pending_themes t WHERE ${where}`;
  if (split.months) {
    selects.push(read(where([Prisma.sql`t."grain" = 'M'`, Prisma.sql`t."day" BETWEEN ${split.months.from}::date AND ${split.months.to}::date`])));
  }
  for (const d of split.days) {
    selects.push(read(where([Prisma.sql`t."grain" = 'D'`, Prisma.sql`t."day" BETWEEN ${d.from}::date AND ${d.to}::date`])));
  }
  return Prisma.sql`(WITH pending_themes AS MATERIALIZED (${pendingRows("ThemeAggregate", filter.organizationId)}) ${Prisma.join(selects, " UNION ALL ")})`;
}
