import type { Locale } from "@/i18n/locales";
import { formatDateTime } from "@/lib/format";
import type { NpsCategory } from "@/lib/nps";
import type { Verbatim } from "@/server/analytics/list-verbatims";
import { Button, Select, TextInput } from "@/components/ui/form";
import { CategoryChip } from "./category-chip";
import { otherParams, VERBATIM_PARAMS, verbatimHref } from "./verbatim-params";
import { interpolate } from "@/i18n/interpolate";

export type VerbatimListLabels = {
  /** Category names: "Promoter" … */
  categories: Record<NpsCategory, string>;
  category: string;
  allCategories: string;
  search: string;
  searchPlaceholder: string;
  apply: string;
  reset: string;
  more: string;
  newest: string;
  empty: string;
  /** With `{score}`. */
  score: string;
  noScore: string;
  survey: string;
  touchpoint: string;
  segment: string;
};

export type VerbatimListProps = {
  /** One page from listVerbatims. */
  items: Verbatim[];
  /** listVerbatims' nextCursor: when set, an "older comments" link with `before=<cursor>` is shown. */
  nextCursor: string | null;
  /** The filter the page was rendered with (pre-fills the form, kept in the "more" link). */
  category?: NpsCategory | null;
  search?: string | null;
  /** The cursor the page was rendered with; when set, a "back to the newest" link is shown. */
  before?: string | null;
  /**
   * The page's other URL parameters (range, survey, attr.region …) as [name, value] pairs, repeated names
   * allowed: rendered as hidden inputs so filtering keeps them, and kept in the links. The list's own
   * parameters (`category`, `q`, `before`) are ignored here.
   */
  hiddenParams: [string, string][];
  /** Path the form submits to and the links point at; default "" (the current page). */
  action?: string;
  locale: Locale;
  /** The organisation's time zone, for the dates. */
  timeZone: string;
  labels: VerbatimListLabels;
  /**
   * Display names of the attributes to show as chips, in this order (the organisation's dimensions in the
   * page's language). Without it every attribute is shown under its key.
   */
  attributeLabels?: readonly { key: string; label: string }[];
};

/**
 * Comments with their category (colour and text), score, date, survey, touchpoint and segment chips; a GET
 * form to filter by category and search (works without JavaScript); keyset "older comments" link. Comments
 * are rendered as text (React escapes them), in the language they were written in.
 */
export function VerbatimList({
  items,
  nextCursor,
  category = null,
  search = null,
  before = null,
  hiddenParams,
  action = "",
  locale,
  timeZone,
  labels,
  attributeLabels,
}: VerbatimListProps) {
  const kept = otherParams(hiddenParams);
  const chips = (attributes: Record<string, string>): { key: string; label: string; value: string }[] =>
    attributeLabels
      ? attributeLabels.flatMap(({ key, label }) => (Object.hasOwn(attributes, key) && attributes[key] ? [{ key, label, value: attributes[key] }] : []))
      : Object.entries(attributes)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, value]) => ({ key, label: key, value }));
  const own: [string, string][] = [];
  if (category) own.push([VERBATIM_PARAMS.category, category]);
  if (search) own.push([VERBATIM_PARAMS.search, search]);
  const categories: NpsCategory[] = ["PROMOTER", "PASSIVE", "DETRACTOR"];
  return (
    <div data-testid="verbatim-list">
      <form method="get" action={action || undefined} className="mb-4 flex flex-wrap items-end gap-3" role="search">
        {kept.map(([name, value], index) => (
          <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
        ))}
        <label className="text-sm">
          <span className="block font-medium text-slate-700">{labels.category}</span>
          <Select name={VERBATIM_PARAMS.category} defaultValue={category ?? ""} className="min-w-40">
            <option value="">{labels.allCategories}</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {labels.categories[c]}
              </option>
            ))}
          </Select>
        </label>
        <label className="min-w-56 flex-1 text-sm">
          <span className="block font-medium text-slate-700">{labels.search}</span>
          <TextInput type="search" name={VERBATIM_PARAMS.search} defaultValue={search ?? ""} placeholder={labels.searchPlaceholder} maxLength={200} />
        </label>
        <Button type="submit" variant="secondary">
          {labels.apply}
        </Button>
        {(category || search) && (
          <a href={verbatimHref(action, kept)} className="py-2 text-sm text-blue-700 underline-offset-2 hover:underline">
            {labels.reset}
          </a>
        )}
      </form>

      {items.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="verbatims-empty">
          {labels.empty}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {items.map((item) => (
            <li key={item.id} className="py-3" data-testid="verbatim">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
                {item.category && <CategoryChip category={item.category} label={labels.categories[item.category]} />}
                <span className="font-semibold tabular-nums text-slate-800" data-testid="verbatim-score">
                  {item.score === null ? labels.noScore : interpolate(labels.score, { score: item.score })}
                </span>
                <time dateTime={item.createdAt.toISOString()}>{formatDateTime(item.createdAt, locale, timeZone)}</time>
                <span>
                  <span className="sr-only">{labels.survey}: </span>
                  {item.surveyName}
                </span>
                {item.touchpoint && (
                  <span>
                    <span className="sr-only">{labels.touchpoint}: </span>
                    {item.touchpoint}
                  </span>
                )}
              </div>
              <p lang={item.locale} className="mt-1.5 whitespace-pre-wrap break-words text-sm text-slate-900" data-testid="verbatim-comment">
                {item.comment}
              </p>
              {chips(item.attributes).length > 0 && (
                <ul className="mt-2 flex flex-wrap gap-1.5" aria-label={labels.segment} data-testid="verbatim-attributes">
                  {chips(item.attributes).map(({ key, label, value }) => (
                    <li key={key} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                      <span className="text-slate-600">{label}:</span> {value}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}

      {(nextCursor || before) && (
        <nav className="mt-4 flex gap-4 text-sm">
          {before && (
            <a href={verbatimHref(action, [...kept, ...own])} className="text-blue-700 underline-offset-2 hover:underline">
              {labels.newest}
            </a>
          )}
          {nextCursor && (
            <a
              href={verbatimHref(action, [...kept, ...own, [VERBATIM_PARAMS.before, nextCursor]])}
              className="font-medium text-blue-700 underline-offset-2 hover:underline"
              rel="next"
              data-testid="verbatims-more"
            >
              {labels.more} →
            </a>
          )}
        </nav>
      )}
    </div>
  );
}
