import { pickLocale } from "@/i18n/locales";
import { createTranslator } from "@/i18n/translate";
import { html } from "@/lib/html";

/** A case alert to its owner (new case) or to a manager (overdue case escalated); user text escaped. */
export type CaseAlertEmailInput = {
  kind: "opened" | "escalated";
  locale: string | null | undefined;
  recipientName: string;
  score: number | null;
  comment: string | null;
  surveyName: string;
  unitName: string | null;
  ownerName: string | null;
  dueAt: string;
  /** Absolute link to the case page. */
  url: string;
};

export function renderCaseAlertEmail(input: CaseAlertEmailInput): { subject: string; html: string; text: string } {
  const locale = pickLocale(input.locale);
  const t = createTranslator(locale);
  const score = input.score === null ? t("common.none") : String(input.score);
  const subject = t(input.kind === "opened" ? "cases.email.openedSubject" : "cases.email.escalatedSubject", { score, survey: input.surveyName });
  const intro = t(input.kind === "opened" ? "cases.email.openedIntro" : "cases.email.escalatedIntro", {
    owner: input.ownerName ?? t("common.none"),
  });
  const facts: [string, string][] = [
    [t("cases.field.score"), score],
    [t("cases.field.survey"), input.surveyName],
    [t("cases.field.unit"), input.unitName ?? t("common.none")],
    [t("cases.field.due"), input.dueAt],
    [t("cases.field.comment"), input.comment ?? t("common.none")],
  ];
  const body = html`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${subject}</title></head><body style="font:15px/1.5 Arial,'PingFang SC','Microsoft YaHei',sans-serif;color:#0f172a"><p>${t("cases.email.greeting", { name: input.recipientName })}</p><p>${intro}</p><table role="presentation" cellpadding="4">${facts.map(([label, value]) => html`<tr><th align="left" style="color:#475569">${label}</th><td>${value}</td></tr>`)}</table><p><a href="${input.url}">${t("cases.email.open")}</a></p></body></html>`;
  const text = [t("cases.email.greeting", { name: input.recipientName }), "", intro, "", ...facts.map(([l, v]) => `${l}: ${v}`), "", `${t("cases.email.open")}: ${input.url}`, ""].join(
    "\n",
  );
  return { subject, html: body.toString(), text };
}
