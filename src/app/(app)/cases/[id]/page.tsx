import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CASE_MESSAGE_KEYS, type CaseMessageKey } from "@/components/cases/action-state";
import { CaseActionForm } from "@/components/cases/case-action-form";
import { ReplyFields } from "@/components/cases/reply-fields";
import { Card, PageHeader } from "@/components/ui/card";
import { Button, Field, Select } from "@/components/ui/form";
import type { Translate } from "@/i18n/translate";
import { canMoveStatus, CASE_STATUSES } from "@/lib/case-rules";
import { isAppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { requireUser } from "@/server/auth/session";
import { caseActorFor } from "@/server/cases/case-actor";
import { getCase, type CaseEventView } from "@/server/cases/get-case";
import { getTranslator } from "@/server/i18n/request-locale";
import { addNoteAction, changeStatusAction, sendReplyAction, setRootCauseAction } from "./actions";

export const metadata: Metadata = { title: "Case · 工单" };
export const dynamic = "force-dynamic";

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function eventText(event: CaseEventView, t: Translate, causes: Map<string, string>, users: { escalatedTo: string | null }): string {
  const status = (value: unknown) => (CASE_STATUSES.includes(value as never) ? t(`cases.status.${value as (typeof CASE_STATUSES)[number]}`) : str(value));
  switch (event.kind) {
    case "OPENED":
      return t("cases.event.OPENED", { priority: ["LOW", "NORMAL", "HIGH", "URGENT"].includes(str(event.data.priority)) ? t(`cases.priority.${str(event.data.priority) as "LOW"}`) : "" });
    case "STATUS":
      return t("cases.event.STATUS", { from: status(event.data.from), to: status(event.data.to) });
    case "ROOT_CAUSE":
      return t("cases.event.ROOT_CAUSE", { cause: causes.get(str(event.data.to)) ?? str(event.data.key) });
    case "REPLY_SENT":
      return t("cases.event.REPLY_SENT", { subject: str(event.data.subject) });
    case "ESCALATED":
      return t("cases.event.ESCALATED", { name: users.escalatedTo ?? t("common.none") });
    case "NOTE":
      return t("cases.event.NOTE");
    default:
      return t("cases.event.ASSIGNED");
  }
}

/** One case: the response behind it, its timeline and — for those who may act — the forms to work it. */
export default async function CasePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const actor = await caseActorFor(viewer);
  const c = await getCase({ actor, caseId: id, locale }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const when = (date: Date) => formatDateTime(date, locale, viewer.timeZone);
  const messages = Object.fromEntries(CASE_MESSAGE_KEYS.map((key) => [key, t(key)])) as Record<CaseMessageKey, string>;
  const causes = new Map(c.rootCauses.map((cause) => [cause.id, cause.label]));
  const r = c.response;
  const nextStatuses = CASE_STATUSES.filter((status) => canMoveStatus(c.status, status));
  const facts: [string, string][] = [
    [t("cases.field.status"), t(`cases.status.${c.status}`)],
    [t("cases.field.priority"), t(`cases.priority.${c.priority}`)],
    [t("cases.field.owner"), c.ownerName ?? t("cases.noOwner")],
    [t("cases.field.unit"), c.unitName ?? t("common.none")],
    [t("cases.field.rule"), c.ruleName ?? t("cases.defaultRule")],
    [t("cases.field.created"), when(c.createdAt)],
    [t("cases.field.due"), when(c.dueAt)],
    [t("cases.field.firstContact"), c.firstContactAt ? when(c.firstContactAt) : t("common.none")],
    [t("cases.field.resolved"), c.resolvedAt ? when(c.resolvedAt) : t("common.none")],
    [t("cases.field.rootCause"), c.rootCauseId ? (causes.get(c.rootCauseId) ?? t("common.none")) : t("common.none")],
  ];
  if (c.escalatedAt) facts.push([t("cases.field.escalatedTo"), `${c.escalatedToName ?? t("common.none")} · ${when(c.escalatedAt)}`]);
  return (
    <>
      <PageHeader
        title={t("cases.detail.title", { score: r.score ?? t("common.none") })}
        subtitle={`${r.surveyName} · ${when(r.createdAt)}`}
        actions={
          <Link href="/cases" className="text-sm font-medium text-blue-800 hover:underline">
            {t("cases.detail.back")}
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_1fr]">
        <div className="space-y-6">
          <Card title={t("cases.detail.response")}>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="case-response">
              <dt className="text-slate-500">{t("cases.field.score")}</dt>
              <dd className="font-semibold" data-testid="case-score">{r.score ?? t("common.none")}</dd>
              <dt className="text-slate-500">{t("cases.field.category")}</dt>
              <dd>{r.category ? t(`cases.category.${r.category}`) : t("common.none")}</dd>
              <dt className="text-slate-500">{t("cases.field.comment")}</dt>
              <dd className="whitespace-pre-wrap" data-testid="case-comment">{r.comment ?? t("common.none")}</dd>
              {c.themes.length > 0 && (
                <>
                  <dt className="text-slate-500">{t("themes.case.themes")}</dt>
                  <dd>
                    <ul className="flex flex-wrap gap-1.5" data-testid="case-themes">
                      {c.themes.map((theme) => (
                        <li key={theme.key} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800" data-key={theme.key}>
                          {theme.label}
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              )}
              <dt className="text-slate-500">{t("cases.field.touchpoint")}</dt>
              <dd>{r.touchpoint ?? t("common.none")}</dd>
              <dt className="text-slate-500">{t("cases.field.employee")}</dt>
              <dd>{r.employee ?? t("common.none")}</dd>
              <dt className="text-slate-500">{t("cases.field.contact")}</dt>
              <dd data-testid="case-contact" data-personal={r.personalData}>
                {r.contact ? [r.contact.name, r.contact.email, r.contact.phone].filter(Boolean).join(" · ") : t("cases.detail.noContact")}
                {r.contact && r.personalData === "masked" && <span className="block text-xs text-slate-500">{t("privacy.masked")}</span>}
              </dd>
              <dt className="text-slate-500">{t("cases.field.consent")}</dt>
              <dd data-testid="case-consent" data-consent={r.contactConsent ? "yes" : "no"}>
                {r.consent
                  ? t("privacy.consent.given", {
                      date: when(r.consent.at),
                      locale: r.consent.locale === "en" || r.consent.locale === "zh-CN" ? t(`locale.${r.consent.locale}`) : (r.consent.locale ?? ""),
                      version: r.consent.version ?? "",
                    })
                  : r.contactConsent
                    ? t("cases.yes")
                    : t("cases.no")}
                {r.consent?.text && <span className="block text-xs text-slate-500">{t("privacy.consent.text", { text: r.consent.text })}</span>}
              </dd>
            </dl>
            {r.answers.length > 0 && (
              <>
                <h3 className="mt-4 text-sm font-semibold text-slate-800">{t("cases.field.answers")}</h3>
                <dl className="mt-1 space-y-1 text-sm">
                  {r.answers.map((answer) => (
                    <div key={answer.key}>
                      <dt className="text-slate-500">{answer.question}</dt>
                      <dd className="whitespace-pre-wrap">{answer.value}</dd>
                    </div>
                  ))}
                </dl>
              </>
            )}
          </Card>
          <Card>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="case-facts" data-status={c.status}>
              {facts.map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-slate-500">{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </Card>
          <Card title={t("cases.detail.timeline")}>
            <ol className="space-y-3 text-sm" data-testid="case-timeline">
              {c.events.map((event) => (
                <li key={event.id} data-kind={event.kind} className="border-l-2 border-slate-200 pl-3">
                  <p className="font-medium text-slate-900">{eventText(event, t, causes, { escalatedTo: c.escalatedToName })}</p>
                  <p className="text-xs text-slate-500">
                    {when(event.createdAt)} · {event.actorName ?? t("cases.event.system")}
                  </p>
                  {event.body && <p className="mt-1 whitespace-pre-wrap text-slate-700">{event.body}</p>}
                </li>
              ))}
            </ol>
          </Card>
        </div>
        <div className="space-y-6">
          {!c.canAct ? (
            <Card>
              <p className="text-sm text-slate-600" data-testid="case-read-only">
                {t("cases.detail.readOnly")}
              </p>
            </Card>
          ) : (
            <>
              <Card title={t("cases.detail.actions")}>
                <div className="space-y-5">
                  {c.suggestedRootCause && c.suggestedRootCause.id !== c.rootCauseId && (
                    <CaseActionForm
                      action={setRootCauseAction}
                      caseId={c.id}
                      messages={messages}
                      done={t("cases.done")}
                      testId="case-suggested-root-cause"
                      className="space-y-2 rounded-md border border-blue-200 bg-blue-50 p-3"
                    >
                      <input type="hidden" name="rootCauseId" value={c.suggestedRootCause.id} />
                      <p className="text-sm text-slate-800">{t("themes.case.suggested", { cause: c.suggestedRootCause.label })}</p>
                      <Button type="submit" variant="secondary">
                        {t("themes.case.accept")}
                      </Button>
                    </CaseActionForm>
                  )}
                  <CaseActionForm action={setRootCauseAction} caseId={c.id} messages={messages} done={t("cases.done")} testId="case-root-cause-form">
                    <Field label={t("cases.rootCause.label")} htmlFor="rootCauseId">
                      <Select id="rootCauseId" name="rootCauseId" defaultValue={c.rootCauseId ?? ""} required>
                        <option value="" disabled>
                          {t("cases.rootCause.choose")}
                        </option>
                        {c.rootCauses
                          .filter((cause) => cause.active || cause.id === c.rootCauseId)
                          .map((cause) => (
                            <option key={cause.id} value={cause.id}>
                              {cause.label}
                            </option>
                          ))}
                      </Select>
                    </Field>
                    <Button type="submit" variant="secondary">
                      {t("cases.rootCause.submit")}
                    </Button>
                  </CaseActionForm>
                  {nextStatuses.length > 0 && (
                    <CaseActionForm action={changeStatusAction} caseId={c.id} messages={messages} done={t("cases.done")} testId="case-status-form">
                      <Field label={t("cases.statusForm.label")} htmlFor="status">
                        {/* Keyed by the status: after a move the choice starts again from the placeholder. */}
                        <Select key={c.status} id="status" name="status" defaultValue="" required>
                          <option value="" disabled>
                            {t("cases.statusForm.placeholder")}
                          </option>
                          {nextStatuses.map((status) => (
                            <option key={status} value={status}>
                              {t(`cases.status.${status}`)}
                            </option>
                          ))}
                        </Select>
                      </Field>
                      <Button type="submit" variant="secondary">
                        {t("cases.statusForm.submit")}
                      </Button>
                    </CaseActionForm>
                  )}
                  <CaseActionForm action={addNoteAction} caseId={c.id} messages={messages} done={t("cases.done")} testId="case-note-form">
                    <Field label={t("cases.note.label")} htmlFor="note-body">
                      <textarea
                        id="note-body"
                        name="body"
                        required
                        maxLength={4000}
                        rows={3}
                        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm"
                      />
                    </Field>
                    <Button type="submit" variant="secondary">
                      {t("cases.note.submit")}
                    </Button>
                  </CaseActionForm>
                </div>
              </Card>
              <Card title={t("cases.reply.title")} description={t("cases.reply.help")}>
                {r.canReply ? (
                  <CaseActionForm action={sendReplyAction} caseId={c.id} messages={messages} done={t("cases.reply.sent")} testId="case-reply-form">
                    <ReplyFields
                      templates={c.templates}
                      defaultLocale={r.locale === "en" ? "en" : "zh-CN"}
                      labels={{
                        template: t("cases.reply.template"),
                        language: t("cases.reply.language"),
                        subject: t("cases.reply.subject"),
                        body: t("cases.reply.body"),
                        languages: { "zh-CN": t("locale.zh-CN"), en: t("locale.en") },
                      }}
                    />
                    <Button type="submit">{t("cases.reply.submit")}</Button>
                  </CaseActionForm>
                ) : (
                  <p className="text-sm text-slate-600" data-testid="case-reply-unavailable" data-reason={r.contactConsent ? "no_email" : "no_consent"}>
                    {r.contactConsent ? t("cases.reply.noEmail") : t("privacy.reply.noConsent")}
                  </p>
                )}
              </Card>
            </>
          )}
        </div>
      </div>
    </>
  );
}
