import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { interpolate } from "@/i18n/interpolate";
import { attributesEn } from "@/i18n/messages/areas/attributes.en";
import { combinationsEn } from "@/i18n/messages/areas/combinations.en";
import type { Translate } from "@/i18n/translate";
import { bandNames, type AttributeRoleName } from "@/lib/attribute-defaults";
import { formatDateTime } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { AGGREGATE_COMBINATIONS_MAX } from "@/schemas/aggregate-combinations";
import { listAggregateCombinations } from "@/server/attributes/aggregate-combinations";
import { ATTRIBUTE_SAMPLE_ROWS, listAttributeDefinitions } from "@/server/attributes/list-attribute-definitions";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { latestAggregateRebuild } from "@/server/org-settings/aggregate-rebuilds";
import { retryAggregateRebuildAction, updateAttributeAction } from "./actions";
import { AttributeForm } from "./attribute-form";
import { Combinations } from "./combinations";
import type { CombinationRow, CombinationsLabels } from "./combinations-state";
import { RebuildProgress } from "./rebuild-progress";
import type { AttributesLabels } from "./state";

export const metadata: Metadata = { title: "Attributes · 客户属性" };

function translatedLabels(t: Translate): AttributesLabels {
  const keys = Object.keys(attributesEn) as (keyof typeof attributesEn)[];
  return Object.fromEntries(keys.map((key) => [key, t(key)])) as AttributesLabels;
}

function combinationLabels(t: Translate): CombinationsLabels {
  const keys = Object.keys(combinationsEn) as (keyof typeof combinationsEn)[];
  return Object.fromEntries(keys.map((key) => [key, t(key)])) as CombinationsLabels;
}

const ROLE_STYLE: Record<AttributeRoleName, string> = {
  DIMENSION: "bg-blue-50 text-blue-800",
  PERSONAL: "bg-amber-100 text-amber-900",
  HIDDEN: "bg-slate-100 text-slate-600",
};

/** A cell of the definitions table; on a phone the cells stack, each under its column name. */
function Cell({ label, children, className = "" }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <td className={`block px-3 py-1 align-top md:table-cell md:py-3 ${className}`}>
      <span className="block text-xs font-medium text-slate-500 md:hidden">{label}</span>
      {children}
    </td>
  );
}

