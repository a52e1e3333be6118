import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { npsFromHistogram, type NpsStats } from "@/lib/nps";
import { surveyIdSchema } from "@/schemas/survey";
import { db } from "@/server/db";

export type NpsSummaryFilter = { organizationId: string; surveyId?: string | null };

export type NpsSummary = {
  stats: NpsStats;
  /** Respondents per score, index 0–10. */
  histogram: number[];
};

/**
 * NPS with its CI, mean and the 0–10 distribution. Counting happens in SQL (one GROUP BY over the scores,
 * at most 11 rows back); the maths is src/lib/nps.ts. Excluded (test/spam) and skipped answers do not count.
 */
export async function getNpsSummary({ organizationId, surveyId }: NpsSummaryFilter): Promise<NpsSummary> {
  if (surveyId && !surveyIdSchema.safeParse(surveyId).success) throw new AppError("not_found", "Survey not found.");
  const surveyFilter = surveyId ? Prisma.sql`AND "surveyId" = ${surveyId}::uuid` : Prisma.empty;
  const rows = await db.$queryRaw<{ score: number; n: number }[]>`
    SELECT "score", COUNT(*)::int AS "n"
    FROM "Response"
    WHERE "organizationId" = ${organizationId}::uuid
      AND "excluded" = false
      AND "score" IS NOT NULL
      ${surveyFilter}
    GROUP BY "score"`;
  const histogram = Array.from({ length: 11 }, () => 0);
  for (const row of rows) histogram[row.score] = row.n;
  return { stats: npsFromHistogram(histogram), histogram };
}
