import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import type { MailTransport } from "@/server/email/transport";
import type { Enqueuer } from "@/server/queue/queues";
import type { MailSettings } from "./mail-settings";
import type { Sender } from "./send-claims";
import { sendDueReminders } from "./send-due-reminders";

export type TickOptions = { enqueue: Enqueuer; transport: MailTransport; settings: MailSettings; now?: Date; sender?: Sender };

/**
 * The worker's periodic check (every minute), the safety net under the queue:
 * 1. campaigns whose time has come but were never fanned out (e.g. the web process could not reach the queue);
 * 2. queued invitations that are due and unsent, and whose last queueing is stale (its job's retries ran
 *    out during an SMTP outage): queued again, with a back-off that grows with their attempts;
 * 3. campaigns with nothing left to send become SENT;
 * 4. due reminders.
 */
export async function runDistributionTick({ enqueue, transport, settings, now = new Date(), sender }: TickOptions) {
  const campaigns = await db.campaign.findMany({
    where: { status: "SCHEDULED", scheduledAt: { lte: new Date(now.getTime() - 60_000) } },
    select: { id: true, organizationId: true },
    take: 100,
  });
  for (const campaign of campaigns) await enqueue.fanout({ organizationId: campaign.organizationId, campaignId: campaign.id });

  // Per organisation: on Citus a row lock must stay within one organisation's shard (docs/decisions/0012).
  const staleCondition = Prisma.sql`"queuedAt" IS NOT NULL AND "sentAt" IS NULL AND "failedAt" IS NULL AND "unsubscribedAt" IS NULL
        AND ("sendAfter" IS NULL OR "sendAfter" <= ${now})
        AND "queuedAt" < ${now}::timestamptz - LEAST(interval '6 hours', interval '5 minutes' * power(2, "attempts" / 5))`;
  const withStale = await db.$queryRaw<{ organizationId: string }[]>`
    SELECT DISTINCT "organizationId"::text FROM "Invitation" WHERE ${staleCondition}`;
  const stale: { id: string; organizationId: string }[] = [];
  for (const { organizationId } of withStale) {
    stale.push(
      ...(await db.$queryRaw<{ id: string; organizationId: string }[]>`
        UPDATE "Invitation" SET "queuedAt" = ${now}
        WHERE "organizationId" = ${organizationId}::uuid AND "id" IN (
          SELECT "id" FROM "Invitation"
          WHERE "organizationId" = ${organizationId}::uuid AND ${staleCondition}
          ORDER BY "queuedAt" LIMIT 10000
          FOR UPDATE SKIP LOCKED)
        RETURNING "id"::text, "organizationId"::text`),
    );
  }
  const byOrganization = new Map<string, string[]>();
  for (const row of stale) byOrganization.set(row.organizationId, [...(byOrganization.get(row.organizationId) ?? []), row.id]);
  for (const [organizationId, ids] of byOrganization) await enqueue.send(organizationId, ids);

  const finished = await db.$executeRaw`
    UPDATE "Campaign" k SET "status" = 'SENT', "finishedAt" = ${now}, "updatedAt" = ${now}
    WHERE k."status" = 'SENDING' AND NOT EXISTS (
      SELECT 1 FROM "Invitation" i WHERE i."organizationId" = k."organizationId" AND i."campaignId" = k."id"
        AND i."sentAt" IS NULL AND i."failedAt" IS NULL AND i."unsubscribedAt" IS NULL)`;

  const reminders = await sendDueReminders({ transport, settings, now, ...(sender ? { sender } : {}) });
  return { campaigns: campaigns.length, requeued: stale.length, finished, reminders };
}
