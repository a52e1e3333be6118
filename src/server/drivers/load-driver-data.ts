import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { DriverQuestion } from "@/lib/key-drivers";
import type { MomentSums } from "@/lib/relative-weights";
import { responseWhere, type AnalyticsFilter } from "@/server/analytics/filter";
import { withPending } from "@/server/analytics/pending-responses";
import { db } from "@/server/db";

export type DriverData = {
  moments: MomentSums;
  /** The bootstrap sample, rows flat: k driver values then the score. */
  sample: Float64Array;
};

const column = (j: number) => Prisma.raw(`"x${j}"`);

/**
 * Sums over the complete cases (responses in the filter that answered the 0–10 score and every driver with a
 * value on its scale) and a uniform sample of at most `sampleLimit` of them for the bootstrap. The sums (n, Σx,
 * Σx·x per pair, the score last) are computed in SQL; only the sample's rows reach JavaScript. The sample is the
 * `sampleLimit` cases with the smallest hash of (seed, response id): uniform, without replacement, and the same on
 * every call for the same data.
 * From the key-driver pre-aggregate (docs/decisions/0032) when it serves the filter (loadDriverDataFromAggregate), otherwise
 * from the raw answers in one statement (0024) — the same figures either way.
 * Theme drivers (type THEME, questionId `theme:<key>`, themeDriverKey) are 1 when the response's read comment
 * mentions the theme and 0 otherwise; with any of them the complete cases are the responses with a read comment.
 */
export async function loadDriverData(
  filter: AnalyticsFilter,
  questions: readonly DriverQuestion[],
  options: { sampleLimit: number; seed: number },
): Promise<DriverData> {
  return (await loadDriverDataFromAggregate(filter, questions, options)) ?? (await loadDriverDataFromAnswers(filter, questions, options));
}

/**
 * The seed "DriverCase" rows are keyed by (hashtext('20001206' || id), migration 20261208100000): today's
 * DEFAULT_BOOTSTRAP_SEED. Another seed reads the raw answers.
 */
export const DRIVER_CASE_SEED = 20_001_206;

/** The signature of a driver set as "DriverAggregate" rows carry it: 'questionId:min:max' in order. */
export function driverSetSignature(questions: readonly DriverQuestion[]): string[] {
  return questions.map((q) => `${q.questionId}:${q.scale.min}:${q.scale.max}`);
}

/** The filter's narrowings as pre-aggregate dimensions and values (as the dashboard's rollup names them). */
function narrowings(filter: AnalyticsFilter): { dimension: string; values: string[] }[] {
  const found: { dimension: string; values: string[] }[] = [];
  if (filter.channels.length) found.push({ dimension: "channel", values: [...filter.channels] });
  if (filter.touchpoints.length) found.push({ dimension: "touchpoint", values: filter.touchpoints });
  for (const [key, values] of Object.entries(filter.attributes)) if (values.length) found.push({ dimension: `a:${key}`, values });
  if (filter.unitIds) found.push({ dimension: "unit", values: filter.unitIds });
  return found;
}

/**
 * The sums and the sample from "DriverAggregate" / "DriverCase" (docs/decisions/0032), or null when they do not
 * serve this request: theme drivers, not exactly one survey, more than one narrowing (their joint values are not
 * pre-aggregated), a seed other than DRIVER_CASE_SEED (the case rows are keyed by it), an attribute that is not a
 * DIMENSION (no rows of its own), or rows of the survey counted under another driver set (a driver question added,
 * removed, reordered or rescaled since: the organisation's rebuild recounts them), or fewer or more responses counted
 * than the dashboard's "ResponseAggregate" holds for the survey (rows never filled: a Citus database migrated before
 * its `npm run analytics:rebuild`) — checked in the same statement.
 * Sums of integer answers are exact in float8, so n, Σx and Σx·x equal the raw statement's.
 */
