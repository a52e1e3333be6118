"use client";

import { useActionState } from "react";
import type { ApiKeyMessageKey, RevokeApiKeyState } from "./actions";

/** Revokes one key after a confirmation; a plain form post, so it also works before hydration. */
export function RevokeApiKeyButton({
  action,
  apiKeyId,
  labels,
  messages,
}: {
  action: (state: RevokeApiKeyState, formData: FormData) => Promise<RevokeApiKeyState>;
  apiKeyId: string;
  labels: { revoke: string; revoking: string; confirm: string };
  messages: Record<ApiKeyMessageKey, string>;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (!window.confirm(labels.confirm)) event.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={apiKeyId} />
      <button
        type="submit"
        disabled={pending}
        className="rounded border border-red-300 bg-white px-2 py-1 text-xs font-medium text-red-800 hover:bg-red-50 disabled:opacity-50"
      >
        {pending ? labels.revoking : labels.revoke}
      </button>
      {state.error && (
        <p className="mt-1 text-xs text-red-700" role="alert">
          {messages[state.error]}
        </p>
      )}
    </form>
  );
}
