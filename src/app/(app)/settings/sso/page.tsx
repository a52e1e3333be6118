import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/roles";
import { SSO_ROLES } from "@/schemas/sso";
import { requireUser } from "@/server/auth/session";
import { getPublicOrigin } from "@/server/http/origin";
import { getTranslator } from "@/server/i18n/request-locale";
import { getSsoConnection, ssoProviderId } from "@/server/sso/sso-connections";
import { saveSsoAction } from "./actions";
import { SsoForm } from "./sso-form";

export const metadata: Metadata = { title: "Single sign-on · 单点登录" };
export const dynamic = "force-dynamic";

/** Settings → Single sign-on (ADMIN and OWNER; others get the 404 page). */
export default async function SsoPage() {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t } = await getTranslator();
  const connection = await getSsoConnection(viewer);
  const redirectUri = `${await getPublicOrigin()}/api/auth/callback/${ssoProviderId(viewer.organizationId)}`;
  return (
    <>
      <PageHeader title={t("sso.title")} subtitle={t("sso.subtitle")} />
      <Card>
        <div className="mb-6 rounded-lg bg-slate-50 p-3 text-sm">
          <p className="text-slate-600">{t("sso.redirect.label")}</p>
          <code className="mt-1 block break-all font-mono text-slate-900" data-testid="sso-redirect-uri">
            {redirectUri}
          </code>
        </div>
        <SsoForm
          action={saveSsoAction}
          values={{
            issuer: connection?.issuer ?? "",
            clientId: connection?.clientId ?? "",
            hasSecret: connection?.hasSecret ?? false,
            domains: connection?.domains.join(", ") ?? "",
            defaultRole: connection?.defaultRole ?? "VIEWER",
            ssoOnly: connection?.ssoOnly ?? false,
            enabled: connection?.enabled ?? true,
          }}
          labels={{
            issuer: t("sso.form.issuer"),
            issuerHint: t("sso.form.issuerHint"),
            clientId: t("sso.form.clientId"),
            clientSecret: t("sso.form.clientSecret"),
            clientSecretSaved: t("sso.form.clientSecretSaved"),
            domains: t("sso.form.domains"),
            domainsHint: t("sso.form.domainsHint"),
            defaultRole: t("sso.form.defaultRole"),
            ssoOnly: t("sso.form.ssoOnly"),
            enabled: t("sso.form.enabled"),
            save: t("sso.form.save"),
            saving: t("sso.form.saving"),
            saved: t("sso.form.saved"),
            failed: t("sso.error.failed"),
            errors: { issuer: t("sso.error.issuer"), clientId: t("sso.error.clientId"), clientSecret: t("sso.error.clientSecret"), domains: t("sso.error.domains") },
            roles: SSO_ROLES.map((role) => ({ value: role, label: t(`sso.role.${role}`) })),
          }}
        />
      </Card>
    </>
  );
}
