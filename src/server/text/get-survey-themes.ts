import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { compareNps, npsFromHistogram, roundTo, sampleStatus, toApiStats, type NpsStats } from "@/lib/nps";
import type { ApiNpsStats } from "@/lib/nps";
import { surveyIdSchema } from "@/schemas/survey";
import type { ThemeLabel } from "@/schemas/text";
import { readNpsParams } from "@/server/api/read-nps-params";
import { HISTOGRAM_SUMS, querySerial, resolveFilter, responseWhere, rollupSource, type AnalyticsFilter } from "@/server/analytics/filter";
import { assertKnownDimensions } from "@/server/attributes/assert-known-dimensions";
import { db } from "@/server/db";
import type { ThemeRule } from "@/lib/text/themes";
import { loadTaxonomy } from "./taxonomy";
import { themeAggregateSource, themeNarrowing, type ThemeNarrowing } from "./theme-aggregates";

/** A theme's NPS or its complement's: the API's NPS stats, or every figure null when suppressed (n only). */
export type ThemeNps = (ApiNpsStats & { suppressed: false }) | { n: number; promoters: null; passives: null; detractors: null; nps: null; ciLow: null; ciHigh: null; mean: null; suppressed: true };

export type ApiTheme = {
  key: string;
  label: ThemeLabel;
  /** Responses in the filter whose comment mentions the theme. */
  mentions: number;
  /** mentions / commented responses. */
  share: number | null;
  /** Detractors mentioning it / detractors who commented. */
  detractorShare: number | null;
  nps: ThemeNps;
  /** Respondents in the filter who do not mention it (commented or not). */
  withoutNps: ThemeNps;
  /** Two-sided p of the NPS difference (mentioning vs not), uncorrected; null when either side is suppressed. */
  p: number | null;
};

export type ApiThemes = { n: number; commented: number; themes: ApiTheme[] };

type Row = { key: string | null; commented: number; commentedDetractors: number; commentedPromoters: number } & Record<`h${number}`, number>;

const HISTOGRAM = Prisma.raw(Array.from({ length: 11 }, (_, i) => `count(*) FILTER (WHERE b.score = ${i})::int AS "h${i}"`).join(", "));

/** Per-theme and overall histograms of the filter's answers, with how many commented (read comments only). */
export async function themeHistograms(
  filter: AnalyticsFilter,
  /** What the theme pre-aggregate reads for this filter; null: the raw rows (a filter it cannot answer, or forced). */
  narrowing: ThemeNarrowing | null = themeNarrowing(filter),
): Promise<{ overall: Row; themes: Map<string, number[]> }> {
  const rows = narrowing ? await aggregateHistograms(filter, narrowing) : await rawHistograms(filter);
  const histogram = (row: Row) => Array.from({ length: 11 }, (_, i) => row[`h${i}`] ?? 0);
  const overall = rows.find((r) => r.key === null)!;
  return { overall, themes: new Map(rows.filter((r) => r.key !== null).map((r) => [r.key!, histogram(r)])) };
}

/** From the raw rows: any filter (several narrowings, a member's units). */
function rawHistograms(filter: AnalyticsFilter): Promise<Row[]> {
  return db.$queryRaw<Row[]>`
    WITH b AS (
      SELECT r.score, x.themes FROM "Response" r
      LEFT JOIN "ResponseText" x ON x."organizationId" = r."organizationId" AND x."responseId" = r.id
      WHERE ${responseWhere(filter)} AND r.score IS NOT NULL
    )
    SELECT NULL::text AS key, ${HISTOGRAM}, count(*) FILTER (WHERE b.themes IS NOT NULL)::int AS commented,
           count(*) FILTER (WHERE b.themes IS NOT NULL AND b.score <= 6)::int AS "commentedDetractors",
           count(*) FILTER (WHERE b.themes IS NOT NULL AND b.score >= 9)::int AS "commentedPromoters"
    FROM b
    UNION ALL
    SELECT t.key, ${HISTOGRAM}, 0, 0, 0 FROM b CROSS JOIN LATERAL unnest(b.themes) AS t(key) GROUP BY t.key`;
}

const SUMS = Prisma.raw(Array.from({ length: 11 }, (_, i) => `coalesce(sum(t."h${i}"), 0)::int AS "h${i}"`).join(", "));
const SCORED = Array.from({ length: 11 }, (_, i) => `t."h${i}"`).join(" + ");

/**
 * From the pre-aggregates (docs/decisions/0031): every answer's histogram from "ResponseAggregate" (rollupSource),
 * the read comments' and each theme's from "ThemeAggregate" — the same figures as rawHistograms.
 */
function aggregateHistograms(filter: AnalyticsFilter, narrowing: ThemeNarrowing): Promise<Row[]> {
  return querySerial<Row>(Prisma.sql`
    WITH t AS (SELECT * FROM ${themeAggregateSource(filter, narrowing, ["c", "t"])} t)
    SELECT NULL::text AS key, a.*, c.commented, c."commentedDetractors", c."commentedPromoters"
    FROM (SELECT ${HISTOGRAM_SUMS} FROM ${rollupSource(filter)} r) a
    CROSS JOIN (
      SELECT coalesce(sum(${Prisma.raw(SCORED)}), 0)::int AS commented,
             coalesce(sum(t."h0" + t."h1" + t."h2" + t."h3" + t."h4" + t."h5" + t."h6"), 0)::int AS "commentedDetractors",
             coalesce(sum(t."h9" + t."h10"), 0)::int AS "commentedPromoters"
      FROM t WHERE t."kind" = 'c'
    ) c
    UNION ALL
    SELECT t.key, ${SUMS}, 0, 0, 0 FROM t WHERE t."kind" = 't' GROUP BY t.key HAVING sum(${Prisma.raw(SCORED)}) <> 0`);
}

