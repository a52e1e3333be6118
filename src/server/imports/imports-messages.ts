import "server-only";
import { importsEn } from "@/i18n/messages/areas/imports.en";
import type { Locale } from "@/i18n/locales";
import { messagesFor } from "@/i18n/translate";

/** The imports area of the catalogue in `locale`, for the shared import wizard (only these keys reach the browser). */
export function importsMessages(locale: Locale): Record<keyof typeof importsEn, string> {
  const all = messagesFor(locale);
  return Object.fromEntries(Object.keys(importsEn).map((key) => [key, all[key as keyof typeof importsEn]])) as Record<keyof typeof importsEn, string>;
}
