"use client";

import { useActionState, useState } from "react";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import { interpolate } from "@/i18n/interpolate";
import { ATTRIBUTE_KINDS, ATTRIBUTE_ROLES } from "@/lib/attribute-defaults";
import { ATTRIBUTE_LABEL_MAX, ATTRIBUTE_POSITION_MAX, formatAliases, formatBands } from "@/schemas/attributes";
import type { AttributeDefinitionRow } from "@/server/attributes/list-attribute-definitions";
import type { AttributesAction, AttributesLabels, AttributesState } from "./state";

const textareaClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm shadow-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600";
const smallButtonClass = "rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-50";

function posted(state: AttributesState, name: string, fallback: string): string {
  const value = state.ok ? undefined : state.values?.[name];
  return value ?? fallback;
}

/** One attribute's edit form behind an "Edit" button; a successful save closes it. */
export function AttributeForm({ action, definition, labels }: { action: AttributesAction; definition: AttributeDefinitionRow; labels: AttributesLabels }) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const [openedAt, setOpenedAt] = useState<{ at: number | undefined } | null>(null);
  const open = openedAt !== null && !(state.ok && state.at !== openedAt.at);
  const testId = `attribute-form-${definition.key}`;
  const saved = state.ok && state.at !== undefined;

  if (!open) {
    return (
      <div className="flex flex-col items-start gap-1">
        <button type="button" className={smallButtonClass} onClick={() => setOpenedAt({ at: state.at })} data-testid={`${testId}-open`}>
          {labels["attributes.edit"]}
        </button>
        {saved && (
          <p className="text-xs text-green-800" role="status" data-testid={`${testId}-saved`}>
            {state.rebuild ? labels["attributes.savedRebuild"] : labels["attributes.saved"]}
          </p>
        )}
      </div>
    );
  }
  const err = (name: string) => {
    const key = state.ok ? undefined : state.fields?.[name];
    return key ? interpolate(labels[key], state.params) : undefined;
  };
  const id = (name: string) => `${testId}-${name}`;
  return (
    <form key={state.at ?? "form"} action={formAction} className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-3 text-left md:min-w-[26rem]" data-testid={testId}>
      <p className="text-sm font-semibold text-slate-900">{interpolate(labels["attributes.editTitle"], { key: definition.key })}</p>
      <input type="hidden" name="key" value={definition.key} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={labels["attributes.labelZh"]} htmlFor={id("labelZh")} error={err("labelZh")}>
          <TextInput id={id("labelZh")} name="labelZh" lang="zh-CN" required maxLength={ATTRIBUTE_LABEL_MAX} defaultValue={posted(state, "labelZh", definition.labelZh)} invalid={!!err("labelZh")} />
        </Field>
        <Field label={labels["attributes.labelEn"]} htmlFor={id("labelEn")} error={err("labelEn")}>
          <TextInput id={id("labelEn")} name="labelEn" lang="en" required maxLength={ATTRIBUTE_LABEL_MAX} defaultValue={posted(state, "labelEn", definition.labelEn)} invalid={!!err("labelEn")} />
        </Field>
        <Field label={labels["attributes.kind"]} htmlFor={id("kind")} error={err("kind")}>
          <Select id={id("kind")} name="kind" defaultValue={posted(state, "kind", definition.kind)}>
            {ATTRIBUTE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {labels[`attributes.kind.${kind}`]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={labels["attributes.role"]} htmlFor={id("role")} error={err("role")} hint={labels["attributes.roleHint"]}>
          <Select id={id("role")} name="role" defaultValue={posted(state, "role", definition.role)} aria-invalid={!!err("role") || undefined}>
            {ATTRIBUTE_ROLES.map((role) => (
              <option key={role} value={role}>
                {labels[`attributes.role.${role}`]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={labels["attributes.bands"]} htmlFor={id("bands")} error={err("bands")} hint={labels["attributes.bandsHint"]}>
          <TextInput id={id("bands")} name="bands" inputMode="decimal" spellCheck={false} autoComplete="off" defaultValue={posted(state, "bands", formatBands(definition.bands))} invalid={!!err("bands")} />
        </Field>
        <Field label={labels["attributes.position"]} htmlFor={id("position")} error={err("position")} hint={labels["attributes.positionHint"]}>
          <TextInput id={id("position")} name="position" type="number" min={0} max={ATTRIBUTE_POSITION_MAX} step={1} defaultValue={posted(state, "position", String(definition.position))} invalid={!!err("position")} />
        </Field>
      </div>
      <Field label={labels["attributes.aliases"]} htmlFor={id("valueAliases")} error={err("valueAliases")} hint={labels["attributes.aliasesHint"]}>
        <textarea
          id={id("valueAliases")}
          name="valueAliases"
          rows={3}
          spellCheck={false}
          className={`${textareaClass} ${err("valueAliases") ? "border-red-600" : ""}`}
          defaultValue={posted(state, "valueAliases", formatAliases(definition.valueAliases))}
          aria-invalid={!!err("valueAliases") || undefined}
        />
      </Field>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={pending} className="px-3 py-1.5" data-testid={`${testId}-submit`}>
          {pending ? labels["attributes.saving"] : labels["attributes.save"]}
        </Button>
        <Button type="button" variant="secondary" className="px-3 py-1.5" onClick={() => setOpenedAt(null)}>
          {labels["attributes.cancel"]}
        </Button>
        {state.error && (
          <p className="text-sm text-red-700" role="alert" data-testid={`${testId}-error`}>
            {interpolate(labels[state.error], state.params)}
          </p>
        )}
      </div>
    </form>
  );
}
