import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SurveyFunnel } from "@/components/distribution/survey-funnel";
import { NpsHeadline } from "@/components/nps-headline";
import { CopyLink } from "@/components/surveys/copy-link";
import { InviteContactForm } from "@/components/surveys/invite-contact-form";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { isAppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { sampleStatus } from "@/lib/nps";
import { hasRole } from "@/lib/roles";
import { getNpsSummary } from "@/server/analytics/get-nps-summary";
import { requireUser } from "@/server/auth/session";
import { listInvitations } from "@/server/distribution/list-invitations";
import { getPublicOrigin } from "@/server/http/origin";
import { getTranslator } from "@/server/i18n/request-locale";
import { getSurvey } from "@/server/surveys/get-survey";
import { inviteContactAction } from "../actions";
import { validationMessages } from "../validation-messages";

export const metadata: Metadata = { title: "Survey · 问卷" };

type Props = { params: Promise<{ id: string }> };

export default async function SurveyPage({ params }: Props) {
  const { id } = await params;
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  let survey;
  try {
    survey = await getSurvey({ organizationId: viewer.organizationId, surveyId: id });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  const [invitations, summary, origin] = await Promise.all([
    listInvitations({ organizationId: viewer.organizationId, surveyId: survey.id }),
    getNpsSummary({ organizationId: viewer.organizationId, surveyId: survey.id }),
    getPublicOrigin(),
  ]);
  const canInvite = hasRole(viewer.role, "ADMIN") && survey.status !== "CLOSED";
  const status = sampleStatus(summary.stats.n, { minN: viewer.minN, suppressN: viewer.suppressN });

  return (
    <>
      <PageHeader
        title={survey.name}
        subtitle={`${t(`kind.${survey.kind}`)}${survey.touchpoint ? ` · ${survey.touchpoint}` : ""} · ${t(`status.${survey.status}`)} · ${survey.brandName}`}
        actions={
          <Link href={`/dashboard?survey=${survey.id}`} className="text-sm font-medium text-blue-800 hover:underline">
            {t("nav.dashboard")} →
          </Link>
        }
      />
      <div className="space-y-6">
        <Card title={t("survey.results")}>
          {summary.stats.n === 0 ? (
            <p className="text-sm text-slate-600" data-testid="no-responses">
              {t("dashboard.noResponses")}
            </p>
          ) : (
            <NpsHeadline stats={summary.stats} status={status} t={t} locale={locale} minN={viewer.minN} suppressN={viewer.suppressN} />
          )}
        </Card>
        {canInvite && (
          <Card title={t("survey.invite.title")} description={t("survey.invite.help")}>
            <InviteContactForm
              action={inviteContactAction.bind(null, survey.id)}
              origin={origin}
              messages={validationMessages(t)}
              labels={{
                email: t("survey.invite.email"),
                name: t("survey.invite.name"),
                locale: t("survey.invite.locale"),
                localeDefault: t("survey.invite.localeAuto"),
                localeZh: t("locale.zh-CN"),
                localeEn: t("locale.en"),
                submit: t("survey.invite.submit"),
                created: t("survey.invite.created"),
                link: t("survey.invite.link"),
                copy: t("survey.invite.copy"),
                copied: t("survey.invite.copied"),
              }}
            />
          </Card>
        )}
        <Card title={t("survey.invitations.title")}>
          {invitations.length === 0 ? (
            <p className="text-sm text-slate-600">{t("survey.invitations.empty")}</p>
          ) : (
            <Table
              testId="invitations"
              head={
                <>
                  <Th>{t("survey.invitations.contact")}</Th>
                  <Th>{t("survey.invitations.status")}</Th>
                  <Th>{t("survey.invitations.created")}</Th>
                  <Th>{t("survey.invite.link")}</Th>
                </>
              }
            >
              {invitations.map((invitation) => (
                <Tr key={invitation.id}>
                  <Td>
                    <div className="font-medium">{invitation.contact.name ?? invitation.contact.email}</div>
                    {invitation.contact.name && <div className="text-xs text-slate-500">{invitation.contact.email}</div>}
                  </Td>
                  <Td>
                    {invitation.respondedAt ? (
                      <span className="whitespace-nowrap rounded bg-green-50 px-2 py-0.5 text-green-800">{t("survey.invitations.responded")}</span>
                    ) : (
                      <span className="whitespace-nowrap rounded bg-slate-100 px-2 py-0.5 text-slate-700">{t("survey.invitations.pending")}</span>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap">{formatDateTime(invitation.createdAt, locale, viewer.timeZone)}</Td>
                  <Td>
                    {hasRole(viewer.role, "ADMIN") && !invitation.respondedAt ? (
                      <CopyLink url={`${origin}/s/${invitation.token}`} label={t("survey.invite.link")} copy={t("survey.invite.copy")} copied={t("survey.invite.copied")} />
                    ) : (
                      <span className="text-slate-400">{t("common.none")}</span>
                    )}
                  </Td>
                </Tr>
              ))}
            </Table>
          )}
        </Card>
      </div>
      <SurveyFunnel organizationId={viewer.organizationId} surveyId={survey.id} />
    </>
  );
}
