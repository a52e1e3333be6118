import "server-only";
import { messagesFor } from "@/i18n/translate";
import { LOCALES } from "@/i18n/locales";
import type { LocalizedText } from "@/schemas/localized";
import type { MessageKey } from "@/i18n/translate";

/** The same catalogue text in every locale, so new surveys start fully written in zh-CN and en. */
export function textInAllLocales(key: MessageKey): LocalizedText {
  return Object.fromEntries(LOCALES.map((locale) => [locale, messagesFor(locale)[key]]));
}

/** The NPS question (fixed 0–10 scale) and its open follow-up: every new survey starts with these two. */
export function defaultQuestions() {
  return [
    {
      key: "nps",
      type: "NPS" as const,
      position: 0,
      required: true,
      text: textInAllLocales("respondent.question"),
      settings: {
        lowLabel: textInAllLocales("respondent.notLikely"),
        highLabel: textInAllLocales("respondent.extremelyLikely"),
      },
    },
    {
      key: "reason",
      type: "OPEN_TEXT" as const,
      position: 1,
      required: false,
      text: textInAllLocales("respondent.commentLabel"),
      settings: {},
    },
  ];
}
