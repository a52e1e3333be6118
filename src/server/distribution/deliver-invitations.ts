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
  brandNames: unknown;
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
 * Sends a batch of invitation emails, each at most once. The batch goes in chunks (default 25): a chunk's
 * unsent rows are locked (FOR UPDATE SKIP LOCKED) for the duration of its sends, so two workers never send
 * the same invitation, and their outcome is written in a few set-based UPDATEs before the locks go; a sent
 * invitation (sentAt) is never sent again, and its Message-ID is stable (a retry after a crash between the
 * SMTP server's acceptance and the commit — the only duplicate possible — carries the same Message-ID).
 * A failed send counts an attempt and keeps the error; temporary failures (SMTP 4xx, connection refused)
 * stay queued for a retry, permanent ones (5xx) or the MAX_ATTEMPTS-th failure mark it failed.
 * Unsubscribed or erased contacts are not mailed. Outcomes come back in the order of `invitationIds`.
 */
export async function deliverInvitations(options: DeliverOptions & { chunkSize?: number }): Promise<DeliveryOutcome[]> {
  const ids = [...options.invitationIds];
  const size = Math.max(1, options.chunkSize ?? 25);
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
  const wording = surveyWordingLoader(options.organizationId);
  const results = await mapLimit(chunks, Math.max(1, Math.ceil((options.concurrency ?? 5) / 5)), (chunk) => deliverChunk(options, chunk, wording));
  return results.flat();
}

type Sent = { id: string; messageId: string; sentAt: Date };
type Failed = { id: string; error: string; failed: boolean };

async function deliverChunk(options: DeliverOptions, chunk: string[], wording: (surveyId: string) => Promise<SurveyWording>): Promise<DeliveryOutcome[]> {
  const { organizationId, transport, settings } = options;
  const now = options.now ?? (() => new Date());
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Row[]>`
        SELECT i."id"::text AS "id", i."surveyId"::text AS "surveyId", i."token", i."locale", i."sentAt", i."failedAt", i."unsubscribedAt", i."sendAfter", i."attempts",
               c."email", c."name", c."locale" AS "contactLocale", c."unsubscribedAt" AS "contactUnsubscribedAt", c."erasedAt",
               s."brandName", s."brandNames", s."defaultLocale", s."status"::text AS "status"
        FROM "Invitation" i
        JOIN "Contact" c ON c."organizationId" = i."organizationId" AND c."id" = i."contactId"
        JOIN "Survey" s ON s."organizationId" = i."organizationId" AND s."id" = i."surveyId"
        WHERE i."organizationId" = ${organizationId}::uuid AND i."id" = ANY(${chunk}::uuid[])
        FOR UPDATE OF i SKIP LOCKED`;
      const byId = new Map(rows.map((row) => [row.id, row]));
      const outcome = new Map<string, DeliveryOutcome>();
      const missing = chunk.filter((id) => !byId.has(id));
      if (missing.length) {
        const existing = await tx.invitation.findMany({ where: { organizationId, id: { in: missing } }, select: { id: true } });
        const exists = new Set(existing.map((row) => row.id));
        for (const id of missing) outcome.set(id, exists.has(id) ? "busy" : "missing");
      }
      const at = now();
      const toSend: Row[] = [];
      for (const row of rows) {
        if (row.sentAt) outcome.set(row.id, "already_sent");
        else if (row.failedAt) outcome.set(row.id, "failed");
        else if (row.unsubscribedAt) outcome.set(row.id, "unsubscribed");
        else if (row.contactUnsubscribedAt) {
          await tx.invitation.update({ where: { organizationId_id: { organizationId, id: row.id } }, data: { unsubscribedAt: row.contactUnsubscribedAt } });
          outcome.set(row.id, "unsubscribed");
        } else if (row.erasedAt || !row.email || row.status === "CLOSED") {
          await tx.invitation.update({
            where: { organizationId_id: { organizationId, id: row.id } },
            data: { failedAt: at, lastError: row.status === "CLOSED" ? "survey closed" : "contact erased or without email" },
          });
          outcome.set(row.id, "failed");
        } else if (row.sendAfter && row.sendAfter > at) outcome.set(row.id, "not_due");
        else toSend.push(row);
      }

      const sent: Sent[] = [];
      const failed: Failed[] = [];
      await Promise.all(
        toSend.map(async (row) => {
          const words = await wording(row.surveyId);
          const email = renderInvitationEmail({
            locales: [row.locale, row.contactLocale, row.defaultLocale],
            brand: row.brandName,
            brandNames: row.brandNames,
            question: words.question,
            lowLabel: words.lowLabel,
            highLabel: words.highLabel,
            contactName: row.name,
            appUrl: settings.appUrl,
            token: row.token,
          });
          try {
            const info = await transport.send({
              from: settings.from,
              to: row.email ?? "",
              subject: email.subject,
              html: email.html,
              text: email.text,
              headers: email.headers,
              messageId: invitationMessageId(row.id, 0, settings),
            });
            sent.push({ id: row.id, messageId: info.messageId, sentAt: now() });
            outcome.set(row.id, "sent");
          } catch (error) {
            const permanent = isPermanentMailError(error) || row.attempts + 1 >= MAX_ATTEMPTS;
            failed.push({ id: row.id, error: describeMailError(error), failed: permanent });
            outcome.set(row.id, permanent ? "failed" : "retry");
          }
        }),
      );

      if (sent.length) {
        await tx.$executeRaw`
          UPDATE "Invitation" i SET "sentAt" = v."sentAt", "messageId" = v."messageId", "attempts" = i."attempts" + 1, "lastError" = NULL
          FROM (SELECT unnest(${sent.map((s) => s.id)}::uuid[]) AS "id", unnest(${sent.map((s) => s.messageId)}::text[]) AS "messageId",
                       unnest(${sent.map((s) => s.sentAt.toISOString())}::timestamptz[]) AS "sentAt") v
          WHERE i."organizationId" = ${organizationId}::uuid AND i."id" = v."id"`;
        await tx.$executeRaw`
          UPDATE "Contact" c SET "lastInvitedAt" = GREATEST(COALESCE(c."lastInvitedAt", i."sentAt"), i."sentAt")
          FROM "Invitation" i
          WHERE i."organizationId" = ${organizationId}::uuid AND i."id" = ANY(${sent.map((s) => s.id)}::uuid[])
            AND c."organizationId" = i."organizationId" AND c."id" = i."contactId"`;
      }
      if (failed.length) {
        await tx.$executeRaw`
          UPDATE "Invitation" i SET "attempts" = i."attempts" + 1, "lastError" = v."error",
                 "failedAt" = CASE WHEN v."failed" THEN ${now()}::timestamptz ELSE NULL END
          FROM (SELECT unnest(${failed.map((f) => f.id)}::uuid[]) AS "id", unnest(${failed.map((f) => f.error)}::text[]) AS "error",
                       unnest(${failed.map((f) => f.failed)}::boolean[]) AS "failed") v
          WHERE i."organizationId" = ${organizationId}::uuid AND i."id" = v."id"`;
      }
      return chunk.map((id) => outcome.get(id) ?? "missing");
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}
