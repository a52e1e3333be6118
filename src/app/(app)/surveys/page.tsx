import type { Metadata } from "next";
import Link from "next/link";
import { CreateSurveyForm } from "@/components/surveys/create-survey-form";
import { Card, PageHeader } from "@/components/ui/card";
import { formatDate, formatNumber } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { listSurveys } from "@/server/surveys/list-surveys";
import { createSurveyAction } from "./actions";
import { validationMessages } from "./validation-messages";

export const metadata: Metadata = { title: "Surveys · 问卷" };

export default async function SurveysPage() {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const surveys = await listSurveys({ organizationId: viewer.organizationId });
  return (
    <>
      <PageHeader title={t("surveys.title")} subtitle={t("surveys.subtitle")} />
      {hasRole(viewer.role, "ADMIN") && (
        <Card title={t("surveys.new")} className="mb-6">
          <CreateSurveyForm
            action={createSurveyAction}
            messages={validationMessages(t)}
            labels={{
              name: t("surveys.name"),
              namePlaceholder: t("surveys.namePlaceholder"),
              brand: t("surveys.brand"),
              brandPlaceholder: t("surveys.brandPlaceholder"),
              kind: t("surveys.kind"),
              kindRelationship: t("kind.RELATIONSHIP"),
              kindTransactional: t("kind.TRANSACTIONAL"),
              touchpoint: t("surveys.touchpoint"),
              touchpointPlaceholder: t("surveys.touchpointPlaceholder"),
              defaultLocale: t("surveys.defaultLocale"),
              localeZh: t("locale.zh-CN"),
              localeEn: t("locale.en"),
              submit: t("surveys.create"),
            }}
          />
        </Card>
      )}
      <Card>
        {surveys.length === 0 ? (
          <p className="text-sm text-slate-600">{t("surveys.empty")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th className="py-2 pr-4 font-medium">{t("surveys.name")}</th>
                  <th className="py-2 pr-4 font-medium">{t("surveys.kind")}</th>
                  <th className="py-2 pr-4 font-medium">{t("surveys.status")}</th>
                  <th className="py-2 pr-4 text-right font-medium">{t("surveys.invitations")}</th>
                  <th className="py-2 pr-4 text-right font-medium">{t("surveys.responses")}</th>
                  <th className="py-2 font-medium">{t("surveys.createdAt")}</th>
                </tr>
              </thead>
              <tbody>
                {surveys.map((survey) => (
                  <tr key={survey.id} className="border-b border-slate-100 last:border-0">
                    <td className="py-2 pr-4">
                      <Link href={`/surveys/${survey.id}`} className="font-medium text-blue-800 hover:underline">
                        {survey.name}
                      </Link>
                    </td>
                    <td className="py-2 pr-4">
                      {t(`kind.${survey.kind}`)}
                      {survey.touchpoint ? ` · ${survey.touchpoint}` : ""}
                    </td>
                    <td className="py-2 pr-4">{t(`status.${survey.status}`)}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{formatNumber(survey.invitations, locale)}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{formatNumber(survey.responses, locale)}</td>
                    <td className="py-2">{formatDate(survey.createdAt, locale, viewer.timeZone)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