/** Settings → Attributes (ADMIN and OWNER; others get the 404 page, as for the other settings pages). */
export default async function AttributesSettingsPage() {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t, locale } = await getTranslator();
  const labels = translatedLabels(t);
  const definitions = await listAttributeDefinitions({ actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role } });
  const rebuild = await latestAggregateRebuild(viewer.organizationId);
  const combinations = await listAggregateCombinations(viewer.organizationId);
  const nameOf = (key: string) => {
    const d = definitions.find((x) => x.key === key);
    return d ? (locale === "en" ? d.labelEn : d.labelZh) || key : key;
  };
  const dimensions = definitions.filter((d) => d.role === "DIMENSION").map((d) => ({ key: d.key, name: nameOf(d.key) }));
  const combinationRows: CombinationRow[] = combinations.map((c) => ({
    id: c.id,
    names: c.keys.map(nameOf),
    ready: c.ready,
    inactiveKeys: c.keys.filter((key) => !dimensions.some((d) => d.key === key)).map(nameOf),
    createdAt: c.createdAt,
  }));
  const combinationDates = Object.fromEntries(combinations.map((c) => [c.id, formatDateTime(new Date(c.createdAt), locale, viewer.timeZone)]));
  const cLabels = combinationLabels(t);
  const number = (value: number) => value.toLocaleString(locale === "en" ? "en-US" : "zh-CN");
  const columns = {
    key: labels["attributes.column.key"],
    names: labels["attributes.column.names"],
    kind: labels["attributes.column.kind"],
    role: labels["attributes.column.role"],
    grouping: labels["attributes.column.grouping"],
    values: labels["attributes.column.values"],
    actions: labels["attributes.column.actions"],
  };
  return (
    <div className="space-y-6">
      <PageHeader title={labels["attributes.title"]} subtitle={labels["attributes.subtitle"]} />
      <RebuildProgress key={`${rebuild?.id ?? ""}-${rebuild?.status ?? ""}`} initial={rebuild} labels={labels} locale={locale} retryAction={retryAggregateRebuildAction} />
      <Card>
        <p className="mb-4 text-sm text-slate-600" data-testid="attributes-note">
          {labels["attributes.note"]} {interpolate(labels["attributes.sample"], { rows: number(ATTRIBUTE_SAMPLE_ROWS) })}
        </p>
        {definitions.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="attributes-empty">
            {labels["attributes.empty"]}
          </p>
        ) : (
          <table className="block w-full text-sm md:table" data-testid="attributes">
            <thead className="hidden border-b border-slate-200 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 md:table-header-group">
              <tr>
                {Object.values(columns).map((name) => (
                  <th key={name} scope="col" className="px-3 py-2">
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="block divide-y divide-slate-100 md:table-row-group">
              {definitions.map((d) => {
                const aliases = Object.entries(d.valueAliases);
                return (
                  <tr key={d.key} className="block py-2 md:table-row md:py-0" data-testid="attribute-row" data-key={d.key} data-role={d.role}>
                    <Cell label={columns.key}>
                      <code className="font-mono text-xs text-slate-700 [overflow-wrap:anywhere]">{d.key}</code>
                    </Cell>
                    <Cell label={columns.names}>
                      <span className="block font-medium text-slate-900" lang="zh-CN" data-testid="attribute-label-zh">
                        {d.labelZh}
                      </span>
                      <span className="block text-slate-600" lang="en" data-testid="attribute-label-en">
                        {d.labelEn}
                      </span>
                    </Cell>
                    <Cell label={columns.kind}>
                      <span className="whitespace-nowrap" data-testid="attribute-kind">{labels[`attributes.kind.${d.kind}`]}</span>
                    </Cell>
                    <Cell label={columns.role}>
                      <span className={`inline-block whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${ROLE_STYLE[d.role]}`} data-testid="attribute-role">
                        {labels[`attributes.role.${d.role}`]}
                      </span>
                    </Cell>
                    <Cell label={columns.grouping} className="max-w-64">
                      {d.bands && (
                        <span className="block text-xs text-slate-700" data-testid="attribute-bands">
                          {interpolate(labels["attributes.bandsSummary"], { bands: bandNames(d.bands).join(" · ") })}
                        </span>
                      )}
                      {aliases.length > 0 && (
                        <ul className="flex flex-wrap gap-1" data-testid="attribute-aliases">
                          {aliases.map(([from, to]) => (
                            <li key={from} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                              {interpolate(labels["attributes.aliasesSummary"], { from, to })}
                            </li>
                          ))}
                        </ul>
                      )}
                      {!d.bands && aliases.length === 0 && <span className="text-slate-400">—</span>}
                    </Cell>
                    <Cell label={columns.values} className="max-w-72">
                      {d.distinctValues === 0 ? (
                        <span className="text-slate-400">{labels["attributes.noValues"]}</span>
                      ) : (
                        <>
                          <span className="block text-xs text-slate-500" data-testid="attribute-distinct">
                            {interpolate(labels["attributes.values"], { count: number(d.distinctValues) })}
                          </span>
                          <ul className="mt-0.5 flex flex-wrap gap-1" aria-label={labels["attributes.examples"]}>
                            {d.examples.map((value) => (
                              <li key={value} className="max-w-40 truncate rounded border border-slate-200 px-1.5 py-0.5 text-xs text-slate-700" title={value}>
                                {value}
                              </li>
                            ))}
                          </ul>
                        </>
                      )}
                    </Cell>
                    <Cell label={columns.actions}>
                      <AttributeForm action={updateAttributeAction} definition={d} labels={labels} />
                    </Cell>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>
      <Card title={cLabels["combinations.title"]} description={interpolate(cLabels["combinations.description"], { max: AGGREGATE_COMBINATIONS_MAX })}>
        <Combinations rows={combinationRows} dimensions={dimensions} labels={cLabels} max={AGGREGATE_COMBINATIONS_MAX} formatDate={combinationDates} />
      </Card>
    </div>
  );
}
