"use client";

import { useActionState, type ReactNode } from "react";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import { interpolate } from "@/i18n/interpolate";
import type { MemberFormState } from "./actions";

type Action = (state: MemberFormState, formData: FormData) => Promise<MemberFormState>;
type Option = { value: string; label: string };

/** Invite a colleague: email, role, optional unit, language of the email. */
export function InviteForm({
  action,
  roles,
  units,
  locales,
  defaultLocale,
  labels,
  errors,
}: {
  action: Action;
  roles: Option[];
  units: Option[];
  locales: Option[];
  defaultLocale: string;
  labels: { email: string; role: string; scope: string; whole: string; locale: string; submit: string; sending: string; sent: string; notSent: string; scopeHint: string };
  errors: Record<string, string>;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="invite-form">
      <Field label={labels.email} htmlFor="invite-email">
        <TextInput id="invite-email" name="email" type="email" required autoComplete="off" />
      </Field>
      <Field label={labels.role} htmlFor="invite-role">
        <Select id="invite-role" name="role" defaultValue="VIEWER">
          {roles.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={labels.scope} htmlFor="invite-scope" hint={labels.scopeHint}>
        <Select id="invite-scope" name="scopeUnitId" defaultValue="">
          <option value="">{labels.whole}</option>
          {units.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={labels.locale} htmlFor="invite-locale">
        <Select id="invite-locale" name="locale" defaultValue={defaultLocale}>
          {locales.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </Field>
      <div className="sm:col-span-2 lg:col-span-4">
        <Button type="submit" disabled={pending}>
          {pending ? labels.sending : labels.submit}
        </Button>
        <Outcome state={state} errors={errors} ok={state.email ? interpolate(state.sent === false ? labels.notSent : labels.sent, { email: state.email }) : ""} />
      </div>
    </form>
  );
}

function Outcome({ state, errors, ok }: { state: MemberFormState; errors: Record<string, string>; ok: string }) {
  if (state.error) {
    return (
      <p className="mt-2 text-sm text-red-700" role="alert" data-testid="member-error">
        {errors[state.error] ?? errors.generic}
      </p>
    );
  }
  if (state.ok && ok) {
    return (
      <p className="mt-2 text-sm text-green-800" role="status" data-testid="member-ok">
        {ok}
      </p>
    );
  }
  return null;
}

/** One row's role + unit change. */
export function ChangeMemberForm({
  action,
  id,
  role,
  scopeUnitId,
  roles,
  units,
  labels,
  errors,
}: {
  action: Action;
  id: string;
  role: string;
  scopeUnitId: string | null;
  roles: Option[];
  units: Option[];
  labels: { role: string; scope: string; whole: string; save: string; saved: string };
  errors: Record<string, string>;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2" data-testid="change-member-form">
      <input type="hidden" name="id" value={id} />
      <label className="sr-only" htmlFor={`role-${id}`}>
        {labels.role}
      </label>
      <Select id={`role-${id}`} name="role" defaultValue={role} className="mt-0! w-auto!">
        {roles.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
      <label className="sr-only" htmlFor={`scope-${id}`}>
        {labels.scope}
      </label>
      <Select id={`scope-${id}`} name="scopeUnitId" defaultValue={scopeUnitId ?? ""} className="mt-0! w-auto! max-w-[12rem]">
        <option value="">{labels.whole}</option>
        {units.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
      <Button type="submit" variant="secondary" disabled={pending} className="px-3! py-1.5!">
        {labels.save}
      </Button>
      <div className="w-full">
        <Outcome state={state} errors={errors} ok={labels.saved} />
      </div>
    </form>
  );
}

/** A one-button row action (deactivate, reactivate, resend, revoke), optionally confirmed first. */
export function RowAction({
  action,
  id,
  fields = {},
  label,
  confirm,
  errors,
  done,
  danger,
}: {
  action: Action;
  id: string;
  fields?: Record<string, string>;
  label: ReactNode;
  confirm?: string;
  errors: Record<string, string>;
  done?: string;
  danger?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        disabled={pending}
        className={`rounded border bg-white px-2 py-1 text-xs font-medium disabled:opacity-50 ${danger ? "border-red-300 text-red-800 hover:bg-red-50" : "border-slate-300 text-slate-800 hover:bg-slate-50"}`}
      >
        {label}
      </button>
      <Outcome state={state} errors={errors} ok={done && state.email ? interpolate(done, { email: state.email }) : ""} />
    </form>
  );
}
