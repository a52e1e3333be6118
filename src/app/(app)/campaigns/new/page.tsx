import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CampaignForm } from "@/components/distribution/campaign-form";
import { Card, PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { className, getClassSettings } from "@/server/customer-classes/get-class-settings";
import { getOrganizationThrottleDays } from "@/server/distribution/list-campaigns";
import { getTranslator } from "@/server/i18n/request-locale";
import { listSurveys } from "@/server/surveys/list-surveys";
import { createCampaignAction } from "../actions";

export const metadata: Metadata = { title: "New campaign · 新建活动" };

type Props = { searchParams: Promise<{ survey?: string; class?: string }> };

export default async function NewCampaignPage({ searchParams }: Props) {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t, locale } = await getTranslator();
  const { survey, class: classKey } = await searchParams;
  const [surveys, throttleDays, classSettings] = await Promise.all([
    listSurveys({ organizationId: viewer.organizationId }),
    getOrganizationThrottleDays({ organizationId: viewer.organizationId }),
    getClassSettings(viewer.organizationId),
  ]);
  const active = surveys.filter((s) => s.status === "ACTIVE").map((s) => ({ id: s.id, name: s.name }));
  return (
    <>
      <PageHeader title={t("campaigns.form.title")} subtitle={t("campaigns.form.subtitle", { days: throttleDays })} />
      <Card>
        {active.length === 0 ? (
          <p className="text-sm text-slate-600">{t("campaigns.form.noSurveys")}</p>
        ) : (
          <CampaignForm
            action={createCampaignAction}
            surveys={active}
            defaultSurveyId={survey}
            locale={locale}
            classes={classSettings.classes.map((c) => ({ key: c.key, name: className(c, locale) }))}
            defaultClassKey={classKey}
            classLabel={t("classes.audience.label")}
            labels={{
              name: t("campaigns.form.name"),
              namePlaceholder: t("campaigns.form.namePlaceholder"),
              survey: t("campaigns.form.survey"),
              audience: t("campaigns.form.audience"),
              audienceAll: t("campaigns.form.audienceAll"),
              audienceFilter: t("campaigns.form.audienceFilter"),
              attributeKey: t("campaigns.form.attributeKey"),
              attributeValues: t("campaigns.form.attributeValues"),
              attributeHint: t("campaigns.form.attributeHint"),
              sample: t("campaigns.form.sample"),
              sampleNone: t("campaigns.form.sampleNone"),
              sampleSize: t("campaigns.form.sampleSize"),
              samplePercent: t("campaigns.form.samplePercent"),
              sampleValue: t("campaigns.form.sampleValue"),
              schedule: t("campaigns.form.schedule"),
              scheduleNow: t("campaigns.form.scheduleNow"),
              scheduleLater: t("campaigns.form.scheduleLater"),
              reminders: t("campaigns.form.reminders"),
              remindersOff: t("campaigns.form.remindersOff"),
              remindersOne: t("campaigns.form.remindersOne"),
              remindersTwo: t("campaigns.form.remindersTwo"),
              reminderDays: t("campaigns.form.reminderDays"),
              submit: t("campaigns.form.submit"),
              submitting: t("campaigns.form.submitting"),
              review: t("campaigns.confirm.review"),
              reviewing: t("campaigns.confirm.reviewing"),
              confirmTitle: t("campaigns.confirm.title"),
              confirmAudience: t("campaigns.confirm.audience"),
              confirmSampled: t("campaigns.confirm.sampled"),
              confirmRecipients: t("campaigns.confirm.recipients"),
              confirmSkipped: t("campaigns.confirm.skipped"),
              confirmSample: t("campaigns.confirm.sample"),
              confirmSend: t("campaigns.confirm.send"),
              confirmSchedule: t("campaigns.confirm.schedule"),
              confirmChange: t("campaigns.confirm.change"),
              confirmNone: t("campaigns.confirm.none"),
              localeZh: t("locale.zh-CN"),
              localeEn: t("locale.en"),
              localeNone: t("campaigns.confirm.localeNone"),
            }}
            messages={{
              "campaigns.form.error.sample": t("campaigns.form.error.sample"),
              "campaigns.form.error.schedule": t("campaigns.form.error.schedule"),
              "campaigns.form.error.reminders": t("campaigns.form.error.reminders"),
              "campaigns.form.error.filter": t("campaigns.form.error.filter"),
              "campaigns.form.error.survey": t("campaigns.form.error.survey"),
              "campaigns.confirm.changed": t("campaigns.confirm.changed"),
              "campaigns.confirm.none": t("campaigns.confirm.none"),
              "validation.required": t("validation.required"),
              "validation.forbidden": t("validation.forbidden"),
              "validation.failed": t("validation.failed"),
            }}
          />
        )}
      </Card>
    </>
  );
}
