import type { ReactNode } from "react";
import { LanguageSwitcher } from "@/components/layout/language-switcher";
import { NavLink } from "@/components/layout/nav-link";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { devMailboxEnabled } from "@/server/email/dev-mailbox";
import { getTranslator } from "@/server/i18n/request-locale";
import { getMemberScope } from "@/server/org/member-scope";

/** The signed-in dashboard's chrome. Every page below is for members of an organisation only. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  // A member scoped to a unit reads that unit's subtree; pages about the whole organisation are not theirs.
  const scope = await getMemberScope(viewer.organizationId, viewer.userId);
  const wholeOrganisation = scope?.unitIds === null;
  const role = t(`role.${viewer.role}`);
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
          <div className="flex items-baseline gap-2">
            <span className="text-lg font-bold text-blue-800">{t("app.name")}</span>
            <span className="text-sm text-slate-500">{viewer.organizationName}</span>
          </div>
          <nav className="flex gap-1" aria-label="Main">
            <NavLink href="/dashboard">{t("nav.dashboard")}</NavLink>
            <NavLink href="/surveys">{t("nav.surveys")}</NavLink>
            {wholeOrganisation && <NavLink href="/contacts">{t("nav.contacts")}</NavLink>}
            {wholeOrganisation && <NavLink href="/campaigns">{t("nav.campaigns")}</NavLink>}
            <NavLink href="/cases">{t("cases.nav")}</NavLink>
            <NavLink href="/accountability">{t("nav.accountability")}</NavLink>
            {hasRole(viewer.role, "ADMIN") && <NavLink href="/settings">{t("nav.settings")}</NavLink>}
            {hasRole(viewer.role, "ADMIN") && devMailboxEnabled() && <NavLink href="/dev/mailbox">{t("nav.mailbox")}</NavLink>}
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <span className="hidden text-xs text-slate-500 md:inline" data-testid="signed-in-as">
              {t("nav.signedInAs", { name: viewer.name, role: scope?.scopeUnitName ? t("nav.roleInUnit", { role, unit: scope.scopeUnitName }) : role })}
            </span>
            <LanguageSwitcher current={locale} />
            <SignOutButton label={t("nav.signOut")} />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}
