import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { DateRange } from "@/lib/date-range";
import { adjustBenjaminiHochberg, isDiscovery } from "@/lib/multiple-comparisons";
import { compareNps, npsFromCounts, type NpsComparison, type NpsStats } from "@/lib/nps";
import { AppError } from "@/lib/errors";
import { isSmallCell } from "@/lib/suppression";
import { surveyIdSchema } from "@/schemas/survey";
import { COUNT_COLUMNS, responsesInRange, toCounts, type CountRow } from "@/server/accountability/unit-counts";
import { db } from "@/server/db";

export type TouchpointImpactRow = {
  touchpoint: string;
  /** Relationship NPS of respondents who went through the touchpoint in the window before answering. */
  exposed: NpsStats;
  /** … and of those who did not. */
  notExposed: NpsStats;
  /** exposed − not exposed (adjusted-Wald z test); null when either side is hidden or empty. */
  difference: NpsComparison | null;
  /** Benjamini–Hochberg across the touchpoints' tests. */
  adjusted: { q: number; significant: boolean } | null;
  /** A side below suppressN: its figures must not be shown (n only). */
  suppressed: boolean;
};

export type DetractorParetoRow = {
  /** "" pools the touchpoints with fewer than suppressN answers. */
  touchpoint: string;
  /** Transactional answers at the touchpoint, and how many were detractors. */
  n: number;
  detractors: number;
  detractorShare: number;
  /** Share of all transactional detractors (0..1) and the running total down the sorted list. */
  shareOfDetractors: number;
  cumulativeShare: number;
};

export type TouchpointImpact = {
  survey: { id: string; name: string };
  windowDays: number;
  /** Relationship answers considered (with a known contact). */
  n: number;
  touchpoints: TouchpointImpactRow[];
  pareto: DetractorParetoRow[];
};

export type GetTouchpointImpactOptions = {
  organizationId: string;
  timeZone: string;
  /** The relationship survey whose answers are compared. */
  surveyId: string;
  range: DateRange;
  /** A touchpoint counts when it happened in the N days before the relationship answer (default 90). */
  windowDays?: number;
  suppressN: number;
};

/**
 * Touchpoint impact on loyalty (issue 13): for every touchpoint met by the organisation's contacts (a transactional
 * invitation — its context's touchpoint, else its survey's — or a response carrying the touchpoint), the relationship
 * NPS of respondents who went through it in the `windowDays` before answering vs those who did not, with CIs and
 * the difference's test (BH-corrected across touchpoints). Plus the detractor Pareto of transactional answers per
 * touchpoint (volume × detractor share), largest first. Counted in SQL; scoped by organizationId throughout.
 * The survey must be a relationship survey of the organisation (else not_found).
 */
