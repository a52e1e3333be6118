"use client";

import { useActionState, useState } from "react";
import type { CampaignFormError, CampaignFormState } from "@/app/(app)/campaigns/actions";
import { Button, Field, Select, TextInput } from "@/components/ui/form";

export type CampaignFormLabels = Record<
  | "name"
  | "namePlaceholder"
  | "survey"
  | "audience"
  | "audienceAll"
  | "audienceFilter"
  | "attributeKey"
  | "attributeValues"
  | "attributeHint"
  | "sample"
  | "sampleNone"
  | "sampleSize"
  | "samplePercent"
  | "sampleValue"
  | "schedule"
  | "scheduleNow"
  | "scheduleLater"
  | "reminders"
  | "remindersOff"
  | "remindersOne"
  | "remindersTwo"
  | "reminderDays"
  | "submit"
  | "submitting",
  string
>;

/** The new-campaign form: survey, audience, sample, schedule, reminders. Works through a server action. */
export function CampaignForm({
  action,
  surveys,
  labels,
  messages,
  defaultSurveyId,
}: {
  action: (state: CampaignFormState, formData: FormData) => Promise<CampaignFormState>;
  surveys: { id: string; name: string }[];
  labels: CampaignFormLabels;
  messages: Record<CampaignFormError, string>;
  defaultSurveyId?: string;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const v = state.values ?? {};
  const [audienceKind, setAudienceKind] = useState(v.audienceKind || "all");
  const [sampleKind, setSampleKind] = useState(v.sampleKind || "none");
  const [scheduleKind, setScheduleKind] = useState(v.scheduleKind || "now");
  const [reminders, setReminders] = useState(v.reminders || "0");
  const [localTime, setLocalTime] = useState("");
  const error = (field: string) => (state.error && state.field === field ? messages[state.error] : undefined);
  return (
    <form action={formAction} className="grid gap-5" data-testid="campaign-form">
      <div className="grid gap-4 md:grid-cols-2">
        <Field label={labels.name} htmlFor="name" error={error("name")}>
          <TextInput id="name" name="name" required maxLength={120} placeholder={labels.namePlaceholder} defaultValue={v.name} />
        </Field>
        <Field label={labels.survey} htmlFor="surveyId" error={error("surveyId")}>
          <Select id="surveyId" name="surveyId" defaultValue={v.surveyId || defaultSurveyId || surveys[0]?.id}>
            {surveys.map((survey) => (
              <option key={survey.id} value={survey.id}>
                {survey.name}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-800">{labels.audience}</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="audienceKind" value="all" checked={audienceKind === "all"} onChange={() => setAudienceKind("all")} />
          {labels.audienceAll}
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="audienceKind" value="filter" checked={audienceKind === "filter"} onChange={() => setAudienceKind("filter")} />
          {labels.audienceFilter}
        </label>
        {audienceKind === "filter" && (
          <div className="grid gap-3 pl-6 md:grid-cols-2">
            <Field label={labels.attributeKey} htmlFor="attributeKey" error={error("attributeKey")} hint={labels.attributeHint}>
              <TextInput id="attributeKey" name="attributeKey" maxLength={64} defaultValue={v.attributeKey} />
            </Field>
            <Field label={labels.attributeValues} htmlFor="attributeValues">
              <TextInput id="attributeValues" name="attributeValues" maxLength={2000} defaultValue={v.attributeValues} />
            </Field>
          </div>
        )}
      </fieldset>

      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-800">{labels.sample}</legend>
        {(["none", "size", "percent"] as const).map((kind) => (
          <label key={kind} className="flex items-center gap-2 text-sm">
            <input type="radio" name="sampleKind" value={kind} checked={sampleKind === kind} onChange={() => setSampleKind(kind)} />
            {kind === "none" ? labels.sampleNone : kind === "size" ? labels.sampleSize : labels.samplePercent}
          </label>
        ))}
        {sampleKind !== "none" && (
          <div className="max-w-xs pl-6">
            <Field label={labels.sampleValue} htmlFor="sampleValue" error={error("sampleValue")}>
              <TextInput id="sampleValue" name="sampleValue" inputMode="numeric" defaultValue={v.sampleValue} />
            </Field>
          </div>
        )}
      </fieldset>

      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-800">{labels.schedule}</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="scheduleKind" value="now" checked={scheduleKind === "now"} onChange={() => setScheduleKind("now")} />
          {labels.scheduleNow}
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="scheduleKind" value="later" checked={scheduleKind === "later"} onChange={() => setScheduleKind("later")} />
          {labels.scheduleLater}
        </label>
        {scheduleKind === "later" && (
          <div className="max-w-xs pl-6">
            <Field label={labels.scheduleLater} htmlFor="scheduledAtLocal" error={error("scheduledAt")}>
              <TextInput id="scheduledAtLocal" type="datetime-local" value={localTime} onChange={(e) => setLocalTime(e.target.value)} />
            </Field>
            {/* The browser's local time, sent as an instant. */}
            <input type="hidden" name="scheduledAt" value={localTime ? new Date(localTime).toISOString() : ""} />
          </div>
        )}
      </fieldset>

      <fieldset className="grid gap-2 md:grid-cols-2">
        <legend className="mb-1 text-sm font-medium text-slate-800">{labels.reminders}</legend>
        <Select name="reminders" aria-label={labels.reminders} value={reminders} onChange={(e) => setReminders(e.target.value)}>
          <option value="0">{labels.remindersOff}</option>
          <option value="1">{labels.remindersOne}</option>
          <option value="2">{labels.remindersTwo}</option>
        </Select>
        {reminders !== "0" && (
          <Field label={labels.reminderDays} htmlFor="reminderDays" error={error("reminderDays")}>
            <TextInput id="reminderDays" name="reminderDays" defaultValue={v.reminderDays || (reminders === "1" ? "3" : "3, 7")} />
          </Field>
        )}
      </fieldset>

      <div className="flex items-center gap-4">
        <Button type="submit" disabled={pending || surveys.length === 0} data-testid="send-campaign">
          {pending ? labels.submitting : labels.submit}
        </Button>
        {state.error && !state.field && (
          <p className="text-sm text-red-700" role="alert">
            {messages[state.error]}
          </p>
        )}
      </div>
    </form>
  );
}
