import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { renderDigestEmail } from "@/emails/digest-email";
import { compareNps } from "@/lib/nps";
import { digestWeek } from "@/lib/org-digest-week";
import { db } from "@/server/db";
import type { MailSettings } from "@/server/distribution/mail-settings";
import type { MailTransport } from "@/server/email/transport";
import { unitSubtreeIds } from "@/server/org/unit-scope";
import { queueChatDigests } from "@/server/chat-alerts/queue-chat-digests";
import { getRisingTheme } from "@/server/text/get-rising-theme";
import { inUnits, weekNps } from "./digest-figures";

export type SendWeeklyDigestsOptions = {
  now: Date;
  transport: MailTransport;
  settings: MailSettings;
  /** Only this organisation (tests); default every organisation. */
  organizationId?: string;
};

export type DigestOutcome = { sent: number; skipped: number; failed: number };

type Recipient = { userId: string; name: string; email: string; locale: string; unitIds: string[] | null; scopeName: string | null };

/** Who gets a digest: OWNER/ADMIN members for the whole organisation; members who manage units for those subtrees. */
async function recipients(organizationId: string): Promise<Recipient[]> {
  const [members, units] = await Promise.all([
    db.membership.findMany({ where: { organizationId }, include: { user: { select: { name: true, email: true, locale: true } } } }),
    db.orgUnit.findMany({ where: { organizationId, managerId: { not: null } }, select: { id: true, name: true, managerId: true }, orderBy: { code: "asc" } }),
  ]);
  const out: Recipient[] = [];
  for (const member of members) {
    const base = { userId: member.userId, name: member.user.name, email: member.user.email, locale: member.user.locale };
    if (member.role === "OWNER" || member.role === "ADMIN") {
      out.push({ ...base, unitIds: null, scopeName: null });
      continue;
    }
    const managed = units.filter((u) => u.managerId === member.userId);
    if (managed.length === 0) continue;
    const ids = new Set<string>();
    for (const unit of managed) for (const id of await unitSubtreeIds(organizationId, unit.id)) ids.add(id);
    out.push({ ...base, unitIds: [...ids], scopeName: managed.map((u) => u.name).join(" / ") });
  }
  return out;
}


/**
 * The weekly digest (a pg-boss schedule runs it hourly; it is idempotent): for each manager, the NPS of their
 * scope last week (Monday–Sunday, organisation time zone) and its change vs the week before with a z test,
 * new detractors, overdue cases, three recent comments, the week's rising theme with two example comments (personal
 * data masked) — in the recipient's language, HTML and text. A
 * DigestRun row per user and week is claimed before sending (unique), and released if the send fails so the
 * next run retries. Chat groups subscribed to `digest.weekly` get the digest of their scope once per week too
 * (queued as deliveries the worker sends, signed and retried like every chat message).
 */
export async function sendWeeklyDigests({ now, transport, settings, organizationId }: SendWeeklyDigestsOptions): Promise<DigestOutcome> {
  const organizations = await db.organization.findMany({
    where: organizationId ? { id: organizationId } : {},
    select: { id: true, timeZone: true },
  });
  const outcome: DigestOutcome = { sent: 0, skipped: 0, failed: 0 };
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(settings.from)?.[1] ?? "echo-nps.localhost";
  for (const org of organizations) {
    const week = digestWeek(org.timeZone, now);
    if (!week) continue;
    for (const recipient of await recipients(org.id)) {
      const claimed = await db.$queryRaw<{ id: string }[]>`
        INSERT INTO "DigestRun" ("id", "organizationId", "userId", "weekStart", "sentAt")
        VALUES (gen_random_uuid(), ${org.id}::uuid, ${recipient.userId}::uuid, ${week.weekStart}::date, ${now})
        ON CONFLICT ("organizationId", "userId", "weekStart") DO NOTHING
        RETURNING "id"::text AS "id"`;
      const run = claimed[0];
      if (!run) {
        outcome.skipped += 1;
        continue;
      }
      try {
        const [stats, previous, overdue, verbatims, rising] = await Promise.all([
          weekNps(org.id, org.timeZone, week.week, recipient.unitIds),
          weekNps(org.id, org.timeZone, week.previous, recipient.unitIds),
          db.case.count({
            where: {
              organizationId: org.id,
              dueAt: { lt: now },
              status: { notIn: ["RESOLVED", "CLOSED"] },
              ...(recipient.unitIds === null ? {} : { unitId: { in: recipient.unitIds } }),
            },
          }),
          db.$queryRaw<{ score: number | null; comment: string }[]>(Prisma.sql`
            SELECT r."score", r."comment" FROM "Response" r
            WHERE r."organizationId" = ${org.id}::uuid AND NOT r."excluded" AND r."comment" IS NOT NULL AND btrim(r."comment") <> ''
              AND r."createdAt" >= (${week.week.from}::date::timestamp AT TIME ZONE ${org.timeZone})
              AND r."createdAt" < ((${week.week.to}::date + 1)::timestamp AT TIME ZONE ${org.timeZone})
              AND ${inUnits(recipient.unitIds)}
            ORDER BY r."createdAt" DESC, r."id" DESC LIMIT 3`),
          getRisingTheme({ organizationId: org.id, timeZone: org.timeZone, week: week.week, unitIds: recipient.unitIds }),
        ]);
        const mail = renderDigestEmail({
          locale: recipient.locale,
          recipientName: recipient.name,
          scopeName: recipient.scopeName,
          week: week.week,
          stats,
          change: stats.n > 0 && previous.n > 0 ? compareNps(stats, previous) : null,
          newDetractors: stats.detractors,
          overdueCases: overdue,
          verbatims,
          risingTheme: rising,
          url: `${settings.appUrl}/accountability?range=30d`,
        });
        await transport.send({
          from: settings.from,
          to: recipient.email,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          headers: { "Auto-Submitted": "auto-generated" },
          messageId: `<digest-${recipient.userId}-${week.weekStart}@${domain}>`,
        });
        outcome.sent += 1;
      } catch (error) {
        await db.digestRun.delete({ where: { organizationId_id: { organizationId: org.id, id: run.id } } }).catch(() => undefined);
        outcome.failed += 1;
        console.error(`[digest] ${recipient.userId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    try {
      await queueChatDigests({ organizationId: org.id, timeZone: org.timeZone, week, now, appUrl: settings.appUrl });
    } catch (error) {
      console.error(`[digest] chat groups of ${org.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return outcome;
}
