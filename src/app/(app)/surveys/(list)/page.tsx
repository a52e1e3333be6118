import type { Metadata } from "next";
import type { Locale } from "@/i18n/locales";
import type { Translate } from "@/i18n/translate";
import Link from "next/link";
import { CreateSurveyForm } from "@/components/surveys/create-survey-form";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatDate, formatNps, formatNumber } from "@/lib/format";
import { sampleStatus, type NpsStats } from "@/lib/nps";
import { hasRole } from "@/lib/roles";
import { SURVEY_TEMPLATES } from "@/schemas/survey-content";
import { getNpsSummary } from "@/server/analytics/get-nps-summary";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { scopeUnitIdsOf } from "@/server/org/member-scope";
import { listSurveys } from "@/server/surveys/list-surveys";
import { createSurveyAction } from "../actions";
import { validationMessages } from "../validation-messages";

export const metadata: Metadata = { title: "Surveys · 问卷" };

export default async function SurveysPage() {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const unitIds = await scopeUnitIdsOf(viewer);
  const surveys = await listSurveys({ organizationId: viewer.organizationId, unitIds });
  // Each survey's NPS as its own page shows it: all answers to date, from the pre-computed aggregates (fast).
  const summaries = new Map(
    await Promise.all(
      surveys.map(async (survey) => [survey.id, (await getNpsSummary({ organizationId: viewer.organizationId, surveyId: survey.id, unitIds })).stats] as const),
    ),
  );
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
                <Th className="text-right">
                  {t("surveys.nps")}
                  <span className="block text-xs font-normal">{t("analytics.surveyPeriod.all")}</span>
                </Th>
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
                <Td className="text-right tabular-nums" data-testid="survey-nps">
                  <SurveyNps stats={summaries.get(survey.id)} t={t} locale={locale} thresholds={{ minN: viewer.minN, suppressN: viewer.suppressN }} />
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

/** One survey's NPS in the list: the figure (greyed below minN), its n, and a note when there are too few answers. */
function SurveyNps({
  stats,
  t,
  locale,
  thresholds,
}: {
  stats: NpsStats | undefined;
  t: Translate;
  locale: Locale;
  thresholds: { minN: number; suppressN: number };
}) {
  if (!stats || stats.n === 0) return <span className="text-slate-600">{t("surveys.npsNone")}</span>;
  const status = sampleStatus(stats.n, thresholds);
  return (
    <>
      <span className={`font-semibold ${status === "ok" ? "text-slate-900" : "text-slate-600"}`}>{formatNps(stats.nps, locale)}</span>
      <span className="block text-xs text-slate-600">
        {t("surveys.npsN", { n: formatNumber(stats.n, locale) })}
        {status !== "ok" && ` · ${t("surveys.npsFew")}`}
      </span>
    </>
  );
}
