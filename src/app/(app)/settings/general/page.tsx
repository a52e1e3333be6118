import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { LOCALES } from "@/i18n/locales";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { getOrgSettings } from "@/server/org-settings/org-settings";
import { aggregateRebuildStatusAction, retryAggregateRebuildAction, saveGeneralSettingsAction } from "./actions";
import { GeneralSettingsForm } from "./general-settings-form";

export const metadata: Metadata = { title: "Organisation settings · 组织设置" };
export const dynamic = "force-dynamic";

const COMMON_ZONES = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Europe/London", "Europe/Berlin", "America/New_York", "UTC"];

/** Settings → General: the organisation's own settings (ADMIN and OWNER; others get the 404 page). */
export default async function GeneralSettingsPage() {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t, locale } = await getTranslator();
  const { values, rebuild } = await getOrgSettings(viewer);
  const zones = [...new Set([...COMMON_ZONES, ...Intl.supportedValuesOf("timeZone")])];
  return (
    <>
      <PageHeader title={t("orgSettings.title")} subtitle={t("orgSettings.subtitle")} />
      <Card>
        <GeneralSettingsForm
          action={saveGeneralSettingsAction}
          statusAction={aggregateRebuildStatusAction}
          retryAction={retryAggregateRebuildAction}
          values={{ ...values, minN: String(values.minN), suppressN: String(values.suppressN), throttleDays: String(values.throttleDays) }}
          rebuild={rebuild}
          timeZones={zones}
          locales={LOCALES.map((value) => ({ value, label: t(`locale.${value}`) }))}
          locale={locale}
          organizationTimeZone={values.timeZone}
          problemText={{
            invalid: t("orgSettings.error.invalid"),
            time_zone: t("orgSettings.error.time_zone"),
            too_small: t("orgSettings.error.too_small"),
            too_big: t("orgSettings.error.too_big"),
            min_below_suppress: t("orgSettings.error.min_below_suppress"),
            name_required: t("orgSettings.error.name_required"),
          }}
          labels={{
            identity: t("orgSettings.section.identity"),
            figures: t("orgSettings.section.figures"),
            name: t("orgSettings.name"),
            brandZh: t("orgSettings.brandZh"),
            brandEn: t("orgSettings.brandEn"),
            brandHint: t("orgSettings.brandHint"),
            timeZone: t("orgSettings.timeZone"),
            timeZoneHint: t("orgSettings.timeZoneHint"),
            defaultLocale: t("orgSettings.defaultLocale"),
            defaultLocaleHint: t("orgSettings.defaultLocaleHint"),
            minN: t("orgSettings.minN"),
            minNHint: t("orgSettings.minNHint"),
            suppressN: t("orgSettings.suppressN"),
            suppressNHint: t("orgSettings.suppressNHint"),
            throttleDays: t("orgSettings.throttleDays"),
            throttleDaysHint: t("orgSettings.throttleDaysHint"),
            save: t("orgSettings.save"),
            saving: t("orgSettings.saving"),
            saved: t("orgSettings.saved"),
            unchanged: t("orgSettings.unchanged"),
            failed: t("orgSettings.failed"),
            rebuildTitle: t("orgSettings.rebuild.title"),
            rebuildPENDING: t("orgSettings.rebuild.PENDING"),
            rebuildStarting: t("orgSettings.rebuild.starting"),
            rebuildRUNNING: t("orgSettings.rebuild.RUNNING"),
            rebuildDONE: t("orgSettings.rebuild.DONE"),
            rebuildFAILED: t("orgSettings.rebuild.FAILED"),
            rebuildMeanwhile: t("orgSettings.rebuild.meanwhile"),
            rebuildRetry: t("orgSettings.rebuild.retry"),
            rebuildProgress: t("orgSettings.rebuild.progress"),
          }}
        />
      </Card>
    </>
  );
}