export async function loadDriverDataFromAggregate(
  filter: AnalyticsFilter,
  questions: readonly DriverQuestion[],
  { sampleLimit, seed }: { sampleLimit: number; seed: number },
): Promise<DriverData | null> {
  if (seed !== DRIVER_CASE_SEED || questions.some((q) => q.type === "THEME") || filter.surveyIds.length !== 1) return null;
  const narrowed = narrowings(filter);
  if (narrowed.length > 1) return null;
  const m = questions.length + 1;
  const org = filter.organizationId;
  const surveyId = filter.surveyIds[0]!;
  const dimension = narrowed[0]?.dimension ?? "";
  const values = narrowed[0]?.values ?? [""];
  const signature = driverSetSignature(questions);
  const where = Prisma.sql`a."organizationId" = ${org}::uuid AND a."surveyId" = ${surveyId}::uuid AND a."dimension" = ${dimension}
    AND a."day" BETWEEN ${filter.range.from}::date AND ${filter.range.to}::date`;
  // One value: the index's order is the key order (no sort); several: merged and sorted.
  const value = (alias: string) =>
    values.length === 1 ? Prisma.sql`${Prisma.raw(alias)}."value" = ${values[0]!}` : Prisma.sql`${Prisma.raw(alias)}."value" = ANY(${values}::text[])`;
  const dimensionKnown = dimension.startsWith("a:")
    ? Prisma.sql`EXISTS (SELECT 1 FROM "AttributeDefinition" d WHERE d."organizationId" = ${org}::uuid AND d."key" = ${dimension.slice(2)} AND d."role" = 'DIMENSION')`
    : Prisma.sql`true`;
  const [row] = await db.$queryRaw<{ served: boolean; n: number | null; sums: number[] | null; cross: number[] | null; sample: number[] | null }[]>`
    WITH ok AS MATERIALIZED (
      SELECT ${dimensionKnown} AND NOT EXISTS (
        SELECT 1 FROM "DriverAggregate" a
        WHERE a."organizationId" = ${org}::uuid AND a."surveyId" = ${surveyId}::uuid AND a."dimension" = '' AND a."value" = ''
          AND a."drivers" <> ${signature}::text[]
        GROUP BY a."drivers" HAVING sum(a."responses") <> 0
      ) AND (
        SELECT coalesce(sum(a."responses"), 0) FROM "DriverAggregate" a
        WHERE a."organizationId" = ${org}::uuid AND a."surveyId" = ${surveyId}::uuid AND a."dimension" = '' AND a."value" = ''
      ) = (
        SELECT coalesce(sum(g."n"), 0) FROM "ResponseAggregate" g
        WHERE g."organizationId" = ${org}::uuid AND g."grain" = 'M' AND g."dimension" = '' AND g."scope" = '' AND g."value" = ''
          AND g."surveyId" = ${surveyId}::uuid
      ) AS "served"
    ), r AS MATERIALIZED (
      SELECT a."n", a."sums", a."cross" FROM ${withPending("DriverAggregate", org)} a
      WHERE ${where} AND ${value("a")} AND a."drivers" = ${signature}::text[] AND (SELECT "served" FROM ok)
    ), s AS (
      SELECT c."key", c."responseId", c."values" FROM ${withPending("DriverCase", org)} c
      WHERE c."organizationId" = ${org}::uuid AND c."surveyId" = ${surveyId}::uuid AND c."dimension" = ${dimension} AND ${value("c")}
        AND c."day" BETWEEN ${filter.range.from}::date AND ${filter.range.to}::date AND (SELECT "served" FROM ok)
      ORDER BY c."key", c."responseId" LIMIT ${sampleLimit}
    )
    SELECT (SELECT "served" FROM ok) AS "served",
      (SELECT coalesce(sum(r."n"), 0)::int FROM r) AS "n",
      (SELECT array_agg(x."s" ORDER BY x."i") FROM (SELECT u."i", sum(u."x")::float8 AS "s" FROM r CROSS JOIN LATERAL unnest(r."sums") WITH ORDINALITY AS u ("x", "i") GROUP BY u."i") x) AS "sums",
      (SELECT array_agg(x."s" ORDER BY x."i") FROM (SELECT u."i", sum(u."x")::float8 AS "s" FROM r CROSS JOIN LATERAL unnest(r."cross") WITH ORDINALITY AS u ("x", "i") GROUP BY u."i") x) AS "cross",
      (SELECT array_agg(u."x" ORDER BY s."key", s."responseId", u."i") FROM s CROSS JOIN LATERAL unnest(s."values") WITH ORDINALITY AS u ("x", "i")) AS "sample"`;
  if (!row?.served) return null;
  const pairs = (m * (m + 1)) / 2;
  const sums = row.sums?.map(Number) ?? [];
  const stored = row.cross?.map(Number) ?? [];
  // Stored ordered by j then i (i ≤ j); the raw statement's order is by i then j.
  const cross: number[] = [];
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) cross.push(stored[(j * (j + 1)) / 2 + i] ?? 0);
  const n = Number(row.n ?? 0);
  return {
    moments: { n, sums: sums.length === m ? sums : Array.from({ length: m }, () => 0), cross: stored.length === pairs ? cross : Array.from({ length: pairs }, () => 0) },
    sample: Float64Array.from(row.sample?.map(Number) ?? []),
  };
}

/** 0024's statement over the raw answers (every filter, theme drivers, any seed). */
export async function loadDriverDataFromAnswers(
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
