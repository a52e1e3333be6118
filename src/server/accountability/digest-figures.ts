import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { DateRange } from "@/lib/date-range";
import { npsFromCounts } from "@/lib/nps";
import { db } from "@/server/db";
import { COUNT_COLUMNS, responsesInRange, toCounts, type CountRow } from "./unit-counts";

/** Responses of these units only (aliased `r`); null = the whole organisation. */
export function inUnits(unitIds: string[] | null): Prisma.Sql {
  return unitIds === null ? Prisma.sql`TRUE` : Prisma.sql`r."unitId" = ANY(${unitIds}::uuid[])`;
}

/** The NPS of one week (local dates) of the organisation or of some units: the figures every digest reports. */
export async function weekNps(organizationId: string, timeZone: string, range: DateRange, unitIds: string[] | null) {
  const [row] = await db.$queryRaw<CountRow[]>(Prisma.sql`
    SELECT ${COUNT_COLUMNS} FROM "Response" r WHERE ${responsesInRange(organizationId, timeZone, range)} AND ${inUnits(unitIds)}`);
  return npsFromCounts(row ? toCounts(row) : { promoters: 0, passives: 0, detractors: 0 });
}
