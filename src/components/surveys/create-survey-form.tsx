"use client";

import { useActionState, useState } from "react";
import type { FormState, ValidationKey } from "@/app/(app)/surveys/actions";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import { fieldError } from "./form-state";

type Labels = {
  name: string;
  namePlaceholder: string;
  brand: string;
  brandPlaceholder: string;
  kind: string;
  kindRelationship: string;
  kindTransactional: string;
  touchpoint: string;
  touchpointPlaceholder: string;
  defaultLocale: string;
  localeZh: string;
  localeEn: string;
  template: string;
  templates: { value: string; label: string }[];
  submit: string;
};

export function CreateSurveyForm({
  action,
  labels,
  messages,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  labels: Labels;
  messages: Record<ValidationKey, string>;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const [kind, setKind] = useState(state.values?.kind ?? "RELATIONSHIP");
  const err = (field: string) => fieldError(state, messages, field);
  return (
    <form action={formAction} className="grid gap-4 md:grid-cols-2" data-testid="create-survey-form">
      <Field label={labels.name} htmlFor="name" error={err("name")}>
        <TextInput id="name" name="name" required maxLength={120} placeholder={labels.namePlaceholder} defaultValue={state.values?.name} invalid={!!err("name")} />
      </Field>
      <Field label={labels.brand} htmlFor="brandName" error={err("brandName")}>
        <TextInput id="brandName" name="brandName" required maxLength={80} placeholder={labels.brandPlaceholder} defaultValue={state.values?.brandName} invalid={!!err("brandName")} />
      </Field>
      <Field label={labels.kind} htmlFor="kind">
        <Select id="kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="RELATIONSHIP">{labels.kindRelationship}</option>
          <option value="TRANSACTIONAL">{labels.kindTransactional}</option>
        </Select>
      </Field>
      {kind === "TRANSACTIONAL" && (
        <Field label={labels.touchpoint} htmlFor="touchpoint" error={err("touchpoint")}>
          <TextInput id="touchpoint" name="touchpoint" maxLength={80} placeholder={labels.touchpointPlaceholder} defaultValue={state.values?.touchpoint} invalid={!!err("touchpoint")} />
        </Field>
      )}
      <Field label={labels.defaultLocale} htmlFor="defaultLocale">
        <Select id="defaultLocale" name="defaultLocale" defaultValue={state.values?.defaultLocale || "zh-CN"}>
          <option value="zh-CN">{labels.localeZh}</option>
          <option value="en">{labels.localeEn}</option>
        </Select>
      </Field>
      <Field label={labels.template} htmlFor="template">
        <Select id="template" name="template" defaultValue={state.values?.template || "standard"}>
          {labels.templates.map((template) => (
            <option key={template.value} value={template.value}>
              {template.label}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex items-end md:col-span-2">
        <Button type="submit" disabled={pending}>
          {labels.submit}
        </Button>
        {state.error && (
          <p className="ml-4 text-sm text-red-700" role="alert">
            {messages[state.error]}
          </p>
        )}
      </div>
    </form>
  );
}
