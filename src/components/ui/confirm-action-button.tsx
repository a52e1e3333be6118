"use client";

import { useActionState } from "react";

/** What a confirmed action answers: ok, or the catalogue key of what went wrong. */
export type ConfirmActionState<Key extends string> = { ok: boolean; error?: Key };

/**
 * A small destructive action (revoke a key, disable a link …) after a confirmation: a plain form post of
 * the row's id, so it also works before hydration; the error, if any, is shown under the button.
 */
export function ConfirmActionButton<Key extends string>({
  action,
  id,
  labels,
  messages,
}: {
  action: (state: ConfirmActionState<Key>, formData: FormData) => Promise<ConfirmActionState<Key>>;
  id: string;
  labels: { idle: string; pending: string; confirm: string };
  messages: Record<Key, string>;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (!window.confirm(labels.confirm)) event.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <button
        type="submit"
        disabled={pending}
        className="rounded border border-red-300 bg-white px-2 py-1 text-xs font-medium text-red-800 hover:bg-red-50 disabled:opacity-50"
      >
        {pending ? labels.pending : labels.idle}
      </button>
      {state.error && (
        <p className="mt-1 text-xs text-red-700" role="alert">
          {messages[state.error]}
        </p>
      )}
    </form>
  );
}
