"use client";

import { useActionState } from "react";
import type { DisablePublicLinkState, PublicLinkMessageKey } from "./public-links-form";

/** Disables one public link after a confirmation; a plain form post, so it also works before hydration. */
export function PublicLinkDisableButton({
  action,
  linkId,
  labels,
  messages,
}: {
  action: (state: DisablePublicLinkState, formData: FormData) => Promise<DisablePublicLinkState>;
  linkId: string;
  labels: { disable: string; disabling: string; confirm: string };
  messages: Record<PublicLinkMessageKey, string>;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (!window.confirm(labels.confirm)) event.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={linkId} />
      <button
        type="submit"
        disabled={pending}
        className="rounded border border-red-300 bg-white px-2 py-1 text-xs font-medium text-red-800 hover:bg-red-50 disabled:opacity-50"
      >
        {pending ? labels.disabling : labels.disable}
      </button>
      {state.error && (
        <p className="mt-1 text-xs text-red-700" role="alert">
          {messages[state.error]}
        </p>
      )}
    </form>
  );
}
