import "server-only";
import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { KANO_ANSWERS, summarizeKanoCounts, type KanoAnswer, type KanoSummary } from "@/lib/kano";
import { AppError } from "@/lib/errors";
import {
  DEFAULT_SERVQUAL_SCALE,
  SERVQUAL_DIMENSIONS,
  servqualGaps,
  tCritical95,
  type ConfidenceInterval,
  type ServqualAnswer,
  type ServqualDimension,
  type ServqualDimensionGap,
  type ServqualItemGap,
  type ServqualResult,
} from "@/lib/servqual";
import { localizedTextSchema, type LocalizedText } from "@/schemas/localized";
import { surveyIdSchema } from "@/schemas/survey";
import { db } from "@/server/db";

// ---------------------------------------------------------------------------
// DTO
// ---------------------------------------------------------------------------

export type ServqualItemResult = ServqualItemGap & {
  questionId: string;
  key: string;
  /** The item statement per locale. */
  text: LocalizedText;
};

export type ServqualDimensionResult = ServqualDimensionGap & {
  /**
   * 95 % t interval of the respondents' dimension gaps (each respondent's mean P − E over the dimension's
   * items they rated both ways); null when n < 2. Its centre is `respondentGap`, which equals `gap` (the
   * mean of the item gaps) when every respondent rated every item of the dimension.
   */
  respondentGap: number | null;
  ci95: ConfidenceInterval | null;
};

export type ServqualResults = {
  /** Highest rating of the scale (7 unless the questions say otherwise). */
  scale: number;
  /** Respondents with at least one complete (expectation and perception) pair. */
  respondents: number;
  items: ServqualItemResult[];
  /** All five dimensions in SERVQUAL_DIMENSIONS order (dimensions without items have gap null). */
  dimensions: ServqualDimensionResult[];
  overall: ServqualResult["overall"];
};

export type KanoFeatureResult = {
  questionId: string;
  key: string;
  /** The feature's name per locale. */
  text: LocalizedText;
  summary: KanoSummary;
};

export type InstrumentResults = {
  /** null when the survey has no SERVQUAL question. */
  servqual: ServqualResults | null;
  /** null when the survey has no KANO question; features in question order. */
  kano: { features: KanoFeatureResult[] } | null;
};

export type GetInstrumentResultsOptions = {
  organizationId: string;
  surveyId: string;
  /** A scoped member's units (src/server/org/member-scope.ts); null or absent = the whole organisation. */
  unitIds?: string[] | null;
};

type AnswerScope = { organizationId: string; surveyId: string; unitIds: string[] | null };

// ---------------------------------------------------------------------------
// Stored shapes (written by the respondent page)
// ---------------------------------------------------------------------------

const servqualSettingsSchema = z.object({
  dimension: z.enum(SERVQUAL_DIMENSIONS),
  scale: z.int().min(2).max(100).default(DEFAULT_SERVQUAL_SCALE),
});

