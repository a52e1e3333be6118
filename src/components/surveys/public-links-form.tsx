"use client";

import { useActionState } from "react";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import type { SurveyLinkChannel } from "@/schemas/survey-link";

/** Catalogue keys of the messages the public-link forms show; the page passes them translated. */
export type PublicLinkMessageKey =
  | "links.error.nameRequired"
  | "links.error.nameTooLong"
  | "links.error.channel"
  | "links.error.keyInvalid"
  | "links.error.keyMissing"
  | "links.error.valueMissing"
  | "links.error.valueTooLong"
  | "links.error.forbidden"
  | "links.error.notFound"
  | "links.error.failed";

type FormValues = { name: string; channel: string; attributeKey: string; attributeValue: string };

export type PublicLinkFormState = {
  ok: boolean;
  /** The created link's name and id (ok only). */
  name?: string;
  linkId?: string;
  error?: PublicLinkMessageKey;
  fieldErrors?: Partial<Record<keyof FormValues, PublicLinkMessageKey>>;
  values?: FormValues;
};

export type DisablePublicLinkState = { ok: boolean; error?: PublicLinkMessageKey };

type Labels = {
  name: string;
  namePlaceholder: string;
  nameHint: string;
  channel: string;
  channels: Record<SurveyLinkChannel, string>;
  attributeKey: string;
  attributeKeyPlaceholder: string;
  attributeKeyHint: string;
  attributeValue: string;
  attributeValuePlaceholder: string;
  submit: string;
  submitting: string;
  /** Contains {name}. */
  created: string;
};

/** Creates a public link: name, link or QR, optional tag (key + value). Works as a plain form post too. */
export function PublicLinkForm({
  action,
  labels,
  messages,
  limits,
}: {
  action: (state: PublicLinkFormState, formData: FormData) => Promise<PublicLinkFormState>;
  labels: Labels;
  messages: Record<PublicLinkMessageKey, string>;
  limits: { name: number; attributeKey: number; attributeValue: number };
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const values = state.ok ? undefined : state.values;
  const error = (field: keyof FormValues) => {
    const key = state.fieldErrors?.[field];
    return key ? messages[key] : undefined;
  };
  return (
    <div className="space-y-3">
      <form
        action={formAction}
        // A new link resets the fields: the form is remounted with a fresh key.
        key={state.ok ? state.linkId : "form"}
        className="grid gap-4 md:grid-cols-2"
        data-testid="create-link-form"
        noValidate
      >
        <Field label={labels.name} htmlFor="link-name" error={error("name")} hint={labels.nameHint}>
          <TextInput
            id="link-name"
            name="name"
            required
            maxLength={limits.name}
            placeholder={labels.namePlaceholder}
            defaultValue={values?.name}
            invalid={!!error("name")}
          />
        </Field>
        <Field label={labels.channel} htmlFor="link-channel" error={error("channel")}>
          <Select id="link-channel" name="channel" defaultValue={values?.channel || "QR"}>
            <option value="QR">{labels.channels.QR}</option>
            <option value="LINK">{labels.channels.LINK}</option>
          </Select>
        </Field>
        <Field label={labels.attributeKey} htmlFor="link-attribute-key" error={error("attributeKey")} hint={labels.attributeKeyHint}>
          <TextInput
            id="link-attribute-key"
            name="attributeKey"
            maxLength={limits.attributeKey}
            pattern="[a-z][a-z0-9_]*"
            autoCapitalize="off"
            spellCheck={false}
            placeholder={labels.attributeKeyPlaceholder}
            defaultValue={values?.attributeKey}
            invalid={!!error("attributeKey")}
          />
        </Field>
        <Field label={labels.attributeValue} htmlFor="link-attribute-value" error={error("attributeValue")}>
          <TextInput
            id="link-attribute-value"
            name="attributeValue"
            maxLength={limits.attributeValue}
            placeholder={labels.attributeValuePlaceholder}
            defaultValue={values?.attributeValue}
            invalid={!!error("attributeValue")}
          />
        </Field>
        <div className="md:col-span-2">
          <Button type="submit" disabled={pending}>
            {pending ? labels.submitting : labels.submit}
          </Button>
        </div>
      </form>
      {state.error && (
        <p className="text-sm text-red-700" role="alert">
          {messages[state.error]}
        </p>
      )}
      {state.ok && state.name && (
        <p className="text-sm font-medium text-green-800" role="status" data-testid="link-created">
          {labels.created.replace("{name}", state.name)}
        </p>
      )}
    </div>
  );
}
