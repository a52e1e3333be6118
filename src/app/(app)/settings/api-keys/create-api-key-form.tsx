"use client";

import { useActionState } from "react";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import type { ApiKeyMessageKey, CreateApiKeyState } from "./actions";
import { CopySecret } from "./copy-secret";

type Labels = {
  name: string;
  namePlaceholder: string;
  nameHint: string;
  submit: string;
  submitting: string;
  /** Contains {name}. */
  created: string;
  warning: string;
  usage: string;
  secretLabel: string;
  copy: string;
  copied: string;
};

/** The scope part of the form: one access level per resource, personal data, unit, rate limit. */
export type ScopeFields = {
  legend: string;
  hint: string;
  resources: { id: string; label: string }[];
  access: { none: string; read: string; write: string };
  personalData: string;
  unit: string;
  unitAll: string;
  unitHint: string;
  units: { id: string; label: string }[];
  rateLimit: string;
  rateLimitDefault: number;
};

export function CreateApiKeyForm({
  action,
  labels,
  messages,
  nameMax,
  scopeFields,
}: {
  action: (state: CreateApiKeyState, formData: FormData) => Promise<CreateApiKeyState>;
  labels: Labels;
  messages: Record<ApiKeyMessageKey, string>;
  nameMax: number;
  scopeFields: ScopeFields;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const nameError = state.nameError ? messages[state.nameError] : undefined;
  return (
    <div className="space-y-4">
      <form action={formAction} className="grid gap-4 md:grid-cols-[1fr_auto] md:items-start" data-testid="create-api-key-form">
        <Field label={labels.name} htmlFor="api-key-name" error={nameError} hint={labels.nameHint}>
          <TextInput
            id="api-key-name"
            name="name"
            required
            maxLength={nameMax}
            placeholder={labels.namePlaceholder}
            // A new key resets the field: the form is remounted with a fresh key.
            key={state.ok ? state.key : "form"}
            defaultValue={state.ok ? "" : state.values?.name}
            invalid={!!nameError}
          />
        </Field>
        <Button type="submit" disabled={pending} className="md:mt-6">
          {pending ? labels.submitting : labels.submit}
        </Button>
        <fieldset className="space-y-3 md:col-span-2" data-testid="api-key-scopes">
          <legend className="text-sm font-medium text-slate-900">{scopeFields.legend}</legend>
          <p className="text-xs text-slate-600">{scopeFields.hint}</p>
          <div className="grid gap-x-6 gap-y-2 sm:grid-cols-2 lg:grid-cols-3">
            {scopeFields.resources.map((resource) => (
              <label key={resource.id} className="flex items-center justify-between gap-3 text-sm text-slate-800">
                <span>{resource.label}</span>
                <Select name={`scope.${resource.id}`} defaultValue="read" aria-label={resource.label} className="w-40">
                  <option value="none">{scopeFields.access.none}</option>
                  <option value="read">{scopeFields.access.read}</option>
                  <option value="write">{scopeFields.access.write}</option>
                </Select>
              </label>
            ))}
          </div>
          <label className="flex items-start gap-2 text-sm text-slate-800">
            <input type="checkbox" name="personalData" className="mt-1" />
            <span>{scopeFields.personalData}</span>
          </label>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={scopeFields.unit} htmlFor="api-key-unit" hint={scopeFields.unitHint}>
              <Select id="api-key-unit" name="scopeUnitId" defaultValue="">
                <option value="">{scopeFields.unitAll}</option>
                {scopeFields.units.map((unit) => (
                  <option key={unit.id} value={unit.id}>
                    {unit.label}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={scopeFields.rateLimit} htmlFor="api-key-rate">
              <TextInput id="api-key-rate" name="rateLimitPerMinute" type="number" min={1} max={10000} defaultValue={scopeFields.rateLimitDefault} />
            </Field>
          </div>
        </fieldset>
      </form>
      {state.error && (
        <p className="text-sm text-red-700" role="alert">
          {messages[state.error]}
        </p>
      )}
      {state.ok && state.key && (
        <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4" role="status" data-testid="new-api-key">
          <p className="text-sm font-medium text-slate-900">{labels.created.replace("{name}", state.name ?? "")}</p>
          <CopySecret value={state.key} label={labels.secretLabel} copy={labels.copy} copied={labels.copied} testId="new-api-key-value" />
          <p className="text-sm font-semibold text-amber-900" data-testid="new-api-key-warning">
            {labels.warning}
          </p>
          <p className="text-xs text-slate-600">
            {labels.usage.split("{header}")[0]}
            <code className="rounded bg-white px-1 font-mono">Authorization: Bearer {state.key.slice(0, 13)}…</code>
            {labels.usage.split("{header}")[1]}
          </p>
        </div>
      )}
    </div>
  );
}
