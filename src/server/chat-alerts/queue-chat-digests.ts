import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { compareNps } from "@/lib/nps";
import type { DigestWeek } from "@/lib/org-digest-week";
import { weekNps } from "@/server/accountability/digest-figures";
import { db } from "@/server/db";
import { unitSubtreeIds } from "@/server/org/unit-scope";
import { getRisingTheme } from "@/server/text/get-rising-theme";
import { renderChatDigest } from "./render-chat-digest";

const CHAT_KINDS = ["WECOM", "DINGTALK", "FEISHU"] as const;
type Kind = (typeof CHAT_KINDS)[number];
const isKind = (kind: string): kind is Kind => (CHAT_KINDS as readonly string[]).includes(kind);

/**
 * The weekly digest for the organisation's chat groups subscribed to `digest.weekly`: for each enabled group, the
 * figures of its scope (its unit's subtree, or the whole organisation) in its language, queued as one delivery per
 * group and week — the worker sends it like every chat message (signed, retried, logged). Once per group and week:
 * the delivery's id is `digest_<group>_<week>`, checked under a transaction-scoped advisory lock, so the hourly digest
 * run (or two workers) never posts it twice. Returns how many were queued now.
 */
export async function queueChatDigests({
  organizationId,
  timeZone,
  week,
  now,
  appUrl,
}: {
  organizationId: string;
  timeZone: string;
  week: DigestWeek;
  now: Date;
  appUrl: string;
}): Promise<number> {
  const groups = await db.webhookEndpoint.findMany({
    where: { organizationId, disabledAt: null, kind: { in: [...CHAT_KINDS] }, events: { has: "digest.weekly" } },
    select: { id: true, kind: true, unitId: true, locale: true },
  });
  const unitIdsOfGroups = [...new Set(groups.map((g) => g.unitId).filter((id): id is string => id !== null))];
  const unitNames = new Map(
    (unitIdsOfGroups.length ? await db.orgUnit.findMany({ where: { organizationId, id: { in: unitIdsOfGroups } }, select: { id: true, name: true } }) : []).map((u) => [u.id, u.name]),
  );
  let queued = 0;
  for (const group of groups) {
    if (!isKind(group.kind)) continue;
    const eventId = `digest_${group.id}_${week.weekStart}`;
    const already = await db.webhookDelivery.findFirst({ where: { organizationId, endpointId: group.id, eventId }, select: { id: true } });
    if (already) continue;
    const unitIds = group.unitId ? await unitSubtreeIds(organizationId, group.unitId) : null;
    const [stats, previous, rising] = await Promise.all([
      weekNps(organizationId, timeZone, week.week, unitIds),
      weekNps(organizationId, timeZone, week.previous, unitIds),
      getRisingTheme({ organizationId, timeZone, week: week.week, unitIds }),
    ]);
    const body = renderChatDigest({
      kind: group.kind,
      locale: group.locale,
      scopeName: group.unitId ? (unitNames.get(group.unitId) ?? null) : null,
      week: week.week,
      stats,
      change: stats.n > 0 && previous.n > 0 ? compareNps(stats, previous) : null,
      rising,
      url: `${appUrl}/accountability?range=30d`,
    });
    const created = await db.$transaction(async (tx) => {
      await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(hashtext(${eventId}))`);
      const exists = await tx.webhookDelivery.findFirst({ where: { organizationId, endpointId: group.id, eventId }, select: { id: true } });
      if (exists) return false;
      await tx.webhookDelivery.create({
        data: { organizationId, endpointId: group.id, eventId, eventType: "digest.weekly", body, nextAttemptAt: now, createdAt: now },
      });
      return true;
    });
    if (created) queued += 1;
  }
  return queued;
}
