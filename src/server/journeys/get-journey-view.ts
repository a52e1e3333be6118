import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { assessJourneyStages, type JourneyAssessment, type StageAssessment } from "@/lib/journey-points";
import { driverScale } from "@/lib/key-drivers";
import { npsFromHistogram } from "@/lib/nps";
import type { LocalizedText } from "@/schemas/localized";
import { HISTOGRAM_SUMS, histogramOf, responseWhere, rollupSource, withAggregateCombinations, type AnalyticsFilter, type HistogramRow } from "@/server/analytics/filter";
import { meanInterval } from "@/server/analytics/get-instrument-results";
import { db } from "@/server/db";
import { analyseFilter } from "@/server/drivers/get-drivers";
import { listDriverQuestions } from "@/server/drivers/list-driver-questions";
import { getJourney, type JourneyDto, type JourneyStageDto } from "./get-journey";

/** CSAT (1–5) or CES (1–7) of a stage's responses, where the stage's surveys ask it. */
export type StageInstrument = {
  type: "CSAT" | "CES";
  n: number;
  mean: number;
  /** 95 % t interval of the mean; null when n < 2. */
  ciLow: number | null;
  ciHigh: number | null;
  scale: { min: number; max: number };
};

/** The stage's most important driver (Johnson's relative weights on the survey that answers most at the stage). */
export type StageDriver =
  | { status: "ok"; surveyId: string; label: LocalizedText; importance: number; n: number }
  | { status: "too_few"; surveyId: string; n: number; minN: number };

export type JourneyStageView = JourneyStageDto &
  StageAssessment & {
    /** The stage's touchpoints that the page's filter keeps (all of them without a touchpoint filter). */
    included: string[];
    instruments: StageInstrument[];
    /** null: hidden or empty stage, or no survey at the stage asks driver questions. */
    topDriver: StageDriver | null;
  };

export type JourneyView = {
  journey: JourneyDto;
  /** All the journey's answers pooled (empty figures when overallSuppressed: nothing of a hidden journey is returned). */
  overall: JourneyAssessment["overall"];
  overallSuppressed: boolean;
  /** How many stages were tested against the rest (m of the Benjamini–Hochberg correction). */
  tests: number;
  stages: JourneyStageView[];
};

export type GetJourneyViewOptions = {
  organizationId: string;
  journeyId: string;
  /** The dashboard's filter (period, surveys, channels, touchpoints, attributes, the member's units). */
  filter: AnalyticsFilter;
  thresholds: { minN: number; suppressN: number };
  /** Leave out the per-stage driver analyses (they bootstrap). */
  drivers?: boolean;
};

type InstrumentRow = { touchpoint: string; type: "CSAT" | "CES"; n: number; sum: number; sumSquares: number };

/**
 * The journey page's figures (issue 13): each stage's NPS with CI and n from the aggregate rows of the "touchpoint"
 * dimension (one grouped query; src/server/analytics/filter.ts chooses aggregates or raw rows as for the dashboard),
 * the tests of each stage against the rest of the journey with Benjamini–Hochberg across stages (pain / delight
 * points, src/lib/journey-points.ts), CSAT / CES means where asked (one grouped query over the answers), and each
 * shown stage's top driver. A journey is a touchpoint segment: below suppressN it is hidden whole. Scoped by
 * organizationId throughout; another organisation's journey is not_found.
 */
