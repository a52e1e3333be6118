import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { npsFromHistogram, type NpsStats } from "@/lib/nps";
import { surveyIdSchema } from "@/schemas/survey";
import { db } from "@/server/db";
import { withPending } from "./pending-responses";
import { HISTOGRAM_SUMS, histogramOf, type HistogramRow } from "./filter";

export type NpsSummaryFilter = {
  organizationId: string;
  surveyId?: string | null;
  /** A scoped member's units (src/server/org/member-scope.ts); null or absent = the whole organisation. */
  unitIds?: string[] | null;
};

export type NpsSummary = {
  stats: NpsStats;
  /** Respondents per score, index 0–10. */
  histogram: number[];
};

/**
 * All-time NPS with its CI, mean and the 0–10 distribution, for the organisation or one survey. Reads the
 * monthly aggregate rows (every counted answer is in exactly one month: docs/decisions/0011), so it agrees with the
 * dashboard and the API; the maths is src/lib/nps.ts. Excluded (test/spam) and skipped answers do not count.
 */
export async function getNpsSummary({ organizationId, surveyId, unitIds = null }: NpsSummaryFilter): Promise<NpsSummary> {
  if (surveyId && !surveyIdSchema.safeParse(surveyId).success) throw new AppError("not_found", "Survey not found.");
  const conditions = [Prisma.sql`r."organizationId" = ${organizationId}::uuid`, Prisma.sql`r."grain" = 'M'`, Prisma.sql`r."scope" = ''`];
  if (surveyId) conditions.push(Prisma.sql`r."surveyId" = ${surveyId}::uuid`);
  if (unitIds) conditions.push(Prisma.sql`r."dimension" = 'unit'`, Prisma.sql`r."value" = ANY(${unitIds}::text[])`);
  else conditions.push(Prisma.sql`r."dimension" = ''`);
  const rows = await db.$queryRaw<HistogramRow[]>`
    SELECT ${HISTOGRAM_SUMS} FROM ${withPending("ResponseAggregate", organizationId)} r WHERE ${Prisma.join(conditions, " AND ")}`;
  const histogram = histogramOf(rows[0]);
  return { stats: npsFromHistogram(histogram), histogram };
}
