import "server-only";
import { LOCALES, type Locale } from "@/i18n/locales";
import { createTranslator, type Translate } from "@/i18n/translate";
import { html, type SafeHtml } from "@/lib/html";
import { COMMENT_MAX_LENGTH } from "@/schemas/response";
import type { RespondentView } from "./get-respondent-view";

const SCORES = Array.from({ length: 11 }, (_, i) => i);

type Shown = Exclude<RespondentView, { state: "not_found" }>;

/** Headers of every respondent document: HTML, never cached, never indexed, no referrer leaks the token. */
export const RESPONDENT_HTML_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex, nofollow",
  "Referrer-Policy": "no-referrer",
} as const;

/**
 * The respondent page as a complete HTML document with no JavaScript at all (docs/decisions/0007): the
 * score radios and comment box are a plain form posting to /s/<token>/answer. Built with the escaping
 * `html` template, so every value from the database is escaped.
 */
export function renderRespondentDocument(options: {
  view: Shown;
  token: string;
  preselected: number;
  justAnswered: boolean;
}): string {
  const { view, token, preselected, justAnswered } = options;
  const t = createTranslator(view.locale);
  const keep = view.state === "answered" && justAnswered ? "&done=1" : "";
  return documentOf(
    view.locale,
    view.brand,
    html`<main class="r-main" lang="${view.locale}"><header class="r-header"><p class="r-brand">${view.brand}</p>${languageLinks(token, view.locale, view.locales, keep)}</header><section class="r-card">${body(view, t, token, preselected, justAnswered)}</section></main>`,
  );
}

/** An unknown or malformed link: explained in the respondent's language. */
export function renderNotFoundDocument(locale: Locale): string {
  const t = createTranslator(locale);
  return documentOf(
    locale,
    t("respondent.notFound.title"),
    html`<main class="r-main" lang="${locale}"><section class="r-card">${message(t("respondent.notFound.title"), t("respondent.notFound.body"), "link-not-found")}</section></main>`,
  );
}

/**
 * The answer to a bad form post (no JavaScript on the respondent's side): what went wrong, in the
 * respondent's language, with a way back to the survey.
 */
export function renderRespondentErrorDocument(options: {
  locale: Locale;
  title: string;
  message: string;
  link?: { href: string; label: string };
}): string {
  const { locale, title, message: text, link } = options;
  return documentOf(
    locale,
    title,
    html`<main class="r-main" lang="${locale}"><section class="r-card"><div class="r-message" role="alert"><h1>${title}</h1><p>${text}</p>${link ? html`<p><a href="${link.href}">${link.label}</a></p>` : ""}</div></section></main>`,
  );
}

function documentOf(locale: Locale, title: string, content: SafeHtml): string {
  return html`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer"><title>${title}</title><link rel="icon" href="/icon.svg" type="image/svg+xml"><link rel="stylesheet" href="/respondent.css"></head><body>${content}</body></html>`.value;
}

function body(view: Shown, t: Translate, token: string, preselected: number, justAnswered: boolean): SafeHtml {
  if (view.state === "closed") return message(t("respondent.closed.title"), t("respondent.closed.body"));
  if (view.state === "answered") {
    if (justAnswered) {
      const text = view.category ? t(`respondent.thanks.${view.category}`, { brand: view.brand }) : t("respondent.thanks.none");
      return message(t("respondent.thanks.title"), text, "thanks");
    }
    return message(t("respondent.already.title"), t("respondent.already.body"), "already-answered");
  }
  const radios = SCORES.map((score) => {
    const label = score === 0 ? `0 – ${view.lowLabel}` : score === 10 ? `10 – ${view.highLabel}` : String(score);
    return html`<label class="r-score"><input type="radio" name="score" value="${score}" required${score === preselected ? html` checked` : ""} class="r-sr" aria-label="${label}"><span>${score}</span></label>`;
  });
  return html`<form method="post" action="/s/${encodeURIComponent(token)}/answer" class="r-form"><input type="hidden" name="locale" value="${view.locale}"><fieldset class="r-fieldset"><legend class="r-legend">${view.question}</legend><p id="score-help" class="r-sr">${t("respondent.scoreLegend")}</p><div class="r-scale" aria-describedby="score-help">${radios}</div><div class="r-ends" aria-hidden="true"><span>0 · ${view.lowLabel}</span><span>${view.highLabel} · 10</span></div></fieldset><div><label for="comment" class="r-label">${view.followUp}</label><textarea id="comment" name="comment" rows="4" maxlength="${COMMENT_MAX_LENGTH}" aria-describedby="comment-hint" class="r-textarea"></textarea><p id="comment-hint" class="r-hint">${t("respondent.commentHint", { max: COMMENT_MAX_LENGTH })}</p></div><button type="submit" class="r-submit">${t("respondent.submit")}</button><p class="r-privacy">${t("respondent.privacy", { brand: view.brand })}</p></form>`;
}

function message(title: string, text: string, testId?: string): SafeHtml {
  return html`<div class="r-message"${testId ? html` data-testid="${testId}"` : ""} role="status"><h1>${title}</h1><p>${text}</p></div>`;
}

function languageLinks(token: string, current: Locale, available: Locale[], keep: string): SafeHtml | string {
  const shown = LOCALES.filter((l) => available.includes(l));
  if (shown.length < 2) return "";
  const links = shown.map((locale) => {
    const label = createTranslator(locale)(`locale.${locale}`);
    return locale === current
      ? html`<span aria-current="true">${label}</span>`
      : html`<a href="/s/${encodeURIComponent(token)}?lang=${locale}${keep}" lang="${locale}">${label}</a>`;
  });
  return html`<nav aria-label="Language / 语言" class="r-langs">${links}</nav>`;
}
