import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { DateRange } from "@/lib/date-range";
import type { NpsCounts } from "@/lib/nps";
import { rankByShrinkage, type RankedFigure, type Thresholds } from "@/lib/org-ranking";
import { db } from "@/server/db";
import { unitSubtreeCounts } from "./get-unit-ranking";
import { COUNT_COLUMNS, responsesInRange, toCounts, type CountRow } from "./unit-counts";
import type { AccountabilityScope } from "./viewer-scope";

export type EmployeeFigure = RankedFigure & { code: string; name: string; unitId: string; unitName: string };

export type GetEmployeeRankingOptions = {
  scope: AccountabilityScope;
  timeZone: string;
  range: DateRange;
  thresholds: Thresholds;
};

type EmployeeRow = CountRow & { id: string; code: string; name: string; unitId: string; unitName: string };

/**
 * NPS per employee (responses credited to them) with CI, shrunk toward their unit's NPS (the unit's whole
 * subtree) and ranked by that estimate; employees below minN are listed unranked, below suppressN without
 * figures. Active employees only; only those within the viewer's scope, ranks numbered within it.
 */
export async function getEmployeeRanking({ scope, timeZone, range, thresholds }: GetEmployeeRankingOptions): Promise<EmployeeFigure[]> {
  const organizationId = scope.organizationId;
  const [rows, units] = await Promise.all([
    db.$queryRaw<EmployeeRow[]>(Prisma.sql`
      WITH per_employee AS (
        SELECT r."employeeId", ${COUNT_COLUMNS}
        FROM "Response" r
        WHERE ${responsesInRange(organizationId, timeZone, range)} AND r."employeeId" IS NOT NULL
        GROUP BY r."employeeId"
      )
      SELECT e."id"::text AS "id", e."code", e."name", e."unitId"::text AS "unitId", u."name" AS "unitName",
             coalesce(p."promoters", 0)::int AS "promoters", coalesce(p."passives", 0)::int AS "passives",
             coalesce(p."detractors", 0)::int AS "detractors", coalesce(p."sum", 0)::int AS "sum",
             coalesce(p."sumSquares", 0)::int AS "sumSquares"
      FROM "Employee" e
      JOIN "OrgUnit" u ON u."id" = e."unitId" AND u."organizationId" = e."organizationId"
      LEFT JOIN per_employee p ON p."employeeId" = e."id"
      WHERE e."organizationId" = ${organizationId}::uuid AND e."active"
      ORDER BY e."code"`),
    unitSubtreeCounts(organizationId, timeZone, range),
  ]);
  const parents = new Map<string, NpsCounts>(units.map((unit) => [unit.id, toCounts(unit)]));
  const figures = rankByShrinkage(
    rows.map((row) => ({ id: row.id, parentKey: row.unitId, ...toCounts(row) })),
    parents,
    thresholds,
  );
  const shown = rows.flatMap((row, i) => {
    const figure = figures[i];
    return figure && (scope.unitIds === null || scope.unitIds.has(row.unitId)) ? [{ row, figure }] : [];
  });
  const ranked = shown.filter((s) => s.figure.rank !== null).sort((a, b) => (a.figure.rank ?? 0) - (b.figure.rank ?? 0));
  const unranked = shown.filter((s) => s.figure.rank === null).sort((a, b) => (b.figure.stats?.n ?? -1) - (a.figure.stats?.n ?? -1) || a.row.code.localeCompare(b.row.code));
  ranked.forEach((s, index) => {
    s.figure.rank = index + 1;
  });
  return [...ranked, ...unranked].map(({ row, figure }) => ({ ...figure, code: row.code, name: row.name, unitId: row.unitId, unitName: row.unitName }));
}
