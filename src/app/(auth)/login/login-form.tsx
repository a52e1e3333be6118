"use client";

import { useState, useSyncExternalStore, type FormEvent } from "react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Button, Field, TextInput } from "@/components/ui/form";

type Labels = { email: string; password: string; submit: string; submitting: string; invalid: string };

export function LoginForm({ labels, callbackUrl }: { labels: Labels; callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Enabled once hydrated: signing in needs JavaScript, and a click before that would do nothing useful.
  const ready = useSyncExternalStore(
    () => () => undefined,
    () => true,
    () => false,
  );

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
      setError(labels.invalid);
      return;
    }
    router.replace(callbackUrl);
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
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">
          {error}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={pending || !ready}>
        {pending ? labels.submitting : labels.submit}
      </Button>
    </form>
  );
}
