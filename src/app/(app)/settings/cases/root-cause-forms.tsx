"use client";

import { useActionState } from "react";
import { Button, Field, TextInput } from "@/components/ui/form";
import { ROOT_CAUSE_LABEL_MAX } from "@/schemas/case";
import { EditFormActions, FormOutcome, useFormToggle } from "./form-bits";
import { fieldError, posted, smallButtonClass, type CaseSettingsLabels, type CaseSettingsMessages } from "./form-helpers";
import type { CaseSettingsAction } from "./state";

/** A new root cause: key plus its name in both languages. */
export function AddRootCauseForm({ action, labels, messages }: { action: CaseSettingsAction; labels: CaseSettingsLabels; messages: CaseSettingsMessages }) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const err = (name: string) => fieldError(state, messages, name);
  return (
    <form key={state.at ?? "form"} action={formAction} className="space-y-3" data-testid="root-cause-add">
      <div className="grid gap-4 md:grid-cols-3">
        <Field label={labels["caseSettings.rootCauses.key"]} htmlFor="root-cause-key" error={err("key")} hint={labels["caseSettings.rootCauses.keyHint"]}>
          <TextInput
            id="root-cause-key"
            name="key"
            required
            maxLength={40}
            pattern="[a-z0-9_]+"
            spellCheck={false}
            autoComplete="off"
            className="font-mono"
            defaultValue={posted(state, "key", "")}
            invalid={!!err("key")}
          />
        </Field>
        <Field label={labels["caseSettings.rootCauses.labelZh"]} htmlFor="root-cause-zh" error={err("labelZh")}>
          <TextInput id="root-cause-zh" name="labelZh" lang="zh-CN" required maxLength={ROOT_CAUSE_LABEL_MAX} defaultValue={posted(state, "labelZh", "")} invalid={!!err("labelZh")} />
        </Field>
        <Field label={labels["caseSettings.rootCauses.labelEn"]} htmlFor="root-cause-en" error={err("labelEn")}>
          <TextInput id="root-cause-en" name="labelEn" lang="en" required maxLength={ROOT_CAUSE_LABEL_MAX} defaultValue={posted(state, "labelEn", "")} invalid={!!err("labelEn")} />
        </Field>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? labels["caseSettings.saving"] : labels["caseSettings.rootCauses.add"]}
        </Button>
        <FormOutcome state={state} messages={messages} saved={labels["caseSettings.saved"]} testId="root-cause-add" />
      </div>
    </form>
  );
}

/** Renames a root cause in both languages (the key stays), behind a "Rename" button. */
export function RenameRootCauseForm({
  action,
  cause,
  labels,
  messages,
}: {
  action: CaseSettingsAction;
  cause: { id: string; key: string; labelZh: string; labelEn: string };
  labels: CaseSettingsLabels;
  messages: CaseSettingsMessages;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const toggle = useFormToggle(state);
  const testId = `root-cause-rename-${cause.key}`;
  if (!toggle.open) {
    return (
      <button type="button" className={smallButtonClass} onClick={toggle.show} data-testid={`${testId}-open`}>
        {labels["caseSettings.rootCauses.rename"]}
      </button>
    );
  }
  const err = (name: string) => fieldError(state, messages, name);
  return (
    <form key={state.at ?? "form"} action={formAction} className="w-full space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-3 text-left" data-testid={testId}>
      <input type="hidden" name="id" value={cause.id} />
      <Field label={labels["caseSettings.rootCauses.labelZh"]} htmlFor={`${testId}-zh`} error={err("labelZh")}>
        <TextInput id={`${testId}-zh`} name="labelZh" lang="zh-CN" required maxLength={ROOT_CAUSE_LABEL_MAX} defaultValue={posted(state, "labelZh", cause.labelZh)} invalid={!!err("labelZh")} />
      </Field>
      <Field label={labels["caseSettings.rootCauses.labelEn"]} htmlFor={`${testId}-en`} error={err("labelEn")}>
        <TextInput id={`${testId}-en`} name="labelEn" lang="en" required maxLength={ROOT_CAUSE_LABEL_MAX} defaultValue={posted(state, "labelEn", cause.labelEn)} invalid={!!err("labelEn")} />
      </Field>
      <EditFormActions state={state} messages={messages} labels={labels} pending={pending} onCancel={toggle.hide} testId={testId} compact />
    </form>
  );
}
