import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";

/** The email funnel of a campaign or a survey (invitations that were queued for email). */
export type Funnel = {
  /** Invitations queued for email. */
  total: number;
  /** Still waiting to be sent (queued, not sent, not failed). */
  queued: number;
  sent: number;
  failed: number;
  /** From the tracking pixel: approximate. */
  opened: number;
  clicked: number;
  responded: number;
  unsubscribed: number;
  throttled: number;
  /** responded / sent, 0–1; null before anything was sent. */
  responseRate: number | null;
};

type Scope = { organizationId: string } & ({ campaignId: string; surveyId?: undefined } | { surveyId: string; campaignId?: undefined });

/** One aggregate query over the invitations (COUNT … FILTER), one over the skips. */
export async function getFunnel(scope: Scope): Promise<Funnel> {
  const where = scope.campaignId
    ? Prisma.sql`"organizationId" = ${scope.organizationId}::uuid AND "campaignId" = ${scope.campaignId}::uuid`
    : Prisma.sql`"organizationId" = ${scope.organizationId}::uuid AND "surveyId" = ${scope.surveyId}::uuid`;
  const [rows, skips] = await Promise.all([
    db.$queryRaw<Omit<Funnel, "throttled" | "responseRate">[]>`
      SELECT COUNT(*)::int AS "total",
             COUNT(*) FILTER (WHERE "sentAt" IS NULL AND "failedAt" IS NULL AND "unsubscribedAt" IS NULL)::int AS "queued",
             COUNT("sentAt")::int AS "sent",
             COUNT("failedAt")::int AS "failed",
             COUNT("openedAt")::int AS "opened",
             COUNT("clickedAt")::int AS "clicked",
             COUNT("respondedAt")::int AS "responded",
             COUNT("unsubscribedAt")::int AS "unsubscribed"
      FROM "Invitation" WHERE ${where} AND "queuedAt" IS NOT NULL`,
    db.$queryRaw<{ throttled: number }[]>`
      SELECT COUNT(*)::int AS "throttled" FROM "InvitationSkip" WHERE ${where} AND "reason" = 'THROTTLED'`,
  ]);
  const row = rows[0] ?? { total: 0, queued: 0, sent: 0, failed: 0, opened: 0, clicked: 0, responded: 0, unsubscribed: 0 };
  return { ...row, throttled: skips[0]?.throttled ?? 0, responseRate: row.sent > 0 ? row.responded / row.sent : null };
}
