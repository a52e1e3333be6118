import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CopyLink } from "@/components/surveys/copy-link";
import { PublicLinkForm, type PublicLinkMessageKey } from "@/components/surveys/public-links-form";
import { ConfirmActionButton, type ConfirmActionState } from "@/components/ui/confirm-action-button";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { Locale } from "@/i18n/locales";
import type { Translate } from "@/i18n/translate";
import { isAppError } from "@/lib/errors";
import { formatDateTime, formatNumber } from "@/lib/format";
import { BURST_MIN_ANSWERS } from "@/lib/link-guard";
import { hasRole } from "@/lib/roles";
import { SURVEY_LINK_ATTRIBUTE_KEY_MAX, SURVEY_LINK_ATTRIBUTE_VALUE_MAX, SURVEY_LINK_NAME_MAX } from "@/schemas/survey-link";
import { requireUser } from "@/server/auth/session";
import { getPublicOrigin } from "@/server/http/origin";
import { getTranslator } from "@/server/i18n/request-locale";
import { publicLinkUrl } from "@/server/survey-links/link-url";
import { getLinkActivity, LINK_ACTIVITY_DAYS, type LinkHourActivity } from "@/server/survey-links/get-link-activity";
import { listSurveyLinks } from "@/server/survey-links/list-survey-links";
import { getSurvey } from "@/server/surveys/get-survey";
import { createPublicLinkAction, disablePublicLinkAction, setLinkHourExcludedAction, type LinkHourMessageKey } from "./actions";

export const metadata: Metadata = { title: "Public links · 公开链接" };

type Props = { params: Promise<{ id: string }> };

function messages(t: Translate): Record<PublicLinkMessageKey, string> {
  return {
    "links.error.nameRequired": t("links.error.nameRequired"),
    "links.error.nameTooLong": t("links.error.nameTooLong", { max: SURVEY_LINK_NAME_MAX }),
    "links.error.channel": t("links.error.channel"),
    "links.error.keyInvalid": t("links.error.keyInvalid"),
    "links.error.keyMissing": t("links.error.keyMissing"),
    "links.error.valueMissing": t("links.error.valueMissing"),
    "links.error.valueTooLong": t("links.error.valueTooLong", { max: SURVEY_LINK_ATTRIBUTE_VALUE_MAX }),
    "links.error.forbidden": t("links.error.forbidden"),
    "links.error.notFound": t("links.error.notFound"),
    "links.error.failed": t("links.error.failed"),
  };
}

/**
 * A survey's public links and QR codes (for counters in branches and stores). CX managers see them and
 * download the codes; admins also create and disable them. Viewers get the 404 page.
 */
