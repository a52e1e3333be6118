import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { DateRange } from "@/lib/date-range";
import { npsFromCounts, type NpsCounts, type NpsStats } from "@/lib/nps";
import { rankByShrinkage, type RankedFigure, type Thresholds } from "@/lib/org-ranking";
import { db } from "@/server/db";
import { COUNT_COLUMNS, responsesInRange, toCounts, type CountRow } from "./unit-counts";
import type { AccountabilityScope } from "./viewer-scope";

export const UNIT_KINDS = ["REGION", "BRANCH", "TEAM"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export type UnitFigure = RankedFigure & {
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  managerName: string | null;
  /**
   * For a scoped member: how many units of this level the organisation ranks (the rank is the organisation-wide
   * one, so a branch manager sees "3 of 9", not "1" among the one branch they can see). Null when unscoped.
   */
  rankOf: number | null;
};

export type UnitRanking = {
  range: DateRange;
  /** Every answered response of the organisation in the range (what regions are shrunk toward). */
  organization: NpsStats;
  /** Visible units, by kind (regions, branches, teams), each kind ranked best first, unranked after. */
  units: UnitFigure[];
};

export type GetUnitRankingOptions = {
  scope: AccountabilityScope;
  timeZone: string;
  range: DateRange;
  thresholds: Thresholds;
};

type UnitRow = CountRow & { id: string; code: string; name: string; kind: UnitKind; parentId: string | null; managerName: string | null };

/** Counts per unit over its whole subtree (a branch includes its teams' responses), in one SQL statement. */
export async function unitSubtreeCounts(organizationId: string, timeZone: string, range: DateRange): Promise<UnitRow[]> {
  return db.$queryRaw<UnitRow[]>(Prisma.sql`
    WITH RECURSIVE closure AS (
      SELECT u."id" AS "ancestorId", u."id" AS "unitId" FROM "OrgUnit" u WHERE u."organizationId" = ${organizationId}::uuid
      UNION
      SELECT c."ancestorId", child."id" FROM closure c
      JOIN "OrgUnit" child ON child."parentId" = c."unitId" AND child."organizationId" = ${organizationId}::uuid
    ),
    per_unit AS (
      SELECT r."unitId", ${COUNT_COLUMNS}
      FROM "Response" r
      WHERE ${responsesInRange(organizationId, timeZone, range)} AND r."unitId" IS NOT NULL
      GROUP BY r."unitId"
    )
    SELECT u."id"::text AS "id", u."code", u."name", u."kind"::text AS "kind", u."parentId"::text AS "parentId",
           m."name" AS "managerName",
           coalesce(SUM(p."promoters"), 0)::int AS "promoters", coalesce(SUM(p."passives"), 0)::int AS "passives",
           coalesce(SUM(p."detractors"), 0)::int AS "detractors", coalesce(SUM(p."sum"), 0)::int AS "sum",
           coalesce(SUM(p."sumSquares"), 0)::int AS "sumSquares"
    FROM "OrgUnit" u
    LEFT JOIN "User" m ON m."id" = u."managerId"
    LEFT JOIN closure c ON c."ancestorId" = u."id"
    LEFT JOIN per_unit p ON p."unitId" = c."unitId"
    WHERE u."organizationId" = ${organizationId}::uuid
    GROUP BY u."organizationId", u."id", m."name"
    ORDER BY u."code"`);
}

/** All answered responses of the organisation in the range. */
export async function organizationCounts(organizationId: string, timeZone: string, range: DateRange): Promise<NpsCounts> {
  const [row] = await db.$queryRaw<CountRow[]>(Prisma.sql`
    SELECT ${COUNT_COLUMNS} FROM "Response" r WHERE ${responsesInRange(organizationId, timeZone, range)}`);
  return row ? toCounts(row) : { promoters: 0, passives: 0, detractors: 0, sum: 0, sumSquares: 0 };
}

const ORGANIZATION_KEY = "";

/**
 * NPS per unit (subtree totals) with CI, ranked within each level by the empirical-Bayes estimate that pulls
 * small units toward their parent's NPS (regions toward the organisation). Figures are computed for the
 * whole organisation — a parent outside the scope still anchors the shrinkage — then cut to the scope. Ranks
 * stay the organisation-wide ones (with `rankOf`, the number ranked at that level) so a scoped member sees
 * their unit's true standing, never a flattering "1" among the few units they can see.
 */
export async function getUnitRanking({ scope, timeZone, range, thresholds }: GetUnitRankingOptions): Promise<UnitRanking> {
  const [rows, orgCounts] = await Promise.all([
    unitSubtreeCounts(scope.organizationId, timeZone, range),
    organizationCounts(scope.organizationId, timeZone, range),
  ]);
  const parents = new Map<string, NpsCounts>([[ORGANIZATION_KEY, orgCounts]]);
  for (const row of rows) parents.set(row.id, toCounts(row));
  const visible = (row: UnitRow) =>
    scope.unitIds === null ? true : scope.ownUnitOnly ? row.id === scope.scopeUnitId : scope.unitIds.has(row.id);
  const units: UnitFigure[] = [];
  for (const kind of UNIT_KINDS) {
    const level = rows.filter((row) => row.kind === kind);
    // k from the whole level; ranks only among the visible units.
    const all = rankByShrinkage(
      level.map((row) => ({ id: row.id, parentKey: row.parentId ?? ORGANIZATION_KEY, ...toCounts(row) })),
      parents,
      thresholds,
    );
    const shown = level.flatMap((row, i) => {
      const figure = all[i];
      return figure && visible(row) ? [{ row, figure }] : [];
    });
    const ranked = shown.filter((s) => s.figure.rank !== null).sort((a, b) => (a.figure.rank ?? 0) - (b.figure.rank ?? 0));
    const unranked = shown.filter((s) => s.figure.rank === null).sort((a, b) => (b.figure.stats?.n ?? -1) - (a.figure.stats?.n ?? -1) || a.row.code.localeCompare(b.row.code));
    const rankOf = scope.unitIds === null ? null : all.filter((figure) => figure.rank !== null).length;
    for (const { row, figure } of [...ranked, ...unranked]) {
      units.push({ ...figure, code: row.code, name: row.name, kind, parentId: row.parentId, managerName: row.managerName, rankOf: figure.rank === null ? null : rankOf });
    }
  }
  return { range, organization: npsFromCounts(orgCounts), units };
}
