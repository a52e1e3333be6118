"use client";

import { useActionState } from "react";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import type { Locale } from "@/i18n/locales";
import { LOCALES } from "@/i18n/locales";
import { REPLY_BODY_MAX, REPLY_SUBJECT_MAX } from "@/schemas/case";
import { REPLY_TEMPLATE_NAME_MAX } from "@/schemas/case-settings";
import { EditFormActions, useFormToggle } from "./form-bits";
import { fieldError, posted, smallButtonClass, textareaClass, type CaseSettingsLabels, type CaseSettingsMessages } from "./form-helpers";
import type { CaseSettingsAction } from "./state";

export type TemplateFormTemplate = { id: string; locale: Locale; name: string; subject: string; body: string };

/** Add or edit a reply template (language, name, subject, body), behind an "Add template" / "Edit" button. */
export function TemplateForm({
  action,
  template,
  defaultLocale,
  labels,
  localeNames,
  messages,
  triggerLabel,
  title,
  primaryTrigger = false,
}: {
  action: CaseSettingsAction;
  template: TemplateFormTemplate | null;
  defaultLocale: Locale;
  labels: CaseSettingsLabels;
  localeNames: Record<Locale, string>;
  messages: CaseSettingsMessages;
  triggerLabel: string;
  title: string;
  primaryTrigger?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const toggle = useFormToggle(state);
  const testId = template ? `template-form-${template.id}` : `template-form-new-${defaultLocale}`;
  if (!toggle.open) {
    return primaryTrigger ? (
      <Button type="button" variant="secondary" onClick={toggle.show} data-testid={`${testId}-open`}>
        {triggerLabel}
      </Button>
    ) : (
      <button type="button" className={smallButtonClass} onClick={toggle.show} data-testid={`${testId}-open`}>
        {triggerLabel}
      </button>
    );
  }
  const id = (name: string) => `${testId}-${name}`;
  const err = (name: string) => fieldError(state, messages, name);
  return (
    <form key={state.at ?? "form"} action={formAction} className="w-full space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-4 text-left" data-testid={testId}>
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      {template && <input type="hidden" name="id" value={template.id} />}
      <div className="grid gap-4 md:grid-cols-[12rem_1fr]">
        <Field label={labels["caseSettings.templates.locale"]} htmlFor={id("locale")} error={err("locale")}>
          <Select id={id("locale")} name="locale" defaultValue={posted(state, "locale", template?.locale ?? defaultLocale)}>
            {LOCALES.map((locale) => (
              <option key={locale} value={locale}>
                {localeNames[locale]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={labels["caseSettings.templates.name"]} htmlFor={id("name")} error={err("name")}>
          <TextInput id={id("name")} name="name" required maxLength={REPLY_TEMPLATE_NAME_MAX} defaultValue={posted(state, "name", template?.name ?? "")} invalid={!!err("name")} />
        </Field>
      </div>
      <Field label={labels["caseSettings.templates.subject"]} htmlFor={id("subject")} error={err("subject")}>
        <TextInput id={id("subject")} name="subject" required maxLength={REPLY_SUBJECT_MAX} defaultValue={posted(state, "subject", template?.subject ?? "")} invalid={!!err("subject")} />
      </Field>
      <Field label={labels["caseSettings.templates.body"]} htmlFor={id("body")} error={err("body")} hint={labels["caseSettings.templates.placeholders"]}>
        <textarea
          id={id("body")}
          name="body"
          rows={8}
          required
          maxLength={REPLY_BODY_MAX}
          className={`${textareaClass} ${err("body") ? "border-red-600" : ""}`}
          defaultValue={posted(state, "body", template?.body ?? "")}
          aria-invalid={!!err("body") || undefined}
        />
      </Field>
      <EditFormActions state={state} messages={messages} labels={labels} pending={pending} onCancel={toggle.hide} testId={testId} />
    </form>
  );
}
