"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button, Select, TextInput } from "@/components/ui/form";
import { interpolate } from "@/i18n/interpolate";
import type { FollowUpMessageKey, FollowUpState } from "./follow-up-state";

export type FollowUpLabels = {
  title: string;
  hint: string;
  owner: string;
  dueDate: string;
  submit: string;
  pending: string;
  /** "{created} … {alreadyOpen} … {answerFollowedUp} … {noAnswer}" */
  done: string;
  casesLink: string;
};

/** A manager opens the class as a follow-up work list: cases for its contacts without an open one, with owner and due day. */
export function FollowUpForm({
  action,
  classKey,
  members,
  defaultOwnerId,
  defaultDueDate,
  minDate,
  maxDate,
  labels,
  messages,
}: {
  action: (state: FollowUpState, formData: FormData) => Promise<FollowUpState>;
  classKey: string;
  members: { id: string; name: string }[];
  defaultOwnerId: string;
  defaultDueDate: string;
  minDate: string;
  maxDate: string;
  labels: FollowUpLabels;
  messages: Record<FollowUpMessageKey, string>;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  return (
    <form key={state.at ?? "form"} action={formAction} className="grid gap-3" data-testid="class-follow-up">
      <input type="hidden" name="classKey" value={classKey} />
      <p className="text-sm text-slate-600">{labels.hint}</p>
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid w-full gap-1 text-sm sm:w-56">
          <label htmlFor="follow-up-owner" className="text-xs text-slate-600">
            {labels.owner}
          </label>
          <Select id="follow-up-owner" name="ownerId" defaultValue={state.values?.ownerId ?? defaultOwnerId} required>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="grid w-full gap-1 text-sm sm:w-44">
          <label htmlFor="follow-up-due" className="text-xs text-slate-600">
            {labels.dueDate}
          </label>
          <TextInput id="follow-up-due" name="dueDate" type="date" required min={minDate} max={maxDate} defaultValue={state.values?.dueDate ?? defaultDueDate} />
        </div>
        <Button type="submit" disabled={pending} data-testid="class-follow-up-submit">
          {pending ? labels.pending : labels.submit}
        </Button>
      </div>
      {state.error && (
        <p role="alert" className="text-sm text-red-800" data-testid="class-follow-up-error">
          {messages[state.error]}
        </p>
      )}
      {state.ok && state.result && (
        <p role="status" className="text-sm text-green-800" data-testid="class-follow-up-done" data-created={state.result.created}>
          {interpolate(labels.done, state.result)}{" "}
          <Link href="/cases?view=all" className="font-medium text-blue-700 underline">
            {labels.casesLink}
          </Link>
        </p>
      )}
    </form>
  );
}
