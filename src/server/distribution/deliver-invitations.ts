import "server-only";
import { renderInvitationEmail } from "@/emails/invitation-email";
import { db } from "@/server/db";
import { describeMailError, isPermanentMailError, type MailTransport } from "@/server/email/transport";
import { invitationMessageId, type MailSettings } from "./mail-settings";

/** After this many failed attempts an invitation is given up (failedAt) — roughly 1½ days of outage. */
export const MAX_ATTEMPTS = 60;

export type DeliveryOutcome = "sent" | "already_sent" | "retry" | "failed" | "unsubscribed" | "not_due" | "busy" | "missing";

export type DeliverOptions = {
  organizationId: string;
  invitationIds: readonly string[];
  transport: MailTransport;
  settings: MailSettings;
  now?: () => Date;
  /** Parallel sends per batch. */
  concurrency?: number;
};

type Row = {
  id: string;
  surveyId: string;
  token: string;
  locale: string | null;
  sentAt: Date | null;
  failedAt: Date | null;
  unsubscribedAt: Date | null;
  sendAfter: Date | null;
  attempts: number;
  email: string | null;
  name: string | null;
  contactLocale: string | null;
  contactUnsubscribedAt: Date | null;
  erasedAt: Date | null;
  brandName: string;
  defaultLocale: string;
  status: string;
};

export type SurveyWording = { question: Record<string, string> | null; lowLabel: Record<string, string> | null; highLabel: Record<string, string> | null };

function textRecord(value: unknown): Record<string, string> | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(value)) if (typeof text === "string") out[key] = text;
  return out;
}

/** The survey's NPS question and end labels per locale (for the email), cached per call. */
export function surveyWordingLoader(organizationId: string): (surveyId: string) => Promise<SurveyWording> {
  const cache = new Map<string, Promise<SurveyWording>>();
  return (surveyId) => {
    let wording = cache.get(surveyId);
    if (!wording) {
      wording = db.question
        .findFirst({ where: { organizationId, surveyId, type: "NPS" }, orderBy: { position: "asc" }, select: { text: true, settings: true } })
        .then((question) => {
          const settings = (question?.settings ?? {}) as Record<string, unknown>;
          return { question: textRecord(question?.text), lowLabel: textRecord(settings.lowLabel), highLabel: textRecord(settings.highLabel) };
        });
      cache.set(surveyId, wording);
    }
    return wording;
  };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      out[index] = await fn(items[index] as T);
    }
  });
  await Promise.all(workers);
  return out;
}

/**
 * Sends a batch of invitation emails, each at most once: the invitation row is locked (FOR UPDATE SKIP
 * LOCKED) for the duration of its send, so two workers never send it together, and a sent invitation
 * (sentAt) is never sent again. A failed send counts an attempt and keeps the error; temporary failures
 * (SMTP 4xx, connection refused) stay queued for a retry, permanent ones (5xx) or the MAX_ATTEMPTS-th
 * failure mark it failed. Unsubscribed or erased contacts are not mailed.
 */
export async function deliverInvitations(options: DeliverOptions): Promise<DeliveryOutcome[]> {
  const { organizationId, transport, settings } = options;
  const now = options.now ?? (() => new Date());
  const wording = surveyWordingLoader(organizationId);
  return mapLimit(options.invitationIds, options.concurrency ?? 5, (invitationId) =>
    db.$transaction(
      async (tx): Promise<DeliveryOutcome> => {
        const rows = await tx.$queryRaw<Row[]>`
          SELECT i."id", i."surveyId", i."token", i."locale", i."sentAt", i."failedAt", i."unsubscribedAt", i."sendAfter", i."attempts",
                 c."email", c."name", c."locale" AS "contactLocale", c."unsubscribedAt" AS "contactUnsubscribedAt", c."erasedAt",
                 s."brandName", s."defaultLocale", s."status"::text AS "status"
          FROM "Invitation" i
          JOIN "Contact" c ON c."organizationId" = i."organizationId" AND c."id" = i."contactId"
          JOIN "Survey" s ON s."organizationId" = i."organizationId" AND s."id" = i."surveyId"
          WHERE i."organizationId" = ${organizationId}::uuid AND i."id" = ${invitationId}::uuid
          FOR UPDATE OF i SKIP LOCKED`;
        const row = rows[0];
        if (!row) {
          const exists = await tx.invitation.count({ where: { organizationId, id: invitationId } });
          return exists ? "busy" : "missing";
        }
        if (row.sentAt) return "already_sent";
        if (row.failedAt) return "failed";
        if (row.unsubscribedAt) return "unsubscribed";
        const at = now();
        if (row.contactUnsubscribedAt) {
          await tx.invitation.update({ where: { id: row.id }, data: { unsubscribedAt: row.contactUnsubscribedAt } });
          return "unsubscribed";
        }
        if (row.erasedAt || !row.email || row.status === "CLOSED") {
          await tx.invitation.update({
            where: { id: row.id },
            data: { failedAt: at, lastError: row.status === "CLOSED" ? "survey closed" : "contact erased or without email" },
          });
          return "failed";
        }
        if (row.sendAfter && row.sendAfter > at) return "not_due";

        const words = await wording(row.surveyId);
        const email = renderInvitationEmail({
          locales: [row.locale, row.contactLocale, row.defaultLocale],
          brand: row.brandName,
          question: words.question,
          lowLabel: words.lowLabel,
          highLabel: words.highLabel,
          contactName: row.name,
          appUrl: settings.appUrl,
          token: row.token,
        });
        const messageId = invitationMessageId(row.id, 0, settings);
        try {
          const info = await transport.send({
            from: settings.from,
            to: row.email,
            subject: email.subject,
            html: email.html,
            text: email.text,
            headers: email.headers,
            messageId,
          });
          const sentAt = now();
          await tx.invitation.update({
            where: { id: row.id },
            data: { sentAt, messageId: info.messageId, attempts: { increment: 1 }, lastError: null },
          });
          await tx.$executeRaw`UPDATE "Contact" SET "lastInvitedAt" = GREATEST(COALESCE("lastInvitedAt", ${sentAt}), ${sentAt})
                               WHERE "organizationId" = ${organizationId}::uuid AND "id" = (SELECT "contactId" FROM "Invitation" WHERE "id" = ${row.id}::uuid)`;
          return "sent";
        } catch (error) {
          const attempts = row.attempts + 1;
          const permanent = isPermanentMailError(error) || attempts >= MAX_ATTEMPTS;
          await tx.invitation.update({
            where: { id: row.id },
            data: { attempts, lastError: describeMailError(error), ...(permanent ? { failedAt: now() } : {}) },
          });
          return permanent ? "failed" : "retry";
        }
      },
      { maxWait: 30_000, timeout: 120_000 },
    ),
  );
}
