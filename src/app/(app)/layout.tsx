import type { ReactNode } from "react";
import { LanguageSwitcher } from "@/components/layout/language-switcher";
import { AppNav, type AppNavItem } from "@/components/layout/app-nav";
import { OrganizationSwitcher } from "@/components/layout/organization-switcher";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { WorkerSilenceBanner } from "@/components/system/worker-silence-banner";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { devMailboxEnabled } from "@/server/email/dev-mailbox";
import { getTranslator } from "@/server/i18n/request-locale";
import { getMemberScope } from "@/server/org/member-scope";
import { listUserOrganizations } from "@/server/members/switch-organization";

/** The signed-in dashboard's chrome. Every page below is for members of an organisation only. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  // A member scoped to a unit reads that unit's subtree; pages about the whole organisation are not theirs.
  const scope = await getMemberScope(viewer.organizationId, viewer.userId);
  const wholeOrganisation = scope?.unitIds === null;
  const role = t(`role.${viewer.role}`);
  const isAdmin = hasRole(viewer.role, "ADMIN");
  const navItems: AppNavItem[] = [
    { href: "/dashboard", label: t("nav.dashboard") },
    { href: "/surveys", label: t("nav.surveys") },
    ...(wholeOrganisation ? [{ href: "/contacts", label: t("nav.contacts") }, { href: "/campaigns", label: t("nav.campaigns") }] : []),
    { href: "/cases", label: t("cases.nav") },
    { href: "/accountability", label: t("nav.accountability") },
    ...(hasRole(viewer.role, "MANAGER") ? [{ href: "/journeys", label: t("nav.journeys") }] : []),
    ...(isAdmin ? [{ href: "/settings", label: t("nav.settings") }] : []),
    ...(isAdmin && devMailboxEnabled() ? [{ href: "/dev/mailbox", label: t("nav.mailbox") }] : []),
  ];
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-3 px-4 py-3">
          <div className="flex min-w-0 items-baseline gap-2">
            <span className="text-lg font-bold text-blue-800">{t("app.name")}</span>
            <OrganizationSwitcher
              current={{ id: viewer.organizationId, name: viewer.organizationName }}
              organizations={(await listUserOrganizations(viewer.userId)).map((o) => ({ id: o.organizationId, name: o.name }))}
              labels={{ label: t("accounts.switch.label"), failed: t("accounts.switch.failed") }}
            />
          </div>
          <AppNav
            items={navItems}
            labels={{ open: t("layout.menu.open"), close: t("layout.menu.close") }}
            account={t("nav.signedInAs", { name: viewer.name, role: scope?.scopeUnitName ? t("nav.roleInUnit", { role, unit: scope.scopeUnitName }) : role })}
            tools={
              <div className="flex items-center gap-3">
                <LanguageSwitcher current={locale} />
                <SignOutButton label={t("nav.signOut")} />
              </div>
            }
          />
        </div>
      </header>
      <WorkerSilenceBanner role={viewer.role} />
      <main className="mx-auto max-w-6xl px-4 py-6 sm:py-8">{children}</main>
    </div>
  );
}
