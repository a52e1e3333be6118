import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { consentRecord } from "./consent-record";

/**
 * Stores the consent with a response just written in the respondent's transaction (one UPDATE by primary key, only
 * for respondents who ticked the box): the wording shown, its version, the language and the time.
 */
export async function recordConsent(
  tx: Pick<Prisma.TransactionClient, "$executeRaw">,
  organizationId: string,
  responseId: string,
  shown: { locale: string; brand: string; at?: Date },
): Promise<void> {
  const record = consentRecord({ locale: shown.locale, brand: shown.brand, at: shown.at ?? new Date() });
  await tx.$executeRaw`
    UPDATE "Response"
    SET "consentText" = ${record.consentText}, "consentVersion" = ${record.consentVersion}, "consentLocale" = ${record.consentLocale},
        "consentAt" = ${record.consentAt}::timestamptz
    WHERE "organizationId" = ${organizationId}::uuid AND "id" = ${responseId}::uuid AND "contactConsent"`;
}