export async function getTouchpointImpact({
  organizationId,
  timeZone,
  surveyId,
  range,
  windowDays = 90,
  suppressN,
}: GetTouchpointImpactOptions): Promise<TouchpointImpact> {
  if (!surveyIdSchema.safeParse(surveyId).success) throw new AppError("not_found", "Survey not found.");
  const survey = await db.survey.findFirst({ where: { id: surveyId, organizationId, kind: "RELATIONSHIP" }, select: { id: true, name: true } });
  if (!survey) throw new AppError("not_found", "Survey not found.");
  const days = Math.max(1, Math.min(365, Math.round(windowDays)));
  const rows = await db.$queryRaw<(CountRow & { touchpoint: string; exposed: boolean })[]>(Prisma.sql`
    WITH rel AS (
      SELECT r."contactId", r."score", r."createdAt"
      FROM "Response" r
      WHERE ${responsesInRange(organizationId, timeZone, range)} AND r."surveyId" = ${surveyId}::uuid AND r."contactId" IS NOT NULL
    ),
    touch AS (
      SELECT i."contactId", coalesce(nullif(i."context"->>'touchpoint', ''), s."touchpoint") AS "touchpoint", i."createdAt" AS "at"
      FROM "Invitation" i
      JOIN "Survey" s ON s."organizationId" = i."organizationId" AND s."id" = i."surveyId"
      WHERE i."organizationId" = ${organizationId}::uuid AND s."kind" = 'TRANSACTIONAL'
      UNION ALL
      SELECT t."contactId", t."touchpoint", t."createdAt"
      FROM "Response" t
      WHERE t."organizationId" = ${organizationId}::uuid AND t."surveyId" <> ${surveyId}::uuid
        AND t."touchpoint" IS NOT NULL AND t."contactId" IS NOT NULL
    ),
    points AS (SELECT DISTINCT "touchpoint" FROM touch WHERE "touchpoint" IS NOT NULL AND "touchpoint" <> ''),
    flagged AS (
      SELECT p."touchpoint", EXISTS (
          SELECT 1 FROM touch x
          WHERE x."contactId" = rel."contactId" AND x."touchpoint" = p."touchpoint"
            AND x."at" < rel."createdAt" AND x."at" >= rel."createdAt" - make_interval(days => ${days}::int)
        ) AS "exposed", rel."score"
      FROM points p CROSS JOIN rel
    )
    SELECT r."touchpoint", r."exposed", ${COUNT_COLUMNS}
    FROM flagged r
    GROUP BY 1, 2
    ORDER BY 1, 2`);
  const byTouchpoint = new Map<string, { exposed: NpsStats; notExposed: NpsStats }>();
  const empty = npsFromCounts({ promoters: 0, passives: 0, detractors: 0 });
  for (const row of rows) {
    const entry = byTouchpoint.get(row.touchpoint) ?? { exposed: empty, notExposed: empty };
    const stats = npsFromCounts(toCounts(row));
    if (row.exposed) entry.exposed = stats;
    else entry.notExposed = stats;
    byTouchpoint.set(row.touchpoint, entry);
  }
  const hide = (stats: NpsStats) => isSmallCell(stats.n, suppressN);
  const touchpoints: TouchpointImpactRow[] = [...byTouchpoint.entries()].map(([touchpoint, { exposed, notExposed }]) => {
    const suppressed = hide(exposed) || hide(notExposed);
    return {
      touchpoint,
      exposed,
      notExposed,
      difference: suppressed || exposed.n === 0 || notExposed.n === 0 ? null : compareNps(exposed, notExposed),
      adjusted: null,
      suppressed,
    };
  });
  const q = adjustBenjaminiHochberg(touchpoints.map((t) => t.difference?.pValue ?? null));
  touchpoints.forEach((t, i) => {
    const value = q[i];
    if (t.difference && value !== null && value !== undefined) t.adjusted = { q: value, significant: isDiscovery(value) };
  });
  touchpoints.sort((a, b) => b.exposed.n - a.exposed.n || a.touchpoint.localeCompare(b.touchpoint));

  const paretoRows = await db.$queryRaw<(CountRow & { touchpoint: string })[]>(Prisma.sql`
    SELECT r."touchpoint", ${COUNT_COLUMNS}
    FROM "Response" r
    WHERE ${responsesInRange(organizationId, timeZone, range)} AND r."surveyId" <> ${surveyId}::uuid
      AND r."touchpoint" IS NOT NULL AND r."touchpoint" <> ''
    GROUP BY 1`);
  // Touchpoints below suppressN are pooled into one "" row (other small touchpoints), or left out altogether when
  // even together they are too few, so no small touchpoint's detractors can be read or subtracted.
  const counted = paretoRows
    .map((row) => ({ touchpoint: row.touchpoint, n: row.promoters + row.passives + row.detractors, detractors: row.detractors }))
    .filter((row) => row.n > 0);
  const small = counted.filter((row) => isSmallCell(row.n, suppressN));
  const pooled = small.reduce((a, row) => ({ touchpoint: "", n: a.n + row.n, detractors: a.detractors + row.detractors }), { touchpoint: "", n: 0, detractors: 0 });
  const shown = [...counted.filter((row) => !isSmallCell(row.n, suppressN)), ...(pooled.n >= suppressN ? [pooled] : [])];
  const totalDetractors = shown.reduce((sum, row) => sum + row.detractors, 0);
  const sorted = shown.sort((a, b) => b.detractors - a.detractors || a.touchpoint.localeCompare(b.touchpoint));
  let running = 0;
  const pareto = sorted.map((row): DetractorParetoRow => {
    running += row.detractors;
    return {
      ...row,
      detractorShare: row.detractors / row.n,
      shareOfDetractors: totalDetractors > 0 ? row.detractors / totalDetractors : 0,
      cumulativeShare: totalDetractors > 0 ? running / totalDetractors : 0,
    };
  });
  const relationshipN = touchpoints[0] ? touchpoints[0].exposed.n + touchpoints[0].notExposed.n : 0;
  return { survey, windowDays: days, n: relationshipN, touchpoints, pareto };
}