function localized(value: unknown): LocalizedText {
  const parsed = localizedTextSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

export type ServqualQuestion = { questionId: string; key: string; text: LocalizedText; dimension: ServqualDimension; scale: number };
export type KanoQuestion = { questionId: string; key: string; text: LocalizedText };

/** Answers with the same (expectation, perception) on one item: a GROUP BY row. */
export type ServqualPairCountRow = { questionId: string; expectation: number; perception: number; count: number };
/** Respondent-level gaps of one dimension (`dimension` null: the overall row, holding only n = respondents). */
export type ServqualDimensionRow = { dimension: string | null; n: number; mean: number | null; sd: number | null };
export type KanoPairCountRow = { questionId: string; functional: string; dysfunctional: string; count: number };

// ---------------------------------------------------------------------------
// Pure assembly (unit-tested in tests/unit/instrument-results.test.ts)
// ---------------------------------------------------------------------------

/** 95 % t interval of a mean from n, mean and sample sd; null when n < 2 or a figure is missing. */
export function meanInterval(n: number, mean: number | null, sd: number | null): ConfidenceInterval | null {
  if (n < 2 || mean === null || sd === null) return null;
  const half = tCritical95(n - 1) * (sd / Math.sqrt(n));
  return { lower: mean - half, upper: mean + half };
}

/**
 * SERVQUAL results from counts per item × (expectation, perception) pair. The item statistics of
 * servqualGaps (means, gap, sd, t interval of the paired difference) depend only on the multiset of an
 * item's pairs, not on who gave them — so each counted pair is handed to servqualGaps as its own
 * one-answer respondent, which gives exactly the figures of the per-respondent computation. Only the
 * dimensions' n (distinct respondents) needs respondent identity: it comes from `dimensionRows`, computed
 * in SQL, as do the respondent-level dimension intervals.
 */
export function assembleServqual(
  questions: readonly ServqualQuestion[],
  pairCounts: readonly ServqualPairCountRow[],
  dimensionRows: readonly ServqualDimensionRow[],
): ServqualResults {
  const scale = Math.max(DEFAULT_SERVQUAL_SCALE, ...questions.map((q) => q.scale));
  const responses: ServqualAnswer[][] = [];
  for (const row of pairCounts) {
    for (let i = 0; i < row.count; i++) responses.push([{ itemId: row.questionId, expectation: row.expectation, perception: row.perception }]);
  }
  const result = servqualGaps(
    questions.map((q) => ({ id: q.questionId, dimension: q.dimension })),
    responses,
    { scale },
  );
  const byId = new Map(questions.map((q) => [q.questionId, q]));
  const byDimension = new Map(dimensionRows.filter((row) => row.dimension !== null).map((row) => [row.dimension, row]));
  const overallRow = dimensionRows.find((row) => row.dimension === null);
  return {
    scale,
    respondents: overallRow?.n ?? 0,
    items: result.items.map((item) => {
      const question = byId.get(item.itemId);
      return { ...item, questionId: item.itemId, key: question?.key ?? "", text: question?.text ?? {} };
    }),
    dimensions: result.dimensions.map((dimension) => {
      const row = byDimension.get(dimension.dimension);
      const n = row?.n ?? 0;
      const respondentGap = row?.mean ?? null;
      return { ...dimension, n, respondentGap, ci95: meanInterval(n, respondentGap, row?.sd ?? null) };
    }),
    overall: result.overall,
  };
}

function isKanoAnswer(value: string): value is KanoAnswer {
  return (KANO_ANSWERS as readonly string[]).includes(value);
}

/** Kano summary per feature (question order) from counts per question × answer pair; unknown answers are ignored. */
export function assembleKano(questions: readonly KanoQuestion[], pairCounts: readonly KanoPairCountRow[]): { features: KanoFeatureResult[] } {
  return {
    features: questions.map((question) => ({
      ...question,
      summary: summarizeKanoCounts(
        pairCounts.flatMap((row) =>
          row.questionId === question.questionId && isKanoAnswer(row.functional) && isKanoAnswer(row.dysfunctional)
            ? [{ functional: row.functional, dysfunctional: row.dysfunctional, count: row.count }]
            : [],
        ),
      ),
    })),
  };
}

// ---------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------

/** Answers of the survey's non-excluded responses to the given questions (tenant-scoped on both tables). */
function answersOf({ organizationId, surveyId, unitIds }: AnswerScope) {
  const inScope = unitIds ? Prisma.sql`AND r."unitId" = ANY(${unitIds}::uuid[])` : Prisma.empty;
  return Prisma.sql`
    FROM "Answer" a
    JOIN "Response" r ON r."organizationId" = a."organizationId" AND r."id" = a."responseId"
    WHERE a."organizationId" = ${organizationId}::uuid AND r."organizationId" = ${organizationId}::uuid
      AND r."surveyId" = ${surveyId}::uuid AND NOT r."excluded" ${inScope}`;
}

async function loadServqual(scope: AnswerScope, questions: readonly ServqualQuestion[]): Promise<ServqualResults> {
  // Complete pairs only: both ratings integers within the item's own 1..scale; anything else counts as skipped
  // (as a null does in servqualGaps). The CASE + regex guard keeps the ::int casts from
  // ever failing on odd JSON (a CASE is evaluated in order, a WHERE's conditions are not).
  const pairs = Prisma.sql`
    WITH q AS (
      SELECT * FROM unnest(
        ${questions.map((x) => x.questionId)}::uuid[], ${questions.map((x) => x.dimension)}::text[], ${questions.map((x) => x.scale)}::int[]
      ) AS q("id", "dimension", "scale")
    ), raw AS (
      SELECT a."questionId", a."responseId",
             CASE WHEN a."value"->>'expectation' ~ '^[0-9]{1,3}$' THEN (a."value"->>'expectation')::int END AS e,
             CASE WHEN a."value"->>'perception' ~ '^[0-9]{1,3}$' THEN (a."value"->>'perception')::int END AS p
      ${answersOf(scope)}
        AND a."questionId" = ANY(${questions.map((x) => x.questionId)}::uuid[])
    ), pairs AS (
      SELECT raw."questionId", raw."responseId", q."dimension", raw.e, raw.p
      FROM raw JOIN q ON q."id" = raw."questionId"
      WHERE raw.e BETWEEN 1 AND q."scale" AND raw.p BETWEEN 1 AND q."scale"
    )`;
  const [pairCounts, dimensionRows] = await Promise.all([
    db.$queryRaw<ServqualPairCountRow[]>`${pairs}
      SELECT "questionId"::text AS "questionId", e AS "expectation", p AS "perception", COUNT(*)::int AS "count"
      FROM pairs GROUP BY "questionId", e, p`,
    // Respondent-level dimension gaps for the dimensions' n and confidence intervals; the last row
    // (dimension NULL) counts the respondents with any complete pair.
    db.$queryRaw<ServqualDimensionRow[]>`${pairs}, per_respondent AS (
        SELECT "dimension", "responseId", AVG(p - e)::float8 AS d FROM pairs GROUP BY "dimension", "responseId"
      )
      SELECT "dimension", COUNT(*)::int AS "n", AVG(d)::float8 AS "mean", STDDEV_SAMP(d)::float8 AS "sd"
      FROM per_respondent GROUP BY "dimension"
      UNION ALL
      SELECT NULL, COUNT(DISTINCT "responseId")::int, NULL, NULL FROM per_respondent`,
  ]);
  return assembleServqual(questions, pairCounts, dimensionRows);
}

async function loadKano(scope: AnswerScope, questions: readonly KanoQuestion[]): Promise<{ features: KanoFeatureResult[] }> {
  const pairCounts = await db.$queryRaw<KanoPairCountRow[]>`
    SELECT a."questionId"::text AS "questionId", a."value"->>'functional' AS "functional",
           a."value"->>'dysfunctional' AS "dysfunctional", COUNT(*)::int AS "count"
    ${answersOf(scope)}
      AND a."questionId" = ANY(${questions.map((q) => q.questionId)}::uuid[])
      AND a."value"->>'functional' = ANY(${[...KANO_ANSWERS]}::text[])
      AND a."value"->>'dysfunctional' = ANY(${[...KANO_ANSWERS]}::text[])
    GROUP BY 1, 2, 3`;
  return assembleKano(questions, pairCounts);
}

/**
 * SERVQUAL gaps (item, dimension, overall) and Kano categories (per feature) of one survey, from the stored
 * answers of its non-excluded responses; the maths is src/lib/servqual.ts and src/lib/kano.ts. Grouping
 * happens in SQL: answers per item × (expectation, perception) pair and per Kano question × answer pair,
 * plus respondent-level dimension gaps (AVG / STDDEV_SAMP) — a handful of rows per question whatever the
 * number of responses. Another organisation's survey simply has no questions here; an id that is not a
 * survey id is "not found".
 */
export async function getInstrumentResults({ organizationId, surveyId, unitIds = null }: GetInstrumentResultsOptions): Promise<InstrumentResults> {
  const id = surveyIdSchema.safeParse(surveyId);
  if (!id.success) throw new AppError("not_found", "Survey not found.");
  const rows = await db.question.findMany({
    where: { organizationId, surveyId: id.data, type: { in: ["SERVQUAL", "KANO"] } },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, key: true, type: true, text: true, settings: true },
  });
  const servqualQuestions: ServqualQuestion[] = [];
  const kanoQuestions: KanoQuestion[] = [];
  for (const row of rows) {
    if (row.type === "KANO") {
      kanoQuestions.push({ questionId: row.id, key: row.key, text: localized(row.text) });
      continue;
    }
    // An item without a valid dimension cannot be placed; it is left out rather than guessed.
    const settings = servqualSettingsSchema.safeParse(row.settings);
    if (settings.success) {
      servqualQuestions.push({ questionId: row.id, key: row.key, text: localized(row.text), ...settings.data });
    }
  }
  const scope: AnswerScope = { organizationId, surveyId: id.data, unitIds };
  const [servqual, kano] = await Promise.all([
    servqualQuestions.length === 0 ? null : loadServqual(scope, servqualQuestions),
    kanoQuestions.length === 0 ? null : loadKano(scope, kanoQuestions),
  ]);
  return { servqual, kano };
}
