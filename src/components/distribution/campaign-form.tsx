"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import type { CampaignFormError, CampaignFormState } from "@/app/(app)/campaigns/actions";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import { interpolate } from "@/i18n/interpolate";

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
  | "submitting"
  | "review"
  | "reviewing"
  | "confirmTitle"
  | "confirmAudience"
  | "confirmSampled"
  | "confirmRecipients"
  | "confirmSkipped"
  | "confirmSample"
  | "confirmSend"
  | "confirmSchedule"
  | "confirmChange"
  | "confirmNone"
  | "localeZh"
  | "localeEn"
  | "localeNone",
  string
>;

/** The new-campaign form: survey, audience, sample, schedule, reminders. Works through a server action. */
export function CampaignForm({
  action,
  surveys,
  labels,
  messages,
  defaultSurveyId,
  locale,
  classes = [],
  defaultClassKey,
  classLabel,
}: {
  action: (state: CampaignFormState, formData: FormData) => Promise<CampaignFormState>;
  surveys: { id: string; name: string }[];
  labels: CampaignFormLabels;
  messages: Record<CampaignFormError, string>;
  defaultSurveyId?: string;
  locale: string;
  /** Customer classes offered as an audience (issue 15), with their names in the reader's language. */
  classes?: { key: string; name: string }[];
  defaultClassKey?: string;
  classLabel?: string;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const v = state.values ?? {};
  const [audienceKind, setAudienceKind] = useState(v.audienceKind || (defaultClassKey && classes.some((c) => c.key === defaultClassKey) ? "class" : "all"));
  const [sampleKind, setSampleKind] = useState(v.sampleKind || "none");
  const [scheduleKind, setScheduleKind] = useState(v.scheduleKind || "now");
  const [reminders, setReminders] = useState(v.reminders || "0");
  const [localTime, setLocalTime] = useState("");
  const error = (field: string) => (state.error && state.field === field ? messages[state.error] : undefined);
  // Any change to the form after a preview hides the confirmation: the figures were for the form as it was.
  const [staleFor, setStaleFor] = useState<CampaignFormState | null>(null);
  const preview = state.preview && staleFor !== state ? state.preview : null;
  const number = (value: number) => value.toLocaleString(locale === "en" ? "en-US" : "zh-CN");
  // Dispatched by hand: a form action would reset the form afterwards (React 19), and the reset puts the controlled
  // radios back on their first option in the page while their state still says otherwise — the confirmation then
  // sent another audience than the one shown. Without JavaScript the form posts to the action as before.
  const submitKeepingFields = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => formAction(data));
  };
  const localeName = (locale: string | null) => (locale === "zh-CN" ? labels.localeZh : locale === "en" ? labels.localeEn : labels.localeNone);
  return (
    <form action={formAction} onSubmit={submitKeepingFields} className="grid gap-5" data-testid="campaign-form" onChange={() => setStaleFor(state)}>
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
        {classes.length > 0 && classLabel && (
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="audienceKind" value="class" checked={audienceKind === "class"} onChange={() => setAudienceKind("class")} />
            {classLabel}
          </label>
        )}
        {audienceKind === "class" && classLabel && (
          <div className="max-w-xs pl-6">
            <Field label={classLabel} htmlFor="classKey" error={error("classKey")}>
              <Select id="classKey" name="classKey" defaultValue={v.classKey || defaultClassKey || classes[0]?.key}>
                {classes.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.name}
                  </option>
                ))}
              </Select>
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

      {preview && (
        <section
          className="rounded-lg border-2 border-blue-300 bg-blue-50 p-4 text-sm text-slate-900"
          aria-labelledby="campaign-confirm-title"
          data-testid="campaign-confirm"
          data-recipients={preview.recipientCount}
        >
          <h2 id="campaign-confirm-title" className="mb-2 text-base font-semibold">
            {labels.confirmTitle}
          </h2>
          <ul className="mb-3 list-disc space-y-1 pl-5">
            <li data-testid="confirm-audience">{interpolate(labels.confirmAudience, { count: number(preview.audienceCount) })}</li>
            {preview.sampledCount !== preview.audienceCount && <li>{interpolate(labels.confirmSampled, { count: number(preview.sampledCount) })}</li>}
            <li className="font-semibold" data-testid="confirm-recipients">
              {interpolate(labels.confirmRecipients, { count: number(preview.recipientCount) })}
            </li>
            {preview.throttledCount + preview.unsubscribedCount + preview.noEmailCount > 0 && (
              <li>
                {interpolate(labels.confirmSkipped, {
                  throttled: number(preview.throttledCount),
                  unsubscribed: number(preview.unsubscribedCount),
                  noEmail: number(preview.noEmailCount),
                })}
              </li>
            )}
          </ul>
          {preview.sample.length > 0 ? (
            <>
              <p className="mb-1 font-medium">{labels.confirmSample}</p>
              <ul className="mb-3 space-y-0.5" data-testid="confirm-sample">
                {preview.sample.map((recipient) => (
                  <li key={recipient.email} className="break-all">
                    {recipient.name ? `${recipient.name} · ` : ""}
                    <span className="text-slate-700">{recipient.email}</span> <span className="text-xs text-slate-600">({localeName(recipient.locale)})</span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="mb-3 font-medium text-red-800" role="alert">
              {labels.confirmNone}
            </p>
          )}
          <input type="hidden" name="seed" value={preview.seed} />
          <input type="hidden" name="confirmedCount" value={preview.recipientCount} />
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" name="intent" value="send" disabled={pending || preview.recipientCount === 0} data-testid="confirm-campaign">
              {pending
                ? labels.submitting
                : interpolate(scheduleKind === "later" ? labels.confirmSchedule : labels.confirmSend, { count: number(preview.recipientCount) })}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setStaleFor(state)}>
              {labels.confirmChange}
            </Button>
          </div>
        </section>
      )}

      <div className="flex items-center gap-4">
        {!preview && (
          <Button type="submit" name="intent" value="preview" disabled={pending || surveys.length === 0} data-testid="send-campaign">
            {pending ? labels.reviewing : labels.review}
          </Button>
        )}
        {state.error && !state.field && (
          <p className="text-sm text-red-700" role="alert">
            {messages[state.error]}
          </p>
        )}
      </div>
    </form>
  );
}
