import { pickLocale } from "@/i18n/locales";
import { createTranslator } from "@/i18n/translate";
import { chatBody, type ChatKind, type ChatMessage } from "@/lib/chat-signatures";
import { formatNps, formatPValue, formatShare } from "@/lib/format";
import type { NpsComparison, NpsStats } from "@/lib/nps";
import type { RisingTheme } from "@/server/text/get-rising-theme";

export type ChatDigestInput = {
  kind: ChatKind;
  locale: string;
  /** The group's unit name, or null for the whole organisation. */
  scopeName: string | null;
  week: { from: string; to: string };
  stats: NpsStats;
  change: NpsComparison | null;
  rising: RisingTheme | null;
  url: string;
};

/**
 * The weekly digest as a short chat message in the group's language: NPS and n, the change against the week before
 * (with its significance), the rising theme with two example comments, and a link — as the provider's unsigned body
 * (signed when sent, src/lib/chat-signatures.ts). Pure.
 */
export function renderChatDigest(input: ChatDigestInput): string {
  const locale = pickLocale(input.locale);
  const t = createTranslator(locale);
  const scope = input.scopeName ?? t("digest.wholeOrg");
  const lines = [
    input.stats.nps === null ? t("digest.npsNone") : t("digest.nps", { nps: formatNps(input.stats.nps, locale), n: input.stats.n }),
    input.change
      ? t("digest.change", {
          delta: formatNps(input.change.difference, locale),
          significance: t(input.change.significant ? "digest.significant" : "digest.notSignificant", { p: formatPValue(input.change.pValue) }),
        })
      : t("digest.noChange"),
  ];
  if (input.rising) {
    lines.push(
      t("chat.digest.rising", {
        theme: locale === "en" ? input.rising.labelEn : input.rising.labelZh,
        share: formatShare(input.rising.weekShare, locale),
        baseline: formatShare(input.rising.baselineShare, locale),
      }),
      ...input.rising.examples.map((e) => `> ${e.score === null ? "" : `[${e.score}] `}${e.comment.replace(/\s+/g, " ")}`),
    );
  }
  const message: ChatMessage = {
    title: t("chat.digest.title", { scope, from: input.week.from, to: input.week.to }),
    lines,
    link: { label: t("chat.digest.open"), url: input.url },
  };
  return JSON.stringify(chatBody(input.kind, message));
}
