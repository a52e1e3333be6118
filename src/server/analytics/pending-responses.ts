import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";

/**
 * Responses not yet counted in the pre-aggregates (docs/decisions/0034): a respondent's transaction stores the
 * response with a "ResponsePending" row; a fold counts it and deletes the row in one transaction. Writers of counted
 * fields leave pending responses to their fold; readers add the pending responses' rows to the pre-aggregates'.
 */

/**
 * Of `responseIds`, those already counted: what a writer of counted fields uncounts and counts again (a pending
 * response is counted by its fold with whatever it holds by then). The caller holds the responses' rows locked (FOR
 * UPDATE or FOR NO KEY UPDATE) since an earlier statement: a fold locks them FOR SHARE (skipping locked ones), so no
 * fold of them commits before the caller's transaction ends, and what this reads stays true for it.
 */
export async function countedResponseIds(tx: Pick<Prisma.TransactionClient, "$queryRaw">, organizationId: string, responseIds: string[]): Promise<string[]> {
  if (responseIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT x::text AS "id" FROM unnest(${responseIds}::uuid[]) AS x
    WHERE NOT EXISTS (SELECT 1 FROM "ResponsePending" p WHERE p."organizationId" = ${organizationId}::uuid AND p."responseId" = x)`;
  return rows.map((row) => row.id);
}

let citus: Promise<boolean> | null = null;

/**
 * Whether a respondent's answer is counted in its own transaction instead of pending a fold: on a Citus coordinator
 * (asked once per process). There a reader's statement is routed whole to the tenant's shard, where the pending
 * functions could not read the distributed tables, so `npm run db:distribute` makes them return nothing and nothing
 * may pend (docs/decisions/0034).
 */
export function answersCountedInTransaction(): Promise<boolean> {
  citus ??= db
    .$queryRaw<{ citus: boolean }[]>`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS "citus"`
    .then((rows) => rows[0]?.citus === true)
    .catch((error: unknown) => {
      citus = null;
      throw error;
    });
  return citus;
}

const HISTOGRAM = Array.from({ length: 11 }, (_, i) => `"h${i}"`).join(", ");

/**
 * The pre-aggregates a response counts in, each with the columns its row function returns (after "organizationId",
 * in the function's order: what every writer inserts) and the function giving the organisation's pending responses'
 * rows (migration 20261209090000).
 */
const PRE_AGGREGATES = {
  ResponseAggregate: { columns: `"surveyId", "grain", "day", "dimension", "value", "scope", "n", ${HISTOGRAM}`, pending: "pending_response_aggregate_rows" },
  ThemeAggregate: { columns: `"surveyId", "grain", "day", "dimension", "value", "kind", "key", "polarity", "n", ${HISTOGRAM}`, pending: "pending_theme_aggregate_rows" },
  DriverAggregate: { columns: `"surveyId", "day", "dimension", "value", "drivers", "responses", "n", "sums", "cross"`, pending: "pending_driver_aggregate_rows" },
  DriverCase: { columns: `"surveyId", "responseId", "key", "day", "dimension", "value", "values"`, pending: "pending_driver_case_rows" },
} as const;

export type PreAggregate = keyof typeof PRE_AGGREGATES;

/** A pre-aggregate's columns as its writers insert them: "organizationId", then its row function's. */
export function insertColumns(table: PreAggregate): Prisma.Sql {
  return Prisma.raw(`"organizationId", ${PRE_AGGREGATES[table].columns}`);
}

/**
 * The rows the organisation's pending responses add to `table`, in its insert columns: the body of a MATERIALIZED CTE
 * (withPending). The function reads the pending responses itself (none: no rows, nothing computed), so the CTE names
 * no distributed table and on Citus runs on the coordinator (the row functions read the shard from there), never on a
 * shard. On one node the CTE and the rest of the statement share one snapshot; on Citus they are two reads, and a fold
 * committing between them is the one moment a figure can be off by the responses it folded.
 */
export function pendingRows(table: PreAggregate, organizationId: string): Prisma.Sql {
  const { columns, pending } = PRE_AGGREGATES[table];
  const output = Prisma.raw(columns.split(", ").map((column) => `t.${column}`).join(", "));
  // The function is not called at all while nothing pends (a one-time filter: one index probe).
  return Prisma.sql`SELECT ${organizationId}::uuid AS "organizationId", ${output} FROM ${Prisma.raw(pending)}(${organizationId}::uuid) t
    WHERE EXISTS (SELECT 1 FROM "ResponsePending" p WHERE p."organizationId" = ${organizationId}::uuid)`;
}

/**
 * `table` as readers must read it (a FROM item; alias it): its rows and the organisation's pending responses' rows
 * (docs/decisions/0034). The readers' conditions apply to both (PostgreSQL pushes them into each arm; the table's
 * indexes serve as before). `cte`: the name of a MATERIALIZED CTE of pendingRows(table, …) the caller wrote, when it
 * reads the table more than once in a statement (computed once); without it the CTE is written here.
 */
export function withPending(table: PreAggregate, organizationId: string, cte?: string): Prisma.Sql {
  const union = (from: string) => Prisma.sql`SELECT ${insertColumns(table)} FROM ${Prisma.raw(`"${table}"`)} UNION ALL SELECT * FROM ${Prisma.raw(from)}`;
  if (cte) return Prisma.sql`(${union(cte)})`;
  return Prisma.sql`(WITH pending_rows AS MATERIALIZED (${pendingRows(table, organizationId)}) SELECT * FROM (${union("pending_rows")}) u)`;
}
