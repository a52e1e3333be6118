"use client";

import { useActionState } from "react";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { Button, Field, Select } from "@/components/ui/form";
import { interpolate } from "@/i18n/interpolate";
import { addCombinationAction, removeCombinationAction } from "./combination-actions";
import type { AddCombinationState, CombinationRow, CombinationsLabels, CombinationsMessageKey } from "./combinations-state";

type Option = { key: string; name: string };

/**
 * Settings → Attributes → Combined analyses (docs/decisions/0027): the configured combinations with whether the
 * dashboard reads them yet, a form to add one of 2 or 3 dimensions, and a remove button per row.
 */
export function Combinations({
  rows,
  dimensions,
  labels,
  max,
  formatDate,
}: {
  rows: CombinationRow[];
  dimensions: Option[];
  labels: CombinationsLabels;
  max: number;
  formatDate: Record<string, string>;
}) {
  const [state, formAction, pending] = useActionState<AddCombinationState, FormData>(addCombinationAction, { ok: false });
  const messages = Object.fromEntries(
    (
      [
        "combinations.error.forbidden",
        "combinations.error.choose",
        "combinations.error.duplicate",
        "combinations.error.notDimension",
        "combinations.error.limit",
        "combinations.error.notFound",
        "combinations.error.failed",
      ] as const
    ).map((key) => [key, labels[key]]),
  ) as Record<CombinationsMessageKey, string>;
  const value = (name: string, fallback: string) => (state.ok ? fallback : (state.values?.[name] ?? fallback));
  const full = rows.length >= max;
  const select = (name: "first" | "second" | "third", optional: boolean) => (
    <Field label={labels[`combinations.${name}`]} htmlFor={`combination-${name}`}>
      <Select id={`combination-${name}`} name={name} required={!optional} defaultValue={value(name, "")} aria-invalid={(!state.ok && !!state.error) || undefined}>
        <option value="">{labels["combinations.none"]}</option>
        {dimensions.map((d) => (
          <option key={d.key} value={d.key}>
            {d.name}
          </option>
        ))}
      </Select>
    </Field>
  );
  return (
    <div className="space-y-4" data-testid="combinations">
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="combinations-empty">
          {labels["combinations.empty"]}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200">
          {rows.map((row) => (
            <li
              key={row.id}
              className="flex flex-col gap-2 px-3 py-3 sm:flex-row sm:items-center sm:justify-between"
              data-testid="combination-row"
              data-names={row.names.join("|")}
              data-ready={row.ready ? "true" : "false"}
            >
              <div className="min-w-0 space-y-1">
                <p className="font-medium text-slate-900 [overflow-wrap:anywhere]" data-testid="combination-names">
                  {row.names.join(labels["combinations.separator"])}
                </p>
                <p className="text-xs text-slate-500">
                  {labels["combinations.column.added"]}: {formatDate[row.id]}
                </p>
                {row.inactiveKeys.length > 0 ? (
                  <p className="text-xs text-amber-800" data-testid="combination-inactive">
                    {interpolate(labels["combinations.inactive"], { keys: row.inactiveKeys.join(", ") })}
                  </p>
                ) : row.ready ? (
                  <span className="inline-block rounded bg-green-50 px-1.5 py-0.5 text-xs font-medium text-green-800" data-testid="combination-status">
                    {labels["combinations.status.ready"]}
                  </span>
                ) : (
                  <span className="inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900" data-testid="combination-status">
                    {labels["combinations.status.preparing"]}
                  </span>
                )}
              </div>
              <div className="shrink-0">
                <ConfirmActionButton
                  action={removeCombinationAction}
                  id={row.id}
                  labels={{ idle: labels["combinations.remove"], pending: labels["combinations.removing"], confirm: labels["combinations.removeConfirm"] }}
                  messages={messages}
                />
              </div>
            </li>
          ))}
        </ul>
      )}
      {dimensions.length < 2 ? (
        <p className="text-sm text-slate-600">{labels["combinations.noDimensions"]}</p>
      ) : full ? (
        <p className="text-sm text-slate-600" data-testid="combinations-full">
          {interpolate(labels["combinations.full"], { max })}
        </p>
      ) : (
        <form key={state.at ?? "form"} action={formAction} className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-3" data-testid="combination-form">
          <div className="grid gap-3 sm:grid-cols-3">
            {select("first", false)}
            {select("second", false)}
            {select("third", true)}
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <Button type="submit" disabled={pending} className="px-3 py-1.5" data-testid="combination-add">
              {pending ? labels["combinations.adding"] : labels["combinations.add"]}
            </Button>
            {state.ok && state.at !== undefined && (
              <p className="text-sm text-green-800" role="status" data-testid="combination-added">
                {labels["combinations.added"]}
              </p>
            )}
            {!state.ok && state.error && (
              <p className="text-sm text-red-700" role="alert" data-testid="combination-error">
                {messages[state.error]}
              </p>
            )}
          </div>
        </form>
      )}
    </div>
  );
}
