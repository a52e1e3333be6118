import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { addDays, type DateRange } from "@/lib/date-range";
import { nextMonthStart, partialMonthReads, splitByMonths } from "@/lib/month-split";
import { AppError } from "@/lib/errors";
import { adjustBenjaminiHochberg } from "@/lib/multiple-comparisons";
import { sampleStatus } from "@/lib/nps";
import { logOdds, type DistinctiveWord } from "@/lib/text/log-odds";
import type { ThemeRule } from "@/lib/text/themes";
import type { AnalyticsQuery } from "@/schemas/analytics";
import { surveyIdSchema } from "@/schemas/survey";
import { querySerial, resolveFilter, responseWhere, type AnalyticsFilter } from "@/server/analytics/filter";
import { assertKnownDimensions } from "@/server/attributes/assert-known-dimensions";
import { db } from "@/server/db";
import { themeFigures, themeHistograms, type ThemeFigures } from "./get-survey-themes";
import { taxonomyHash } from "./read-comments";
import { loadTaxonomy } from "./taxonomy";
import { themeAggregateSource, themeNarrowing, type ThemeNarrowing } from "./theme-aggregates";

/** A theme on the view: the API's figures, the share among promoters, and p corrected over all themes tested. */
export type ThemeView = ThemeFigures & {
  /** Benjamini–Hochberg adjusted p over every theme with a test (src/lib/multiple-comparisons.ts). */
  q: number | null;
  keywords: string[];
};

export type ThemeTrendPoint = {
  /** "2026-11": the month in the organisation's time zone. */
  month: string;
  commented: number;
  /** Theme key → share of the month's read comments; absent when the month is below the suppression threshold. */
  shares: Record<string, number> | null;
};

export type SentimentRow = { category: "ALL" | "PROMOTER" | "PASSIVE" | "DETRACTOR"; negative: number; neutral: number; positive: number; suppressed: boolean };

export type ThemesView = {
  survey: { id: string; name: string };
  range: { from: string; to: string };
  n: number;
  commented: number;
  /** Read comments still missing (new answers or a taxonomy edit being applied by the worker). */
  pending: number;
  themes: ThemeView[];
  trend: ThemeTrendPoint[];
  sentiment: SentimentRow[];
  /** Weighted log-odds of detractors' words against promoters' (Monroe et al. 2008); null when either side is suppressed. */
  words: { detractors: DistinctiveWord[]; promoters: DistinctiveWord[] } | null;
  thresholds: { minN: number; suppressN: number };
};

/** Words shown per side of the distinctive-words lists. */
export const DISTINCTIVE_WORDS = 12;
/** Words below this count in both groups together are left out (a single mention is not a pattern). */
const MIN_WORD_COUNT = 3;

async function findSurvey(organizationId: string, surveyId: string) {
  const id = surveyIdSchema.safeParse(surveyId);
  if (!id.success) throw new AppError("not_found", "Survey not found.");
  const survey = await db.survey.findFirst({
    where: { id: id.data, organizationId },
    select: { id: true, name: true, organization: { select: { suppressN: true, minN: true } } },
  });
  if (!survey) throw new AppError("not_found", "Survey not found.");
  return survey;
}

