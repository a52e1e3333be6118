"use client";

import { useActionState } from "react";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import { CASE_PRIORITIES, type CasePriorityName } from "@/lib/case-rules";
import { CASE_SLA_HOURS_MAX } from "@/schemas/case-settings";
import { FormOutcome } from "./form-bits";
import { fieldError, posted, type CaseSettingsLabels, type CaseSettingsMessages } from "./form-helpers";
import type { CaseSettingsAction } from "./state";
import { interpolate } from "@/i18n/interpolate";

type Member = { userId: string; name: string; email: string };

/** SLA hours per priority and the fallback owner, saved together. */
export function SlaForm({
  action,
  slaHours,
  fallbackOwnerId,
  members,
  labels,
  priorities,
  messages,
}: {
  action: CaseSettingsAction;
  slaHours: Record<CasePriorityName, number>;
  fallbackOwnerId: string | null;
  members: Member[];
  labels: CaseSettingsLabels;
  priorities: Record<CasePriorityName, string>;
  messages: CaseSettingsMessages;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const ordered = [...CASE_PRIORITIES].reverse();
  return (
    <form key={state.at ?? "form"} action={formAction} className="space-y-4" data-testid="sla-form">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {ordered.map((priority) => {
          const name = `slaHours_${priority}`;
          const error = fieldError(state, messages, name);
          return (
            <Field key={priority} label={interpolate(labels["caseSettings.sla.hours"], { priority: priorities[priority] })} htmlFor={`sla-${priority}`} error={error}>
              <TextInput
                id={`sla-${priority}`}
                name={name}
                type="number"
                inputMode="numeric"
                min={1}
                max={CASE_SLA_HOURS_MAX}
                step={1}
                required
                defaultValue={posted(state, name, String(slaHours[priority]))}
                invalid={!!error}
              />
            </Field>
          );
        })}
      </div>
      <p className="text-xs text-slate-500">{labels["caseSettings.sla.hoursHint"]}</p>
      <div className="max-w-md">
        <Field label={labels["caseSettings.fallback.label"]} htmlFor="fallback-owner" hint={labels["caseSettings.fallback.help"]} error={fieldError(state, messages, "fallbackOwnerId")}>
          <Select id="fallback-owner" name="fallbackOwnerId" defaultValue={posted(state, "fallbackOwnerId", fallbackOwnerId ?? "")}>
            <option value="">{labels["caseSettings.fallback.none"]}</option>
            {members.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.name} · {member.email}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? labels["caseSettings.saving"] : labels["caseSettings.save"]}
        </Button>
        <FormOutcome state={state} messages={messages} saved={labels["caseSettings.saved"]} testId="sla-form" />
      </div>
    </form>
  );
}
