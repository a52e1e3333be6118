import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/generated/prisma/client";
import { classifyScore } from "@/lib/nps";
import { compareOverTime, compareSegments, type GroupCategoryCount, type OverTime, type SegmentComparison } from "@/lib/outcome-breakdowns";
import { buildOutcomeReport, type OutcomeReport, type ScoreRow } from "@/lib/outcome-report";
import { revenueAtRisk, revenueWeightedNps, type RevenueAtRisk, type RevenueWeightedNps, type ValueCategories, type ValueSums } from "@/lib/outcome-value";
import type { GroupBy } from "@/schemas/analytics";
import { OUTCOME_BASE_TYPES, OUTCOME_WINDOWS, outcomeTypeSchema, type OutcomeWindow } from "@/schemas/outcome";
import { surveyIdSchema } from "@/schemas/survey";
import { readNpsParams } from "@/server/api/read-nps-params";
import { resolveFilter, responseWhere, type AnalyticsFilter } from "@/server/analytics/filter";
import { assertKnownDimensions } from "@/server/attributes/assert-known-dimensions";
import { validationError } from "@/server/http/respond";
import { db } from "@/server/db";
import { getNonResponseOutcomes, type NonResponseOutcomes } from "./get-non-response-outcomes";
import { followUpWithin } from "./follow-ups";
import { countsAnswer, outcomeCountRows } from "./outcome-counts";
import { outcomeQuarterRows } from "./get-outcome-trend";

const reportParams = z.object({
  type: outcomeTypeSchema.default("churned"),
  windowDays: z
    .enum(OUTCOME_WINDOWS.map(String) as ["90", "180", "365"], { message: "Use 90, 180 or 365." })
    .default("180")
    .transform((value) => Number(value) as OutcomeWindow),
});

type SqlRow = {
  score: number;
  seg: string;
  n: number;
  events: number;
  amountSum: number;
  amountSquares: number;
  revenue: number;
  revenueSquares: number;
  churned: number;
  churnedRevenue: number;
  tooRecent: number;
};

/** The dimensions the report can be broken down by (a survey has one survey, and months are the trend's job). */
export type OutcomeSegmentBy = { kind: "touchpoint" | "channel" | "locale" } | Extract<GroupBy, { kind: "attribute" }>;

/**
 * A response's value of the segment dimension, aliased `r` — what the dashboard's segments count: for an attribute the
 * value as its definition reads it (merged values, number bands: the SQL function nps_dimension_value).
 */
function segmentValue(organizationId: string, segmentBy: OutcomeSegmentBy | null): Prisma.Sql {
  if (segmentBy === null) return Prisma.sql`''`;
  switch (segmentBy.kind) {
    case "attribute":
      return Prisma.sql`coalesce((SELECT nps_dimension_value(r."attributes" ->> d."key", d."kind", d."bands", d."valueAliases")
        FROM "AttributeDefinition" d WHERE d."organizationId" = ${organizationId}::uuid AND d."key" = ${segmentBy.key}), '')`;
    case "touchpoint":
      return Prisma.sql`coalesce(r."touchpoint", '')`;
    case "channel":
      return Prisma.sql`r."channel"::text`;
    case "locale":
      return Prisma.sql`r."locale"`;
  }
}

export type OutcomeScoreRows = {
  rows: ScoreRow[];
  tooRecent: number;
  /** withValue: per category, revenue (max 0, in the window) and churn in the window (src/lib/outcome-value.ts). */
  value: ValueCategories | null;
  /** segmentBy: per segment value and category, contacts and those with the event. */
  segments: GroupCategoryCount[] | null;
};

const CATEGORY: Record<ReturnType<typeof classifyScore>, GroupCategoryCount["category"]> = { PROMOTER: "promoter", PASSIVE: "passive", DETRACTOR: "detractor" };