async function themeTrend(filter: AnalyticsFilter, narrowing: ThemeNarrowing | null, suppressN: number, minN: number): Promise<ThemeTrendPoint[]> {
  const rows = narrowing
    ? await querySerial<{ month: string; key: string | null; count: number }>(Prisma.sql`
        SELECT to_char(t."day", 'YYYY-MM') AS month, CASE WHEN t."kind" = 'c' THEN NULL ELSE t."key" END AS key, sum(t."n")::int AS count
        FROM ${themeAggregateSource(filter, narrowing, ["c", "t"])} t
        GROUP BY 1, 2 HAVING sum(t."n") <> 0
        ORDER BY 1, 2`)
    : await db.$queryRaw<{ month: string; key: string | null; count: number }[]>`
    WITH b AS (
      SELECT to_char(date_trunc('month', r."createdAt" AT TIME ZONE ${filter.timeZone}), 'YYYY-MM') AS month, x.themes
      FROM "Response" r
      JOIN "ResponseText" x ON x."organizationId" = r."organizationId" AND x."responseId" = r.id
      WHERE ${responseWhere(filter)}
    )
    SELECT month, NULL::text AS key, count(*)::int AS count FROM b GROUP BY month
    UNION ALL
    SELECT month, t.key, count(*)::int FROM b CROSS JOIN LATERAL unnest(b.themes) AS t(key) GROUP BY month, t.key
    ORDER BY 1, 2`;
  const months = new Map<string, ThemeTrendPoint>();
  for (const row of rows) if (row.key === null) months.set(row.month, { month: row.month, commented: row.count, shares: {} });
  for (const row of rows) {
    const point = months.get(row.month);
    if (row.key !== null && point?.shares) point.shares[row.key] = row.count / point.commented;
  }
  return [...months.values()].map((p) => (sampleStatus(p.commented, { minN, suppressN }) === "suppressed" ? { ...p, shares: null } : p));
}

async function sentimentRows(filter: AnalyticsFilter, narrowing: ThemeNarrowing | null, suppressN: number, minN: number): Promise<SentimentRow[]> {
  const rows = narrowing
    ? await querySerial<{ category: string | null; polarity: string; count: number }>(Prisma.sql`
        SELECT c.category, t.polarity, sum(CASE c.category
                 WHEN 'DETRACTOR' THEN t."h0" + t."h1" + t."h2" + t."h3" + t."h4" + t."h5" + t."h6"
                 WHEN 'PASSIVE' THEN t."h7" + t."h8"
                 WHEN 'PROMOTER' THEN t."h9" + t."h10"
                 ELSE t."n" - (${Prisma.raw(Array.from({ length: 11 }, (_, i) => `t."h${i}"`).join(" + "))}) END)::int AS count
        FROM ${themeAggregateSource(filter, narrowing, ["c"])} t
        CROSS JOIN (VALUES ('DETRACTOR'), ('PASSIVE'), ('PROMOTER'), (NULL)) AS c(category)
        GROUP BY 1, 2`)
    : await db.$queryRaw<{ category: string | null; polarity: string; count: number }[]>`
    SELECT CASE WHEN r.score IS NULL THEN NULL WHEN r.score >= 9 THEN 'PROMOTER' WHEN r.score >= 7 THEN 'PASSIVE' ELSE 'DETRACTOR' END AS category,
           x.polarity, count(*)::int AS count
    FROM "Response" r
    JOIN "ResponseText" x ON x."organizationId" = r."organizationId" AND x."responseId" = r.id
    WHERE ${responseWhere(filter)}
    GROUP BY 1, 2`;
  const categories = ["ALL", "DETRACTOR", "PASSIVE", "PROMOTER"] as const;
  return categories.map((category) => {
    const mine = rows.filter((r) => category === "ALL" || r.category === category);
    const count = (polarity: string) => mine.filter((r) => r.polarity === polarity).reduce((s, r) => s + r.count, 0);
    const row = { negative: count("negative"), neutral: count("neutral"), positive: count("positive") };
    const total = row.negative + row.neutral + row.positive;
    const suppressed = sampleStatus(total, { minN, suppressN }) === "suppressed";
    return suppressed ? { category, negative: 0, neutral: 0, positive: 0, suppressed } : { category, ...row, suppressed };
  });
}

type WordCount = { word: string; detractors: number; promoters: number };

