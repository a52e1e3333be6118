"use client";

import { useActionState } from "react";
import { smallButtonClass, type CaseSettingsMessages } from "./form-helpers";
import type { CaseSettingsAction } from "./state";

/** A one-button form for a row (move, (de)activate, delete), optionally after a confirmation; shows its error. */
export function RowAction({
  action,
  fields,
  label,
  pendingLabel,
  confirm,
  danger = false,
  messages,
  testId,
  ariaLabel,
}: {
  action: CaseSettingsAction;
  fields: Record<string, string>;
  label: string;
  pendingLabel?: string;
  confirm?: string;
  danger?: boolean;
  messages: CaseSettingsMessages;
  testId?: string;
  ariaLabel?: string;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  return (
    <form
      action={formAction}
      className="inline-block"
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        disabled={pending}
        data-testid={testId}
        aria-label={ariaLabel}
        title={ariaLabel}
        className={danger ? "rounded border border-red-300 bg-white px-2 py-1 text-xs font-medium text-red-800 hover:bg-red-50 disabled:opacity-50" : smallButtonClass}
      >
        {pending && pendingLabel ? pendingLabel : label}
      </button>
      {state.error && (
        <p className="mt-1 max-w-xs text-xs text-red-700" role="alert">
          {messages[state.error]}
        </p>
      )}
    </form>
  );
}