/**
 * Per score 0–10, one row per contact: the contact's latest answer in the filter that is at least one full window
 * old (younger answers would have a short follow-up: those contacts are counted in tooRecent, not in the rates),
 * whether the contact had an event of `type` within `windowDays` after it, and the sum of those events' amounts.
 * Anonymous answers (no contact) cannot be related to behaviour and are left out. One pass in SQL: each contact's
 * row is picked in contact order (the latest mature answer, else their latest answer, which marks them too recent),
 * their events in the window are joined and counted per contact, then per score. `withValue` adds revenue and churn
 * in the same join; `segmentBy` groups by the picked answer's segment value too.
 */
export async function outcomeScoreRows(
  filter: AnalyticsFilter,
  {
    type,
    windowDays,
    now,
    withValue = false,
    segmentBy = null,
  }: { type: string; windowDays: number; now: Date; withValue?: boolean; segmentBy?: OutcomeSegmentBy | null },
): Promise<OutcomeScoreRows> {
  // The API's report (and the page's plain one): read from the counts, without visiting every contact (decision 0028).
  if (!withValue && segmentBy === null && countsAnswer(filter)) {
    return { ...(await outcomeCountRows(filter, { type, windowDays, now })), value: null, segments: null };
  }
  const matureBefore = new Date(now.getTime() - windowDays * 86_400_000);
  const within = followUpWithin(windowDays);
  // One row per picked answer and type at most ("OutcomeFollowUp"): the contact's events of the type in the year after
  // it, summarised by the writers. Read index-only in contact order, like the picked answers.
  const followUp = (alias: string, outcomeType: string) =>
    Prisma.sql`LEFT JOIN "OutcomeFollowUp" ${Prisma.raw(alias)} ON p.mature AND ${Prisma.raw(alias)}."organizationId" = ${filter.organizationId}::uuid
      AND ${Prisma.raw(alias)}."type" = ${outcomeType} AND ${Prisma.raw(alias)}."contactId" = p."contactId" AND ${Prisma.raw(alias)}."responseId" = p."id"`;
  const valueJoins = withValue ? Prisma.sql`${followUp("fr", "revenue")} ${followUp("fc", "churned")}` : Prisma.empty;
  const valueColumns = withValue
    ? Prisma.sql`, greatest(coalesce(fr.${within.amount}, 0), 0)::float8 AS revenue, coalesce(fc."firstAt" <= p."createdAt" + ${within.interval}, false) AS churned`
    : Prisma.sql`, 0::float8 AS revenue, false AS churned`;
  // Equality for one survey: the planner then reads the partial index on "Response" in contact order (decision 0028).
  const oneSurvey = filter.surveyIds.length === 1 ? Prisma.sql`AND r."surveyId" = ${filter.surveyIds[0]}::uuid` : Prisma.empty;
  // picked is referenced once, so it stays a subquery whose order (by contact) the joins can use; contacts too recent
  // join nothing and land in the -1 row.
  const result = await db.$queryRaw<SqlRow[]>`
    WITH picked AS (
      SELECT DISTINCT ON (r."contactId") r."id", r."contactId", r."score", r."createdAt", r."createdAt" <= ${matureBefore} AS mature,
             ${segmentValue(filter.organizationId, segmentBy)} AS seg
      FROM "Response" r
      WHERE ${responseWhere(filter)} AND r."score" IS NOT NULL AND r."contactId" IS NOT NULL ${oneSurvey}
      ORDER BY r."contactId", r."createdAt" <= ${matureBefore} DESC, r."createdAt" DESC, r."id" DESC
    ),
    followed AS (
      SELECT p."score", p.seg, p.mature, coalesce(f."firstAt" <= p."createdAt" + ${within.interval}, false) AS event,
             coalesce(f.${within.amount}, 0)::float8 AS amount ${valueColumns}
      FROM picked p ${followUp("f", type)} ${valueJoins}
    )
    SELECT CASE WHEN f.mature THEN f."score"::int ELSE -1 END AS score, CASE WHEN f.mature THEN f.seg ELSE '' END AS seg,
           count(*)::int AS n, count(*) FILTER (WHERE f.event)::int AS events,
           coalesce(sum(f.amount), 0)::float8 AS "amountSum", coalesce(sum(f.amount * f.amount), 0)::float8 AS "amountSquares",
           coalesce(sum(f.revenue), 0)::float8 AS revenue, coalesce(sum(f.revenue * f.revenue), 0)::float8 AS "revenueSquares",
           count(*) FILTER (WHERE f.churned)::int AS churned, coalesce(sum(f.revenue) FILTER (WHERE f.churned), 0)::float8 AS "churnedRevenue",
           count(*) FILTER (WHERE NOT f.mature)::int AS "tooRecent"
    FROM followed f GROUP BY 1, 2`;
  const tooRecent = result.find((r) => r.score === -1)?.tooRecent ?? 0;
  const scored = result.filter((r) => r.score >= 0);
  const byScore = new Map<number, ScoreRow>();
  for (const r of scored) {
    const row = byScore.get(r.score) ?? { score: r.score, n: 0, events: 0, amountSum: 0, amountSquares: 0 };
    row.n += r.n;
    row.events += r.events;
    row.amountSum += r.amountSum;
    row.amountSquares += r.amountSquares;
    byScore.set(r.score, row);
  }
  let value: ValueCategories | null = null;
  if (withValue) {
    const empty = (): ValueSums => ({ n: 0, revenue: 0, revenueSquares: 0, churned: 0, churnedRevenue: 0 });
    value = { promoter: empty(), passive: empty(), detractor: empty() };
    for (const r of scored) {
      const sums = value[CATEGORY[classifyScore(r.score)]];
      sums.n += r.n;
      sums.revenue += r.revenue;
      sums.revenueSquares += r.revenueSquares;
      sums.churned += r.churned;
      sums.churnedRevenue += r.churnedRevenue;
    }
  }
  let segments: GroupCategoryCount[] | null = null;
  if (segmentBy) {
    const byKey = new Map<string, GroupCategoryCount>();
    for (const r of scored) {
      const category = CATEGORY[classifyScore(r.score)];
      const id = `${category}\u0000${r.seg}`;
      const cell = byKey.get(id) ?? { key: r.seg, category, n: 0, events: 0 };
      cell.n += r.n;
      cell.events += r.events;
      byKey.set(id, cell);
    }
    segments = [...byKey.values()];
  }
  return { rows: [...byScore.values()].sort((a, b) => a.score - b.score), tooRecent, value, segments };
}

