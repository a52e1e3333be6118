import Link from "next/link";
import type { Metadata } from "next";
import { AuthCard } from "@/components/accounts/auth-card";
import { getTranslator } from "@/server/i18n/request-locale";
import { requestResetAction } from "./actions";
import { RequestResetForm } from "./reset-forms";

export const metadata: Metadata = { title: "Reset password · 重置密码" };

/** Ask for a password-reset link; the answer is the same whether the address has an account or not. */
export default async function RequestResetPage() {
  const { t, locale } = await getTranslator();
  return (
    <AuthCard appName={t("app.name")} locale={locale} title={t("accounts.reset.requestTitle")} subtitle={t("accounts.reset.requestSubtitle")}>
      <RequestResetForm
        action={requestResetAction}
        labels={{ email: t("accounts.reset.email"), send: t("accounts.reset.send"), sent: t("accounts.reset.sent"), throttled: t("accounts.reset.throttled") }}
      />
      <p className="mt-4 text-center text-sm">
        <Link href="/login" className="font-medium text-blue-800 hover:underline">
          {t("accounts.reset.backToLogin")}
        </Link>
      </p>
    </AuthCard>
  );
}
