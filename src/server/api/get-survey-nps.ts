import "server-only";
import { AppError } from "@/lib/errors";
import { toApiStats, type NpsStats } from "@/lib/nps";
import { isResultSuppressed } from "@/lib/suppression";
import type { ApiGroupBody, ApiGroupedNpsBody, ApiNpsResultBody } from "@/schemas/api";
import { surveyIdSchema } from "@/schemas/survey";
import { narrowsToSegment, resolveFilter } from "@/server/analytics/filter";
import { getHeadline } from "@/server/analytics/get-headline";
import { getSegments } from "@/server/analytics/get-segments";
import { getTrend } from "@/server/analytics/get-trend";
import { assertKnownDimensions } from "@/server/attributes/assert-known-dimensions";
import { db } from "@/server/db";
import { readNpsParams } from "./read-nps-params";

export type GetSurveyNpsOptions = {
  /** From the API key, never from the request. */
  organizationId: string;
  surveyId: string;
  searchParams: URLSearchParams;
  now?: Date;
};

/** A group's figures, or — when suppressed (below the threshold, or hidden as its complement) — only key and n. */
export function toApiGroup(key: string, stats: NpsStats, suppressed: boolean): ApiGroupBody {
  if (suppressed) {
    return {
      key,
      n: stats.n,
      promoters: null,
      passives: null,
      detractors: null,
      nps: null,
      ciLow: null,
      ciHigh: null,
      mean: null,
      suppressed: true,
    };
  }
  return { key, ...toApiStats(stats), suppressed: false };
}

/** A whole result: its figures, or — narrowed to a segment below the threshold — n only (the contract's keys, figures null). */
export function toApiResult(stats: NpsStats, suppressed: boolean): ApiNpsResultBody {
  if (!suppressed) return toApiStats(stats);
  return { n: stats.n, promoters: null, passives: null, detractors: null, nps: null, ciLow: null, ciHigh: null, mean: null };
}

/**
 * GET /api/v1/surveys/{id}/nps: the survey's NPS for the dashboard's filter, whole or per group. The survey
 * must belong to the key's organisation (else not_found); the organisation's time zone and thresholds apply.
 */
export async function getSurveyNps({
  organizationId,
  surveyId,
  searchParams,
  now = new Date(),
}: GetSurveyNpsOptions): Promise<ApiNpsResultBody | ApiGroupedNpsBody> {
  const id = surveyIdSchema.safeParse(surveyId);
  if (!id.success) throw new AppError("not_found", "Survey not found.");
  const { query, groupBy } = readNpsParams(searchParams, id.data);

  const survey = await db.survey.findFirst({
    where: { id: id.data, organizationId },
    select: { id: true, organization: { select: { timeZone: true, minN: true, suppressN: true } } },
  });
  if (!survey) throw new AppError("not_found", "Survey not found.");
  // attr.<key> and groupBy=attribute:<key> name dimensions only: anything else is a 400 listing the known ones.
  await assertKnownDimensions({ organizationId, attributes: query.attributes, groupBy: groupBy?.kind === "segments" ? groupBy.groupBy : null });
  const { timeZone, minN, suppressN } = survey.organization;
  const thresholds = { minN, suppressN };
  const filter = resolveFilter({ ...query, survey: [survey.id] }, { organizationId, timeZone }, now);

  // Suppression (src/lib/suppression.ts): a result narrowed to a small segment is hidden whole, groups below the
  // threshold and their complements are hidden, for segments and periods alike.
  const narrowed = narrowsToSegment(filter);
  const result = (stats: NpsStats) => toApiResult(stats, isResultSuppressed(stats.n, suppressN, narrowed));
  if (groupBy === null) return result((await getHeadline(filter)).stats);

  if (groupBy.kind === "segments") {
    const segments = await getSegments(filter, groupBy.groupBy, thresholds);
    return {
      groups: segments.groups.map((segment) => toApiGroup(segment.key, segment.stats, segment.status === "suppressed")),
      overall: toApiResult(segments.overall, segments.overallSuppressed),
    };
  }
  const [trend, headline] = await Promise.all([getTrend(filter, groupBy.granularity, thresholds), getHeadline(filter)]);
  const overallSuppressed = isResultSuppressed(headline.stats.n, suppressN, narrowed);
  return {
    groups: trend.points.map((point) => toApiGroup(point.period, point.stats, overallSuppressed || point.suppressedReason !== null)),
    overall: toApiResult(headline.stats, overallSuppressed),
  };
}
