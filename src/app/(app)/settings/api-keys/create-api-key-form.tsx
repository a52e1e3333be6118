"use client";

import { useActionState } from "react";
import { Button, Field, TextInput } from "@/components/ui/form";
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

export function CreateApiKeyForm({
  action,
  labels,
  messages,
  nameMax,
}: {
  action: (state: CreateApiKeyState, formData: FormData) => Promise<CreateApiKeyState>;
  labels: Labels;
  messages: Record<ApiKeyMessageKey, string>;
  nameMax: number;
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
