"use client";

import { useState, type FormEvent } from "react";
import { getCsrfToken } from "next-auth/react";
import { Button, Field, TextInput } from "@/components/ui/form";
import { findSsoProviderAction } from "./sso-actions";

type Labels = { divider: string; button: string; emailLabel: string; continue: string; notFound: string; failed: string };

/**
 * "Sign in with SSO": the work email finds the organisation's OIDC provider (by domain); the browser then posts
 * next-auth's sign-in request for that provider (with its CSRF token) and goes to the identity provider it names.
 */
export function SsoSignIn({ labels, callbackUrl, failed }: { labels: Labels; callbackUrl: string; failed: boolean }) {
  const [open, setOpen] = useState(failed);
  const [error, setError] = useState<string | null>(failed ? labels.failed : null);
  const [pending, setPending] = useState(false);

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
    // As next-auth's own client does: the sign-in request by fetch, answered with the provider's URL (json=true),
    // then a plain navigation there. A form POST would be redirected cross-origin, which the page's CSP
    // (form-action 'self') blocks.
    const response = await fetch(`/api/auth/signin/${encodeURIComponent(found.providerId)}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1" },
      body: new URLSearchParams({ csrfToken, callbackUrl, json: "true" }),
    }).catch(() => null);
    const data = response?.ok ? ((await response.json().catch(() => null)) as { url?: unknown } | null) : null;
    if (typeof data?.url !== "string") {
      setPending(false);
      setError(labels.failed);
      return;
    }
    window.location.assign(data.url);
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
    </div>
  );
}
