"use client";

import { useActionState, useState } from "react";
import type { FormState, ValidationKey } from "@/app/(app)/surveys/actions";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import { interpolate } from "@/i18n/interpolate";
import { fieldError } from "./form-state";
import { CopyLink } from "./copy-link";

type Labels = {
  email: string;
  name: string;
  locale: string;
  localeDefault: string;
  localeZh: string;
  localeEn: string;
  /** How the invitation reaches the customer: by email (default) or a link to copy. */
  delivery: string;
  deliveryEmail: string;
  deliveryLink: string;
  submit: string;
  submitLink: string;
  created: string;
  /** "{email}", "{language}" */
  emailed: string;
  link: string;
  copy: string;
  copied: string;
};

/**
 * Invite one customer: by default the invitation email goes out (through the send queue, in the contact's language,
 * else the survey's); "link only" just makes the personal link to copy. Either way the link is shown.
 */
export function InviteContactForm({
  action,
  labels,
  messages,
  origin,
  localeNames,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  labels: Labels;
  messages: Record<ValidationKey, string>;
  origin: string;
  localeNames: Record<string, string>;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const [delivery, setDelivery] = useState<"email" | "link">(state.values?.delivery === "link" ? "link" : "email");
  const err = (field: string) => fieldError(state, messages, field);
  // After a successful invite React resets the form, which puts the radios back on "email": follow it.
  const [seen, setSeen] = useState(state);
  if (seen !== state) {
    setSeen(state);
    if (state.ok) setDelivery("email");
  }
  return (
    <div className="space-y-4">
      <form action={formAction} className="space-y-4" data-testid="invite-form">
        <div className="grid gap-4 md:grid-cols-[2fr_2fr_1fr] md:items-end">
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
        </div>
        <fieldset className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm" data-testid="invite-delivery">
          <legend className="sr-only">{labels.delivery}</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="delivery" value="email" checked={delivery === "email"} onChange={() => setDelivery("email")} data-testid="invite-delivery-email" />
            {labels.deliveryEmail}
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="delivery" value="link" checked={delivery === "link"} onChange={() => setDelivery("link")} data-testid="invite-delivery-link" />
            {labels.deliveryLink}
          </label>
          <Button type="submit" disabled={pending} className="md:ml-auto">
            {delivery === "email" ? labels.submit : labels.submitLink}
          </Button>
        </fieldset>
      </form>
      {state.error && (
        <p className="text-sm text-red-700" role="alert">
          {messages[state.error]}
        </p>
      )}
      {state.ok && state.link && (
        <div className="rounded-lg border border-green-200 bg-green-50 p-4" role="status" data-testid="invite-result" data-emailed={state.emailed ? "true" : "false"}>
          <p className="text-sm text-green-900">
            {state.emailed
              ? interpolate(labels.emailed, { email: state.email ?? "", language: localeNames[state.locale ?? ""] ?? state.locale ?? "" })
              : interpolate(labels.created, { email: state.email ?? "" })}
          </p>
          <div className="mt-2">
            <CopyLink url={`${origin}${state.link}`} label={labels.link} copy={labels.copy} copied={labels.copied} testId="new-link" />
          </div>
        </div>
      )}
    </div>
  );
}
