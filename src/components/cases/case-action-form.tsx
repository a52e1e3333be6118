"use client";

import { useActionState, type ReactNode } from "react";
import type { CaseActionState, CaseMessageKey } from "./action-state";

/** A form posting to a case server action, showing its outcome (the message texts come translated). */
export function CaseActionForm({
  action,
  caseId,
  messages,
  done,
  testId,
  children,
  className = "space-y-2",
}: {
  action: (state: CaseActionState, formData: FormData) => Promise<CaseActionState>;
  caseId: string;
  messages: Record<CaseMessageKey, string>;
  done: string;
  testId: string;
  children: ReactNode;
  className?: string;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  return (
    <form action={formAction} className={className} data-testid={testId} aria-busy={pending}>
      <input type="hidden" name="caseId" value={caseId} />
      <fieldset disabled={pending} className="space-y-2">
        {children}
      </fieldset>
      {state.error && (
        <p className="text-sm text-red-700" role="alert" data-testid={`${testId}-error`}>
          {messages[state.error]}
        </p>
      )}
      {state.ok && (
        <p className="text-sm text-green-800" role="status" key={state.at} data-testid={`${testId}-done`}>
          {done}
        </p>
      )}
    </form>
  );
}
