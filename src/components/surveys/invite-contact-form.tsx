"use client";

import { useActionState } from "react";
import type { FormState, ValidationKey } from "@/app/(app)/surveys/actions";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import { fieldError } from "./form-state";
import { CopyLink } from "./copy-link";

type Labels = {
  email: string;
  name: string;
  locale: string;
  localeDefault: string;
  localeZh: string;
  localeEn: string;
  submit: string;
  created: string;
  link: string;
  copy: string;
  copied: string;
};

export function InviteContactForm({
  action,
  labels,
  messages,
  origin,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  labels: Labels;
  messages: Record<ValidationKey, string>;
  origin: string;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const err = (field: string) => fieldError(state, messages, field);
  return (
    <div className="space-y-4">
      <form action={formAction} className="grid gap-4 md:grid-cols-[2fr_2fr_1fr_auto] md:items-end" data-testid="invite-form">
        <Field label={labels.email} htmlFor="invite-email" error={err("email")}>
          <TextInput id="invite-email" name="email" type="email" required maxLength={254} defaultValue={state.ok ? "" : state.values?.email} invalid={!!err("email")} />
        </Field>
        <Field label={labels.name} htmlFor="invite-name" error={err("name")}>
          <TextInput id="invite-name" name="name" maxLength={120} defaultValue={state.ok ? "" : state.values?.name} />
        </Field>
        <Field label={labels.locale} htmlFor="invite-locale">
          <Select id="invite-locale" name="locale" defaultValue="">
            <option value="">{labels.localeDefault}</option>
            <option value="zh-CN">{labels.localeZh}</option>
            <option value="en">{labels.localeEn}</option>
          </Select>
        </Field>
        <Button type="submit" disabled={pending}>
          {labels.submit}
        </Button>
      </form>
      {state.error && (
        <p className="text-sm text-red-700" role="alert">
          {messages[state.error]}
        </p>
      )}
      {state.ok && state.link && (
        <div className="rounded-lg border border-green-200 bg-green-50 p-4" role="status">
          <p className="text-sm text-green-900">{labels.created.replace("{email}", state.email ?? "")}</p>
          <div className="mt-2">
            <CopyLink url={`${origin}${state.link}`} label={labels.link} copy={labels.copy} copied={labels.copied} testId="new-link" />
          </div>
        </div>
      )}
    </div>
  );
}
