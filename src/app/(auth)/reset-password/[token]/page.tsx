import type { Metadata } from "next";
import { AuthCard, Notice } from "@/components/accounts/auth-card";
import { isResetTokenLive } from "@/server/members/password-reset";
import { getTranslator } from "@/server/i18n/request-locale";
import { resetPasswordAction } from "../actions";
import { ResetPasswordForm } from "../reset-forms";

export const metadata: Metadata = { title: "New password · 新密码", referrer: "no-referrer" };

type Props = { params: Promise<{ token: string }> };

/** The reset link's page: choose a new password (once, within the hour). */
export default async function ResetPasswordPage({ params }: Props) {
  const token = decodeURIComponent((await params).token);
  const { t, locale } = await getTranslator();
  const live = await isResetTokenLive(token);
  return (
    <AuthCard appName={t("app.name")} locale={locale} title={t("accounts.reset.title")}>
      {live ? (
        <ResetPasswordForm
          action={resetPasswordAction}
          token={token}
          labels={{ password: t("accounts.reset.password"), rules: t("accounts.password.rules"), submit: t("accounts.reset.submit"), done: t("accounts.reset.done"), backToLogin: t("accounts.reset.backToLogin") }}
          errors={{
            invalid: t("accounts.reset.invalid"),
            too_short: t("accounts.password.too_short"),
            too_long: t("accounts.password.too_long"),
            common: t("accounts.password.common"),
            same_as_email: t("accounts.password.same_as_email"),
          }}
        />
      ) : (
        <Notice tone="error" testId="reset-invalid">
          {t("accounts.reset.invalid")}
        </Notice>
      )}
    </AuthCard>
  );
}
