import "server-only";
import { cookies, headers } from "next/headers";
import { LOCALE_COOKIE, localeFromAcceptLanguage, pickLocale, type Locale } from "@/i18n/locales";
import { createTranslator, type Translate } from "@/i18n/translate";

/** The dashboard's language: the language cookie, else the browser's language, else zh-CN. */
export async function getRequestLocale(): Promise<Locale> {
  const cookieStore = await cookies();
  const headerStore = await headers();
  return pickLocale(cookieStore.get(LOCALE_COOKIE)?.value, localeFromAcceptLanguage(headerStore.get("accept-language")));
}

export async function getBrowserLocale(): Promise<Locale | null> {
  const headerStore = await headers();
  return localeFromAcceptLanguage(headerStore.get("accept-language"));
}

export async function getTranslator(): Promise<{ locale: Locale; t: Translate }> {
  const locale = await getRequestLocale();
  return { locale, t: createTranslator(locale) };
}
