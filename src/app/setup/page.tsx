import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LanguageSwitcher } from "@/components/layout/language-switcher";
import { LOCALES } from "@/i18n/locales";
import { isFirstRun } from "@/server/setup/first-run";
import { getTranslator } from "@/server/i18n/request-locale";
import { setupAction } from "./actions";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up · 设置" };
export const dynamic = "force-dynamic";

const COMMON_ZONES = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Europe/London", "Europe/Berlin", "America/New_York", "UTC"];

/** First-run setup (outside the app's layout: there is no session yet). Not found once the installation is set up. */
export default async function SetupPage() {
  if (!(await isFirstRun())) notFound();
  const { t, locale } = await getTranslator();
  const zones = [...new Set([...COMMON_ZONES, ...Intl.supportedValuesOf("timeZone")])];
  return (
    <main className="flex min-h-screen justify-center px-4 py-8">
      <div className="w-full max-w-2xl">
        <div className="mb-4 flex items-center justify-between">
          <p className="text-lg font-bold text-blue-800">{t("app.name")}</p>
          <LanguageSwitcher current={locale} />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-2xl font-semibold">{t("accounts.setup.title")}</h1>
          <p className="mb-6 mt-1 text-sm text-slate-600">{t("accounts.setup.subtitle")}</p>
          <SetupForm
            action={setupAction}
            defaults={{ locale, timeZone: "Asia/Shanghai" }}
            timeZones={zones}
            locales={LOCALES.map((value) => ({ value, label: t(`locale.${value}`) }))}
            problemText={{
              invalid: t("accounts.field.invalid"),
              time_zone: t("accounts.field.time_zone"),
              too_short: t("accounts.password.too_short"),
              too_long: t("accounts.password.too_long"),
              common: t("accounts.password.common"),
              same_as_email: t("accounts.password.same_as_email"),
            }}
            labels={{
              organization: t("accounts.setup.organization"),
              organizationName: t("accounts.setup.organizationName"),
              brandZh: t("accounts.setup.brandZh"),
              brandEn: t("accounts.setup.brandEn"),
              brandHint: t("accounts.setup.brandHint"),
              timeZone: t("accounts.setup.timeZone"),
              defaultLocale: t("accounts.setup.defaultLocale"),
              owner: t("accounts.setup.owner"),
              ownerName: t("accounts.setup.ownerName"),
              ownerEmail: t("accounts.setup.ownerEmail"),
              password: t("accounts.setup.password"),
              passwordRules: t("accounts.password.rules"),
              submit: t("accounts.setup.submit"),
              submitting: t("accounts.setup.submitting"),
              gone: t("accounts.setup.gone"),
              failed: t("accounts.setup.failed"),
            }}
          />
        </div>
      </div>
    </main>
  );
}
