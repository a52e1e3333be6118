import { pickLocale, type Locale } from "@/i18n/locales";
import { createTranslator, interpolate } from "@/i18n/translate";
import { brandIn } from "@/lib/brand";
import { html, type SafeHtml } from "@/lib/html";

/** What an invitation email needs; every text from the database is escaped in the HTML part. */
export type InvitationEmailInput = {
  /** Candidates in order: the invitation's locale, the contact's, the survey's default. */
  locales: readonly (string | null | undefined)[];
  brand: string;
  /** The survey's brand per language (Survey.brandNames): the email's language picks one, else `brand` (src/lib/brand.ts). */
  brandNames?: unknown;
  /** The NPS question per locale, possibly with a {brand} placeholder; falls back to the catalogue's. */
  question?: Record<string, string> | null;
  lowLabel?: Record<string, string> | null;
  highLabel?: Record<string, string> | null;
  contactName?: string | null;
  /** Public base URL, without a trailing slash. */
  appUrl: string;
  token: string;
  reminder?: boolean;
};

export type RenderedEmail = {
  locale: Locale;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  links: { scores: string[]; unsubscribe: string; open: string };
};

const SCORES = Array.from({ length: 11 }, (_, i) => i);

function localized(texts: Record<string, string> | null | undefined, locale: Locale): string | null {
  const value = texts?.[locale];
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/** The invitation (or reminder) email: subject, HTML and plain-text parts, List-Unsubscribe headers. */
export function renderInvitationEmail(input: InvitationEmailInput): RenderedEmail {
  const locale = pickLocale(...input.locales);
  const t = createTranslator(locale);
  const base = input.appUrl.replace(/\/+$/, "");
  const tokenPath = `${base}/s/${encodeURIComponent(input.token)}`;
  const scores = SCORES.map((score) => `${tokenPath}?score=${score}`);
  const unsubscribe = `${tokenPath}/unsubscribe`;
  const open = `${tokenPath}/open`;
  const brand = brandIn({ brandName: input.brand, brandNames: input.brandNames }, locale);
  const question = interpolate(localized(input.question, locale) ?? t("respondent.question", { brand: "{brand}" }), { brand });
  const low = localized(input.lowLabel, locale) ?? t("respondent.notLikely");
  const high = localized(input.highLabel, locale) ?? t("respondent.extremelyLikely");
  const name = input.contactName?.trim();
  const greeting = name ? t("email.greeting", { name }) : t("email.greetingAnonymous");
  const intro = t(input.reminder ? "email.reminderIntro" : "email.intro", { brand });
  const subject = t(input.reminder ? "email.reminderSubject" : "email.subject", { brand });
  const hint = t("email.scaleHint", { low, high });
  const footer = t("email.footer", { brand });

  const cells: SafeHtml[] = SCORES.map(
    (score) =>
      html`<td style="padding:2px"><a href="${scores[score] ?? ""}" data-score="${score}" style="display:block;min-width:28px;padding:8px 0;border:1px solid #94a3b8;border-radius:6px;text-align:center;font:600 15px Arial,sans-serif;color:#0f172a;text-decoration:none">${score}</a></td>`,
  );
  const body = html`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subject}</title></head><body style="margin:0;padding:0;background:#f1f5f9"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f1f5f9"><tr><td align="center" style="padding:24px 8px"><table role="presentation" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px"><tr><td style="padding:24px;font:15px/1.5 Arial,'PingFang SC','Microsoft YaHei',sans-serif;color:#0f172a"><p style="margin:0 0 4px;font-weight:700;color:#1e40af">${brand}</p><p style="margin:16px 0 8px">${greeting}</p><p style="margin:0 0 16px">${intro}</p><h1 style="margin:0 0 16px;font-size:18px">${question}</h1><table role="presentation" cellpadding="0" cellspacing="0" width="100%"><tr>${cells}</tr></table><p style="margin:8px 0 0;font-size:13px;color:#475569">${hint}</p><p style="margin:24px 0 0;font-size:12px;color:#64748b">${footer} <a href="${unsubscribe}" style="color:#64748b">${t("email.unsubscribe")}</a></p></td></tr></table></td></tr></table><img src="${open}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0"></body></html>`;

  const text = [
    `${brand}`,
    "",
    greeting,
    intro,
    "",
    question,
    hint,
    "",
    t("email.textScale"),
    ...SCORES.map((score) => `${String(score).padStart(2, " ")}: ${scores[score] ?? ""}`),
    "",
    footer,
    t("email.textUnsubscribe", { url: unsubscribe }),
    "",
  ].join("\n");

  return {
    locale,
    subject,
    html: body.value,
    text,
    headers: {
      "List-Unsubscribe": `<${unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "Content-Language": locale,
    },
    links: { scores, unsubscribe, open },
  };
}
