import { en, type MessageKey } from "./messages/en";
import { zhCN } from "./messages/zh-cn";
import type { Locale } from "./locales";

export type { MessageKey };
export type Messages = Record<MessageKey, string>;
export type TranslateParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: TranslateParams) => string;

const CATALOGUES: Record<Locale, Messages> = { en, "zh-CN": zhCN };

export function messagesFor(locale: Locale): Messages {
  return CATALOGUES[locale];
}

/** Replaces `{name}` placeholders; unknown placeholders are left visible so they get noticed. */
export function interpolate(template: string, params?: TranslateParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function createTranslator(locale: Locale): Translate {
  const messages = CATALOGUES[locale];
  return (key, params) => interpolate(messages[key], params);
}
