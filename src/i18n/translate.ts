import { en, type MessageKey } from "./messages/en";
import { zhCN } from "./messages/zh-cn";
import { interpolate, type TranslateParams } from "./interpolate";
import type { Locale } from "./locales";

export { interpolate, type TranslateParams };

export type { MessageKey };
export type Messages = Record<MessageKey, string>;
/** A catalogue lookup; translators made by createTranslator also say which language they speak (`locale`). */
export type Translate = ((key: MessageKey, params?: TranslateParams) => string) & { readonly locale?: Locale };

const CATALOGUES: Record<Locale, Messages> = { en, "zh-CN": zhCN };

export function messagesFor(locale: Locale): Messages {
  return CATALOGUES[locale];
}

export function createTranslator(locale: Locale): Translate {
  const messages = CATALOGUES[locale];
  return Object.assign((key: MessageKey, params?: TranslateParams) => interpolate(messages[key], params), { locale });
}
