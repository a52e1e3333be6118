import "server-only";
import { isScannerAgent, SCANNER_WINDOW_SECONDS } from "@/lib/link-guard";
import { tokenSchema } from "@/schemas/response";
import { db } from "@/server/db";

export type LinkClick = {
  token: string;
  /** Which of the email's links was opened: the one-click score ("0"–"10") or "" for the plain link. */
  linkKey: string;
  userAgent: string | null;
  now?: Date;
};

/**
 * Notes the first time a person opened a personal link (the funnel's "clicked", approximate). Not an answer:
 * nothing about the response changes. Mail scanners are left out as far as a link can tell
 * (docs/decisions/0015): HEAD requests never get here, known scanner user agents and requests without one are
 * ignored, and a scanner that opens several links of one email within SCANNER_WINDOW_SECONDS (different
 * ?score= values) clears the click it made a moment before — a person opens one. One indexed UPDATE, which
 * only touches an unanswered invitation not clicked yet or hit within the window. Public-link and unknown
 * tokens match nothing.
 */
export async function recordLinkClick({ token, linkKey, userAgent, now = new Date() }: LinkClick): Promise<"ignored" | "recorded"> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success || isScannerAgent(userAgent)) return "ignored";
  const windowStart = new Date(now.getTime() - SCANNER_WINDOW_SECONDS * 1000);
  await db.$executeRaw`
    UPDATE "Invitation" SET
      "clickedAt" = CASE
        WHEN "linkHitAt" > ${windowStart}::timestamptz AND "linkHitKey" IS DISTINCT FROM ${linkKey} THEN NULL
        WHEN "clickedAt" IS NULL AND "linkHitAt" > ${windowStart}::timestamptz THEN NULL
        ELSE COALESCE("clickedAt", ${now}::timestamptz) END,
      "linkHitAt" = ${now}::timestamptz,
      "linkHitKey" = ${linkKey}
    WHERE "token" = ${parsed.data} AND "respondedAt" IS NULL
      AND ("clickedAt" IS NULL OR "linkHitAt" > ${windowStart}::timestamptz)`;
  return "recorded";
}
