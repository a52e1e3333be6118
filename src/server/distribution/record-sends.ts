import "server-only";
import { db } from "@/server/db";
import { isDatabaseUnavailable } from "@/server/http/database-unavailable";
import type { SentMail } from "./send-journal";

export type RetryOptions = {
  /** Aborted (the worker is stopping): give up waiting; what is journaled is recorded at the next start. */
  signal?: AbortSignal;
  log?: (line: string) => void;
};

/**
 * Runs `write` until it succeeds, waiting out a database that is unavailable (restart, network blip: 0.25 s
 * doubling to 5 s between tries, for as long as it takes). Any other error is thrown at once.
 */
export async function untilDatabaseAnswers<T>(what: string, write: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  let wait = 250;
  let logged = false;
  for (;;) {
    try {
      const result = await write();
      if (logged) options.log?.(`${what}: recorded after the database came back`);
      return result;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      if (options.signal?.aborted) throw new Error(`${what}: the database is unavailable and the worker is stopping`, { cause: error });
      if (!logged) options.log?.(`${what}: the database is unavailable; keeping the outcome and retrying`);
      logged = true;
      await new Promise<void>((resolve) => {
        const abort = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          options.signal?.removeEventListener("abort", abort);
          resolve();
        }, wait);
        options.signal?.addEventListener("abort", abort, { once: true });
      });
      wait = Math.min(wait * 2, 5_000);
    }
  }
}

/**
 * Records accepted mails, idempotently (a journal replay or a retried commit writes nothing twice): an
 * invitation's sentAt / Message-ID and the contact's lastInvitedAt (send 0), or reminder n (remindersSent
 * n − 1 → n), and releases the send's claim. One transaction per organisation.
 */
export async function recordSentMails(mails: readonly SentMail[]): Promise<void> {
  const byOrganization = new Map<string, SentMail[]>();
  for (const mail of mails) byOrganization.set(mail.organizationId, [...(byOrganization.get(mail.organizationId) ?? []), mail]);
  for (const [organizationId, list] of byOrganization) {
    const first = list.filter((m) => m.send === 0);
    const reminders = list.filter((m) => m.send > 0);
    await db.$transaction(async (tx) => {
      if (first.length) {
        await tx.$executeRaw`
          UPDATE "Invitation" i SET "sentAt" = v."sentAt", "messageId" = v."messageId", "attempts" = i."attempts" + 1, "lastError" = NULL,
                 "claimedAt" = NULL, "claimedBy" = NULL
          FROM (SELECT unnest(${first.map((m) => m.invitationId)}::uuid[]) AS "id", unnest(${first.map((m) => m.messageId)}::text[]) AS "messageId",
                       unnest(${first.map((m) => m.sentAt.toISOString())}::timestamptz[]) AS "sentAt") v
          WHERE i."organizationId" = ${organizationId}::uuid AND i."id" = v."id" AND i."sentAt" IS NULL`;
        await tx.$executeRaw`
          UPDATE "Contact" c SET "lastInvitedAt" = GREATEST(COALESCE(c."lastInvitedAt", i."sentAt"), i."sentAt")
          FROM "Invitation" i
          WHERE i."organizationId" = ${organizationId}::uuid AND i."id" = ANY(${first.map((m) => m.invitationId)}::uuid[])
            AND c."organizationId" = i."organizationId" AND c."id" = i."contactId"`;
      }
      if (reminders.length) {
        await tx.$executeRaw`
          UPDATE "Invitation" i SET "remindersSent" = v."send", "lastRemindedAt" = v."sentAt", "lastError" = NULL, "claimedAt" = NULL, "claimedBy" = NULL
          FROM (SELECT unnest(${reminders.map((m) => m.invitationId)}::uuid[]) AS "id", unnest(${reminders.map((m) => m.send)}::int[]) AS "send",
                       unnest(${reminders.map((m) => m.sentAt.toISOString())}::timestamptz[]) AS "sentAt") v
          WHERE i."organizationId" = ${organizationId}::uuid AND i."id" = v."id" AND i."remindersSent" = v."send" - 1`;
      }
    });
  }
}
