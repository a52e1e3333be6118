import type { ReactNode } from "react";
import { NavLink } from "@/components/layout/nav-link";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { SettingsTabs } from "./settings-tabs";

/** Settings sections as tabs (ADMIN and OWNER; the pages themselves answer 404 to other roles, so no tabs for them). */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) return <>{children}</>;
  const { t } = await getTranslator();
  return (
    <>
      <SettingsTabs label={t("caseSettings.tabs")}>
        <NavLink href="/settings/api-keys">{t("apiKeys.title")}</NavLink>
        <NavLink href="/settings/webhooks">{t("webhooks.nav")}</NavLink>
        <NavLink href="/settings/chat">{t("chat.nav")}</NavLink>
        <NavLink href="/settings/general">{t("orgSettings.nav")}</NavLink>
        <NavLink href="/settings/organization">{t("org.title")}</NavLink>
        <NavLink href="/settings/members">{t("accounts.members.nav")}</NavLink>
        <NavLink href="/settings/cases">{t("caseSettings.nav")}</NavLink>
        <NavLink href="/settings/attributes">{t("attributes.nav")}</NavLink>
        <NavLink href="/settings/themes">{t("themes.settings.nav")}</NavLink>
        <NavLink href="/settings/system">{t("system.nav")}</NavLink>
        <NavLink href="/settings/audit">{t("audit.nav")}</NavLink>
        <NavLink href="/settings/sso">{t("sso.nav")}</NavLink>
      </SettingsTabs>
      {children}
    </>
  );
}