export default async function SurveyLinksPage({ params }: Props) {
  const { id } = await params;
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "MANAGER")) notFound();
  const actor = { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role };
  let survey;
  try {
    survey = await getSurvey({ organizationId: viewer.organizationId, surveyId: id });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  const [{ t, locale }, links, origin, activity] = await Promise.all([
    getTranslator(),
    listSurveyLinks({ actor, surveyId: survey.id }),
    getPublicOrigin(),
    getLinkActivity({ actor, surveyId: survey.id }),
  ]);
  const canManage = hasRole(viewer.role, "ADMIN");
  const formMessages = messages(t);
  const when = (date: Date) => formatDateTime(date, locale, viewer.timeZone);
  const qrHref = (linkId: string, format: "svg" | "png") => `/surveys/${survey.id}/links/${linkId}/qr?format=${format}`;

  return (
    <>
      <PageHeader
        title={t("links.title")}
        subtitle={t("links.subtitle", { survey: survey.name })}
        actions={
          <Link href={`/surveys/${survey.id}`} className="text-sm font-medium text-blue-800 hover:underline">
            ← {t("links.back")}
          </Link>
        }
      />
      <div className="space-y-6">
        {survey.status !== "ACTIVE" && (
          <p className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="survey-not-active">
            {t("links.surveyNotActive", { status: t(`status.${survey.status}`) })}
          </p>
        )}
        {canManage && (
          <Card title={t("links.new")} description={t("links.newHelp")}>
            <PublicLinkForm
              action={createPublicLinkAction.bind(null, survey.id)}
              messages={formMessages}
              limits={{ name: SURVEY_LINK_NAME_MAX, attributeKey: SURVEY_LINK_ATTRIBUTE_KEY_MAX, attributeValue: SURVEY_LINK_ATTRIBUTE_VALUE_MAX }}
              labels={{
                name: t("links.name"),
                namePlaceholder: t("links.namePlaceholder"),
                nameHint: t("links.nameHint"),
                channel: t("links.channel"),
                channels: { LINK: t("links.channel.LINK"), QR: t("links.channel.QR") },
                attributeKey: t("links.attributeKey"),
                attributeKeyPlaceholder: t("links.attributeKeyPlaceholder"),
                attributeKeyHint: t("links.attributeKeyHint"),
                attributeValue: t("links.attributeValue"),
                attributeValuePlaceholder: t("links.attributeValuePlaceholder"),
                submit: t("links.create"),
                submitting: t("links.creating"),
                created: t("links.created"),
              }}
            />
          </Card>
        )}
        <Card title={t("links.list")}>
          {links.length === 0 ? (
            <p className="text-sm text-slate-600" data-testid="no-links">
              {canManage ? t("links.empty") : t("links.emptyViewer")}
            </p>
          ) : (
            <Table
              testId="survey-links"
              head={
                <>
                  <Th>{t("links.qr")}</Th>
                  <Th>{t("links.name")}</Th>
                  <Th>{t("links.tag")}</Th>
                  <Th className="text-right">{t("links.responses")}</Th>
                  <Th>{t("links.createdAt")}</Th>
                  <Th>{t("links.status")}</Th>
                  {canManage && (
                    <Th>
                      <span className="sr-only">{t("links.actions")}</span>
                    </Th>
                  )}
                </>
              }
            >
              {links.map((link) => (
                <Tr key={link.id}>
                  <Td className="w-32">
                    {/* The SVG route answers with the session's cookie; next/image would not add anything here. */}
                    {/* eslint-disable-next-line @next/next/no-img-element */}
                    <img
                      src={qrHref(link.id, "svg")}
                      alt={t("links.qrAlt", { name: link.name })}
                      width={112}
                      height={112}
                      className={`h-28 w-28 rounded border border-slate-200 bg-white ${link.disabledAt ? "opacity-30 grayscale" : ""}`}
                      data-testid="link-qr-preview"
                    />
                    <div className="mt-1 flex gap-2 text-xs">
                      {(["png", "svg"] as const).map((format) => (
                        <a
                          key={format}
                          href={qrHref(link.id, format)}
                          download
                          className="font-medium text-blue-800 hover:underline"
                          aria-label={t("links.downloadLabel", { name: link.name, format: format.toUpperCase() })}
                          data-testid={`link-qr-${format}`}
                        >
                          {format === "png" ? t("links.downloadPng") : t("links.downloadSvg")}
                        </a>
                      ))}
                    </div>
                  </Td>
                  <Td>
                    <span className="block font-medium text-slate-900">{link.name}</span>
                    <span className="block text-xs text-slate-500">{t(`links.channel.${link.channel}`)}</span>
                    <div className="mt-1 max-w-md">
                      <CopyLink
                        url={publicLinkUrl(origin, link.token)}
                        label={t("links.url")}
                        copy={t("links.copy")}
                        copied={t("links.copied")}
                        testId="link-url"
                      />
                    </div>
                  </Td>
                  <Td>
                    {link.attributeKey && link.attributeValue ? (
                      <span className="inline-flex whitespace-nowrap rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-800" data-testid="link-tag">
                        {link.attributeKey} = {link.attributeValue}
                      </span>
                    ) : (
                      <span className="text-slate-500">{t("links.noTag")}</span>
                    )}
                  </Td>
                  <Td className="text-right tabular-nums" data-testid="link-responses">
                    {formatNumber(link.responses, locale)}
                  </Td>
                  <Td>
                    {when(link.createdAt)}
                    {link.createdBy && <span className="block text-xs text-slate-500">{link.createdBy}</span>}
                  </Td>
                  <Td data-testid="link-status">
                    {link.disabledAt ? (
                      <span className="text-slate-500">{t("links.disabledAt", { date: when(link.disabledAt) })}</span>
                    ) : (
                      <span className="font-medium text-green-800">{t("links.active")}</span>
                    )}
                  </Td>
                  {canManage && (
                    <Td className="text-right">
                      {!link.disabledAt && (
                        <ConfirmActionButton
                          action={disablePublicLinkAction.bind(null, survey.id)}
                          id={link.id}
                          messages={formMessages}
                          labels={{
                            idle: t("links.disable"),
                            pending: t("links.disabling"),
                            confirm: t("links.disableConfirm", { name: link.name }),
                          }}
                        />
                      )}
                    </Td>
                  )}
                </Tr>
              ))}
            </Table>
          )}
        </Card>
        {links.length > 0 && (
          <Card title={t("links.activity.title")} description={t("links.activity.help", { days: LINK_ACTIVITY_DAYS, min: BURST_MIN_ANSWERS })}>
            <LinkActivityTable
              rows={shownActivity(activity)}
              names={new Map(links.map((link) => [link.id, link.name]))}
              t={t}
              locale={locale}
              timeZone={viewer.timeZone}
              action={canManage ? setLinkHourExcludedAction.bind(null, survey.id) : null}
            />
          </Card>
        )}
      </div>
    </>
  );
}

