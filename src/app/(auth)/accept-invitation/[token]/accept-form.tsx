"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef } from "react";
import { Button, Field, TextInput } from "@/components/ui/form";
import type { AcceptState } from "./actions";

/** Accept an invitation: a new account sets name and password, an existing one enters its password; then signs in. */
export function AcceptForm({
  action,
  token,
  existingAccount,
  labels,
  errors,
}: {
  action: (state: AcceptState, formData: FormData) => Promise<AcceptState>;
  token: string;
  existingAccount: boolean;
  labels: { name: string; password: string; rules: string; submit: string; submitting: string };
  errors: Record<string, string>;
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
  const passwordError = state.error && state.error !== "invalid" && state.error !== "name" ? errors[state.error] : undefined;
  return (
    <form action={formAction} className="space-y-4" data-testid="accept-form" onSubmit={(e) => (password.current = String(new FormData(e.currentTarget).get("password") ?? ""))}>
      <input type="hidden" name="token" value={token} />
      {!existingAccount && (
        <Field label={labels.name} htmlFor="name" error={state.error === "name" ? errors.name : undefined}>
          <TextInput id="name" name="name" defaultValue={state.name} required maxLength={120} autoComplete="name" invalid={state.error === "name"} />
        </Field>
      )}
      <Field label={labels.password} htmlFor="password" error={passwordError} hint={existingAccount ? undefined : labels.rules}>
        <TextInput id="password" name="password" type="password" required autoComplete={existingAccount ? "current-password" : "new-password"} invalid={!!passwordError} />
      </Field>
      {state.error === "invalid" && (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">
          {errors.invalid}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={pending || state.ok}>
        {pending || state.ok ? labels.submitting : labels.submit}
      </Button>
    </form>
  );
}
