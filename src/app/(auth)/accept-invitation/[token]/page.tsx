import type { Metadata } from "next";
import { AuthCard, Notice } from "@/components/accounts/auth-card";
import { getInvitationPreview } from "@/server/members/accept-invitation";
import { getTranslator } from "@/server/i18n/request-locale";
import { acceptInvitationAction } from "./actions";
import { AcceptForm } from "./accept-form";

export const metadata: Metadata = { title: "Invitation · 邀请", referrer: "no-referrer" };

type Props = { params: Promise<{ token: string }> };

/** The invitation link's page: join the organisation with the invited role (no session needed). */
export default async function AcceptInvitationPage({ params }: Props) {
  const token = decodeURIComponent((await params).token);
  const preview = await getInvitationPreview(token);
  const { t, locale } = await getTranslator();
  if (!preview) {
    return (
      <AuthCard appName={t("app.name")} locale={locale} title={t("accounts.accept.title", { organization: "" }).trim()}>
        <Notice tone="error" testId="invitation-invalid">
          {t("accounts.accept.invalid")}
        </Notice>
      </AuthCard>
    );
  }
  const role = t(`role.${preview.role}`);
  return (
    <AuthCard
      appName={t("app.name")}
      locale={locale}
      title={t("accounts.accept.title", { organization: preview.organizationName })}
      subtitle={t("accounts.accept.subtitle", { role, email: preview.email })}
    >
      {preview.existingAccount && (
        <div className="mb-4">
          <Notice>{t("accounts.accept.existing")}</Notice>
        </div>
      )}
      <AcceptForm
        action={acceptInvitationAction}
        token={token}
        existingAccount={preview.existingAccount}
        labels={{
          name: t("accounts.accept.name"),
          password: preview.existingAccount ? t("accounts.accept.currentPassword") : t("accounts.accept.password"),
          rules: t("accounts.password.rules"),
          submit: t("accounts.accept.submit"),
          submitting: t("accounts.accept.submitting"),
        }}
        errors={{
          invalid: t("accounts.accept.invalid"),
          wrong_password: t("accounts.accept.wrongPassword"),
          name: t("accounts.field.invalid"),
          too_short: t("accounts.password.too_short"),
          too_long: t("accounts.password.too_long"),
          common: t("accounts.password.common"),
          same_as_email: t("accounts.password.same_as_email"),
        }}
      />
    </AuthCard>
  );
}
