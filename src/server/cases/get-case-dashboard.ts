import "server-only";
import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { npsFromCounts, sampleStatus, type NpsStats } from "@/lib/nps";
import { hasRole } from "@/lib/roles";
import { db } from "@/server/db";
import { loadTaxonomy } from "@/server/text/taxonomy";
import type { CaseActor } from "./case-actor";

export const CASE_DASHBOARD_DAYS = [7, 30, 90, 365] as const;
export type CaseDashboardDays = (typeof CASE_DASHBOARD_DAYS)[number];

/** ?days=7|30|90|365; anything else falls back to 90 (bad input never fails the page). */
export const caseDashboardQuerySchema = z.object({
  days: z.coerce
    .number()
    .transform((value): CaseDashboardDays => CASE_DASHBOARD_DAYS.find((d) => d === value) ?? 90)
    .catch(90),
});

export type RootCauseRow = {
  id: string;
  key: string;
  label: string;
  /** Cases opened in the range with this root cause. */
  cases: number;
  /** NPS of the responses behind those cases; null when suppressed (n below the organisation's suppressN). */
  stats: NpsStats | null;
  /** Responses with a score behind those cases (shown even when the NPS is suppressed). */
  n: number;
  suppressed: boolean;
};

export type CaseDashboard = {
  days: CaseDashboardDays;
  since: Date;
  /** Work queue right now (any age): OPEN or CONTACTED. */
  open: number;
  /** Open and past the due date right now. */
  overdue: number;
  /** Cases opened in the range that are RESOLVED or CLOSED. */
  resolved: number;
  /** Medians in hours over the cases opened in the range (null when none has the timestamp). */
  medianHoursToFirstContact: number | null;
  medianHoursToResolve: number | null;
  /** Ranked by number of cases (then by NPS, worst first). */
  rootCauses: RootCauseRow[];
  /** The root causes with an NPS shown, worst NPS first. */
  rootCausesByNps: RootCauseRow[];
  /** Comment themes of the open cases (OPEN or CONTACTED, any age) in the actor's scope, most frequent first (issue 14). */
  openThemes: { key: string; label: string; cases: number }[];
  suppressN: number;
};

/**
 * The SQL twin of visibleCasesWhere (case-actor.ts) for the alias `c`: ADMIN+ and unscoped members see the
 * organisation; a scoped member the cases of their subtree and the cases they own.
 */
export function visibleCasesSql(actor: CaseActor): Prisma.Sql {
  const tenant = Prisma.sql`c."organizationId" = ${actor.organizationId}::uuid`;
  if (actor.scopeUnitIds === null) return tenant;
  const units = actor.scopeUnitIds.length > 0 ? Prisma.sql`c."unitId"::text IN (${Prisma.join(actor.scopeUnitIds)})` : Prisma.sql`FALSE`;
  return Prisma.sql`${tenant} AND (${units} OR c."ownerId" = ${actor.userId}::uuid)`;
}

function localizedLabel(value: unknown, locale: string, fallback: string): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fallback;
  const record = value as Record<string, unknown>;
  const preferred = record[locale] ?? record[locale.startsWith("zh") ? "zh-CN" : "en"] ?? record.en ?? record["zh-CN"];
  return typeof preferred === "string" && preferred.trim() !== "" ? preferred : fallback;
}

const num = (value: bigint | number | null): number => (value === null ? 0 : Number(value));

