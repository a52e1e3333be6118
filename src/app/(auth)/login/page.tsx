import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { LanguageSwitcher } from "@/components/layout/language-switcher";
import { env } from "@/env";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/demo-accounts";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { getViewer } from "@/server/auth/session";
import { getPublicOrigin } from "@/server/http/origin";
import { isFirstRun } from "@/server/setup/first-run";
import { messagesFor } from "@/i18n/translate";
import { getTranslator } from "@/server/i18n/request-locale";
import { LoginForm } from "./login-form";
import { SsoSignIn } from "./sso-sign-in";

export const metadata: Metadata = { title: "Sign in · 登录" };

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string }> };

export default async function LoginPage({ searchParams }: Props) {
  // An installation without any organisation starts with its setup (issue 16).
  if (await isFirstRun()) redirect("/setup");
  const { callbackUrl, error } = await searchParams;
  // Only paths on this site, normalised (src/lib/safe-redirect.ts): never send a signed-in user elsewhere.
  const target = safeRedirectPath(typeof callbackUrl === "string" ? callbackUrl : undefined, { origin: await getPublicOrigin() });
  if (await getViewer()) redirect(target);
  const { t, locale } = await getTranslator();
  const showDemo = env.NODE_ENV !== "production" || process.env.SHOW_DEMO_LOGIN === "1";
  const demo = DEMO_ACCOUNTS[1];
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-4 flex justify-end">
          <LanguageSwitcher current={locale} />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <p className="text-lg font-bold text-blue-800">{t("app.name")}</p>
          <h1 className="mt-4 text-2xl font-semibold">{t("auth.title")}</h1>
          <p className="mb-6 mt-1 text-sm text-slate-600">{t("auth.subtitle")}</p>
          <LoginForm
            callbackUrl={target}
            locale={locale}
            labels={{
              email: t("auth.email"),
              password: t("auth.password"),
              submit: t("auth.submit"),
              submitting: t("auth.submitting"),
              invalid: t("auth.invalid"),
              locked: messagesFor(locale)["security.signIn.locked"],
              ssoRequired: t("sso.login.required"),
            }}
          />
          <SsoSignIn
            callbackUrl={target}
            failed={typeof error === "string" && error.length > 0}
            labels={{
              divider: t("sso.login.divider"),
              button: t("sso.login.button"),
              emailLabel: t("sso.login.emailLabel"),
              continue: t("sso.login.continue"),
              notFound: t("sso.login.notFound"),
              failed: t("sso.login.failed"),
            }}
          />
          <p className="mt-4 text-center text-sm">
            <Link href="/reset-password" className="font-medium text-blue-800 hover:underline" data-testid="forgot-password">
              {t("accounts.reset.link")}
            </Link>
          </p>
          {showDemo && (
            <p className="mt-6 rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
              {t("auth.demoHint", { email: demo.email, password: "" })}
              <span className="whitespace-nowrap font-mono">{DEMO_PASSWORD}</span>
            </p>
          )}
        </div>
      </div>
    </main>
  );
}
