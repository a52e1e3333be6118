import type { NpsCategory } from "@/lib/nps";

/** URL parameter names the verbatim list's form and "more" link use. */
export const VERBATIM_PARAMS = { category: "category", search: "q", before: "before" } as const;

const CATEGORIES: readonly NpsCategory[] = ["PROMOTER", "PASSIVE", "DETRACTOR"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type VerbatimParams = { category?: NpsCategory; search?: string; before?: string };

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function first(params: Params, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Reads the verbatim list's own parameters (`category`, `q`, `before`) from a page's search params, ready for
 * listVerbatims' options. Unknown categories, blank searches and cursors that are not ids are dropped.
 */
export function readVerbatimParams(params: Params): VerbatimParams {
  const result: VerbatimParams = {};
  const category = first(params, VERBATIM_PARAMS.category);
  if (category && (CATEGORIES as readonly string[]).includes(category)) result.category = category as NpsCategory;
  const search = first(params, VERBATIM_PARAMS.search)?.trim();
  if (search) result.search = search.slice(0, 200);
  const before = first(params, VERBATIM_PARAMS.before);
  if (before && UUID.test(before)) result.before = before;
  return result;
}

/** `hiddenParams` without the list's own parameters (so the form and the "more" link never repeat them). */
export function otherParams(hiddenParams: readonly (readonly [string, string])[]): [string, string][] {
  const own: readonly string[] = Object.values(VERBATIM_PARAMS);
  return hiddenParams.filter(([name]) => !own.includes(name)).map(([name, value]): [string, string] => [name, value]);
}

/** The href that shows the list with `params` (relative to `path`, the current page when ""). */
export function verbatimHref(path: string, params: readonly (readonly [string, string])[]): string {
  const query = new URLSearchParams(params.map(([name, value]): [string, string] => [name, value])).toString();
  return `${path}?${query}`;
}
