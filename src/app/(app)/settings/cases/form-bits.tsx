"use client";

import { useState } from "react";
import { Button } from "@/components/ui/form";
import type { CaseSettingsLabels, CaseSettingsMessages } from "./form-helpers";
import type { CaseSettingsState } from "./state";

/**
 * Open / closed for a form behind an "Edit" or "Add" button: opening remembers the last answer, and a
 * later successful answer closes it again (no effect needed).
 */
export function useFormToggle(state: CaseSettingsState) {
  const [openedAt, setOpenedAt] = useState<{ at: number | undefined } | null>(null);
  const open = openedAt !== null && !(state.ok && state.at !== openedAt.at);
  return { open, show: () => setOpenedAt({ at: state.at }), hide: () => setOpenedAt(null) };
}

export function FormOutcome({ state, messages, saved, testId }: { state: CaseSettingsState; messages: CaseSettingsMessages; saved?: string; testId: string }) {
  if (state.error) {
    return (
      <p className="text-sm text-red-700" role="alert" data-testid={`${testId}-error`}>
        {messages[state.error]}
      </p>
    );
  }
  if (state.ok && saved) {
    return (
      <p className="text-sm text-green-800" role="status" key={state.at} data-testid={`${testId}-saved`}>
        {saved}
      </p>
    );
  }
  return null;
}

/** Save / Cancel and the outcome under an edit form opened by `useFormToggle` (`compact` inside a table row). */
export function EditFormActions({
  state,
  messages,
  labels,
  pending,
  onCancel,
  testId,
  compact = false,
}: {
  state: CaseSettingsState;
  messages: CaseSettingsMessages;
  labels: CaseSettingsLabels;
  pending: boolean;
  onCancel: () => void;
  testId: string;
  compact?: boolean;
}) {
  const size = compact ? "px-3 py-1.5" : undefined;
  return (
    <div className={`flex flex-wrap items-center ${compact ? "gap-2" : "gap-3"}`}>
      <Button type="submit" disabled={pending} className={size} data-testid={`${testId}-submit`}>
        {pending ? labels["caseSettings.saving"] : labels["caseSettings.save"]}
      </Button>
      <Button type="button" variant="secondary" className={size} onClick={onCancel}>
        {labels["caseSettings.cancel"]}
      </Button>
      <FormOutcome state={state} messages={messages} testId={testId} />
    </div>
  );
}