export async function getJourneyView({ organizationId, journeyId, filter, thresholds, drivers = true }: GetJourneyViewOptions): Promise<JourneyView> {
  const journey = await getJourney(organizationId, journeyId);
  const wanted = new Set(filter.touchpoints);
  const includedOf = (stage: JourneyStageDto) => stage.touchpoints.map((tp) => tp.touchpoint).filter((tp) => wanted.size === 0 || wanted.has(tp));
  const selected = journey.stages.flatMap(includedOf);
  const scoped: AnalyticsFilter = await withAggregateCombinations({ ...filter, organizationId, touchpoints: selected });

  const rows =
    selected.length === 0
      ? []
      : await db.$queryRaw<(HistogramRow & { touchpoint: string; surveyId: string })[]>`
          SELECT r."value" AS "touchpoint", r."surveyId"::text AS "surveyId", ${HISTOGRAM_SUMS}
          FROM ${rollupSource(scoped, scoped.range, { grouping: { kind: "touchpoint" } })} r
          GROUP BY 1, 2
          HAVING SUM(r."n") > 0`;
  const instrumentRows =
    selected.length === 0
      ? []
      : await db.$queryRaw<InstrumentRow[]>(Prisma.sql`
          SELECT r."touchpoint", q."type"::text AS "type", COUNT(*)::int AS "n",
            SUM((a."value")::text::float8)::float8 AS "sum", SUM(((a."value")::text::float8) ^ 2)::float8 AS "sumSquares"
          FROM "Response" r
          JOIN "Answer" a ON a."organizationId" = r."organizationId" AND a."responseId" = r."id"
          JOIN "Question" q ON q."organizationId" = a."organizationId" AND q."id" = a."questionId"
          WHERE ${responseWhere(scoped)} AND q."type"::text IN ('CSAT', 'CES') AND jsonb_typeof(a."value") = 'number'
          GROUP BY 1, 2`);

  const stageTouchpoints = journey.stages.map((stage) => new Set(includedOf(stage)));
  const histograms = stageTouchpoints.map((set) =>
    Array.from({ length: 11 }, (_, i) => rows.filter((row) => set.has(row.touchpoint)).reduce((acc, row) => acc + (histogramOf(row)[i] ?? 0), 0)),
  );
  // A journey is a segment of the organisation's answers (its touchpoints): hidden whole below suppressN.
  const assessment = assessJourneyStages(histograms, thresholds, true);

  const stages = await Promise.all(
    journey.stages.map(async (stage, i): Promise<JourneyStageView> => {
      const assessed = assessment.stages[i]!;
      const included = [...(stageTouchpoints[i] ?? [])];
      const hidden = assessed.status === "suppressed" || assessed.status === "empty";
      const instruments: StageInstrument[] = hidden
        ? []
        : (["CSAT", "CES"] as const).flatMap((type) => {
            const own = instrumentRows.filter((row) => row.type === type && (stageTouchpoints[i]?.has(row.touchpoint) ?? false));
            const n = own.reduce((acc, row) => acc + row.n, 0);
            if (n === 0) return [];
            const sum = own.reduce((acc, row) => acc + row.sum, 0);
            const squares = own.reduce((acc, row) => acc + row.sumSquares, 0);
            const mean = sum / n;
            const sd = n >= 2 ? Math.sqrt(Math.max(0, (squares - n * mean * mean) / (n - 1))) : null;
            const ci = meanInterval(n, mean, sd);
            return [{ type, n, mean, ciLow: ci?.lower ?? null, ciHigh: ci?.upper ?? null, scale: driverScale(type) }];
          });
      let topDriver: StageDriver | null = null;
      if (drivers && !hidden) {
        // The survey answering most at this stage carries its driver questions.
        const bySurvey = new Map<string, number>();
        for (const row of rows) {
          if (!stageTouchpoints[i]?.has(row.touchpoint)) continue;
          bySurvey.set(row.surveyId, (bySurvey.get(row.surveyId) ?? 0) + histogramOf(row).reduce((a, b) => a + b, 0));
        }
        const surveyId = [...bySurvey.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
        const questions = surveyId ? await listDriverQuestions(organizationId, surveyId) : [];
        if (surveyId && questions.length > 0) {
          const analysis = await analyseFilter({ ...scoped, surveyIds: [surveyId], touchpoints: included }, questions);
          const top = analysis.drivers[0];
          if (analysis.status === "ok" && top && top.importance !== null) {
            topDriver = { status: "ok", surveyId, label: top.label, importance: top.importance, n: analysis.n };
          } else if (analysis.status === "too_few") {
            topDriver = { status: "too_few", surveyId, n: analysis.n, minN: analysis.minN };
          }
        }
      }
      // A hidden stage's figures never leave this function (suppression, src/lib/suppression.ts).
      const stats = assessed.status === "suppressed" ? npsFromHistogram(Array.from({ length: 11 }, () => 0)) : assessed.stats;
      return { ...stage, ...assessed, stats, included, instruments, topDriver };
    }),
  );
  const overall = assessment.overallSuppressed ? npsFromHistogram(Array.from({ length: 11 }, () => 0)) : assessment.overall;
  return { journey, overall, overallSuppressed: assessment.overallSuppressed, tests: assessment.tests, stages };
}