/** The case dashboard for CX managers and above, within the actor's scope. Every figure is aggregated in SQL. */
export async function getCaseDashboard({
  actor,
  suppressN,
  locale,
  days = 90,
  now = new Date(),
}: {
  actor: CaseActor;
  suppressN: number;
  locale: string;
  days?: CaseDashboardDays;
  now?: Date;
}): Promise<CaseDashboard> {
  if (!hasRole(actor.role, "MANAGER")) throw new AppError("forbidden", "Only CX managers and above see the case dashboard.");
  const since = new Date(now.getTime() - days * 86_400_000);
  const visible = visibleCasesSql(actor);

  const [summary] = await db.$queryRaw<
    { open: bigint; overdue: bigint; resolved: bigint; firstContact: number | null; resolve: number | null }[]
  >(Prisma.sql`
    SELECT
      COUNT(*) FILTER (WHERE c."status" IN ('OPEN', 'CONTACTED')) AS "open",
      COUNT(*) FILTER (WHERE c."status" IN ('OPEN', 'CONTACTED') AND c."dueAt" < ${now}) AS "overdue",
      COUNT(*) FILTER (WHERE c."status" IN ('RESOLVED', 'CLOSED') AND c."createdAt" >= ${since}) AS "resolved",
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (c."firstContactAt" - c."createdAt")) / 3600.0)
        FILTER (WHERE c."firstContactAt" IS NOT NULL AND c."createdAt" >= ${since}))::float8 AS "firstContact",
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (c."resolvedAt" - c."createdAt")) / 3600.0)
        FILTER (WHERE c."resolvedAt" IS NOT NULL AND c."createdAt" >= ${since}))::float8 AS "resolve"
    FROM "Case" c
    WHERE ${visible}`);

  const causes = await db.$queryRaw<
    { id: string; key: string; label: unknown; cases: bigint; promoters: bigint; passives: bigint; detractors: bigint }[]
  >(Prisma.sql`
    SELECT rc."id"::text AS "id", rc."key", rc."label",
      COUNT(*) AS "cases",
      COUNT(*) FILTER (WHERE r."category" = 'PROMOTER' AND NOT r."excluded") AS "promoters",
      COUNT(*) FILTER (WHERE r."category" = 'PASSIVE' AND NOT r."excluded") AS "passives",
      COUNT(*) FILTER (WHERE r."category" = 'DETRACTOR' AND NOT r."excluded") AS "detractors"
    FROM "Case" c
    JOIN "RootCause" rc ON rc."organizationId" = c."organizationId" AND rc."id" = c."rootCauseId"
    JOIN "Response" r ON r."organizationId" = c."organizationId" AND r."id" = c."responseId"
    WHERE ${visible} AND c."createdAt" >= ${since}
    GROUP BY rc."id", rc."key", rc."label"`);

  const rows = causes.map((row): RootCauseRow => {
    const counts = { promoters: num(row.promoters), passives: num(row.passives), detractors: num(row.detractors) };
    const n = counts.promoters + counts.passives + counts.detractors;
    const suppressed = n === 0 || sampleStatus(n, { suppressN }) === "suppressed";
    return {
      id: row.id,
      key: row.key,
      label: localizedLabel(row.label, locale, row.key),
      cases: num(row.cases),
      stats: suppressed ? null : npsFromCounts(counts),
      n,
      suppressed,
    };
  });
  const themeCounts = await db.$queryRaw<{ key: string; cases: number }[]>(Prisma.sql`
    SELECT t.key, COUNT(*)::int AS "cases"
    FROM "Case" c
    JOIN "ResponseText" x ON x."organizationId" = c."organizationId" AND x."responseId" = c."responseId"
    CROSS JOIN LATERAL unnest(x."themes") AS t(key)
    WHERE ${visible} AND c."status" IN ('OPEN', 'CONTACTED')
    GROUP BY t.key`);
  const themeNames = new Map((themeCounts.length ? await loadTaxonomy(actor.organizationId) : []).map((r) => [r.key, locale.startsWith("zh") ? r.labelZh : r.labelEn]));
  const openThemes = themeCounts
    .map((row) => ({ key: row.key, label: themeNames.get(row.key) ?? row.key, cases: row.cases }))
    .sort((a, b) => b.cases - a.cases || a.key.localeCompare(b.key));

  const npsOf = (row: RootCauseRow) => row.stats?.nps ?? Number.POSITIVE_INFINITY;
  const rootCauses = [...rows].sort((a, b) => b.cases - a.cases || npsOf(a) - npsOf(b) || a.key.localeCompare(b.key));
  const rootCausesByNps = rows.filter((row) => row.stats !== null).sort((a, b) => npsOf(a) - npsOf(b) || b.cases - a.cases || a.key.localeCompare(b.key));

  return {
    days,
    since,
    open: num(summary?.open ?? 0),
    overdue: num(summary?.overdue ?? 0),
    resolved: num(summary?.resolved ?? 0),
    medianHoursToFirstContact: summary?.firstContact ?? null,
    medianHoursToResolve: summary?.resolve ?? null,
    rootCauses,
    rootCausesByNps,
    openThemes,
    suppressN,
  };
}
