"use client";

import { useActionState } from "react";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import type { SsoField, SsoFormState } from "./actions";

export type SsoFormValues = { issuer: string; clientId: string; hasSecret: boolean; domains: string; defaultRole: string; ssoOnly: boolean; enabled: boolean };

type Labels = {
  issuer: string;
  issuerHint: string;
  clientId: string;
  clientSecret: string;
  clientSecretSaved: string;
  domains: string;
  domainsHint: string;
  defaultRole: string;
  ssoOnly: string;
  enabled: string;
  save: string;
  saving: string;
  saved: string;
  failed: string;
  errors: Record<SsoField, string>;
  roles: { value: string; label: string }[];
};

export function SsoForm({ action, values, labels }: { action: (state: SsoFormState, formData: FormData) => Promise<SsoFormState>; values: SsoFormValues; labels: Labels }) {
  const [state, submit, pending] = useActionState(action, { ok: false });
  const error = (field: SsoField) => (state.fields?.includes(field) ? labels.errors[field] : undefined);
  return (
    <form action={submit} className="space-y-4" data-testid="sso-form">
      <Field label={labels.issuer} htmlFor="sso-issuer" hint={labels.issuerHint} error={error("issuer")}>
        <TextInput id="sso-issuer" name="issuer" type="url" defaultValue={values.issuer} invalid={Boolean(error("issuer"))} required />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={labels.clientId} htmlFor="sso-client-id" error={error("clientId")}>
          <TextInput id="sso-client-id" name="clientId" defaultValue={values.clientId} invalid={Boolean(error("clientId"))} autoComplete="off" required />
        </Field>
        <Field label={labels.clientSecret} htmlFor="sso-client-secret" hint={values.hasSecret ? labels.clientSecretSaved : undefined} error={error("clientSecret")}>
          <TextInput id="sso-client-secret" name="clientSecret" type="password" autoComplete="new-password" invalid={Boolean(error("clientSecret"))} />
        </Field>
      </div>
      <Field label={labels.domains} htmlFor="sso-domains" hint={labels.domainsHint} error={error("domains")}>
        <TextInput id="sso-domains" name="domains" defaultValue={values.domains} invalid={Boolean(error("domains"))} required />
      </Field>
      <Field label={labels.defaultRole} htmlFor="sso-role">
        <Select id="sso-role" name="defaultRole" defaultValue={values.defaultRole}>
          {labels.roles.map((role) => (
            <option key={role.value} value={role.value}>
              {role.label}
            </option>
          ))}
        </Select>
      </Field>
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" name="ssoOnly" defaultChecked={values.ssoOnly} className="mt-0.5 h-4 w-4" />
        <span>{labels.ssoOnly}</span>
      </label>
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" name="enabled" defaultChecked={values.enabled} className="mt-0.5 h-4 w-4" />
        <span>{labels.enabled}</span>
      </label>
      <div aria-live="polite">
        {state.saved && (
          <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900" role="status" data-testid="sso-saved">
            {labels.saved}
          </p>
        )}
        {state.failed && (
          <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">
            {labels.failed}
          </p>
        )}
      </div>
      <Button type="submit" disabled={pending} data-testid="sso-save">
        {pending ? labels.saving : labels.save}
      </Button>
    </form>
  );
}
