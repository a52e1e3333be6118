import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { buildOutcomeReport, type OutcomeReport, type ScoreRow } from "@/lib/outcome-report";
import { OUTCOME_BASE_TYPES, OUTCOME_WINDOWS, outcomeTypeSchema, type OutcomeWindow } from "@/schemas/outcome";
import { surveyIdSchema } from "@/schemas/survey";
import { readNpsParams } from "@/server/api/read-nps-params";
import { resolveFilter, responseWhere, type AnalyticsFilter } from "@/server/analytics/filter";
import { assertKnownDimensions } from "@/server/attributes/assert-known-dimensions";
import { validationError } from "@/server/http/respond";
import { db } from "@/server/db";
import { getNonResponseOutcomes, type NonResponseOutcomes } from "./get-non-response-outcomes";

const reportParams = z.object({
  type: outcomeTypeSchema.default("churned"),
  windowDays: z
    .enum(OUTCOME_WINDOWS.map(String) as ["90", "180", "365"], { message: "Use 90, 180 or 365." })
    .default("180")
    .transform((value) => Number(value) as OutcomeWindow),
});

type SqlRow = { score: number; n: number; events: number; amountSum: number; amountSquares: number; tooRecent: number };

/**
 * Per score 0–10, one row per contact: the contact's latest answer in the filter that is at least one full window
 * old (younger answers would have a short follow-up: those contacts are counted in tooRecent, not in the rates),
 * whether the contact had an event of `type` within `windowDays` after it, and the sum of those events' amounts.
 * Anonymous answers (no contact) cannot be related to behaviour and are left out. Aggregated in SQL.
 */
export async function outcomeScoreRows(
  filter: AnalyticsFilter,
  { type, windowDays, now }: { type: string; windowDays: number; now: Date },
): Promise<{ rows: ScoreRow[]; tooRecent: number }> {
  const matureBefore = new Date(now.getTime() - windowDays * 86_400_000);
  const result = await db.$queryRaw<SqlRow[]>`
    WITH answered AS (
      SELECT r."contactId", r."score", r."createdAt", r."createdAt" <= ${matureBefore} AS mature
      FROM "Response" r
      WHERE ${responseWhere(filter)} AND r."score" IS NOT NULL AND r."contactId" IS NOT NULL
    ),
    latest AS (
      SELECT DISTINCT ON (a."contactId") a."contactId", a."score", a."createdAt"
      FROM answered a WHERE a.mature ORDER BY a."contactId", a."createdAt" DESC
    ),
    followed AS (
      SELECT l."score", o.events, o.amount
      FROM latest l
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS events, coalesce(sum(e."amount"), 0)::float8 AS amount
        FROM "OutcomeEvent" e
        WHERE e."organizationId" = ${filter.organizationId}::uuid AND e."contactId" = l."contactId" AND e."type" = ${type}
          AND e."occurredAt" > l."createdAt" AND e."occurredAt" <= l."createdAt" + make_interval(days => ${windowDays}::int)
      ) o
    )
    SELECT f."score"::int AS score, count(*)::int AS n, count(*) FILTER (WHERE f.events > 0)::int AS events,
           coalesce(sum(f.amount), 0)::float8 AS "amountSum", coalesce(sum(f.amount * f.amount), 0)::float8 AS "amountSquares",
           0 AS "tooRecent"
    FROM followed f GROUP BY f."score"
    UNION ALL
    SELECT -1, 0, 0, 0, 0, (SELECT count(*)::int FROM (SELECT 1 FROM answered GROUP BY "contactId" HAVING NOT bool_or(mature)) y)`;
  const tooRecent = result.find((r) => r.score === -1)?.tooRecent ?? 0;
  return {
    rows: result.filter((r) => r.score >= 0).map(({ score, n, events, amountSum, amountSquares }) => ({ score, n, events, amountSum, amountSquares })),
    tooRecent,
  };
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
}: OutcomeReportOptions): Promise<OutcomeReport & { survey: { id: string; name: string }; nonResponse: NonResponseOutcomes | null }> {
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
  await assertKnownDimensions({ organizationId, attributes: query.attributes, groupBy: null });
  const { timeZone, suppressN } = survey.organization;
  const filter = resolveFilter({ ...query, survey: [survey.id] }, { organizationId, timeZone, unitIds }, now);
  const [{ rows, tooRecent }, nonResponse] = await Promise.all([
    outcomeScoreRows(filter, { ...parsed.data, now }),
    withNonResponse ? getNonResponseOutcomes(filter, { ...parsed.data, now, suppressN }) : Promise.resolve(null),
  ]);
  const report = buildOutcomeReport({ type: parsed.data.type, windowDays: parsed.data.windowDays, excludedTooRecent: tooRecent, rows, suppressN });
  return { ...report, survey: { id: survey.id, name: survey.name }, nonResponse };
}

/** The outcome types to offer: the four every organisation has, then the organisation's own types in use. */
export async function listOutcomeTypes(organizationId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ type: string }[]>`
    SELECT DISTINCT e."type" FROM "OutcomeEvent" e WHERE e."organizationId" = ${organizationId}::uuid ORDER BY 1 LIMIT 50`;
  const base: readonly string[] = OUTCOME_BASE_TYPES;
  return [...base, ...rows.map((r) => r.type).filter((type) => !base.includes(type))];
}
