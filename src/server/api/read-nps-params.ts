import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { readAnalyticsParams, type AnalyticsQuery } from "@/schemas/analytics";
import {
  apiGroupBySchema,
  ATTRIBUTE_PARAM_PREFIX,
  NPS_REPEATABLE_PARAMS,
  NPS_SINGLE_PARAMS,
  type ApiGroupBy,
} from "@/schemas/api";

/** Custom dates outside this window are refused (the previous-period comparison must stay in calendar range). */
export const API_EARLIEST_DATE = "1970-01-01";
export const API_LATEST_DATE = "2099-12-31";

export type NpsParams = { query: AnalyticsQuery; groupBy: ApiGroupBy | null };

const groupByParam = z.object({ groupBy: apiGroupBySchema });

/** The query parameter an issue is about, as the caller wrote it: attr.region, not attributes.region.0. */
function parameterName(path: readonly PropertyKey[]): string {
  const [head, second] = path;
  if (head === "attributes" && second !== undefined) return `attr.${String(second)}`;
  return head === undefined ? "" : String(head);
}

function invalid(error: z.ZodError): AppError {
  const message = error.issues
    .map((issue) => {
      const name = parameterName(issue.path);
      return name ? `${name}: ${issue.message}` : issue.message;
    })
    .join("; ");
  return new AppError("validation_failed", message);
}

/**
 * The dashboard's filter from an API query string, strictly: every parameter must be in `single` (at most once),
 * `repeatable` or `attr.<key>` — anything else is 400 bad_request (a typo must not silently widen the filter);
 * invalid values → 422 validation_failed. Parameters in `ignore` are the caller's own (checked by it).
 */
export function readFilterQuery(
  searchParams: URLSearchParams,
  {
    single: singleNames,
    repeatable: repeatableNames,
    ignore = [],
    beforeValues,
  }: { single: readonly string[]; repeatable: readonly string[]; ignore?: readonly string[]; beforeValues?: () => void },
): AnalyticsQuery {
  const singleSet = new Set<string>(singleNames);
  const repeatableSet = new Set<string>(repeatableNames);
  const seen = new Set<string>();
  for (const [key, value] of searchParams) {
    // PostgreSQL text cannot hold NUL: refuse it here rather than fail in the query.
    if (key.includes("\u0000") || value.includes("\u0000")) {
      throw new AppError("validation_failed", `${key.replaceAll("\u0000", "")}: contains a NUL character.`);
    }
    if (singleSet.has(key)) {
      if (seen.has(key)) throw new AppError("bad_request", `Give the ${key} parameter at most once.`);
      seen.add(key);
    } else if (!repeatableSet.has(key) && !key.startsWith(ATTRIBUTE_PARAM_PREFIX)) {
      throw new AppError(
        "bad_request",
        `Unknown query parameter "${key.slice(0, 64)}". Known: ${[...singleNames, ...repeatableNames].join(", ")}, attr.<key>.`,
      );
    }
  }

  beforeValues?.();
  const filterParams = new URLSearchParams(searchParams);
  for (const name of ignore) filterParams.delete(name);
  const parsed = readAnalyticsParams(filterParams);
  if (!parsed.success) throw invalid(parsed.error);
  const query = parsed.data;

  if (query.range !== "custom" && (query.from !== undefined || query.to !== undefined)) {
    throw new AppError("validation_failed", "from, to: these apply to range=custom only; add range=custom or leave them out.");
  }
  for (const [name, value] of [["from", query.from], ["to", query.to]] as const) {
    if (value !== undefined && (value < API_EARLIEST_DATE || value > API_LATEST_DATE)) {
      throw new AppError("validation_failed", `${name}: use a date from ${API_EARLIEST_DATE} to ${API_LATEST_DATE}.`);
    }
  }
  return query;
}

/**
 * The NPS endpoint's query string: the dashboard's filter (readFilterQuery) with the survey forced to the
 * one in the path, plus `groupBy`. Unknown or repeated single parameters → 400 bad_request (a typo must not
 * silently widen the filter); invalid values → 422 validation_failed.
 */
export function readNpsParams(searchParams: URLSearchParams, surveyId: string): NpsParams {
  const surveys = searchParams.getAll("survey").filter((value) => value !== "");
  const check = () => {
    if (surveys.some((value) => value.toLowerCase() !== surveyId.toLowerCase())) {
      throw new AppError("validation_failed", "survey: the survey is the one in the path; leave the survey parameter out.");
    }
  };
  const query = readFilterQuery(searchParams, {
    single: NPS_SINGLE_PARAMS,
    repeatable: NPS_REPEATABLE_PARAMS,
    ignore: ["survey", "groupBy"],
    beforeValues: check,
  });

  const rawGroupBy = searchParams.get("groupBy");
  let groupBy: ApiGroupBy | null = null;
  if (rawGroupBy !== null && rawGroupBy !== "") {
    const result = groupByParam.safeParse({ groupBy: rawGroupBy });
    if (!result.success) throw invalid(result.error);
    groupBy = result.data.groupBy;
  }
  return { query: { ...query, survey: [surveyId] }, groupBy };
}
