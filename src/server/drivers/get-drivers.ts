import "server-only";
import { AppError } from "@/lib/errors";
import {
  analyseDrivers,
  BOOTSTRAP_SAMPLE_LIMIT,
  bootstrapNeeded,
  toApiDrivers,
  type AnalyseOptions,
  type ApiDriver,
  type ApiDrivers,
  type DriverAnalysis,
  type DriverQuestion,
} from "@/lib/key-drivers";
import { DEFAULT_BOOTSTRAP_SEED, DEFAULT_RESAMPLES, intervalsDiffer } from "@/lib/relative-weights";
import { CHANNELS, type AnalyticsQuery, type ChannelName } from "@/schemas/analytics";
import { surveyIdSchema } from "@/schemas/survey";
import { resolveFilter, type AnalyticsFilter } from "@/server/analytics/filter";
import { readNpsParams } from "@/server/api/read-nps-params";
import { assertKnownDimensions } from "@/server/attributes/assert-known-dimensions";
import { db } from "@/server/db";
import { bootstrapImportanceParallel } from "./bootstrap-pool";
import { listDriverQuestions } from "./list-driver-questions";
import { listThemeDrivers } from "./list-theme-drivers";
import { loadDriverData, THEME_DRIVER_PREFIX } from "./load-driver-data";

/**
 * Key driver analysis of `questions` for one resolved filter: complete-case sums in SQL, relative weights and a
 * percentile bootstrap (on all complete cases, or a uniform sample of at most 20,000) in JavaScript, the bootstrap's
 * resamples spread over worker threads.
 */
export async function analyseFilter(filter: AnalyticsFilter, questions: readonly DriverQuestion[], options: AnalyseOptions = {}): Promise<DriverAnalysis> {
  const sampleLimit = options.sampleLimit ?? BOOTSTRAP_SAMPLE_LIMIT;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  if (questions.length === 0) return analyseDrivers(questions, { n: 0, sums: [0], cross: [0] }, [], options);
  const data = await loadDriverData(filter, questions, { sampleLimit, seed });
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  // The bootstrap on the worker pool (same intervals as in this thread, resamples split over the cores).
  const intervals = bootstrapNeeded(questions.length, data.moments) ? await bootstrapImportanceParallel(data.sample, questions.length, { resamples, seed }) : null;
  return analyseDrivers(questions, data.moments, data.sample, { ...options, resamples, sampleLimit, seed, intervals });
}

/** The survey (of this organisation) with the organisation's time zone, or not_found. */
async function findSurvey(organizationId: string, surveyId: string) {
  const id = surveyIdSchema.safeParse(surveyId);
  if (!id.success) throw new AppError("not_found", "Survey not found.");
  const survey = await db.survey.findFirst({
    where: { id: id.data, organizationId },
    select: { id: true, name: true, organization: { select: { timeZone: true } } },
  });
  if (!survey) throw new AppError("not_found", "Survey not found.");
  return survey;
}

export type GetSurveyDriversOptions = {
  /** From the API key, never from the request. */
  organizationId: string;
  surveyId: string;
  searchParams: URLSearchParams;
  now?: Date;
};

/**
 * GET /api/v1/surveys/{id}/drivers: the survey's key drivers under the NPS endpoint's filters (the same
 * parameters, read by readNpsParams; groupBy does not apply here and is refused). Another organisation's survey
 * is not_found.
 */
export async function getSurveyDrivers({ organizationId, surveyId, searchParams, now = new Date() }: GetSurveyDriversOptions): Promise<ApiDrivers | ApiDriversWithThemes> {
  const id = surveyIdSchema.safeParse(surveyId);
  if (!id.success) throw new AppError("not_found", "Survey not found.");
  const includeThemes = readIncludeThemes(searchParams);
  const filterParams = new URLSearchParams(searchParams);
  filterParams.delete("includeThemes");
  const { query, groupBy } = readNpsParams(filterParams, id.data);
  if (groupBy !== null) throw new AppError("bad_request", "groupBy does not apply to drivers; compare segments with attr.<key> filters.");
  const survey = await findSurvey(organizationId, id.data);
  await assertKnownDimensions({ organizationId, attributes: query.attributes, groupBy: null });
  const filter = resolveFilter({ ...query, survey: [survey.id] }, { organizationId, timeZone: survey.organization.timeZone }, now);
  const questions = await listDriverQuestions(organizationId, survey.id);
  if (!includeThemes) return toApiDrivers(await analyseFilter(filter, questions));
  const drivers = [...questions, ...(await listThemeDrivers(organizationId))];
  return withThemeKeys(toApiDrivers(await analyseFilter(filter, drivers)));
}

/** A comment theme as a driver in the API: no question, its theme key instead (scale 0–1: mentioned or not). */
export type ApiThemeDriver = Omit<ApiDriver, "questionId"> & { questionId: null; themeKey: string };
export type ApiDriversWithThemes = Omit<ApiDrivers, "drivers"> & { drivers: (ApiDriver | ApiThemeDriver)[] };

