import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { renderCaseAlertEmail } from "@/emails/case-alert-email";
import { formatDateTime } from "@/lib/format";
import { db } from "@/server/db";
import type { MailSettings } from "@/server/distribution/mail-settings";
import type { MailTransport } from "@/server/email/transport";

export type DeliverCaseNotificationsOptions = {
  transport: MailTransport;
  settings: MailSettings;
  now: Date;
  /** Only this organisation's (tests); all organisations otherwise. */
  organizationId?: string;
  limit?: number;
};

const MAX_ATTEMPTS = 5;

function messageId(eventId: string, settings: MailSettings): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(settings.from)?.[1] ?? "echo-nps.localhost";
  return `<case-event-${eventId}@${domain}>`;
}

/**
 * The case alert outbox: OPENED and ESCALATED events name a user to alert (data.notifyUserId) and are
 * written in the same transaction as the case, so no alert is lost when the send fails or the process
 * dies. Each pending event is claimed (data.notifiedAt set, conditionally, so two workers never send the
 * same one), sent, and released for a retry when the send fails (at most MAX_ATTEMPTS times).
 */
export async function deliverCaseNotifications({ transport, settings, now, organizationId, limit = 100 }: DeliverCaseNotificationsOptions) {
  const pending = await db.$queryRaw<{ id: string; organizationId: string }[]>(Prisma.sql`
    SELECT "id"::text AS "id", "organizationId"::text AS "organizationId" FROM "CaseEvent"
    WHERE "kind" IN ('OPENED', 'ESCALATED')
      AND "data" ? 'notifyUserId' AND jsonb_typeof("data"->'notifyUserId') = 'string'
      AND NOT ("data" ? 'notifiedAt')
      AND COALESCE(("data"->>'attempts')::int, 0) < ${MAX_ATTEMPTS}
      ${organizationId ? Prisma.sql`AND "organizationId" = ${organizationId}::uuid` : Prisma.empty}
    ORDER BY "createdAt" LIMIT ${limit}`);
  let sent = 0;
  let failed = 0;
  for (const { id, organizationId: org } of pending) {
    const claimed = await db.$executeRaw(Prisma.sql`
      UPDATE "CaseEvent" SET "data" = "data" || jsonb_build_object('notifiedAt', ${now.toISOString()}::text)
      WHERE "organizationId" = ${org}::uuid AND "id" = ${id}::uuid AND NOT ("data" ? 'notifiedAt')`);
    if (claimed !== 1) continue;
    try {
      await sendOne(org, id, transport, settings);
      sent += 1;
    } catch (error) {
      failed += 1;
      const reason = error instanceof Error ? error.message.replace(/\/\/[^@\s/]+@/g, "//***@").slice(0, 200) : "send failed";
      await db.$executeRaw(Prisma.sql`
        UPDATE "CaseEvent" SET "data" = ("data" - 'notifiedAt') || jsonb_build_object('attempts', COALESCE(("data"->>'attempts')::int, 0) + 1, 'lastError', ${reason}::text)
        WHERE "organizationId" = ${org}::uuid AND "id" = ${id}::uuid`);
    }
  }
  return { sent, failed };
}

async function sendOne(organizationId: string, eventId: string, transport: MailTransport, settings: MailSettings): Promise<void> {
  const event = await db.caseEvent.findUniqueOrThrow({
    where: { organizationId_id: { organizationId, id: eventId } },
    select: {
      kind: true,
      data: true,
      case: {
        select: {
          id: true,
          dueAt: true,
          owner: { select: { name: true } },
          unit: { select: { name: true } },
          response: { select: { score: true, comment: true, survey: { select: { name: true } } } },
          organization: { select: { timeZone: true } },
        },
      },
    },
  });
  const data = event.data as { notifyUserId?: unknown };
  const userId = typeof data.notifyUserId === "string" ? data.notifyUserId : null;
  const user = userId ? await db.user.findUnique({ where: { id: userId }, select: { email: true, name: true, locale: true } }) : null;
  if (!user) return;
  const c = event.case;
  const locale = user.locale === "en" ? "en" : "zh-CN";
  const mail = renderCaseAlertEmail({
    kind: event.kind === "ESCALATED" ? "escalated" : "opened",
    locale,
    recipientName: user.name,
    score: c.response.score,
    comment: c.response.comment,
    surveyName: c.response.survey.name,
    unitName: c.unit?.name ?? null,
    ownerName: c.owner?.name ?? null,
    dueAt: formatDateTime(c.dueAt, locale, c.organization.timeZone),
    url: `${settings.appUrl}/cases/${c.id}`,
  });
  await transport.send({ from: settings.from, to: user.email, ...mail, headers: {}, messageId: messageId(eventId, settings) });
}
