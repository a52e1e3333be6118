import "server-only";
import { createHash } from "node:crypto";
import { pickLocale } from "@/i18n/locales";
import { createTranslator, messagesFor } from "@/i18n/translate";

/** The catalogue entry the respondent page shows next to the consent box (src/server/responses/respondent-document.ts). */
export const CONSENT_MESSAGE_KEY = "respond.consent" as const;

/** What is stored with a response whose respondent ticked "may contact me" (Response.consent*). */
export type ConsentRecord = { consentText: string; consentVersion: string; consentLocale: string; consentAt: Date };

/**
 * The consent as the respondent gave it: the exact wording the page showed in their language (brand filled in),
 * a version naming that wording (the catalogue key and the first 12 hex digits of the SHA-256 of its template,
 * so a reworded box gets a new version), the language, and the time.
 */
export function consentRecord({ locale, brand, at }: { locale: string; brand: string; at: Date }): ConsentRecord {
  const language = pickLocale(locale);
  const template = messagesFor(language)[CONSENT_MESSAGE_KEY];
  const version = `${CONSENT_MESSAGE_KEY}@${createHash("sha256").update(template, "utf8").digest("hex").slice(0, 12)}`;
  return { consentText: createTranslator(language)(CONSENT_MESSAGE_KEY, { brand }), consentVersion: version, consentLocale: language, consentAt: at };
}
