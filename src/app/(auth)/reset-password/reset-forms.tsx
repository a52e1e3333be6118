"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button, Field, TextInput } from "@/components/ui/form";
import type { ResetRequestState, ResetState } from "./actions";

export function RequestResetForm({
  action,
  labels,
}: {
  action: (state: ResetRequestState, formData: FormData) => Promise<ResetRequestState>;
  labels: { email: string; send: string; sent: string; throttled: string };
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-4" data-testid="reset-request-form">
      <Field label={labels.email} htmlFor="email">
        <TextInput id="email" name="email" type="email" required autoComplete="username" />
      </Field>
      {state.result && (
        <p className={`rounded-md px-3 py-2 text-sm ${state.result === "throttled" ? "bg-red-50 text-red-800" : "bg-green-50 text-green-900"}`} role="status" data-testid="reset-request-result">
          {state.result === "throttled" ? labels.throttled : labels.sent}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={pending}>
        {labels.send}
      </Button>
    </form>
  );
}

export function ResetPasswordForm({
  action,
  token,
  labels,
  errors,
}: {
  action: (state: ResetState, formData: FormData) => Promise<ResetState>;
  token: string;
  labels: { password: string; rules: string; submit: string; done: string; backToLogin: string };
  errors: Record<string, string>;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  if (state.ok) {
    return (
      <div className="space-y-4">
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900" role="status" data-testid="reset-done">
          {labels.done}
        </p>
        <Link href="/login" className="font-medium text-blue-800 hover:underline">
          {labels.backToLogin}
        </Link>
      </div>
    );
  }
  const passwordError = state.error && state.error !== "invalid" ? errors[state.error] : undefined;
  return (
    <form action={formAction} className="space-y-4" data-testid="reset-form">
      <input type="hidden" name="token" value={token} />
      <Field label={labels.password} htmlFor="password" error={passwordError} hint={labels.rules}>
        <TextInput id="password" name="password" type="password" required autoComplete="new-password" invalid={!!passwordError} />
      </Field>
      {state.error === "invalid" && (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">
          {errors.invalid}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={pending}>
        {labels.submit}
      </Button>
    </form>
  );
}
