import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { DriverQuestion } from "@/lib/key-drivers";
import type { MomentSums } from "@/lib/relative-weights";
import { responseWhere, type AnalyticsFilter } from "@/server/analytics/filter";
import { db } from "@/server/db";

export type DriverData = {
  moments: MomentSums;
  /** The bootstrap sample, rows flat: k driver values then the score. */
  sample: Float64Array;
};

const column = (j: number) => Prisma.raw(`"x${j}"`);

/**
 * Sums over the complete cases (responses in the filter that answered the 0–10 score and every driver with a
 * value on its scale) and a uniform sample of at most `sampleLimit` of them for the bootstrap — one statement.
 * The sums (n, Σx, Σx·x per pair, the score last) are computed in SQL; only the sample's rows reach JavaScript.
 * The sample is the `sampleLimit` cases with the smallest hash of (seed, response id): uniform, without
 * replacement, and the same on every call for the same data.
 * Theme drivers (type THEME, questionId `theme:<key>`, themeDriverKey) are 1 when the response's read comment
 * mentions the theme and 0 otherwise; with any of them the complete cases are the responses with a read comment.
 */
export async function loadDriverData(
  filter: AnalyticsFilter,
  questions: readonly DriverQuestion[],
  { sampleLimit, seed }: { sampleLimit: number; seed: number },
): Promise<DriverData> {
  const k = questions.length;
  const m = k + 1;
  const ids = questions.filter((q) => q.type !== "THEME").map((q) => q.questionId);
  const themed = ids.length < k;
  // A rating is a JSON number; a SERVQUAL answer {"expectation":e,"perception":p} counts its perception.
  const value = Prisma.sql`CASE WHEN jsonb_typeof(a."value") = 'number' THEN (a."value" #>> '{}')::float8
    WHEN jsonb_typeof(a."value" -> 'perception') = 'number' THEN (a."value" ->> 'perception')::float8 END`;
  const pivots = questions.map((q, j) => {
    const theme = themeDriverKey(q);
    if (theme !== null) return Prisma.sql`max(CASE WHEN ${theme} = ANY(x."themes") THEN 1 ELSE 0 END)::float8 AS ${column(j)}`;
    return Prisma.sql`max(CASE WHEN a."questionId" = ${q.questionId}::uuid THEN ${value} END) AS ${column(j)}`;
  });
  const joins: Prisma.Sql[] = [];
  const conditions: Prisma.Sql[] = [];
  if (themed) joins.push(Prisma.sql`JOIN "ResponseText" x ON x."organizationId" = r."organizationId" AND x."responseId" = r."id"`);
  if (ids.length) {
    joins.push(Prisma.sql`JOIN "Answer" a ON a."organizationId" = r."organizationId" AND a."responseId" = r."id"`);
    conditions.push(Prisma.sql`a."organizationId" = ${filter.organizationId}::uuid AND a."questionId" = ANY(${ids}::uuid[])`);
  }
  const complete = questions.map((q, j) => Prisma.sql`g.${column(j)} BETWEEN ${q.scale.min}::float8 AND ${q.scale.max}::float8`);
  const variables = (alias: string) => [...questions.map((_, j) => Prisma.sql`${Prisma.raw(alias)}.${column(j)}`), Prisma.sql`${Prisma.raw(alias)}."y"`];
  const inCases = variables("c");
  const products: Prisma.Sql[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) products.push(Prisma.sql`coalesce(sum(${inCases[i]!} * ${inCases[j]!}), 0)::float8`);
  }
  const sums = inCases.map((v) => Prisma.sql`coalesce(sum(${v}), 0)::float8`);
  const sampled = variables("s").map((v, j) => Prisma.sql`array_agg(${v} ORDER BY s."h", s."id") AS ${Prisma.raw(`"s${j}"`)}`);

  const [row] = await db.$queryRaw<Record<string, unknown>[]>`
    WITH c AS MATERIALIZED (
      SELECT g.* FROM (
        SELECT r."id", r."score"::float8 AS "y", ${Prisma.join(pivots, ", ")}
        FROM "Response" r
        ${Prisma.join(joins, " ")}
        WHERE ${Prisma.join([responseWhere(filter), Prisma.sql`r."score" IS NOT NULL`, ...conditions], " AND ")}
        GROUP BY r."id", r."score"
      ) g
      WHERE ${Prisma.join(complete, " AND ")}
    ), t AS (
      SELECT count(*)::int AS "n", ARRAY[${Prisma.join(sums, ", ")}] AS "sums", ARRAY[${Prisma.join(products, ", ")}] AS "cross" FROM c
    ), s AS (
      SELECT c.*, hashtext(${String(seed)} || c."id"::text) AS "h" FROM c ORDER BY "h", c."id" LIMIT ${sampleLimit}
    ), u AS (
      SELECT ${Prisma.join(sampled, ", ")} FROM s
    )
    SELECT t.*, u.* FROM t CROSS JOIN u`;
  return toDriverData(row, m);
}

/** The prefix of a theme driver's id: `theme:waiting`. */
export const THEME_DRIVER_PREFIX = "theme:";

/** The theme key of a theme driver, null for a question. */
export function themeDriverKey(driver: Pick<DriverQuestion, "type" | "questionId">): string | null {
  return driver.type === "THEME" ? driver.questionId.slice(THEME_DRIVER_PREFIX.length) : null;
}

function toDriverData(row: Record<string, unknown> | undefined, m: number): DriverData {
  const numbers = (value: unknown): number[] => (Array.isArray(value) ? value.map(Number) : []);
  const n = Number(row?.n ?? 0);
  const columns = Array.from({ length: m }, (_, j) => numbers(row?.[`s${j}`]));
  const size = columns[0]?.length ?? 0;
  const sample = new Float64Array(size * m);
  for (let r = 0; r < size; r++) for (let j = 0; j < m; j++) sample[r * m + j] = columns[j]?.[r] ?? 0;
  return { moments: { n, sums: numbers(row?.sums), cross: numbers(row?.cross) }, sample };
}