export type OutcomeReportOptions = {
  organizationId: string;
  surveyId: string;
  searchParams: URLSearchParams;
  /** A member scoped to units reads their subtree only (the dashboard); the API reads the whole organisation. */
  unitIds?: string[] | null;
  now?: Date;
  /** The page also shows the outcome among invited respondents vs non-respondents (not part of the API's answer). */
  withNonResponse?: boolean;
  /** The page's value at stake: revenue-weighted NPS and revenue at risk (not part of the API's answer). */
  withValue?: boolean;
  /** The page's table by segment: detractors vs promoters per value of this dimension (not part of the API's answer). */
  segmentBy?: OutcomeSegmentBy | null;
  /** The page's relationship per quarter of the answer and its trend (not part of the API's answer). */
  withTrend?: boolean;
};

/** Value at stake, hidden whole (null figures, suppressed) when an NPS category is below the privacy threshold. */
export type OutcomeValue = { weighted: RevenueWeightedNps | null; atRisk: RevenueAtRisk | null; suppressed: boolean };

export type OutcomeReportPage = OutcomeReport & {
  survey: { id: string; name: string };
  nonResponse: NonResponseOutcomes | null;
  value: OutcomeValue | null;
  segments: { segmentBy: OutcomeSegmentBy; rows: SegmentComparison[] } | null;
  overTime: OverTime | null;
};

