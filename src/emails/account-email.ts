import { pickLocale } from "@/i18n/locales";
import { createTranslator } from "@/i18n/translate";
import { formatDateTime } from "@/lib/format";
import { html } from "@/lib/html";

type Rendered = { subject: string; html: string; text: string };

function page(locale: string, subject: string, paragraphs: string[], button: { label: string; url: string }, after: string): Rendered {
  const body = html`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${subject}</title></head><body style="font:15px/1.5 Arial,'PingFang SC','Microsoft YaHei',sans-serif;color:#0f172a">${paragraphs.map((p) => html`<p>${p}</p>`)}<p><a href="${button.url}" style="display:inline-block;background:#1d4ed8;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:bold">${button.label}</a></p><p style="color:#475569;font-size:13px">${after}</p><p style="color:#475569;font-size:12px;word-break:break-all">${button.url}</p></body></html>`;
  const text = [...paragraphs, "", `${button.label}: ${button.url}`, "", after, ""].join("\n");
  return { subject, html: body.toString(), text };
}

/** The invitation to join an organisation, in the invitee's language; names escaped. */
export function renderMemberInvitationEmail(input: {
  locale: string;
  inviterName: string;
  organizationName: string;
  role: string;
  url: string;
  expiresAt: Date;
  timeZone: string;
}): Rendered {
  const locale = pickLocale(input.locale);
  const t = createTranslator(locale);
  const values = { inviter: input.inviterName, organization: input.organizationName };
  return page(
    locale,
    t("accounts.email.inviteSubject", values),
    [t("accounts.email.inviteGreeting"), t("accounts.email.inviteBody", { ...values, role: t(`role.${input.role}` as "role.OWNER") })],
    { label: t("accounts.email.inviteButton"), url: input.url },
    t("accounts.email.inviteExpiry", { date: formatDateTime(input.expiresAt, locale, input.timeZone) }),
  );
}

/** The password-reset link, in the account's language. */
export function renderPasswordResetEmail(input: { locale: string; email: string; url: string }): Rendered {
  const locale = pickLocale(input.locale);
  const t = createTranslator(locale);
  return page(
    locale,
    t("accounts.email.resetSubject"),
    [t("accounts.email.resetBody", { email: input.email })],
    { label: t("accounts.email.resetButton"), url: input.url },
    t("accounts.email.resetExpiry"),
  );
}