/** The hours worth a look: every flagged burst and the 24 most recent hours with answers, newest first. */
function shownActivity(rows: LinkHourActivity[]): LinkHourActivity[] {
  return rows.filter((row, index) => row.burst || row.excluded > 0 || index < 24);
}

function LinkActivityTable({
  rows,
  names,
  t,
  locale,
  timeZone,
  action,
}: {
  rows: LinkHourActivity[];
  names: Map<string, string>;
  t: Translate;
  locale: Locale;
  timeZone: string;
  action: ((state: ConfirmActionState<LinkHourMessageKey>, formData: FormData) => Promise<ConfirmActionState<LinkHourMessageKey>>) | null;
}) {
  if (rows.length === 0) {
    return (
      <p className="text-sm text-slate-600" data-testid="no-link-activity">
        {t("links.activity.empty", { days: LINK_ACTIVITY_DAYS })}
      </p>
    );
  }
  const messages: Record<LinkHourMessageKey, string> = {
    "links.error.forbidden": t("links.error.forbidden"),
    "links.error.notFound": t("links.error.notFound"),
    "links.error.failed": t("links.error.failed"),
    "links.error.burstEmpty": t("links.error.burstEmpty"),
  };
  return (
    <Table
      testId="link-activity"
      head={
        <>
          <Th>{t("links.activity.hour")}</Th>
          <Th>{t("links.activity.link")}</Th>
          <Th className="text-right">{t("links.activity.answers")}</Th>
          <Th className="text-right">{t("links.activity.addresses")}</Th>
          <Th className="text-right">{t("links.activity.topShare")}</Th>
          <Th className="text-right">{t("links.activity.excluded")}</Th>
          <Th>{t("links.activity.flag")}</Th>
          {action && (
            <Th>
              <span className="sr-only">{t("links.actions")}</span>
            </Th>
          )}
        </>
      }
    >
      {rows.map((row) => {
        const name = names.get(row.linkId) ?? "";
        const hour = formatDateTime(row.hour, locale, timeZone);
        const id = `${row.linkId}|${row.hour.toISOString()}`;
        return (
          <Tr key={id}>
            <Td className="whitespace-nowrap tabular-nums">{hour}</Td>
            <Td>{name}</Td>
            <Td className="text-right tabular-nums" data-testid="activity-answers">
              {formatNumber(row.answers, locale)}
            </Td>
            <Td className="text-right tabular-nums">{formatNumber(row.addresses, locale)}</Td>
            <Td className="text-right tabular-nums">{formatNumber(row.topAddressAnswers, locale)}</Td>
            <Td className="text-right tabular-nums" data-testid="activity-excluded">
              {formatNumber(row.excluded, locale)}
            </Td>
            <Td data-testid="activity-flag">
              {row.burst ? (
                <span className="inline-flex rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">{t("links.activity.burst")}</span>
              ) : (
                <span className="text-slate-500">{t("links.activity.normal")}</span>
              )}
            </Td>
            {action && (
              <Td className="text-right">
                <div className="flex flex-col items-end gap-1">
                  {row.excluded < row.answers && (
                    <ConfirmActionButton
                      action={action}
                      id={`${id}|1`}
                      messages={messages}
                      labels={{
                        idle: t("links.activity.exclude"),
                        pending: t("links.activity.excluding"),
                        confirm: t("links.activity.excludeConfirm", { count: row.answers - row.excluded, name, hour }),
                      }}
                    />
                  )}
                  {row.excluded > 0 && (
                    <ConfirmActionButton
                      action={action}
                      id={`${id}|0`}
                      messages={messages}
                      labels={{
                        idle: t("links.activity.include"),
                        pending: t("links.activity.including"),
                        confirm: t("links.activity.includeConfirm", { count: row.excluded, name, hour }),
                      }}
                    />
                  )}
                </div>
              </Td>
            )}
          </Tr>
        );
      })}
    </Table>
  );
}
