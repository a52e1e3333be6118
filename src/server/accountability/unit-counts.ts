import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { DateRange } from "@/lib/date-range";
import type { NpsCounts } from "@/lib/nps";

/** The answered, not excluded responses of one organisation whose local day lies in `range`, aliased `r`. */
export function responsesInRange(organizationId: string, timeZone: string, range: DateRange): Prisma.Sql {
  return Prisma.sql`r."organizationId" = ${organizationId}::uuid AND NOT r."excluded" AND r."score" IS NOT NULL
    AND r."createdAt" >= (${range.from}::date::timestamp AT TIME ZONE ${timeZone})
    AND r."createdAt" < ((${range.to}::date + 1)::timestamp AT TIME ZONE ${timeZone})`;
}

/** Promoter / passive / detractor counts, score sum and sum of squares of the responses aliased `r`. */
export const COUNT_COLUMNS = Prisma.sql`
  COUNT(r."score") FILTER (WHERE r."score" >= 9)::int AS "promoters",
  COUNT(r."score") FILTER (WHERE r."score" BETWEEN 7 AND 8)::int AS "passives",
  COUNT(r."score") FILTER (WHERE r."score" <= 6)::int AS "detractors",
  coalesce(SUM(r."score"), 0)::int AS "sum",
  coalesce(SUM(r."score" * r."score"), 0)::int AS "sumSquares"`;

export type CountRow = { promoters: number; passives: number; detractors: number; sum: number; sumSquares: number };

export function toCounts(row: CountRow): Required<NpsCounts> {
  return { promoters: row.promoters, passives: row.passives, detractors: row.detractors, sum: row.sum, sumSquares: row.sumSquares };
}
