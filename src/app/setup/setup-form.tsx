"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef } from "react";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import type { SetupState } from "./actions";

type Labels = Record<
  | "organization" | "organizationName" | "brandZh" | "brandEn" | "brandHint" | "timeZone" | "defaultLocale" | "owner"
  | "ownerName" | "ownerEmail" | "password" | "passwordRules" | "submit" | "submitting" | "gone" | "failed",
  string
>;

export function SetupForm({
  action,
  labels,
  problemText,
  locales,
  timeZones,
  defaults,
}: {
  action: (state: SetupState, formData: FormData) => Promise<SetupState>;
  labels: Labels;
  /** Catalogue text per refusal reason (invalid, time_zone, too_short, common …). */
  problemText: Record<string, string>;
  locales: { value: string; label: string }[];
  timeZones: string[];
  defaults: { locale: string; timeZone: string };
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const password = useRef("");
  const router = useRouter();

  useEffect(() => {
    if (!state.ok || !state.email) return;
    void signIn("credentials", { email: state.email, password: password.current, redirect: false }).then(() => {
      router.replace("/dashboard");
      router.refresh();
    });
  }, [state, router]);

  const problem = (name: keyof NonNullable<SetupState["problems"]>) => {
    const reason = state.problems?.[name];
    return reason ? (problemText[reason] ?? problemText.invalid) : undefined;
  };

  if (state.gone) {
    return (
      <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert" data-testid="setup-gone">
        {labels.gone} <Link className="font-medium underline" href="/login">→</Link>
      </p>
    );
  }

  return (
    <form action={formAction} className="space-y-6" data-testid="setup-form" onSubmit={(e) => (password.current = String(new FormData(e.currentTarget).get("password") ?? ""))}>
      <fieldset className="space-y-4">
        <legend className="text-base font-semibold text-slate-900">{labels.organization}</legend>
        <Field label={labels.organizationName} htmlFor="organizationName" error={problem("organizationName")}>
          <TextInput id="organizationName" name="organizationName" defaultValue={state.values?.organizationName} required maxLength={120} invalid={!!problem("organizationName")} />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={labels.brandZh} htmlFor="brandZh" hint={labels.brandHint}>
            <TextInput id="brandZh" name="brandZh" defaultValue={state.values?.brandZh} maxLength={120} />
          </Field>
          <Field label={labels.brandEn} htmlFor="brandEn">
            <TextInput id="brandEn" name="brandEn" defaultValue={state.values?.brandEn} maxLength={120} />
          </Field>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={labels.timeZone} htmlFor="timeZone" error={problem("timeZone")}>
            <Select id="timeZone" name="timeZone" defaultValue={state.values?.timeZone ?? defaults.timeZone}>
              {timeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={labels.defaultLocale} htmlFor="defaultLocale">
            <Select id="defaultLocale" name="defaultLocale" defaultValue={state.values?.defaultLocale ?? defaults.locale}>
              {locales.map((l) => (
                <option key={l.value} value={l.value}>
                  {l.label}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-base font-semibold text-slate-900">{labels.owner}</legend>
        <Field label={labels.ownerName} htmlFor="ownerName" error={problem("ownerName")}>
          <TextInput id="ownerName" name="ownerName" defaultValue={state.values?.ownerName} required maxLength={120} autoComplete="name" invalid={!!problem("ownerName")} />
        </Field>
        <Field label={labels.ownerEmail} htmlFor="ownerEmail" error={problem("ownerEmail")}>
          <TextInput id="ownerEmail" name="ownerEmail" defaultValue={state.values?.ownerEmail} type="email" required autoComplete="username" invalid={!!problem("ownerEmail")} />
        </Field>
        <Field label={labels.password} htmlFor="password" error={problem("password")} hint={labels.passwordRules}>
          <TextInput id="password" name="password" type="password" required minLength={10} autoComplete="new-password" invalid={!!problem("password")} />
        </Field>
      </fieldset>
      {state.problems && (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="alert" data-testid="setup-error">
          {labels.failed}
        </p>
      )}
      <Button type="submit" className="w-full sm:w-auto" disabled={pending || state.ok}>
        {pending || state.ok ? labels.submitting : labels.submit}
      </Button>
    </form>
  );
}
