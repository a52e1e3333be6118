import "server-only";
import { renderInvitationEmail } from "@/emails/invitation-email";
import { db } from "@/server/db";
import { describeMailError, type MailTransport } from "@/server/email/transport";
import { surveyWordingLoader } from "./deliver-invitations";
import { invitationMessageId, type MailSettings } from "./mail-settings";
import { recordSentMails, untilDatabaseAnswers } from "./record-sends";
import { claimIsFree, defaultSender, type Sender } from "./send-claims";
import type { SentMail } from "./send-journal";

export type SendRemindersOptions = { transport: MailTransport; settings: MailSettings; now?: Date; limit?: number; sender?: Sender };

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
 * not answered, not unsubscribed, of surveys still open. Each reminder is sent exactly once, the same way
 * as the invitation (deliver-invitations.ts, docs/decisions/0017): the row is claimed in its own committed
 * transaction (remindersSent re-checked), the mail goes out with a stable Message-ID, and what SMTP accepted
 * is journaled and recorded (remindersSent + 1) with retries until the database answers. A failed reminder
 * keeps its error, releases its claim and is tried again on the next tick.
 */
export async function sendDueReminders({ transport, settings, now = new Date(), limit = 1000, sender = defaultSender() }: SendRemindersOptions) {
  const due = (await dueConditions(now)).slice(0, limit);
  let sent = 0;
  let failed = 0;
  const loaders = new Map<string, ReturnType<typeof surveyWordingLoader>>();
  for (const candidate of due) {
    const { organizationId } = candidate;
    const row = await untilDatabaseAnswers("claiming a reminder", () => db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<Row[]>`
          SELECT i."id", i."surveyId", i."token", i."locale", c."email", c."name", c."locale" AS "contactLocale", s."brandName", s."brandNames", s."defaultLocale"
          FROM "Invitation" i
          JOIN "Contact" c ON c."organizationId" = i."organizationId" AND c."id" = i."contactId"
          JOIN "Survey" s ON s."organizationId" = i."organizationId" AND s."id" = i."surveyId"
          WHERE i."organizationId" = ${organizationId}::uuid AND i."id" = ${candidate.id}::uuid
            AND i."remindersSent" = ${candidate.remindersSent} AND i."respondedAt" IS NULL AND i."unsubscribedAt" IS NULL
            AND c."unsubscribedAt" IS NULL AND c."email" IS NOT NULL AND ${claimIsFree(sender)}
          FOR UPDATE OF i SKIP LOCKED`;
        const found = rows[0];
        if (found) {
          await tx.$executeRaw`
            UPDATE "Invitation" SET "claimedAt" = now(), "claimedBy" = ${sender.id}
            WHERE "organizationId" = ${organizationId}::uuid AND "id" = ${candidate.id}::uuid`;
        }
        return found ?? null;
      },
      { maxWait: 30_000, timeout: 60_000 },
    ), { signal: sender.signal, log: sender.log });
    if (!row) continue;
    let wording = loaders.get(organizationId);
    if (!wording) {
      wording = surveyWordingLoader(organizationId);
      loaders.set(organizationId, wording);
    }
    sender.inFlight.add(row.id);
    try {
      if (await sendReminder({ transport, settings, now, sender, organizationId, row, send: candidate.remindersSent + 1, wording })) sent += 1;
      else failed += 1;
    } finally {
      sender.inFlight.delete(row.id);
    }
  }
  return { due: due.length, sent, failed };
}

type ReminderSend = {
  transport: MailTransport;
  settings: MailSettings;
  now: Date;
  sender: Sender;
  organizationId: string;
  row: Row;
  /** 1 or 2: which reminder. */
  send: number;
  wording: ReturnType<typeof surveyWordingLoader>;
};

/** Sends one claimed reminder; what SMTP accepted is journaled, then recorded once the database answers. */
async function sendReminder({ transport, settings, now, sender, organizationId, row, send, wording }: ReminderSend): Promise<boolean> {
  const words = await untilDatabaseAnswers("the survey's wording", () => wording(row.surveyId), { signal: sender.signal });
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
  const messageId = invitationMessageId(row.id, send, settings);
  try {
    await transport.send({ from: settings.from, to: row.email, subject: email.subject, html: email.html, text: email.text, headers: email.headers, messageId });
  } catch (error) {
    const lastError = describeMailError(error);
    await untilDatabaseAnswers(
      "a failed reminder",
      () => db.$executeRaw`
        UPDATE "Invitation" SET "lastError" = ${lastError}, "claimedAt" = NULL, "claimedBy" = NULL
        WHERE "organizationId" = ${organizationId}::uuid AND "id" = ${row.id}::uuid AND "claimedBy" = ${sender.id}`,
      { signal: sender.signal, log: sender.log },
    );
    return false;
  }
  const mail: SentMail = { organizationId, invitationId: row.id, send, messageId, sentAt: now };
  sender.journal?.sent([mail]);
  await untilDatabaseAnswers("a sent reminder", () => recordSentMails([mail]), { signal: sender.signal, log: sender.log });
  sender.journal?.done([mail]);
  return true;
}
