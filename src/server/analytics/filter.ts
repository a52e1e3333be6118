import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { addDays, presetRange, todayIn, type DateRange } from "@/lib/date-range";
import { nextMonthStart, partialMonthReads, splitByMonths } from "@/lib/month-split";
import type { AnalyticsQuery, ChannelName, GroupBy } from "@/schemas/analytics";
import { db, withConnection } from "@/server/db";
import { pendingRows } from "./pending-responses";

/** A resolved analytics filter: one organisation, an inclusive local-date range, and optional narrowing. */
export type AnalyticsFilter = {
  organizationId: string;
  /** The organisation's time zone: what a "day" means. */
  timeZone: string;
  range: DateRange;
  surveyIds: string[];
  channels: ChannelName[];
  touchpoints: string[];
  attributes: Record<string, string[]>;
  /**
   * The org units whose responses count, null for all: a member scoped to a unit reads that unit's subtree
   * only (src/server/org/member-scope.ts, docs/decisions/0009). Responses without a unit are outside every scope.
   */
  unitIds: string[] | null;
  /**
   * The organisation's configured dimension combinations whose rows are ready (keys sorted, docs/decisions/0027),
   * loaded once per filter by withAggregateCombinations; undefined or empty: none are read.
   */
  combinations?: string[][];
};

/**
 * The filter with the organisation's configured combinations loaded (one small query; the filter's other readers
 * then share them). Only a filter that narrows by attributes can read a combination, so others skip the query.
 */
export async function withAggregateCombinations(filter: AnalyticsFilter): Promise<AnalyticsFilter> {
  if (filter.combinations !== undefined) return filter;
  if (!Object.values(filter.attributes).some((values) => values.length > 0)) return filter;
  // Only combinations whose rows a rebuild has written (docs/decisions/0027, "Readiness"); rollupSource checks it
  // again in the statement that reads them.
  const rows = await db.aggregateCombination.findMany({
    where: { organizationId: filter.organizationId, readyAt: { not: null } },
    select: { keys: true },
  });
  filter.combinations = rows.map((r) => r.keys);
  return filter;
}

/**
 * Runs a statement over rollupSource rows. Reads of "ResponseAggregate" are index scans of a few hundred to a few
 * thousand rows (about a millisecond of work), but their estimated cost grows with the table (a group-by's scan
 * skips through every value of the dimension), and past parallel_setup_cost the planner starts parallel workers:
 * 35 ms of start-up on a quiet 2-core machine, 300 ms and more on a busy one, for each of the dashboard's cards
 * (measured at 200k responses: segments by region 1 ms executing, 390 ms with its two workers). So a statement that
 * reads aggregate rows runs with parallel workers off (SET LOCAL, in a batch transaction on one connection), also
 * when it has raw parts: a combination's raw fallback runs only while the combination is not ready (the plan started
 * workers for it anyway: two filters and a group-by took 45 ms instead of 10 ms at 1M responses), and a scoped member's
 * edge days are a few days of one subtree. Only a statement over raw responses alone (several narrowings that no
 * ready combination covers) keeps its parallel plan. The transaction costs two more round trips, which on a saturated
 * machine cost more than a small serial plan saves: the segment tables use it (their group-by estimates go
 * parallel), the headline and the trend, planned serial already, do not.
 */
const READ_TIMEOUT_MS = 10 * 60_000;

export async function queryRollup<T>(query: Prisma.Sql, options: SerialOptions = {}): Promise<T[]> {
  if (!query.sql.includes('"ResponseAggregate"')) return db.$queryRaw<T[]>(query);
  return querySerial<T>(query, options);
}

/**
 * `hashGroups`: sorts off too (enable_sort), so a GROUP BY over the pre-aggregated rows hashes them. The planner
 * underestimates those rows (a few thousand estimated, 14k read for segments by relationship manager at 1M responses)
 * and sorts them all for a few hundred groups: 23 ms against 20 ms hashed for that table (docs/decisions/0035).
 */
export type SerialOptions = { hashGroups?: boolean };

/**
 * A statement with parallel workers off (SET LOCAL, in a transaction on one connection): for reads of pre-aggregated
 * rows whose estimates send the planner parallel (queryRollup above; the theme pre-aggregate, docs/decisions/0031).
 * Runs through `pg` on a connection of the app's pool (withConnection): the settings and BEGIN in one round trip, the
 * statement, COMMIT — Prisma's batch transaction took four calls and converted every value of the rows, 4–9 ms for a
 * segment table of hundreds of groups (docs/decisions/0035). Waits for a connection as a plain query would; the
 * statement may run up to READ_TIMEOUT_MS. Columns come back as `pg` gives them: use text, int and json columns
 * (bigint and numeric would be strings).
 */
