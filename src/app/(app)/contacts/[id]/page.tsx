import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EraseContact } from "@/components/contacts/erase-contact";
import { ContactOutcomesCard } from "@/components/outcomes/contact-outcomes-card";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { Translate } from "@/i18n/translate";
import { isAppError } from "@/lib/errors";
import { formatDate, formatDateTime, formatNumber } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { contactIdSchema } from "@/schemas/contact";
import { currentAuditIp } from "@/server/audit/request-context";
import { requireUser } from "@/server/auth/session";
import { contactsMessages } from "@/server/contacts/contacts-messages";
import { CONTACT_HISTORY_LIMIT, type ContactDetail } from "@/server/contacts/get-contact";
import { viewContact } from "@/server/contacts/view-contact";
import { getTranslator } from "@/server/i18n/request-locale";
import { listContactOutcomes } from "@/server/outcomes/list-contact-outcomes";
import { eraseContactAction } from "./actions";

export const metadata: Metadata = { title: "Contact · 联系人" };
export const dynamic = "force-dynamic";

const CATEGORY_STYLE = {
  PROMOTER: "bg-emerald-50 text-emerald-800",
  PASSIVE: "bg-slate-100 text-slate-700",
  DETRACTOR: "bg-red-50 text-red-800",
} as const;

type Invitation = ContactDetail["invitations"][number];

/** The furthest step an invitation reached, with its date. */
function invitationStatus(invitation: Invitation, t: Translate, when: (date: Date) => string): string {
  if (invitation.respondedAt) return t("contacts.detail.invitation.responded", { date: when(invitation.respondedAt) });
  if (invitation.unsubscribedAt) return t("contacts.detail.invitation.unsubscribed", { date: when(invitation.unsubscribedAt) });
  if (invitation.clickedAt) return t("contacts.detail.invitation.clicked", { date: when(invitation.clickedAt) });
  if (invitation.openedAt) return t("contacts.detail.invitation.opened", { date: when(invitation.openedAt) });
  if (invitation.sentAt) return t("contacts.detail.invitation.sent", { date: when(invitation.sentAt) });
  if (invitation.failedAt) return t("contacts.detail.invitation.failed", { date: when(invitation.failedAt) });
  return t("contacts.detail.invitation.pending");
}