/**
 * The validation report ("does NPS predict behaviour here?") for a survey: `type` (default churned) and `windowDays`
 * (90, 180 or 365; default 180) plus the NPS endpoint's filters; without `range` the period is all time (the
 * one-window maturity rule already leaves out answers too young to follow up). groupBy does not apply (400).
 */
export async function getOutcomeReport({
  organizationId,
  surveyId,
  searchParams,
  unitIds = null,
  now = new Date(),
  withNonResponse = false,
  withValue = false,
  segmentBy = null,
  withTrend = false,
}: OutcomeReportOptions): Promise<OutcomeReportPage> {
  const id = surveyIdSchema.safeParse(surveyId);
  if (!id.success) throw new AppError("not_found", "Survey not found.");
  const own = { type: searchParams.getAll("type"), windowDays: searchParams.getAll("windowDays") };
  for (const [name, values] of Object.entries(own)) {
    if (values.length > 1) throw new AppError("bad_request", `Give the ${name} parameter at most once.`);
  }
  const parsed = reportParams.safeParse({ type: own.type[0], windowDays: own.windowDays[0] });
  if (!parsed.success) throw validationError(parsed.error);
  const filterParams = new URLSearchParams(searchParams);
  filterParams.delete("type");
  filterParams.delete("windowDays");
  if (!filterParams.has("range")) filterParams.set("range", "all");
  const { query, groupBy } = readNpsParams(filterParams, id.data);
  if (groupBy !== null) throw new AppError("bad_request", "groupBy does not apply to the outcomes report; narrow with the filters instead.");
  const survey = await db.survey.findFirst({
    where: { id: id.data, organizationId },
    select: { id: true, name: true, organization: { select: { timeZone: true, suppressN: true } } },
  });
  if (!survey) throw new AppError("not_found", "Survey not found.");
  await assertKnownDimensions({ organizationId, attributes: query.attributes, groupBy: segmentBy });
  const { timeZone, suppressN } = survey.organization;
  const filter = resolveFilter({ ...query, survey: [survey.id] }, { organizationId, timeZone, unitIds }, now);
  const [{ rows, tooRecent, value: sums, segments }, nonResponse, quarters] = await Promise.all([
    outcomeScoreRows(filter, { ...parsed.data, now, withValue, segmentBy }),
    withNonResponse ? getNonResponseOutcomes(filter, { ...parsed.data, now, suppressN }) : Promise.resolve(null),
    withTrend ? outcomeQuarterRows(filter, { ...parsed.data, now }) : Promise.resolve(null),
  ]);
  const report = buildOutcomeReport({ type: parsed.data.type, windowDays: parsed.data.windowDays, excludedTooRecent: tooRecent, rows, suppressN });
  let value: OutcomeValue | null = null;
  if (sums) {
    const hidden = report.api.groups.some((g) => "suppressed" in g && g.suppressed === true);
    value = hidden ? { weighted: null, atRisk: null, suppressed: true } : { weighted: revenueWeightedNps(sums), atRisk: revenueAtRisk(sums), suppressed: false };
  }
  return {
    ...report,
    survey: { id: survey.id, name: survey.name },
    nonResponse,
    value,
    segments: segmentBy && segments ? { segmentBy, rows: compareSegments(segments, suppressN) } : null,
    overTime: quarters ? compareOverTime(quarters, suppressN) : null,
  };
}

/** The outcome types to offer: the four every organisation has, then the organisation's own types in use. */
export async function listOutcomeTypes(organizationId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ type: string }[]>`
    SELECT DISTINCT e."type" FROM "OutcomeEvent" e WHERE e."organizationId" = ${organizationId}::uuid ORDER BY 1 LIMIT 50`;
  const base: readonly string[] = OUTCOME_BASE_TYPES;
  return [...base, ...rows.map((r) => r.type).filter((type) => !base.includes(type))];
}