export async function querySerial<T>(query: Prisma.Sql, options: SerialOptions = {}): Promise<T[]> {
  const settings = [
    "BEGIN",
    "SET LOCAL max_parallel_workers_per_gather = 0",
    ...(options.hashGroups ? ["SET LOCAL enable_sort = off"] : []),
    `SET LOCAL statement_timeout = ${READ_TIMEOUT_MS}`,
  ].join("; ");
  // Dates as UTC instants, as Prisma sends them (pg would format them in the process's time zone).
  const values = query.values.map((value) => (value instanceof Date ? value.toISOString() : value));
  return withConnection(async (client) => {
    try {
      await client.query(settings);
      const { rows } = await client.query(query.text, values);
      await client.query("COMMIT");
      return rows as T[];
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  });
}

/** Who the filter is for: the organisation (its time zone) and, for a scoped member, the units they may read. */
export type FilterScope = { organizationId: string; timeZone: string; unitIds?: string[] | null };

export function resolveFilter(query: AnalyticsQuery, organization: FilterScope, now: Date = new Date()): AnalyticsFilter {
  const range =
    query.range === "custom" && query.from && query.to
      ? { from: query.from, to: query.to }
      : presetRange(query.range === "custom" ? "90d" : query.range, todayIn(organization.timeZone, now));
  return {
    organizationId: organization.organizationId,
    timeZone: organization.timeZone,
    range,
    surveyIds: query.survey,
    channels: query.channel,
    touchpoints: query.touchpoint,
    attributes: query.attributes,
    unitIds: organization.unitIds ?? null,
  };
}

function and(parts: Prisma.Sql[]): Prisma.Sql {
  return Prisma.join(parts, " AND ");
}

/**
 * A response attribute's value as a dimension counts it (merged values, number bands: the SQL function
 * `nps_dimension_value`, the same one that fills "ResponseAggregate"), for rows aliased `alias` holding a jsonb
 * column "attributes". The key is bound as a parameter.
 */
function attributeValue(alias: string, organizationId: string, key: string): Prisma.Sql {
  const raw = Prisma.sql`${Prisma.raw(`${alias}."attributes"`)}->>${key}`;
  const definition = (column: string) =>
    Prisma.sql`(SELECT d.${Prisma.raw(`"${column}"`)} FROM "AttributeDefinition" d WHERE d."organizationId" = ${organizationId}::uuid AND d."key" = ${key})`;
  // A plain dimension (no merged values, no number bands: most of them) counts its raw text, which lets the
  // planner evaluate the definition once and each row cheaply; the others go through nps_dimension_value.
  const plain = Prisma.sql`(SELECT d."valueAliases" = '{}'::jsonb AND (d."kind" <> 'NUMBER' OR d."bands" IS NULL)
    FROM "AttributeDefinition" d WHERE d."organizationId" = ${organizationId}::uuid AND d."key" = ${key})`;
  return Prisma.sql`(CASE WHEN coalesce(${plain}, true) THEN coalesce(${raw}, '')
    ELSE nps_dimension_value(${raw}, ${definition("kind")}, ${definition("bands")}, ${definition("valueAliases")}) END)`;
}

/** One narrowing of the filter as an aggregate dimension ('channel', 'touchpoint', 'unit', 'a:<key>') and its values. */
type DimensionFilter = { dimension: string; values: string[] };

function dimensionFilters(filter: AnalyticsFilter): DimensionFilter[] {
  const dims: DimensionFilter[] = [];
  if (filter.channels.length) dims.push({ dimension: "channel", values: filter.channels });
  if (filter.touchpoints.length) dims.push({ dimension: "touchpoint", values: filter.touchpoints });
  for (const [key, values] of Object.entries(filter.attributes)) {
    if (values.length) dims.push({ dimension: `a:${key}`, values });
  }
  if (filter.unitIds) dims.push({ dimension: "unit", values: filter.unitIds });
  return dims;
}

/**
 * Whether the filter narrows the answers to a segment (a channel, touchpoint, attribute value or the member's
 * units), beyond survey and dates: such a result below suppressN is hidden whole (src/lib/suppression.ts).
 */
export function narrowsToSegment(filter: AnalyticsFilter): boolean {
  return dimensionFilters(filter).length > 0;
}

/** What the rows are grouped by: a dimension's value (its aggregate dimension name), or nothing. */
export type SourceGrouping = { kind: "none" | "survey" | "month" } | GroupBy;

function groupDimension(grouping: SourceGrouping): string | null {
  switch (grouping.kind) {
    case "attribute":
      return `a:${grouping.key}`;
    case "touchpoint":
    case "channel":
    case "locale":
      return grouping.kind;
    default:
      return null;
  }
}

const HISTOGRAM_COLUMNS = Prisma.raw(Array.from({ length: 11 }, (_, i) => `r."h${i}"`).join(", "));

const AGGREGATE_COUNTS = Prisma.sql`r."n", ${HISTOGRAM_COLUMNS}`;
/** The counts of aggregate rows subtracted (a month's row less some of its days). */
const NEGATED_AGGREGATE_COUNTS = Prisma.raw(`-r."n" AS "n", ${Array.from({ length: 11 }, (_, i) => `-r."h${i}" AS "h${i}"`).join(", ")}`);

/** A raw response's row in the aggregates' shape; negated (-1) to subtract days from a month's row. */
const rawHistogram = (sign: 1 | -1) =>
  Prisma.raw(`${sign} AS "n", ${Array.from({ length: 11 }, (_, i) => `${sign} * (r."score" = ${i})::int AS "h${i}"`).join(", ")}`);
const RAW_HISTOGRAM = { 1: rawHistogram(1), [-1]: rawHistogram(-1) } as const;

/** A response row's value for a grouping, the same as its aggregate rows carry. */
function rawGroupValue(filter: AnalyticsFilter, grouping: SourceGrouping): Prisma.Sql {
  switch (grouping.kind) {
    case "attribute":
      return attributeValue("r", filter.organizationId, grouping.key);
    case "touchpoint":
      return Prisma.sql`coalesce(r."touchpoint", '')`;
    case "channel":
      return Prisma.sql`r."channel"::text`;
    case "locale":
      return Prisma.sql`r."locale"`;
    default:
      return Prisma.sql`''`;
  }
}

/**
 * The filtered histograms of `range` as a subquery to select FROM (then aliased `r`), with columns "day", "surveyId",
 * "value" (the grouping's value, '' without one), "n" and "h0" … "h10"; callers SUM them (docs/decisions/0011).
 * - With at most one narrowing (channel, touchpoint, one attribute or the member's units) and a grouping by that
 *   same dimension, by survey, by month or none, it reads "ResponseAggregate": whole calendar months from the
 *   monthly rows and the partial months at the ends from the daily ones (`daily: true` reads days only, to bucket
 *   by day or week) — every day counted exactly once.
 * - A member's units plus at most one other dimension (narrowed or grouped by): whole months from the units' own
 *   monthly rows (scope = unit); a partial month at an end from its days' raw responses, or from its monthly rows
 *   less the raw responses of its days outside the range when those are fewer (src/lib/month-split.ts).
 * - Otherwise (narrowings and a grouping over several dimensions: their joint counts are not pre-aggregated) it
 *   reads the raw responses through the same value definitions, so the figures are the same either way.
 */
export function rollupSource(
  filter: AnalyticsFilter,
  range: DateRange = filter.range,
  options: { daily?: boolean; grouping?: SourceGrouping } = {},
): Prisma.Sql {
  const grouping = options.grouping ?? { kind: "none" };
  const narrowings = dimensionFilters(filter);
  const grouped = groupDimension(grouping);
  const single = narrowings.length === 0 || (narrowings.length === 1 && (grouped === null || grouped === narrowings[0]?.dimension));
  if (single) {
    const narrowing = narrowings[0];
    return aggregateSource(filter, range, {
      dimension: narrowing?.dimension ?? grouped ?? "",
      values: narrowing?.values ?? null,
      scope: null,
      daily: options.daily === true,
    });
  }
  const combined = combinationSource(filter, range, narrowings, grouping, options.daily === true);
  if (combined) {
    // Read in one statement with the combination's readiness: a combination removed (and its rows deleted by the
    // rebuild that followed) or reset since the filter loaded it falls back to the raw responses, never to
    // missing rows. The uncorrelated EXISTS is a one-time filter: only one branch runs.
    const ready = Prisma.sql`EXISTS (SELECT 1 FROM "AggregateCombination" c
      WHERE c."organizationId" = ${filter.organizationId}::uuid AND c."keys" = ${combined.keys}::text[] AND c."readyAt" IS NOT NULL)`;
    return Prisma.sql`(SELECT * FROM ${combined.source} x WHERE ${ready}
      UNION ALL SELECT * FROM ${rawSource(filter, range, grouping)} y WHERE NOT ${ready})`;
  }
  const others = narrowings.filter((n) => n.dimension !== "unit");
  const other = others[0];
  const scoped =
    filter.unitIds !== null && !options.daily && others.length <= 1 && (grouped === null || other === undefined || grouped === other.dimension);
  if (!scoped) return rawSource(filter, range, grouping);
  const unitMonths = (months: DateRange) =>
    aggregateSource(filter, months, { dimension: other?.dimension ?? grouped ?? "", values: other?.values ?? null, scope: filter.unitIds, monthsOnly: true });
  // The units' rows are monthly only: a partial month at an end of the range is its raw days, or its month less the
  // raw days outside the range when those are fewer (days after today hold no answers yet).
  const split = splitByMonths(range);
  const parts = split.months ? [unitMonths(split.months)] : [];
  for (const read of partialMonthReads(split.days, todayIn(filter.timeZone))) {
    if ("days" in read) parts.push(rawSource(filter, read.days, grouping));
    else parts.push(unitMonths({ from: read.month.from, to: read.month.from }), ...read.minus.map((days) => rawSource(filter, days, grouping, -1)));
  }
  return Prisma.sql`(${Prisma.join(parts.map((part) => Prisma.sql`SELECT * FROM ${part} x`), " UNION ALL ")})`;
}

/** More joint values than this in one statement's `scope = ANY(…)` and the narrowing is read part by part instead. */
const MAX_JOINT_SCOPES = 5_000;

/**
 * Narrowings by attributes only (no channel, touchpoint or member units) and a grouping by an attribute or none,
 * over at least two attributes that all lie in one configured combination (docs/decisions/0027): that
 * combination's rows keyed by one of its keys (the grouping's key; else a key not narrowed; else the most narrowed
 * one) — "value" that key's value, "scope" the other keys' values joined by chr(31). When every other key is
 * narrowed, the narrowing is `scope = ANY(the joint values)`: a range of the index, exactly the rows kept;
 * otherwise the narrowed parts of "scope" are compared (`split_part`). Null when no combination covers them.
 */
function combinationSource(
  filter: AnalyticsFilter,
  range: DateRange,
  narrowings: DimensionFilter[],
  grouping: SourceGrouping,
  daily: boolean,
): { keys: string[]; source: Prisma.Sql } | null {
  if (!filter.combinations?.length || narrowings.length === 0) return null;
  // Survey and month groupings read the rows' "surveyId" and "day"; channel, touchpoint and locale are not in any combination.
  if (!["none", "survey", "month", "attribute"].includes(grouping.kind)) return null;
  if (!narrowings.every((n) => n.dimension.startsWith("a:"))) return null;
  const narrowed = new Map(narrowings.map((n) => [n.dimension.slice(2), n.values]));
  const needed = new Set([...narrowed.keys(), ...(grouping.kind === "attribute" ? [grouping.key] : [])]);
  if (needed.size < 2) return null;
  // The smallest configured combination holding every key needed (fewest rows per response and value to read).
  const keys = filter.combinations
    .filter((c) => [...needed].every((key) => c.includes(key)))
    .sort((a, b) => a.length - b.length)[0];
  if (!keys) return null;
  const by =
    grouping.kind === "attribute"
      ? grouping.key
      : (keys.find((key) => !narrowed.has(key)) ??
        [...keys].sort((a, b) => (narrowed.get(b)?.length ?? 0) - (narrowed.get(a)?.length ?? 0))[0]!);
  const others = keys.filter((key) => key !== by);
  const conditions: Prisma.Sql[] = [];
  const jointSize = others.reduce((size, key) => size * (narrowed.get(key)?.length ?? Infinity), 1);
  let scope: string[] | "any";
  if (jointSize <= MAX_JOINT_SCOPES) {
    // Every joint value of the other keys' narrowed values, in the keys' order (as the rows' "scope" holds them).
    scope = others.reduce<string[] | null>((joint, key) => {
      const values = narrowed.get(key) ?? [];
      return joint === null ? [...values] : joint.flatMap((prefix) => values.map((value) => `${prefix}\u001f${value}`));
    }, null) ?? [];
  } else {
    scope = "any";
    // The literal predicate of the combinations' partial index (a day range over the combination's rows).
    conditions.push(Prisma.sql`r."dimension" LIKE 'c:%'`);
    others.forEach((key, i) => {
      const values = narrowed.get(key);
      if (values) conditions.push(Prisma.sql`split_part(r."scope", chr(31), ${i + 1}::int) = ANY(${values}::text[])`);
    });
  }
  const source = aggregateSource(filter, range, {
    dimension: `c:${keys.join("|")}:${by}`,
    values: narrowed.get(by) ?? null,
    scope,
    daily,
    conditions,
    valueColumn: grouping.kind === "attribute" ? undefined : Prisma.sql`''`,
  });
  return { keys, source };
}

/**
 * Aggregate rows of one dimension (optionally only some values) over `range`, for the whole organisation
 * (`scope` null) or the given units' own monthly rows. `monthsOnly`: `range` is whole months (from split.months).
 * `conditions` narrow further; `valueColumn` replaces the "value" column ('' for a combination's rows read ungrouped).
 */
function aggregateSource(
  filter: AnalyticsFilter,
  range: DateRange,
  options: {
    dimension: string;
    values: string[] | null;
    /** null: the whole organisation's rows (scope ''); values: those scopes (units, a combination's joint values); "any": no condition. */
    scope: string[] | null | "any";
    daily?: boolean;
    monthsOnly?: boolean;
    conditions?: Prisma.Sql[];
    valueColumn?: Prisma.Sql;
  },
): Prisma.Sql {
  const parts = [Prisma.sql`r."organizationId" = ${filter.organizationId}::uuid`, Prisma.sql`r."dimension" = ${options.dimension}`];
  if (options.scope === null) parts.push(Prisma.sql`r."scope" = ''`);
  else if (options.scope !== "any") parts.push(Prisma.sql`r."scope" = ANY(${options.scope}::text[])`);
  if (options.values) parts.push(Prisma.sql`r."value" = ANY(${options.values}::text[])`);
  parts.push(...(options.conditions ?? []));
  const value = options.valueColumn ?? Prisma.sql`r."value"`;
  const columns = (sign: 1 | -1) => Prisma.sql`r."day", r."surveyId", ${value} AS "value", ${sign > 0 ? AGGREGATE_COUNTS : NEGATED_AGGREGATE_COUNTS}`;
  if (filter.surveyIds.length) parts.push(Prisma.sql`r."surveyId" = ANY(${filter.surveyIds}::uuid[])`);
  // The pending responses' rows (docs/decisions/0034), computed once per source: every day of the range from their
  // daily rows in one more part — each pending response in the range is counted once, whatever months and days the
  // table's parts read (a response's daily and monthly rows carry the same counts). A unit's own rows are monthly
  // only, so the units' scope reads the pending rows part by part, as the table's.
  const perPart = Array.isArray(options.scope) && !options.dimension.startsWith("c:");
  const where = (grain: "M" | "D", from: string, to: string) =>
    and([...parts, Prisma.sql`r."grain" = ${grain}`, Prisma.sql`r."day" BETWEEN ${from}::date AND ${to}::date`]);
  const withTail = (selects: Prisma.Sql[]) => {
    // A months-only range ends at its last month's first day: its days run to that month's end.
    const lastDay = options.monthsOnly ? addDays(nextMonthStart(range.to), -1) : range.to;
    const tail = perPart ? [] : [Prisma.sql`SELECT ${columns(1)} FROM pending_aggregates r WHERE ${where("D", range.from, lastDay)}`];
    return Prisma.sql`(WITH pending_aggregates AS MATERIALIZED (${pendingRows("ResponseAggregate", filter.organizationId)}) ${Prisma.join([...selects, ...tail], " UNION ALL ")})`;
  };
  const rows = (grain: "M" | "D", from: string, to: string, sign: 1 | -1 = 1) => {
    const table = Prisma.sql`SELECT ${columns(sign)} FROM "ResponseAggregate" r WHERE ${where(grain, from, to)}`;
    return perPart ? Prisma.sql`${table} UNION ALL SELECT ${columns(sign)} FROM pending_aggregates r WHERE ${where(grain, from, to)}` : table;
  };
  if (options.monthsOnly) return withTail([rows("M", range.from, range.to)]);
  if (options.daily) return withTail([rows("D", range.from, range.to)]);
  // Whole months from the monthly rows; a partial month at an end from its daily rows, or from its monthly row less
  // the daily rows of its days outside the range when those are fewer (days after today have none yet).
  const split = splitByMonths(range);
  const selects = split.months ? [rows("M", split.months.from, split.months.to)] : [];
  for (const read of partialMonthReads(split.days, todayIn(filter.timeZone))) {
    if ("days" in read) selects.push(rows("D", read.days.from, read.days.to));
    else selects.push(rows("M", read.month.from, read.month.from), ...read.minus.map((days) => rows("D", days.from, days.to, -1)));
  }
  return withTail(selects);
}

function rawSource(filter: AnalyticsFilter, range: DateRange, grouping: SourceGrouping, sign: 1 | -1 = 1): Prisma.Sql {
  return Prisma.sql`(SELECT (r."createdAt" AT TIME ZONE ${filter.timeZone})::date AS "day", r."surveyId",
      ${rawGroupValue(filter, grouping)} AS "value", ${RAW_HISTOGRAM[sign]}
    FROM "Response" r WHERE ${responseWhere(filter, range)} AND r."score" IS NOT NULL)`;
}

/** The same conditions on raw "Response" rows aliased `r` (local days turned into instants). */
export function responseWhere(filter: AnalyticsFilter, range: DateRange = filter.range): Prisma.Sql {
  const parts = [
    Prisma.sql`r."organizationId" = ${filter.organizationId}::uuid`,
    Prisma.sql`NOT r."excluded"`,
    Prisma.sql`r."createdAt" >= (${range.from}::date::timestamp AT TIME ZONE ${filter.timeZone})`,
    Prisma.sql`r."createdAt" < ((${range.to}::date + 1)::timestamp AT TIME ZONE ${filter.timeZone})`,
  ];
  if (filter.surveyIds.length) parts.push(Prisma.sql`r."surveyId" = ANY(${filter.surveyIds}::uuid[])`);
  if (filter.channels.length) parts.push(Prisma.sql`r."channel"::text = ANY(${filter.channels}::text[])`);
  if (filter.touchpoints.length) parts.push(Prisma.sql`coalesce(r."touchpoint", '') = ANY(${filter.touchpoints}::text[])`);
  for (const [key, values] of Object.entries(filter.attributes)) {
    if (values.length) parts.push(Prisma.sql`${attributeValue("r", filter.organizationId, key)} = ANY(${values}::text[])`);
  }
  if (filter.unitIds) parts.push(Prisma.sql`r."unitId" = ANY(${filter.unitIds}::uuid[])`);
  return and(parts);
}

/**
 * Conditions on "Invitation" aliased `i` for invitations created in the filter's range. Attribute filters
 * apply to the contact as it is now, aliased `c` (join "Contact" c when `filter.attributes` names values).
 */
export function invitationWhere(filter: AnalyticsFilter): Prisma.Sql {
  const parts = [
    Prisma.sql`i."organizationId" = ${filter.organizationId}::uuid`,
    Prisma.sql`i."createdAt" >= (${filter.range.from}::date::timestamp AT TIME ZONE ${filter.timeZone})`,
    Prisma.sql`i."createdAt" < ((${filter.range.to}::date + 1)::timestamp AT TIME ZONE ${filter.timeZone})`,
  ];
  if (filter.surveyIds.length) parts.push(Prisma.sql`i."surveyId" = ANY(${filter.surveyIds}::uuid[])`);
  if (filter.channels.length) parts.push(Prisma.sql`i."channel"::text = ANY(${filter.channels}::text[])`);
  for (const [key, values] of Object.entries(filter.attributes)) {
    if (values.length) parts.push(Prisma.sql`${attributeValue("c", filter.organizationId, key)} = ANY(${values}::text[])`);
  }
  if (filter.unitIds) parts.push(Prisma.sql`i."unitId" = ANY(${filter.unitIds}::uuid[])`);
  return and(parts);
}

/** True when the filter narrows by a contact attribute (invitation queries then need "Contact" c). */
export function filtersByAttribute(filter: AnalyticsFilter): boolean {
  return Object.values(filter.attributes).some((values) => values.length > 0);
}

/** SUM of the rollup's histogram columns as h0 … h10. */
export const HISTOGRAM_SUMS = Prisma.raw(
  Array.from({ length: 11 }, (_, i) => `COALESCE(SUM(r."h${i}"), 0)::int AS "h${i}"`).join(", "),
);

export type HistogramRow = { h0: number; h1: number; h2: number; h3: number; h4: number; h5: number; h6: number; h7: number; h8: number; h9: number; h10: number };

export function histogramOf(row: HistogramRow | undefined): number[] {
  return Array.from({ length: 11 }, (_, i) => (row ? row[`h${i}` as keyof HistogramRow] : 0));
}
