import { en, type MessageKey } from "./messages/en";
import { zhCN } from "./messages/zh-cn";
import { interpolate, type TranslateParams } from "./interpolate";
import type { Locale } from "./locales";

export { interpolate, type TranslateParams };

export type { MessageKey };
export type Messages = Record<MessageKey, string>;
export type Translate = (key: MessageKey, params?: TranslateParams) => string;

const CATALOGUES: Record<Locale, Messages> = { en, "zh-CN": zhCN };

export function messagesFor(locale: Locale): Messages {
  return CATALOGUES[locale];
}

export function createTranslator(locale: Locale): Translate {
  const messages = CATALOGUES[locale];
  return (key, params) => interpolate(messages[key], params);
}
