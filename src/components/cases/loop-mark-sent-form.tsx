"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/form";

/** What the "mark as sent" server action answers; `error` is a catalogue key the page passes translated. */
export type LoopMessageKey = "cases.loop.error.forbidden" | "cases.loop.error.notFound" | "cases.loop.error.failed";
export type LoopActionState = { ok: boolean; error?: LoopMessageKey; at?: number };

/** The "mark as sent" button of one promoter or passive; texts come translated from the page. */
export function LoopMarkSentForm({
  action,
  responseId,
  labels,
}: {
  action: (state: LoopActionState, formData: FormData) => Promise<LoopActionState>;
  responseId: string;
  labels: { submit: string; done: string; errors: Record<LoopMessageKey, string> };
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  return (
    <form action={formAction} data-testid="loop-mark-sent" aria-busy={pending} className="flex items-center gap-2">
      <input type="hidden" name="responseId" value={responseId} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {labels.submit}
      </Button>
      {state.error && (
        <span className="text-xs text-red-700" role="alert">
          {labels.errors[state.error]}
        </span>
      )}
      {state.ok && (
        <span className="text-xs text-green-800" role="status" key={state.at}>
          {labels.done}
        </span>
      )}
    </form>
  );
}