/** Each word's count in detractors' and in promoters' read comments (read beside the other figures). */
async function wordCounts(filter: AnalyticsFilter, narrowing: ThemeNarrowing | null): Promise<WordCount[]> {
  const rawWords = (range: DateRange, sign: 1 | -1 = 1) => Prisma.sql`
    SELECT w.word, ${sign}::int * (r.score <= 6)::int AS detractors, ${sign}::int * (r.score >= 9)::int AS promoters
    FROM "Response" r
    JOIN "ResponseText" x ON x."organizationId" = r."organizationId" AND x."responseId" = r.id
    CROSS JOIN LATERAL unnest(x.tokens) AS w(word)
    WHERE ${responseWhere(filter, range)} AND (r.score <= 6 OR r.score >= 9)`;
  const fromRows = (source: Prisma.Sql) => Prisma.sql`
    SELECT t.key AS word, (t."h0" + t."h1" + t."h2" + t."h3" + t."h4" + t."h5" + t."h6") AS detractors, (t."h9" + t."h10") AS promoters
    FROM ${source} t`;
  let parts: Prisma.Sql[];
  if (!narrowing) parts = [rawWords(filter.range)];
  else if (narrowing.dimension === "") parts = [fromRows(themeAggregateSource(filter, narrowing, ["w"]))];
  else {
    // Words are pre-aggregated per dimension value at the monthly grain only (docs/decisions/0031): whole months from
    // those rows; a partial month at an end of the range from its raw rows, or, when the range covers most of it,
    // from its monthly rows less the raw rows of its days outside the range (fewer raw rows to read).
    const split = splitByMonths(filter.range);
    parts = [];
    for (const read of partialMonthReads(split.days)) {
      if ("days" in read) parts.push(rawWords(read.days));
      else parts.push(fromRows(themeAggregateSource(filter, narrowing, ["w"], read.month)), ...read.minus.map((range) => rawWords(range, -1)));
    }
    if (split.months) {
      const months = { from: split.months.from, to: addDays(nextMonthStart(split.months.to), -1) };
      parts.push(fromRows(themeAggregateSource(filter, narrowing, ["w"], months)));
    }
  }
  const statement = Prisma.sql`
    SELECT u.word, sum(u.detractors)::int AS detractors, sum(u.promoters)::int AS promoters
    FROM (${Prisma.join(parts, " UNION ALL ")}) u
    GROUP BY u.word HAVING sum(u.detractors) <> 0 OR sum(u.promoters) <> 0`;
  // Only the pre-aggregate's rows (dimension ''): parallel workers off. A narrowed view's words include raw rows.
  const rows = narrowing?.dimension === "" ? await querySerial<WordCount>(statement) : await db.$queryRaw<WordCount[]>(statement);
  // One order whichever path read the counts: the prior's float sums, hence z, come out the same.
  return rows.sort((x, y) => (x.word < y.word ? -1 : x.word > y.word ? 1 : 0));
}

function distinctiveWords(rows: WordCount[], commentedDetractors: number, commentedPromoters: number, suppressN: number, minN: number) {
  const hidden = (n: number) => sampleStatus(n, { minN, suppressN }) === "suppressed";
  if (hidden(commentedDetractors) || hidden(commentedPromoters)) return null;
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  for (const row of rows) {
    if (row.detractors) a.set(row.word, row.detractors);
    if (row.promoters) b.set(row.word, row.promoters);
  }
  const ranked = logOdds(a, b).filter((w) => w.countA + w.countB >= MIN_WORD_COUNT);
  return {
    detractors: ranked.filter((w) => w.z > 0).slice(0, DISTINCTIVE_WORDS),
    promoters: ranked
      .filter((w) => w.z < 0)
      .reverse()
      .slice(0, DISTINCTIVE_WORDS),
  };
}

