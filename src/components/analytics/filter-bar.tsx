import type { Locale } from "@/i18n/locales";
import type { Translate } from "@/i18n/translate";
import { RANGE_PRESETS } from "@/lib/date-range";
import type { AnalyticsQuery } from "@/schemas/analytics";
import type { AnalyticsFilter } from "@/server/analytics/filter";
import type { FilterOptions } from "@/server/analytics/get-filter-options";
import { CheckboxMenu } from "./checkbox-menu";
import { RangeFields } from "./range-fields";

/** The dashboard's filters as one GET form: the URL holds the state (shareable, back button works). */
export function FilterBar({
  t,
  locale,
  query,
  filter,
  options,
  groupBy,
  resetHref = "/dashboard",
}: {
  t: Translate;
  /** The page's language: dimensions are shown under their display name in it. */
  locale: Locale;
  query: AnalyticsQuery;
  filter: AnalyticsFilter;
  options: FilterOptions;
  groupBy: string;
  /** Where "Reset" leads (the page the bar sits on, without filters). */
  resetHref?: string;
}) {
  const selectedCount = (n: number) => t("analytics.selected", { count: n });
  return (
    <form method="get" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="filter-bar" aria-label={t("analytics.filters")}>
      <input type="hidden" name="groupBy" value={groupBy} />
      <div className="flex flex-wrap items-end gap-4">
        <RangeFields
          range={query.range}
          from={filter.range.from}
          to={filter.range.to}
          labels={{
            range: t("analytics.range"),
            from: t("analytics.from"),
            to: t("analytics.to"),
            options: [...RANGE_PRESETS, "custom" as const].map((value) => ({ value, label: t(`analytics.range.${value}`) })),
          }}
        />
        <CheckboxMenu
          label={t("analytics.surveys")}
          name="survey"
          options={options.surveys.map((s) => ({ value: s.id, label: s.name }))}
          selected={query.survey}
          summaryEmpty={t("analytics.allSurveys")}
          summarySome={selectedCount(query.survey.length)}
        />
        {options.channels.length > 0 && (
          <CheckboxMenu
            label={t("analytics.channels")}
            name="channel"
            options={options.channels.map((c) => ({ value: c, label: channelLabel(t, c) }))}
            selected={query.channel}
            summaryEmpty={t("analytics.any")}
            summarySome={selectedCount(query.channel.length)}
          />
        )}
        {options.touchpoints.length > 0 && (
          <CheckboxMenu
            label={t("analytics.touchpoints")}
            name="touchpoint"
            options={options.touchpoints.map((tp) => ({ value: tp, label: tp }))}
            selected={query.touchpoint}
            summaryEmpty={t("analytics.any")}
            summarySome={selectedCount(query.touchpoint.length)}
          />
        )}
        {options.attributes.map(({ key, label, values }) => {
          const selected = query.attributes[key] ?? [];
          return (
            <CheckboxMenu
              key={key}
              label={label[locale]}
              name={`attr.${key}`}
              options={values.map((v) => ({ value: v.value, label: `${v.value} (${v.n})` }))}
              selected={selected}
              summaryEmpty={t("analytics.any")}
              summarySome={selected.length === 1 ? (selected[0] ?? "") : selectedCount(selected.length)}
            />
          );
        })}
        <div className="ml-auto flex gap-2">
          <a href={resetHref} className="rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100">
            {t("analytics.reset")}
          </a>
          <button type="submit" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-blue-800">
            {t("analytics.apply")}
          </button>
        </div>
      </div>
    </form>
  );
}

export function channelLabel(t: Translate, channel: string): string {
  switch (channel) {
    case "EMAIL":
    case "LINK":
    case "QR":
    case "API":
    case "SMS":
    case "IMPORT":
      return t(`analytics.channel.${channel}`);
    default:
      return channel;
  }
}
