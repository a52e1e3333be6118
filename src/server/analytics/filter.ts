import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { presetRange, todayIn, type DateRange } from "@/lib/date-range";
import { splitByMonths } from "@/lib/month-split";
import type { AnalyticsQuery, ChannelName } from "@/schemas/analytics";

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
};

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

/** Conditions on a rollup table aliased `r`, except the date range. */
function rollupDimensions(filter: AnalyticsFilter): Prisma.Sql[] {
  const parts = [Prisma.sql`r."organizationId" = ${filter.organizationId}::uuid`];
  if (filter.surveyIds.length) parts.push(Prisma.sql`r."surveyId" = ANY(${filter.surveyIds}::uuid[])`);
  if (filter.channels.length) parts.push(Prisma.sql`r."channel"::text = ANY(${filter.channels}::text[])`);
  if (filter.touchpoints.length) parts.push(Prisma.sql`r."touchpoint" = ANY(${filter.touchpoints}::text[])`);
  for (const [key, values] of Object.entries(filter.attributes)) {
    if (values.length) parts.push(Prisma.sql`r."attributes"->>${key} = ANY(${values}::text[])`);
  }
  if (filter.unitIds) parts.push(Prisma.sql`r."unitId" = ANY(${filter.unitIds}::text[])`);
  return parts;
}

const ROLLUP_COLUMNS = Prisma.raw(
  `r."day", r."surveyId", r."channel", r."touchpoint", r."locale", r."attributes", r."n", ${Array.from({ length: 11 }, (_, i) => `r."h${i}"`).join(", ")}`,
);

/**
 * The filtered rollup rows of `range` as a subquery to select FROM (then aliased `r`): whole calendar months
 * from "ResponseRollupMonthly" (its `day` is the month's first day) and the partial months at the ends from
 * the daily "ResponseRollup" — every day counted exactly once. `daily: true` reads days only (needed to
 * bucket by day or week).
 */
export function rollupSource(filter: AnalyticsFilter, range: DateRange = filter.range, options: { daily?: boolean } = {}): Prisma.Sql {
  const split = options.daily ? { months: null, days: [range] } : splitByMonths(range);
  const selects: Prisma.Sql[] = [];
  if (split.months) {
    selects.push(Prisma.sql`SELECT ${ROLLUP_COLUMNS} FROM "ResponseRollupMonthly" r
      WHERE ${and([...rollupDimensions(filter), Prisma.sql`r."day" BETWEEN ${split.months.from}::date AND ${split.months.to}::date`])}`);
  }
  if (split.days.length) {
    const days = Prisma.join(
      split.days.map((d) => Prisma.sql`r."day" BETWEEN ${d.from}::date AND ${d.to}::date`),
      " OR ",
    );
    selects.push(Prisma.sql`SELECT ${ROLLUP_COLUMNS} FROM "ResponseRollup" r
      WHERE ${and([...rollupDimensions(filter), Prisma.sql`(${days})`])}`);
  }
  return Prisma.sql`(${Prisma.join(selects, " UNION ALL ")})`;
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
    if (values.length) parts.push(Prisma.sql`r."attributes"->>${key} = ANY(${values}::text[])`);
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
    if (values.length) parts.push(Prisma.sql`c."attributes"->>${key} = ANY(${values}::text[])`);
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
