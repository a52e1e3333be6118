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
import { InstrumentResults } from "@/components/surveys/instrument-results";
import { pickLocale } from "@/i18n/locales";
import { getInstrumentResults } from "@/server/analytics/get-instrument-results";
import { scopeUnitIdsOf } from "@/server/org/member-scope";
import { getMissingTranslations } from "@/server/surveys/get-survey-content";
import type { SurveyTransition } from "@/server/surveys/set-survey-status";
import { Button } from "@/components/ui/form";
import { inviteContactAction, setSurveyStatusAction } from "../actions";
import { validationMessages } from "../validation-messages";

export const metadata: Metadata = { title: "Survey · 问卷" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ lifecycle?: string }> };

const LIFECYCLE_ERRORS = new Set(["translations_missing", "conflict", "forbidden"]);

export default async function SurveyPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { lifecycle } = await searchParams;
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  let survey;
  try {
    survey = await getSurvey({ organizationId: viewer.organizationId, surveyId: id });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  // A member scoped to a unit sees their subtree's invitations and figures only (docs/decisions/0009).
  const unitIds = await scopeUnitIdsOf(viewer);
  const [invitations, summary, origin, instruments] = await Promise.all([
    listInvitations({ organizationId: viewer.organizationId, surveyId: survey.id, unitIds }),
    getNpsSummary({ organizationId: viewer.organizationId, surveyId: survey.id, unitIds }),
    getPublicOrigin(),
    getInstrumentResults({ organizationId: viewer.organizationId, surveyId: survey.id, unitIds }),
  ]);
  const isAdmin = hasRole(viewer.role, "ADMIN");
  // Touchpoint impact compares a relationship survey's answers across the organisation: managers and up, unscoped.
  const canReadTouchpoints = survey.kind === "RELATIONSHIP" && hasRole(viewer.role, "MANAGER") && unitIds === null;
  const canInvite = isAdmin && survey.status === "ACTIVE";
  const missing = survey.status === "DRAFT" ? await getMissingTranslations({ organizationId: viewer.organizationId, survey }) : [];
  const lifecycleError = lifecycle && LIFECYCLE_ERRORS.has(lifecycle) ? lifecycle : null;
  const transitions: { transition: SurveyTransition; label: string; primary: boolean }[] =
    survey.status === "DRAFT"
      ? [{ transition: "publish", label: t("survey.lifecycle.publish"), primary: true }]
      : survey.status === "ACTIVE"
        ? [{ transition: "close", label: t("survey.lifecycle.close"), primary: false }]
        : [{ transition: "reopen", label: t("survey.lifecycle.reopen"), primary: true }];
  const status = sampleStatus(summary.stats.n, { minN: viewer.minN, suppressN: viewer.suppressN });

  return (
    <>
      <PageHeader
        title={survey.name}
        subtitle={`${t(`kind.${survey.kind}`)}${survey.touchpoint ? ` · ${survey.touchpoint}` : ""} · ${t(`status.${survey.status}`)} · ${survey.brandName}`}
        actions={
          <div className="flex flex-wrap items-center gap-4">
            <Link href={`/surveys/${survey.id}/drivers`} className="text-sm font-medium text-blue-800 hover:underline" data-testid="survey-drivers-link">
              {t("drivers.link")} →
            </Link>
            <Link href={`/surveys/${survey.id}/outcomes`} className="text-sm font-medium text-blue-800 hover:underline" data-testid="survey-outcomes-link">
              {t("outcomes.link")} →
            </Link>
            <Link href={`/surveys/${survey.id}/themes`} className="text-sm font-medium text-blue-800 hover:underline" data-testid="survey-themes-link">
              {t("themes.link")} →
            </Link>
            {canReadTouchpoints && (
              <Link href={`/surveys/${survey.id}/touchpoints`} className="text-sm font-medium text-blue-800 hover:underline" data-testid="survey-touchpoints-link">
                {t("stats.touchpoints.title")} →
              </Link>
            )}
            <Link href={`/dashboard?survey=${survey.id}`} className="text-sm font-medium text-blue-800 hover:underline">
              {t("nav.dashboard")} →
            </Link>
          </div>
        }
      />
      <div className="space-y-6">
        <Card title={t("survey.lifecycle.title")}>
          <div className="flex flex-wrap items-center justify-between gap-4" data-testid="survey-lifecycle" data-status={survey.status}>
            <div className="text-sm text-slate-700">
              <p>{t(`survey.lifecycle.${survey.status}`)}</p>
              <p className="mt-1 text-xs text-slate-500">{t("survey.lifecycle.version", { version: survey.version })}</p>
              {missing.length > 0 && (
                <p className="mt-2 text-amber-800" data-testid="publish-blocked">
                  {t("survey.lifecycle.missing", { count: missing.length })}
                </p>
              )}
              {lifecycleError && (
                <p className="mt-2 font-medium text-red-800" role="alert" data-testid="lifecycle-error">
                  {lifecycleError === "translations_missing"
                    ? t("survey.lifecycle.missing", { count: missing.length })
                    : lifecycleError === "forbidden"
                      ? t("error.forbidden")
                      : t("survey.lifecycle.conflict")}
                </p>
              )}
            </div>
            <div className="flex flex-wrap items-center gap-3">
              <Link href={`/surveys/${survey.id}/preview`} target="_blank" className="text-sm font-medium text-blue-800 hover:underline">
                {t("survey.lifecycle.preview")}
              </Link>
              <Link href={`/surveys/${survey.id}/links`} className="text-sm font-medium text-blue-800 hover:underline">
                {t("survey.lifecycle.links")}
              </Link>
              {isAdmin && (
                <>
                  <Link href={`/surveys/${survey.id}/edit`} className="text-sm font-medium text-blue-800 hover:underline" data-testid="edit-survey">
                    {t("survey.lifecycle.edit")}
                  </Link>
                  <Link href={`/surveys/${survey.id}/import`} className="text-sm font-medium text-blue-800 hover:underline" data-testid="import-responses">
                    {t("imports.responses.link")}
                  </Link>
                  {transitions.map(({ transition, label, primary }) => (
                    <form key={transition} action={setSurveyStatusAction.bind(null, survey.id, transition)}>
                      <Button type="submit" variant={primary ? "primary" : "secondary"} data-testid={`survey-${transition}`}>
                        {label}
                      </Button>
                    </form>
                  ))}
                </>
              )}
            </div>
          </div>
        </Card>
        <Card title={t("survey.results")} description={<span data-testid="results-period">{t("analytics.surveyPeriod.all")}</span>}>
          {summary.stats.n === 0 ? (
            <p className="text-sm text-slate-600" data-testid="no-responses">
              {t("dashboard.noResponses")}
            </p>
          ) : (
            <NpsHeadline stats={summary.stats} status={status} t={t} locale={locale} minN={viewer.minN} suppressN={viewer.suppressN} />
          )}
        </Card>
        <InstrumentResults results={instruments} t={t} locale={locale} fallbackLocale={pickLocale(survey.defaultLocale)} minN={viewer.minN} />
        {canInvite && (
          <Card title={t("survey.invite.title")} description={t("survey.invite.help")}>
            <InviteContactForm
              action={inviteContactAction.bind(null, survey.id)}
              origin={origin}
              localeNames={{ "zh-CN": t("locale.zh-CN"), en: t("locale.en") }}
              messages={validationMessages(t)}
              labels={{
                email: t("survey.invite.email"),
                name: t("survey.invite.name"),
                locale: t("survey.invite.locale"),
                localeDefault: t("survey.invite.localeAuto"),
                localeZh: t("locale.zh-CN"),
                localeEn: t("locale.en"),
                delivery: t("sending.invite.delivery"),
                deliveryEmail: t("sending.invite.deliveryEmail"),
                deliveryLink: t("sending.invite.deliveryLink"),
                submit: t("survey.invite.submit"),
                submitLink: t("sending.invite.submitLink"),
                created: t("survey.invite.created"),
                emailed: t("sending.invite.emailed"),
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
