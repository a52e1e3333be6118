import { pickLocale, type Locale } from "@/i18n/locales";
import { createTranslator } from "@/i18n/translate";
import { formatNps, formatPValue, formatShare } from "@/lib/format";
import { html } from "@/lib/html";
import type { NpsComparison, NpsStats } from "@/lib/nps";

/** What the weekly digest says; every text from the database (names, comments) is escaped in the HTML part. */
export type DigestEmailInput = {
  locale: string | null | undefined;
  recipientName: string;
  /** The unit names the recipient manages, or null for the whole organisation. */
  scopeName: string | null;
  /** The reported week, Monday to Sunday (ISO dates, organisation time zone). */
  week: { from: string; to: string };
  stats: NpsStats;
  /** This week against the week before; null when either week has no answers. */
  change: NpsComparison | null;
  newDetractors: number;
  overdueCases: number;
  verbatims: { score: number | null; comment: string }[];
  /** The week's rising theme with two example comments (personal data already masked); null when none rose. */
  risingTheme?: {
    labelZh: string;
    labelEn: string;
    weekShare: number;
    baselineShare: number;
    examples: { score: number | null; comment: string }[];
  } | null;
  /** Link to the leaderboard. */
  url: string;
};

export type RenderedDigest = { locale: Locale; subject: string; html: string; text: string };

/** The weekly NPS digest to a manager: subject, HTML and text parts in the recipient's language. */
export function renderDigestEmail(input: DigestEmailInput): RenderedDigest {
  const locale = pickLocale(input.locale);
  const t = createTranslator(locale);
  const scope = input.scopeName ?? t("digest.wholeOrg");
  const subject = t("digest.subject", { scope, week: input.week.from });
  const npsLine =
    input.stats.nps === null ? t("digest.npsNone") : t("digest.nps", { nps: formatNps(input.stats.nps, locale), n: input.stats.n });
  const changeLine = input.change
    ? t("digest.change", {
        delta: formatNps(input.change.difference, locale),
        significance: t(input.change.significant ? "digest.significant" : "digest.notSignificant", { p: formatPValue(input.change.pValue) }),
      })
    : t("digest.noChange");
  const lines = [
    npsLine,
    changeLine,
    t("digest.detractors", { count: input.newDetractors }),
    t("digest.overdue", { count: input.overdueCases }),
  ];
  const greeting = t("digest.greeting", { name: input.recipientName });
  const intro = t("digest.intro", { scope, from: input.week.from, to: input.week.to });
  const footer = t("digest.footer", { scope });
  const quote = (v: { score: number | null; comment: string }) => `${v.score === null ? "" : `[${v.score}] `}${v.comment}`;
  const rising = input.risingTheme ?? null;
  const risingLine = rising
    ? t("digest.rising.line", {
        theme: locale === "en" ? rising.labelEn : rising.labelZh,
        share: formatShare(rising.weekShare, locale),
        baseline: formatShare(rising.baselineShare, locale),
      })
    : t("digest.rising.none");
  const risingExamples = rising?.examples ?? [];

  const body = html`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${subject}</title></head><body style="margin:0;padding:24px;background:#f1f5f9;font:15px/1.5 Arial,'PingFang SC','Microsoft YaHei',sans-serif;color:#0f172a"><div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px"><p style="margin:0 0 12px">${greeting}</p><p style="margin:0 0 16px">${intro}</p><ul style="margin:0 0 16px;padding-left:20px">${lines.map((line) => html`<li>${line}</li>`)}</ul><h2 style="font-size:16px;margin:16px 0 8px">${t("digest.verbatims")}</h2>${
    input.verbatims.length
      ? input.verbatims.map((v) => html`<blockquote style="margin:0 0 8px;padding:8px 12px;border-left:3px solid #93c5fd;background:#f8fafc">${quote(v)}</blockquote>`)
      : html`<p>${t("digest.noVerbatims")}</p>`
  }<h2 style="font-size:16px;margin:16px 0 8px">${t("digest.rising.title")}</h2><p style="margin:0 0 8px">${risingLine}</p>${risingExamples.map(
    (v) => html`<blockquote style="margin:0 0 8px;padding:8px 12px;border-left:3px solid #fca5a5;background:#fef2f2">${quote(v)}</blockquote>`,
  )}<p style="margin:16px 0 0"><a href="${input.url}">${t("digest.open", { url: input.url })}</a></p><p style="margin:24px 0 0;font-size:12px;color:#64748b">${footer}</p></div></body></html>`;

  const text = [
    greeting,
    "",
    intro,
    "",
    ...lines.map((line) => `- ${line}`),
    "",
    `${t("digest.verbatims")}:`,
    ...(input.verbatims.length ? input.verbatims.map((v) => `> ${quote(v)}`) : [t("digest.noVerbatims")]),
    "",
    `${t("digest.rising.title")}:`,
    risingLine,
    ...risingExamples.map((v) => `> ${quote(v)}`),
    "",
    t("digest.open", { url: input.url }),
    "",
    footer,
    "",
  ].join("\n");
  return { locale, subject, html: body.value, text };
}
