"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/form";
import type { EraseContactState } from "@/app/(app)/contacts/[id]/actions";
import type { ContactsMessages } from "./messages";
import { interpolate } from "@/i18n/interpolate";

/** "Erase personal data …" with a confirm step: the admin types ERASE, then the server action runs. */
export function EraseContact({
  contactId,
  action,
  messages,
}: {
  contactId: string;
  action: (state: EraseContactState, formData: FormData) => Promise<EraseContactState>;
  messages: ContactsMessages;
}) {
  const m = messages;
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState(action, { ok: false });
  if (state.ok) {
    return (
      <p className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900" role="status" data-testid="erase-done">
        {interpolate(m["contacts.detail.erase.done"], { responses: state.responsesKept ?? 0, comments: state.commentsRemoved ?? 0 })}
      </p>
    );
  }
  if (!open) {
    return (
      <Button type="button" variant="secondary" className="border-red-300 text-red-800 hover:bg-red-50" onClick={() => setOpen(true)} data-testid="erase-open">
        {m["contacts.detail.erase"]}
      </Button>
    );
  }
  return (
    <form action={formAction} className="space-y-3 rounded-lg border border-red-300 bg-red-50 p-4" data-testid="erase-confirm">
      <p className="text-sm font-semibold text-red-900">{m["contacts.detail.erase.confirmTitle"]}</p>
      <p className="text-sm text-red-900">{m["contacts.detail.erase.confirmBody"]}</p>
      <input type="hidden" name="contactId" value={contactId} />
      <label htmlFor="erase-confirm-input" className="block text-sm font-medium text-red-900">
        {m["contacts.detail.erase.confirmLabel"]}
      </label>
      <input
        id="erase-confirm-input"
        name="confirm"
        autoComplete="off"
        required
        className="block w-40 rounded-md border border-red-300 bg-white px-3 py-2 text-sm"
      />
      {state.error && (
        <p className="text-sm font-medium text-red-800" role="alert">
          {m[state.error]}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending} className="bg-red-700 hover:bg-red-800">
          {pending ? m["contacts.detail.erase.erasing"] : m["contacts.detail.erase.confirmButton"]}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
          {m["contacts.detail.erase.cancel"]}
        </Button>
      </div>
    </form>
  );
}
