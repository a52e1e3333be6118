import "server-only";
import { pickLocale, type Locale } from "@/i18n/locales";
import { createTranslator } from "@/i18n/translate";
import { html, type SafeHtml } from "@/lib/html";
import type { UnsubscribeTarget } from "./unsubscribe";

/** Plain HTML, never cached or indexed, no referrer (the URL holds the token). */
export const UNSUBSCRIBE_HTML_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex, nofollow",
  "Referrer-Policy": "no-referrer",
} as const;

function page(locale: Locale, title: string, content: SafeHtml): string {
  return html`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer"><title>${title}</title><link rel="stylesheet" href="/respondent.css"></head><body><main class="r-main" lang="${locale}"><section class="r-card">${content}</section></main></body></html>`.value;
}

function localeOf(target: UnsubscribeTarget | null, fallback: Locale | null): Locale {
  return pickLocale(target?.locale, target?.defaultLocale, fallback);
}

/** GET: a confirmation with a POST button — no JavaScript; a link prefetcher cannot unsubscribe anyone. */
export function renderUnsubscribeConfirm(target: UnsubscribeTarget, action: string): string {
  const locale = localeOf(target, null);
  const t = createTranslator(locale);
  if (target.unsubscribedAt) return renderUnsubscribed(target);
  return page(
    locale,
    t("unsubscribe.title"),
    html`<div class="r-message"><h1>${t("unsubscribe.title")}</h1><p>${t("unsubscribe.confirm", { brand: target.brand, email: target.email ?? "" })}</p><form method="post" action="${action}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" class="r-submit" data-testid="unsubscribe">${t("unsubscribe.button")}</button></form></div>`,
  );
}

export function renderUnsubscribed(target: UnsubscribeTarget): string {
  const locale = localeOf(target, null);
  const t = createTranslator(locale);
  return page(
    locale,
    t("unsubscribe.done.title"),
    html`<div class="r-message" role="status" data-testid="unsubscribed"><h1>${t("unsubscribe.done.title")}</h1><p>${t("unsubscribe.done.body", { brand: target.brand })}</p></div>`,
  );
}

export function renderUnsubscribeNotFound(locale: Locale | null): string {
  const t = createTranslator(pickLocale(locale));
  return page(pickLocale(locale), t("unsubscribe.title"), html`<div class="r-message" role="alert"><h1>${t("unsubscribe.title")}</h1><p>${t("unsubscribe.notFound")}</p></div>`);
}
