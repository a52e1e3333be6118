import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import type { ClassActor } from "./class-actor";
import { classifiedContactsSql } from "./classify-contacts-sql";
import { getClassSettings, type CustomerClassRow } from "./get-class-settings";

/** Months of trend shown: the current one (as of now) and the eleven before it (each as of its last moment). */
export const CLASS_TREND_MONTHS = 12;

export type ClassTrendPoint = { month: string; asOf: Date; counts: Record<string, number>; unclassified: number };
export type ClassOverview = {
  classes: CustomerClassRow[];
  /** Contacts per class key now. */
  counts: Record<string, number>;
  unclassified: number;
  total: number;
  trend: ClassTrendPoint[];
  now: Date;
};

async function countByClass(actor: ClassActor, rules: Parameters<typeof classifiedContactsSql>[0]["rules"], now: Date) {
  const classified = classifiedContactsSql({ organizationId: actor.organizationId, rules, now, scopeUnitIds: actor.scopeUnitIds });
  const rows = await db.$queryRaw<{ classKey: string | null; n: number }[]>`
    SELECT k."classKey", COUNT(*)::int AS "n" FROM (${classified}) k GROUP BY k."classKey"`;
  const counts: Record<string, number> = {};
  let unclassified = 0;
  for (const row of rows) {
    if (row.classKey === null) unclassified += row.n;
    else counts[row.classKey] = row.n;
  }
  return { counts, unclassified };
}

/**
 * Contacts per class now, and the same at the end of each of the last months (in the organisation's time zone):
 * each point classifies with the answers and events known at that moment, in SQL (one grouped query per point).
 */
export async function getClassOverview({ actor, now = new Date() }: { actor: ClassActor; now?: Date }): Promise<ClassOverview> {
  const settings = await getClassSettings(actor.organizationId);
  const rules = settings.rules.map((r) => r.rule);
  const org = await db.organization.findUniqueOrThrow({ where: { id: actor.organizationId }, select: { timeZone: true } });
  // The first moment of each of the last months in the organisation's zone: month k's end is month k+1's start.
  const starts = await db.$queryRaw<{ month: string; next: Date }[]>(Prisma.sql`
    SELECT to_char(m, 'YYYY-MM') AS "month", ((m + interval '1 month') AT TIME ZONE ${org.timeZone}) AS "next"
    FROM generate_series(
      date_trunc('month', ${now}::timestamptz AT TIME ZONE ${org.timeZone}) - make_interval(months => ${CLASS_TREND_MONTHS - 1}),
      date_trunc('month', ${now}::timestamptz AT TIME ZONE ${org.timeZone}),
      interval '1 month') AS m
    ORDER BY m`);
  const trend: ClassTrendPoint[] = [];
  for (const start of starts) {
    const asOf = start.next.getTime() > now.getTime() ? now : new Date(start.next.getTime() - 1);
    trend.push({ month: start.month, asOf, ...(await countByClass(actor, rules, asOf)) });
  }
  const current = trend.at(-1) ?? { ...(await countByClass(actor, rules, now)) };
  const total = Object.values(current.counts).reduce((s, n) => s + n, 0) + current.unclassified;
  return { classes: settings.classes, counts: current.counts, unclassified: current.unclassified, total, trend, now };
}