function themeNps(stats: NpsStats, suppressed: boolean): ThemeNps {
  if (suppressed) {
    return { n: stats.n, promoters: null, passives: null, detractors: null, nps: null, ciLow: null, ciHigh: null, mean: null, suppressed: true };
  }
  return { ...toApiStats(stats), suppressed: false };
}

/**
 * GET /api/v1/surveys/{id}/themes: for the NPS endpoint's filters, each theme of the organisation's taxonomy with its
 * mentions, share of comments and of detractors' comments, the NPS of those who mention it and of those who do not,
 * and the p of their difference. A side below the organisation's suppression threshold shows n only — and then its
 * complement is suppressed too, or the hidden side could be recovered by subtraction from the overall figure.
 */
export async function getSurveyThemes({
  organizationId,
  surveyId,
  searchParams,
  now = new Date(),
}: {
  organizationId: string;
  surveyId: string;
  searchParams: URLSearchParams;
  now?: Date;
}): Promise<ApiThemes> {
  const id = surveyIdSchema.safeParse(surveyId);
  if (!id.success) throw new AppError("not_found", "Survey not found.");
  const { query, groupBy } = readNpsParams(searchParams, id.data);
  if (groupBy !== null) throw new AppError("bad_request", "groupBy does not apply to themes; narrow with the filters instead.");
  const survey = await db.survey.findFirst({
    where: { id: id.data, organizationId },
    select: { id: true, organization: { select: { timeZone: true, suppressN: true, minN: true } } },
  });
  if (!survey) throw new AppError("not_found", "Survey not found.");
  await assertKnownDimensions({ organizationId, attributes: query.attributes, groupBy: null });
  const { timeZone, suppressN, minN } = survey.organization;
  const filter = resolveFilter({ ...query, survey: [survey.id] }, { organizationId, timeZone }, now);
  const [rules, histograms] = await Promise.all([loadTaxonomy(organizationId), themeHistograms(filter)]);
  const { n, commented, themes } = themeFigures(rules, histograms, { minN, suppressN });
  // The API's contract: the view's extra figure (promoterShare) stays out.
  return {
    n,
    commented,
    themes: themes.map((theme): ApiTheme => ({
      key: theme.key,
      label: theme.label,
      mentions: theme.mentions,
      share: theme.share,
      detractorShare: theme.detractorShare,
      nps: theme.nps,
      withoutNps: theme.withoutNps,
      p: theme.p,
    })),
  };
}

/** A theme's API figures plus what the "What customers say" view shows beside them. */
export type ThemeFigures = ApiTheme & {
  /** Promoters mentioning it / promoters who commented; null when suppressed. */
  promoterShare: number | null;
};

/**
 * Each rule's figures from the histograms (the API's and the view's one implementation): mentions, shares, the NPS
 * with and without the theme and the p of their difference, with the suppression rule of getSurveyThemes.
 */
export function themeFigures(
  rules: readonly ThemeRule[],
  { overall, themes }: Awaited<ReturnType<typeof themeHistograms>>,
  thresholds: { minN: number; suppressN: number },
): { n: number; commented: number; commentedDetractors: number; commentedPromoters: number; themes: ThemeFigures[] } {
  const total = Array.from({ length: 11 }, (_, i) => overall[`h${i}`] ?? 0);
  const n = total.reduce((s, v) => s + v, 0);
  const suppressed = (count: number) => sampleStatus(count, thresholds) === "suppressed";
  return {
    n,
    commented: overall.commented,
    commentedDetractors: overall.commentedDetractors,
    commentedPromoters: overall.commentedPromoters,
    themes: rules.map((rule) => {
      const withIt = themes.get(rule.key) ?? Array.from({ length: 11 }, () => 0);
      const without = total.map((count, i) => count - withIt[i]!);
      const a = npsFromHistogram(withIt);
      const b = npsFromHistogram(without);
      const hidden = suppressed(a.n) || suppressed(b.n);
      const detractorMentions = withIt.slice(0, 7).reduce((s, v) => s + v, 0);
      const promoterMentions = withIt.slice(9).reduce((s, v) => s + v, 0);
      return {
        key: rule.key,
        label: { "zh-CN": rule.labelZh, en: rule.labelEn },
        mentions: a.n,
        share: overall.commented ? roundTo(a.n / overall.commented, 4) : null,
        detractorShare: hidden ? null : overall.commentedDetractors ? roundTo(detractorMentions / overall.commentedDetractors, 4) : null,
        nps: themeNps(a, hidden),
        withoutNps: themeNps(b, hidden),
        p: hidden || a.n === 0 || b.n === 0 ? null : roundTo(compareNps(a, b).pValue, 4),
        promoterShare: hidden ? null : overall.commentedPromoters ? roundTo(promoterMentions / overall.commentedPromoters, 4) : null,
      };
    }),
  };
}
