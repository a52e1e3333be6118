import "server-only";
import { renderInvitationEmail } from "@/emails/invitation-email";
import { db } from "@/server/db";
import { describeMailError, isPermanentMailError, type MailTransport } from "@/server/email/transport";
import { invitationMessageId, type MailSettings } from "./mail-settings";
import { recordSentMails, untilDatabaseAnswers } from "./record-sends";
import { claimIsFree, defaultSender, type Sender } from "./send-claims";
import type { SentMail } from "./send-journal";

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
  /** The worker's claim id, journal and stop signal; defaults to this process without a journal. */
  sender?: Sender;
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
      // A failed read (the database away) is not kept: the next call reads again.
      wording.catch(() => cache.delete(surveyId));
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
 * Sends a batch of invitation emails, each exactly once, surviving a database outage or a crash between the
 * SMTP server's acceptance and the commit (docs/decisions/0017). Per chunk (default 25):
 * 1. claim: in its own short, committed transaction the chunk's unsent rows (FOR UPDATE SKIP LOCKED) get
 *    claimedAt / claimedBy, so no other worker sends them while this one does; nothing is held open during SMTP;
 * 2. send, each with a stable Message-ID (`<invitation-<id>-0@…>`);
 * 3. record: what SMTP accepted goes to the sender's journal (fsync'd; the worker's) and then to the database
 *    (sentAt), retried until the database answers — a restart or a network blip delays the record, it never
 *    loses it; a worker that dies meanwhile records it from its journal when it starts again. Failures count an
 *    attempt and keep the error (temporary: queued for a retry; permanent, or the MAX_ATTEMPTS-th: failedAt)
 *    and release the claim, with the same retrying.
 * A sent invitation (sentAt) is never sent again; a claim is taken over only from a holder that has been
 * silent for minutes (send-claims.ts). Unsubscribed or erased contacts are not mailed. Outcomes come back in
 * the order of `invitationIds`.
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

type Failed = { id: string; error: string; failed: boolean };

/** Claims the chunk's sendable rows (committed before any mail goes out); the other rows get their outcome. */
async function claimChunk(options: DeliverOptions, sender: Sender, chunk: string[]) {
  const { organizationId } = options;
  const now = options.now ?? (() => new Date());
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<(Row & { free: boolean })[]>`
        SELECT i."id"::text AS "id", i."surveyId"::text AS "surveyId", i."token", i."locale", i."sentAt", i."failedAt", i."unsubscribedAt", i."sendAfter", i."attempts",
               c."email", c."name", c."locale" AS "contactLocale", c."unsubscribedAt" AS "contactUnsubscribedAt", c."erasedAt",
               s."brandName", s."brandNames", s."defaultLocale", s."status"::text AS "status", ${claimIsFree(sender)} AS "free"
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
        else if (!row.free) outcome.set(row.id, "busy");
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
      if (toSend.length) {
        await tx.$executeRaw`
          UPDATE "Invitation" SET "claimedAt" = now(), "claimedBy" = ${sender.id}
          WHERE "organizationId" = ${organizationId}::uuid AND "id" = ANY(${toSend.map((row) => row.id)}::uuid[])`;
      }
      return { outcome, toSend };
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
}

async function deliverChunk(options: DeliverOptions, chunk: string[], wording: (surveyId: string) => Promise<SurveyWording>): Promise<DeliveryOutcome[]> {
  const sender = options.sender ?? defaultSender();
  // A database away while claiming: wait for it (nothing was sent yet; a claim committed without its reply
  // reaching us is ours and taken again).
  const { outcome, toSend } = await untilDatabaseAnswers("claiming invitations", () => claimChunk(options, sender, chunk), { signal: sender.signal, log: sender.log });
  for (const row of toSend) sender.inFlight.add(row.id);
  try {
    return await sendClaimed(options, sender, chunk, outcome, toSend, wording);
  } finally {
    for (const row of toSend) sender.inFlight.delete(row.id);
  }
}

async function sendClaimed(
  options: DeliverOptions,
  sender: Sender,
  chunk: string[],
  outcome: Map<string, DeliveryOutcome>,
  toSend: Row[],
  wording: (surveyId: string) => Promise<SurveyWording>,
): Promise<DeliveryOutcome[]> {
  const { organizationId, transport, settings } = options;
  const now = options.now ?? (() => new Date());

  const sent: SentMail[] = [];
  const failed: Failed[] = [];
  await Promise.all(
    toSend.map(async (row) => {
      const words = await untilDatabaseAnswers("the survey's wording", () => wording(row.surveyId), { signal: sender.signal });
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
      const messageId = invitationMessageId(row.id, 0, settings);
      let info: { messageId: string };
      try {
        info = await transport.send({ from: settings.from, to: row.email ?? "", subject: email.subject, html: email.html, text: email.text, headers: email.headers, messageId });
      } catch (error) {
        const permanent = isPermanentMailError(error) || row.attempts + 1 >= MAX_ATTEMPTS;
        failed.push({ id: row.id, error: describeMailError(error), failed: permanent });
        outcome.set(row.id, permanent ? "failed" : "retry");
        return;
      }
      // Journaled at once (fsync) — before the other sends of the chunk finish.
      const mail: SentMail = { organizationId, invitationId: row.id, send: 0, messageId: info.messageId || messageId, sentAt: now() };
      sender.journal?.sent([mail]);
      sent.push(mail);
      outcome.set(row.id, "sent");
    }),
  );

  if (sent.length) {
    await untilDatabaseAnswers(`${sent.length} sent invitation(s)`, () => recordSentMails(sent), { signal: sender.signal, log: sender.log });
    sender.journal?.done(sent);
  }
  if (failed.length) {
    const at = now();
    await untilDatabaseAnswers(
      `${failed.length} failed invitation(s)`,
      () => db.$executeRaw`
        UPDATE "Invitation" i SET "attempts" = i."attempts" + 1, "lastError" = v."error",
               "failedAt" = CASE WHEN v."failed" THEN ${at}::timestamptz ELSE NULL END, "claimedAt" = NULL, "claimedBy" = NULL
        FROM (SELECT unnest(${failed.map((f) => f.id)}::uuid[]) AS "id", unnest(${failed.map((f) => f.error)}::text[]) AS "error",
                     unnest(${failed.map((f) => f.failed)}::boolean[]) AS "failed") v
        WHERE i."organizationId" = ${organizationId}::uuid AND i."id" = v."id" AND i."claimedBy" = ${sender.id} AND i."sentAt" IS NULL`,
      { signal: sender.signal, log: sender.log },
    );
  }
  return chunk.map((id) => outcome.get(id) ?? "missing");
}
