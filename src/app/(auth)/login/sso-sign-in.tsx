"use client";

import { useRef, useState, type FormEvent } from "react";
import { getCsrfToken } from "next-auth/react";
import { Button, Field, TextInput } from "@/components/ui/form";
import { findSsoProviderAction } from "./sso-actions";

type Labels = { divider: string; button: string; emailLabel: string; continue: string; notFound: string; failed: string };

/**
 * "Sign in with SSO": the work email finds the organisation's OIDC provider (by domain); the browser then posts
 * next-auth's sign-in form for that provider (with its CSRF token), which sends it on to the identity provider.
 */
export function SsoSignIn({ labels, callbackUrl, failed }: { labels: Labels; callbackUrl: string; failed: boolean }) {
  const [open, setOpen] = useState(failed);
  const [error, setError] = useState<string | null>(failed ? labels.failed : null);
  const [pending, setPending] = useState(false);
  const redirectForm = useRef<HTMLFormElement>(null);
  const [target, setTarget] = useState<{ action: string; csrfToken: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const email = String(new FormData(event.currentTarget).get("ssoEmail") ?? "");
    const found = await findSsoProviderAction(email);
    if (!found) {
      setPending(false);
      setError(labels.notFound);
      return;
    }
    const csrfToken = (await getCsrfToken()) ?? "";
    setTarget({ action: `/api/auth/signin/${encodeURIComponent(found.providerId)}`, csrfToken });
    // Submitted once React rendered the form with its action and token.
    requestAnimationFrame(() => redirectForm.current?.submit());
  }

  return (
    <div className="mt-6" data-testid="sso-sign-in">
      <div className="mb-4 flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
        <span className="h-px flex-1 bg-slate-200" />
        {labels.divider}
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      {!open ? (
        <Button type="button" variant="secondary" className="w-full" onClick={() => setOpen(true)} data-testid="sso-open">
          {labels.button}
        </Button>
      ) : (
        <form onSubmit={onSubmit} className="space-y-3" noValidate>
          <Field label={labels.emailLabel} htmlFor="sso-email">
            <TextInput id="sso-email" name="ssoEmail" type="email" autoComplete="username" required />
          </Field>
          {error && (
            <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950" role="alert" data-testid="sso-error">
              {error}
            </p>
          )}
          <Button type="submit" variant="secondary" className="w-full" disabled={pending} data-testid="sso-continue">
            {labels.continue}
          </Button>
        </form>
      )}
      {target && (
        <form ref={redirectForm} method="post" action={target.action} className="hidden">
          <input type="hidden" name="csrfToken" value={target.csrfToken} />
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
        </form>
      )}
    </div>
  );
}