/** `includeThemes=true|false` (default false); anything else is 422, a repeat 400, as for the filters. */
function readIncludeThemes(searchParams: URLSearchParams): boolean {
  const values = searchParams.getAll("includeThemes");
  if (values.length > 1) throw new AppError("bad_request", 'The query parameter "includeThemes" is given more than once.');
  const value = values[0];
  if (value === undefined || value === "" || value === "false") return false;
  if (value === "true") return true;
  throw new AppError("validation_failed", "includeThemes: true or false.", { fields: ["includeThemes"] });
}

function withThemeKeys(api: ApiDrivers): ApiDriversWithThemes {
  return {
    ...api,
    drivers: api.drivers.map((driver): ApiDriver | ApiThemeDriver => {
      if (!driver.questionId.startsWith(THEME_DRIVER_PREFIX)) return driver;
      const { questionId, ...rest } = driver;
      return { questionId: null, themeKey: questionId.slice(THEME_DRIVER_PREFIX.length), ...rest };
    }),
  };
}

/** What a segment is cut by: a dimension attribute, the touchpoint or the channel. */
export type SegmentDimension = { kind: "attribute"; key: string } | { kind: "touchpoint" } | { kind: "channel" };

/** The filter narrowed to one value of a dimension (replacing any narrowing of that dimension). */
export function segmentFilter(filter: AnalyticsFilter, dimension: SegmentDimension, value: string): AnalyticsFilter {
  switch (dimension.kind) {
    case "attribute":
      return { ...filter, attributes: { ...filter.attributes, [dimension.key]: [value] } };
    case "touchpoint":
      return { ...filter, touchpoints: [value] };
    case "channel":
      if (!(CHANNELS as readonly string[]).includes(value)) throw new AppError("validation_failed", `Unknown channel "${value.slice(0, 20)}".`);
      return { ...filter, channels: [value as ChannelName] };
  }
}

export type SegmentComparison = {
  dimension: SegmentDimension;
  a: { value: string; analysis: DriverAnalysis };
  b: { value: string; analysis: DriverAnalysis };
  /** Per driver (question id): true when the two importance intervals do not overlap. */
  differs: Record<string, boolean>;
};

export type DriversView = {
  survey: { id: string; name: string };
  analysis: DriverAnalysis;
  comparison: SegmentComparison | null;
};

export type GetDriversViewOptions = {
  organizationId: string;
  surveyId: string;
  /** The dashboard's filter as parsed from the URL (its survey list is ignored: the survey is this one). */
  query: AnalyticsQuery;
  timeZone: string;
  /** A scoped member's units (src/server/org/member-scope.ts); null = the whole organisation. */
  unitIds: string[] | null;
  segment?: { dimension: SegmentDimension; a: string; b: string } | null;
  /** Comment themes as binary drivers too (the complete cases are then the responses with a read comment). */
  includeThemes?: boolean;
  now?: Date;
};

/** The drivers page: the analysis under the dashboard's filter, and optionally the same for two segments side by side. */
export async function getDriversView({ organizationId, surveyId, query, timeZone, unitIds, segment = null, includeThemes = false, now = new Date() }: GetDriversViewOptions): Promise<DriversView> {
  const survey = await findSurvey(organizationId, surveyId);
  const segmentKey = segment?.dimension.kind === "attribute" ? segment.dimension.key : null;
  await assertKnownDimensions({
    organizationId,
    attributes: query.attributes,
    groupBy: segmentKey === null ? null : { kind: "attribute", key: segmentKey },
  });
  const filter = resolveFilter({ ...query, survey: [survey.id] }, { organizationId, timeZone, unitIds }, now);
  const questions = [...(await listDriverQuestions(organizationId, survey.id)), ...(includeThemes ? await listThemeDrivers(organizationId) : [])];
  // One at a time: each is a heavy statement plus a CPU-bound bootstrap; running them together gains nothing on a small machine.
  const analysis = await analyseFilter(filter, questions);
  let comparison: SegmentComparison | null = null;
  if (segment) {
    const a = await analyseFilter(segmentFilter(filter, segment.dimension, segment.a), questions);
    const b = await analyseFilter(segmentFilter(filter, segment.dimension, segment.b), questions);
    const intervalsOf = (x: DriverAnalysis) => new Map(x.drivers.map((d) => [d.questionId, d.interval]));
    const ia = intervalsOf(a);
    const ib = intervalsOf(b);
    const differs = Object.fromEntries(questions.map((q) => [q.questionId, intervalsDiffer(ia.get(q.questionId) ?? null, ib.get(q.questionId) ?? null)]));
    comparison = { dimension: segment.dimension, a: { value: segment.a, analysis: a }, b: { value: segment.b, analysis: b }, differs };
  }
  return { survey: { id: survey.id, name: survey.name }, analysis, comparison };
}