/** Comments of the filter not yet read with the current taxonomy (new answers, or a taxonomy edit in progress). */
async function pendingCount(filter: AnalyticsFilter, narrowing: ThemeNarrowing | null, hash: string): Promise<number> {
  if (narrowing && filter.surveyIds.length) {
    // The usual case, answered without scanning the responses (docs/decisions/0031): no reading of the organisation
    // has another taxonomy's hash (an index range), and the survey's counted comments in the range (a partial index,
    // index-only) are as many as its readings there (the pre-aggregate). Then nothing of the filter is pending; else
    // the exact count below. (A comment edited after it was read is not seen by this check until the reader runs.)
    const [row] = await db.$queryRaw<{ stale: boolean; commented: number; read: number }[]>`
      SELECT EXISTS (SELECT 1 FROM "ResponseText" x WHERE x."organizationId" = ${filter.organizationId}::uuid
                       AND (x."taxonomyHash" < ${hash} OR x."taxonomyHash" > ${hash})) AS stale,
             (SELECT count(*)::int FROM "Response" r
              WHERE r."organizationId" = ${filter.organizationId}::uuid AND r."surveyId" = ANY(${filter.surveyIds}::uuid[])
                AND r."createdAt" >= (${filter.range.from}::date::timestamp AT TIME ZONE ${filter.timeZone})
                AND r."createdAt" < ((${filter.range.to}::date + 1)::timestamp AT TIME ZONE ${filter.timeZone})
                AND r.comment IS NOT NULL AND btrim(r.comment) <> '' AND NOT r.excluded) AS commented,
             (SELECT coalesce(sum(t.n), 0)::int FROM ${themeAggregateSource(filter, { dimension: "", values: null }, ["c"])} t) AS read`;
    if (row && !row.stale && row.commented === row.read) return 0;
  }
  const [row] = await db.$queryRaw<{ pending: number }[]>`
    SELECT count(*)::int AS pending FROM "Response" r
    LEFT JOIN "ResponseText" x ON x."organizationId" = r."organizationId" AND x."responseId" = r.id
    WHERE ${responseWhere(filter)} AND r.comment IS NOT NULL AND btrim(r.comment) <> ''
      AND (x."responseId" IS NULL OR x."commentHash" <> md5(r.comment) OR x."taxonomyHash" <> ${hash})`;
  return row?.pending ?? 0;
}

export type GetThemesViewOptions = {
  organizationId: string;
  surveyId: string;
  query: AnalyticsQuery;
  timeZone: string;
  /** A scoped member's units (their subtree), null for the whole organisation. */
  unitIds: string[] | null;
  now?: Date;
  /**
   * "raw" reads the raw rows even where the theme pre-aggregate could answer (tests and the bench compare the two);
   * by default the pre-aggregate answers every filter it can (docs/decisions/0031).
   */
  source?: "auto" | "raw";
};

/**
 * "What customers say" for one survey and the dashboard's filters: each theme's shares among all, detractors' and
 * promoters' read comments, its NPS with and without it with the p of the difference (raw and Benjamini–Hochberg
 * corrected over the themes tested), the monthly trend of shares, the sentiment distribution per category and the
 * distinctive words of detractors against promoters. Suppression as in the themes API: a hidden side hides both.
 */
export async function getThemesView({ organizationId, surveyId, query, timeZone, unitIds, now = new Date(), source = "auto" }: GetThemesViewOptions): Promise<ThemesView> {
  const [survey] = await Promise.all([findSurvey(organizationId, surveyId), assertKnownDimensions({ organizationId, attributes: query.attributes, groupBy: null })]);
  const { minN, suppressN } = survey.organization;
  const filter = resolveFilter({ ...query, survey: [survey.id] }, { organizationId, timeZone, unitIds }, now);
  const narrowing = source === "raw" ? null : themeNarrowing(filter);
  // Every statement at once (each is one index range on the pre-aggregate): on a busy machine the round trips are
  // most of the view's time.
  const taxonomy = loadTaxonomy(organizationId);
  const [rules, histograms, trend, sentiment, wordRows, pending] = await Promise.all([
    taxonomy,
    themeHistograms(filter, narrowing),
    themeTrend(filter, narrowing, suppressN, minN),
    sentimentRows(filter, narrowing, suppressN, minN),
    wordCounts(filter, narrowing),
    taxonomy.then((r: ThemeRule[]) => pendingCount(filter, narrowing, taxonomyHash(r))),
  ]);
  const figures = themeFigures(rules, histograms, { minN, suppressN });
  const q = adjustBenjaminiHochberg(figures.themes.map((t) => t.p));
  const words = distinctiveWords(wordRows, figures.commentedDetractors, figures.commentedPromoters, suppressN, minN);
  return {
    survey: { id: survey.id, name: survey.name },
    range: filter.range,
    n: figures.n,
    commented: figures.commented,
    pending,
    themes: figures.themes.map((theme, index) => ({ ...theme, q: q[index] ?? null, keywords: [...(rules[index]?.keywords ?? [])] })),
    trend,
    sentiment,
    words,
    thresholds: { minN, suppressN },
  };
}