export default async function ContactPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const id = contactIdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  let detail: ContactDetail;
  try {
    // Masked for roles that do not need personal data; every view is recorded in the audit log.
    detail = await viewContact({
      actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
      contactId: id.data,
      ip: await currentAuditIp(),
    });
  } catch (error) {
    if (isAppError(error)) notFound();
    throw error;
  }
  const { contact, invitations, responses } = detail;
  const outcomes = await listContactOutcomes({ organizationId: viewer.organizationId, contactId: contact.id, personalData: detail.personalData });
  const date = (value: Date) => formatDate(value, locale, viewer.timeZone);
  const dateTime = (value: Date) => formatDateTime(value, locale, viewer.timeZone);
  const isAdmin = hasRole(viewer.role, "ADMIN");
  const title = contact.erasedAt ? t("contacts.erasedName") : (contact.name ?? contact.email ?? t("common.none"));
  const attributes = Object.entries(contact.attributes);
  const fields: [string, string][] = [
    [t("contacts.email"), contact.email ?? t("common.none")],
    [t("contacts.phone"), contact.phone ?? t("common.none")],
    [t("contacts.externalId"), contact.externalId ?? t("common.none")],
    [t("contacts.locale"), contact.locale ?? t("common.none")],
    [t("contacts.detail.created"), date(contact.createdAt)],
    [t("contacts.detail.lastInvited"), contact.lastInvitedAt ? date(contact.lastInvitedAt) : t("common.none")],
    [
      t("contacts.detail.subscription"),
      contact.unsubscribedAt ? t("contacts.detail.unsubscribedOn", { date: date(contact.unsubscribedAt) }) : t("contacts.detail.subscribed"),
    ],
  ];

  return (
    <>
      <PageHeader
        title={<span data-testid="contact-title">{title}</span>}
        subtitle={contact.erasedAt ? t("contacts.detail.erasedOn", { date: date(contact.erasedAt) }) : contact.email}
        actions={
          <Link href="/contacts" className="text-sm text-blue-700 hover:underline">
            {t("common.back")}
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t("contacts.detail.details")}>
          {detail.personalData === "masked" && (
            <p className="mb-3 text-xs text-slate-500" data-testid="contact-masked">
              {t("privacy.masked")}
            </p>
          )}
          <dl className="space-y-2 text-sm" data-testid="contact-fields" data-personal={detail.personalData}>
            {fields.map(([label, value]) => (
              <div key={label} className="flex justify-between gap-4">
                <dt className="text-slate-500">{label}</dt>
                <dd className="text-right font-medium text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title={t("contacts.attributes")} className="lg:col-span-2">
          {attributes.length === 0 ? (
            <p className="text-sm text-slate-600">{t("contacts.detail.noAttributes")}</p>
          ) : (
            <dl className="grid gap-2 text-sm sm:grid-cols-2" data-testid="contact-attributes">
              {attributes.map(([key, value]) => (
                <div key={key} className="flex justify-between gap-4 rounded bg-slate-50 px-3 py-2">
                  <dt className="text-slate-500">{key}</dt>
                  <dd className="font-medium text-slate-900">{String(value)}</dd>
                </div>
              ))}
            </dl>
          )}
        </Card>
      </div>

      <Card title={t("contacts.detail.responses", { count: formatNumber(detail.responseCount, locale) })} className="mt-6">
        {responses.length === 0 ? (
          <p className="text-sm text-slate-600">{t("contacts.detail.responses.empty")}</p>
        ) : (
          <Table
            testId="contact-responses"
            head={
              <>
                <Th>{t("contacts.detail.response.date")}</Th>
                <Th>{t("contacts.detail.response.survey")}</Th>
                <Th>{t("contacts.detail.response.score")}</Th>
                <Th>{t("contacts.detail.response.category")}</Th>
                <Th>{t("contacts.detail.response.comment")}</Th>
              </>
            }
          >
            {responses.map((response) => (
              <Tr key={response.id}>
                <Td className="whitespace-nowrap">{dateTime(response.createdAt)}</Td>
                <Td>
                  <Link href={`/surveys/${response.survey.id}`} className="text-blue-700 hover:underline">
                    {response.survey.name}
                  </Link>
                  {response.excluded && <span className="ml-2 text-xs text-slate-500">{t("contacts.detail.response.excluded")}</span>}
                  {!response.completed && <span className="ml-2 text-xs text-slate-500">{t("contacts.detail.response.partial")}</span>}
                </Td>
                <Td className="font-semibold tabular-nums">{response.score ?? t("common.none")}</Td>
                <Td>
                  {response.category ? (
                    <span className={`rounded px-1.5 py-0.5 text-xs ${CATEGORY_STYLE[response.category]}`}>
                      {t(`contacts.detail.category.${response.category}`)}
                    </span>
                  ) : (
                    t("common.none")
                  )}
                </Td>
                <Td className="max-w-md whitespace-pre-line text-slate-700">{response.comment ?? ""}</Td>
              </Tr>
            ))}
          </Table>
        )}
        {detail.responseCount > CONTACT_HISTORY_LIMIT && (
          <p className="mt-2 text-xs text-slate-500">{t("contacts.detail.historyCapped", { shown: CONTACT_HISTORY_LIMIT })}</p>
        )}
      </Card>

      <ContactOutcomesCard outcomes={outcomes} t={t} locale={locale} timeZone={viewer.timeZone} />

      <Card title={t("contacts.detail.invitations", { count: formatNumber(detail.invitationCount, locale) })} className="mt-6">
        {invitations.length === 0 ? (
          <p className="text-sm text-slate-600">{t("contacts.detail.invitations.empty")}</p>
        ) : (
          <Table
            testId="contact-invitations"
            head={
              <>
                <Th>{t("contacts.detail.invitation.created")}</Th>
                <Th>{t("contacts.detail.invitation.survey")}</Th>
                <Th>{t("contacts.detail.invitation.channel")}</Th>
                <Th>{t("contacts.detail.invitation.status")}</Th>
              </>
            }
          >
            {invitations.map((invitation) => (
              <Tr key={invitation.id}>
                <Td className="whitespace-nowrap">{dateTime(invitation.createdAt)}</Td>
                <Td>{invitation.survey.name}</Td>
                <Td>{t(`analytics.channel.${invitation.channel}`)}</Td>
                <Td>{invitationStatus(invitation, t, date)}</Td>
              </Tr>
            ))}
          </Table>
        )}
      </Card>

      {isAdmin && (
        <Card title={t("contacts.detail.privacy")} description={t("contacts.detail.privacy.help")} className="mt-6">
          <div className="flex flex-wrap items-start gap-4">
            <a
              href={`/contacts/${contact.id}/export`}
              download
              className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 shadow-sm hover:bg-slate-50"
              data-testid="contact-export"
            >
              {t("contacts.detail.export")}
            </a>
            {!contact.erasedAt && <EraseContact contactId={contact.id} action={eraseContactAction} messages={contactsMessages(locale)} />}
          </div>
        </Card>
      )}
    </>
  );
}
