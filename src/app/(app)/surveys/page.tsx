import type { Metadata } from "next";
import Link from "next/link";
import { CreateSurveyForm } from "@/components/surveys/create-survey-form";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatDate, formatNumber } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { SURVEY_TEMPLATES } from "@/schemas/survey-content";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { scopeUnitIdsOf } from "@/server/org/member-scope";
import { listSurveys } from "@/server/surveys/list-surveys";
import { createSurveyAction } from "./actions";
import { validationMessages } from "./validation-messages";

export const metadata: Metadata = { title: "Surveys · 问卷" };

export default async function SurveysPage() {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const surveys = await listSurveys({ organizationId: viewer.organizationId, unitIds: await scopeUnitIdsOf(viewer) });
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
              template: t("survey.template"),
              templates: SURVEY_TEMPLATES.map((value) => ({ value, label: t(`survey.template.${value}`) })),
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
          <Table
            head={
              <>
                <Th>{t("surveys.name")}</Th>
                <Th>{t("surveys.kind")}</Th>
                <Th>{t("surveys.status")}</Th>
                <Th className="text-right">{t("surveys.invitations")}</Th>
                <Th className="text-right">{t("surveys.responses")}</Th>
                <Th>{t("surveys.createdAt")}</Th>
              </>
            }
          >
            {surveys.map((survey) => (
              <Tr key={survey.id}>
                <Td>
                  <Link href={`/surveys/${survey.id}`} className="font-medium text-blue-800 hover:underline">
                    {survey.name}
                  </Link>
                </Td>
                <Td>
                  {t(`kind.${survey.kind}`)}
                  {survey.touchpoint ? ` · ${survey.touchpoint}` : ""}
                </Td>
                <Td>{t(`status.${survey.status}`)}</Td>
                <Td className="text-right tabular-nums">{formatNumber(survey.invitations, locale)}</Td>
                <Td className="text-right tabular-nums" data-testid="survey-responses">
                  {formatNumber(survey.responses, locale)}
                </Td>
                <Td>{formatDate(survey.createdAt, locale, viewer.timeZone)}</Td>
              </Tr>
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}
