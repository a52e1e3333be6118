import "server-only";
import { isLocale, pickLocale, type Locale } from "@/i18n/locales";
import { SCANNER_WINDOW_SECONDS } from "@/lib/link-guard";
import type { NpsCategory } from "@/lib/nps";
import { driverQuestions } from "@/lib/survey-content";
import { tokenSchema } from "@/schemas/response";
import type { SurveyQuestion, ThankYou } from "@/schemas/survey-content";
import { db } from "@/server/db";
import { issueFormKey } from "@/server/survey-links/form-key";
import { surveyContentOf, surveyLocales } from "@/server/surveys/survey-content";
import { brandIn } from "@/lib/brand";
import { findLinkResponse } from "./find-link-response";

export type Branding = { brand: string; locale: Locale; locales: Locale[] };

/** Everything the page needs to show the survey in one language. */
export type SurveyShown = Branding & {
  fallback: Locale;
  questions: SurveyQuestion[];
  followUpEnabled: boolean;
  thankYou: ThankYou;
  /** A public link / QR code: no contact behind the answer. */
  anonymous: boolean;
};

export type RespondentView =
  | { state: "not_found" }
  | ({ state: "not_open" } & Branding)
  | ({ state: "closed" } & Branding)
  /**
   * Step 1: the score and its follow-up. `submissionKey` is the one-time key of an anonymous form; `firstOpen`:
   * a personal link whose first click is not settled yet (none recorded, or one within the mail-scanner window).
   */
  | ({ state: "start"; submissionKey: string | null; firstOpen: boolean } & SurveyShown)
  /** Step 2: the driver questions, after the score was saved. `resume` names an anonymous response. */
  | ({ state: "drivers"; category: NpsCategory | null; resume: string | null } & SurveyShown)
  /** `contactConsent`: the respondent ticked "may contact me" (only then does the thank-you promise a follow-up). */
  | ({ state: "done"; category: NpsCategory | null; resume: string | null; contactConsent: boolean } & SurveyShown);

const surveyInclude = { questions: { orderBy: { position: "asc" as const } } };

/**
 * What the respondent page shows for a token. Reads only: opening a link — even a one-click `?score=N`
 * link — never records an answer (mail scanners prefetch links). `requestedLocale` (?lang=) beats the
 * invitation's language (its own, else the contact's, else the survey default: the email's language), which
 * beats the browser's; a public link (no invitation) follows the browser, then the survey default. `resume` (?r=) is
 * the key of an anonymous response whose driver questions are still open.
 */
export async function getRespondentView({
  token,
  requestedLocale,
  browserLocale,
  resume,
}: {
  token: string;
  requestedLocale?: string | null;
  browserLocale?: Locale | null;
  resume?: string | null;
}): Promise<RespondentView> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) return { state: "not_found" };

  const invitation = await db.invitation.findFirst({
    where: { token: parsed.data },
    include: {
      contact: { select: { locale: true } },
      survey: { include: surveyInclude },
      response: { select: { category: true, completed: true, contactConsent: true } },
    },
  });
  if (invitation) {
    // A personal link opens in the language its email was written in (the invitation's, else the contact's, else
    // the survey's default — as renderInvitationEmail picks it), not the browser's; ?lang= still switches.
    const invitationLocale = invitation.locale ?? invitation.contact.locale ?? invitation.survey.defaultLocale;
    const shown = showSurvey(invitation.survey, requestedLocale, invitationLocale, browserLocale, false);
    const response = invitation.response;
    if (response) return afterScore(shown, invitation.survey.status, response, null);
    if (invitation.respondedAt) return { state: "done", category: null, resume: null, contactConsent: false, ...shown };
    if (invitation.survey.status === "DRAFT") return { state: "not_open", ...brandingOf(shown) };
    if (invitation.survey.status === "CLOSED") return { state: "closed", ...brandingOf(shown) };
    // The click bookkeeping stays open until a click is recorded and the mail-scanner window after it has passed.
    const recentHit = invitation.linkHitAt !== null && Date.now() - invitation.linkHitAt.getTime() < SCANNER_WINDOW_SECONDS * 1000;
    return { state: "start", submissionKey: null, firstOpen: invitation.clickedAt === null || recentHit, ...shown };
  }

  const link = await db.surveyLink.findFirst({ where: { token: parsed.data }, include: { survey: { include: surveyInclude } } });
  if (!link) return { state: "not_found" };
  const shown = showSurvey(link.survey, requestedLocale, null, browserLocale, true);
  const response = await findLinkResponse(db, link, resume);
  if (response) return afterScore(shown, link.survey.status, response, response.submissionKey);
  if (link.survey.status === "DRAFT") return { state: "not_open", ...brandingOf(shown) };
  if (link.survey.status === "CLOSED" || link.disabledAt) return { state: "closed", ...brandingOf(shown) };
  // A one-time key signed for this link (form-key.ts): the client cannot choose its own.
  return { state: "start", submissionKey: issueFormKey(link.id), firstOpen: false, ...shown };
}

function afterScore(
  shown: SurveyShown,
  status: string,
  response: { category: NpsCategory | null; completed: boolean; contactConsent?: boolean },
  resume: string | null,
): RespondentView {
  const open = !response.completed && status === "ACTIVE" && driverQuestions(shown.questions).length > 0;
  return open
    ? { state: "drivers", category: response.category, resume, ...shown }
    : { state: "done", category: response.category, resume, contactConsent: response.contactConsent === true, ...shown };
}

function brandingOf(shown: SurveyShown): Branding {
  return { brand: shown.brand, locale: shown.locale, locales: shown.locales };
}

/** The survey as shown in one language (also used by the builder's preview). */
export function showSurvey(
  survey: Parameters<typeof surveyContentOf>[0] & { questions: Parameters<typeof surveyContentOf>[1] },
  requestedLocale: string | null | undefined,
  contactLocale: string | null,
  browserLocale: Locale | null | undefined,
  anonymous: boolean,
): SurveyShown {
  const content = surveyContentOf(survey, survey.questions);
  const locales = surveyLocales(survey);
  const fallback = pickLocale(survey.defaultLocale);
  const wanted = isLocale(requestedLocale) && locales.includes(requestedLocale) ? requestedLocale : null;
  const locale = pickLocale(wanted, contactLocale, browserLocale, survey.defaultLocale);
  return {
    brand: brandIn(content, locale),
    locale,
    locales,
    fallback,
    questions: content.questions,
    followUpEnabled: content.followUpEnabled,
    thankYou: content.thankYou,
    anonymous,
  };
}
