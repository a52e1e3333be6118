import "server-only";
import { renderInvitationEmail } from "@/emails/invitation-email";
import { db } from "@/server/db";
import { describeMailError, type MailTransport } from "@/server/email/transport";
import { surveyWordingLoader } from "./deliver-invitations";
import { invitationMessageId, type MailSettings } from "./mail-settings";

export type SendRemindersOptions = { transport: MailTransport; settings: MailSettings; now?: Date; limit?: number };

type Due = { id: string; organizationId: string; remindersSent: number };

type Row = {
  id: string;
  surveyId: string;
  token: string;
  locale: string | null;
  email: string;
  name: string | null;
  contactLocale: string | null;
  brandName: string;
  brandNames: unknown;
  defaultLocale: string;
};

/** Conditions under which invitation `i` of campaign `k` (contact `c`, survey `s`) is due its next reminder at `now`. */
function dueConditions(now: Date) {
  return db.$queryRaw<Due[]>`
    SELECT i."id", i."organizationId", i."remindersSent"
    FROM "Invitation" i
    JOIN "Campaign" k ON k."organizationId" = i."organizationId" AND k."id" = i."campaignId"
    JOIN "Contact" c ON c."organizationId" = i."organizationId" AND c."id" = i."contactId"
    JOIN "Survey" s ON s."organizationId" = i."organizationId" AND s."id" = i."surveyId"
    WHERE i."sentAt" IS NOT NULL AND i."respondedAt" IS NULL AND i."unsubscribedAt" IS NULL AND i."failedAt" IS NULL
      AND c."unsubscribedAt" IS NULL AND c."erasedAt" IS NULL AND c."email" IS NOT NULL
      AND s."status" = 'ACTIVE'
      AND i."remindersSent" < LEAST(2, cardinality(k."reminderDays"))
      AND i."sentAt" + make_interval(days => k."reminderDays"[i."remindersSent" + 1]) <= ${now}
      AND NOT EXISTS (SELECT 1 FROM "Response" r WHERE r."organizationId" = i."organizationId" AND r."invitationId" = i."id")
    ORDER BY i."sentAt"
    LIMIT 1000`;
}

/**
 * Sends the reminders due at `now` (campaign reminderDays, counted from the first send) to invitations
 * not answered, not unsubscribed, of surveys still open. Each reminder is sent at most once: the row is
 * locked and remindersSent re-checked before sending. A failed reminder keeps its error and is tried again
 * on the next tick.
 */
export async function sendDueReminders({ transport, settings, now = new Date(), limit = 1000 }: SendRemindersOptions) {
  const due = (await dueConditions(now)).slice(0, limit);
  let sent = 0;
  let failed = 0;
  const loaders = new Map<string, ReturnType<typeof surveyWordingLoader>>();
  for (const candidate of due) {
    const outcome = await db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<Row[]>`
          SELECT i."id", i."surveyId", i."token", i."locale", c."email", c."name", c."locale" AS "contactLocale", s."brandName", s."brandNames", s."defaultLocale"
          FROM "Invitation" i
          JOIN "Contact" c ON c."organizationId" = i."organizationId" AND c."id" = i."contactId"
          JOIN "Survey" s ON s."organizationId" = i."organizationId" AND s."id" = i."surveyId"
          WHERE i."organizationId" = ${candidate.organizationId}::uuid AND i."id" = ${candidate.id}::uuid
            AND i."remindersSent" = ${candidate.remindersSent} AND i."respondedAt" IS NULL AND i."unsubscribedAt" IS NULL
            AND c."unsubscribedAt" IS NULL AND c."email" IS NOT NULL
          FOR UPDATE OF i SKIP LOCKED`;
        const row = rows[0];
        if (!row) return "skipped" as const;
        let wording = loaders.get(candidate.organizationId);
        if (!wording) {
          wording = surveyWordingLoader(candidate.organizationId);
          loaders.set(candidate.organizationId, wording);
        }
        const words = await wording(row.surveyId);
        const email = renderInvitationEmail({
          locales: [row.locale, row.contactLocale, row.defaultLocale],
          brand: row.brandName,
          brandNames: row.brandNames,
          ...words,
          contactName: row.name,
          appUrl: settings.appUrl,
          token: row.token,
          reminder: true,
        });
        try {
          await transport.send({
            from: settings.from,
            to: row.email,
            subject: email.subject,
            html: email.html,
            text: email.text,
            headers: email.headers,
            messageId: invitationMessageId(row.id, candidate.remindersSent + 1, settings),
          });
        } catch (error) {
          await tx.invitation.update({ where: { organizationId_id: { organizationId: candidate.organizationId, id: row.id } }, data: { lastError: describeMailError(error) } });
          return "failed" as const;
        }
        await tx.invitation.update({ where: { organizationId_id: { organizationId: candidate.organizationId, id: row.id } }, data: { remindersSent: { increment: 1 }, lastRemindedAt: now, lastError: null } });
        return "sent" as const;
      },
      { maxWait: 30_000, timeout: 120_000 },
    );
    if (outcome === "sent") sent += 1;
    else if (outcome === "failed") failed += 1;
  }
  return { due: due.length, sent, failed };
}
