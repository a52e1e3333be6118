import "server-only";
import { pickLocale, type Locale } from "@/i18n/locales";
import type { NpsCategory } from "@/lib/nps";
import { pickText } from "@/schemas/localized";
import { tokenSchema } from "@/schemas/response";
import { db } from "@/server/db";

type Branding = { brand: string; locale: Locale; locales: Locale[] };

export type RespondentView =
  | { state: "not_found" }
  | ({ state: "closed" } & Branding)
  | ({ state: "answered"; category: NpsCategory | null } & Branding)
  | ({
      state: "open";
      question: string;
      lowLabel: string;
      highLabel: string;
      followUp: string;
    } & Branding);

/**
 * What the respondent page shows for a token. Reads only; opening a link never records an answer
 * (mail scanners prefetch links). `requestedLocale` (?lang=) beats the contact's locale, which beats the
 * browser's language, which beats the survey default.
 */
export async function getRespondentView({
  token,
  requestedLocale,
  browserLocale,
}: {
  token: string;
  requestedLocale?: string | null;
  browserLocale?: Locale | null;
}): Promise<RespondentView> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) return { state: "not_found" };
  const invitation = await db.invitation.findUnique({
    where: { token: parsed.data },
    include: {
      contact: { select: { locale: true } },
      survey: { include: { questions: { orderBy: { position: "asc" } } } },
      response: { select: { category: true } },
    },
  });
  if (!invitation) return { state: "not_found" };
  const { survey } = invitation;
  const locales = survey.locales.filter((l): l is Locale => l === "zh-CN" || l === "en");
  const fallback = pickLocale(survey.defaultLocale);
  const locale = pickLocale(
    locales.includes(requestedLocale as Locale) ? requestedLocale : null,
    invitation.contact.locale,
    browserLocale,
    survey.defaultLocale,
  );
  const branding: Branding = { brand: survey.brandName, locale, locales };
  if (invitation.response || invitation.respondedAt) {
    return { state: "answered", category: invitation.response?.category ?? null, ...branding };
  }
  if (survey.status === "CLOSED") return { state: "closed", ...branding };
  const nps = survey.questions.find((q) => q.type === "NPS");
  const reason = survey.questions.find((q) => q.key === "reason");
  const settings = (nps?.settings ?? {}) as { lowLabel?: unknown; highLabel?: unknown };
  const fill = (text: string) => text.replaceAll("{brand}", survey.brandName);
  return {
    state: "open",
    ...branding,
    question: fill(pickText(nps?.text, locale, fallback)),
    lowLabel: pickText(settings.lowLabel, locale, fallback),
    highLabel: pickText(settings.highLabel, locale, fallback),
    followUp: fill(pickText(reason?.text, locale, fallback)),
  };
}
