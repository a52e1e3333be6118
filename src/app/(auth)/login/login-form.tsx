"use client";

import { useState, useSyncExternalStore, type FormEvent } from "react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Button, Field, TextInput } from "@/components/ui/form";
import { interpolate } from "@/i18n/interpolate";
import type { Locale } from "@/i18n/locales";
import { safeRedirectPath } from "@/lib/safe-redirect";

type Labels = { email: string; password: string; submit: string; submitting: string; invalid: string; locked: string; ssoRequired: string };

/** The error next-auth hands back when the sign-in is throttled: `SignInLocked:<ISO time>` (src/server/auth/options.ts). */
const LOCKED = /^SignInLocked:(.+)$/;

export function LoginForm({ labels, callbackUrl, locale }: { labels: Labels; callbackUrl: string; locale: Locale }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Enabled once hydrated: signing in needs JavaScript, and a click before that would do nothing useful.
  const ready = useSyncExternalStore(
    () => () => undefined,
    () => true,
    () => false,
  );

  function lockedMessage(code: string): string | null {
    const until = new Date(LOCKED.exec(code)?.[1] ?? "");
    if (Number.isNaN(until.getTime())) return null;
    const time = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(until);
    const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
    return interpolate(labels.locked, { time, minutes });
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!result || result.error) {
      setPending(false);
      setError((result?.error === "SsoRequired" ? labels.ssoRequired : null) || (result?.error && lockedMessage(result.error)) || labels.invalid);
      return;
    }
    // The server already normalised it; checked again against this page's origin before following it.
    router.replace(safeRedirectPath(callbackUrl, { origin: window.location.origin }));
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="login-form">
      <Field label={labels.email} htmlFor="email">
        <TextInput id="email" name="email" type="email" autoComplete="username" required />
      </Field>
      <Field label={labels.password} htmlFor="password">
        <TextInput id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      {error && (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="alert" data-testid="login-error">
          {error}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={pending || !ready}>
        {pending ? labels.submitting : labels.submit}
      </Button>
    </form>
  );
}
