import "server-only";
import { messagesFor } from "@/i18n/translate";
import { LOCALES } from "@/i18n/locales";
import type { LocalizedText } from "@/schemas/localized";
import type { MessageKey } from "@/i18n/translate";

/** The same catalogue text in every locale, so new surveys start fully written in zh-CN and en. */
export function textInAllLocales(key: MessageKey): LocalizedText {
  return Object.fromEntries(LOCALES.map((locale) => [locale, messagesFor(locale)[key]]));
}
