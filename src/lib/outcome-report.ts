/**
 * The validation report's figures from per-score counts (issue 15): per NPS category the contacts, those with the
 * event and the rate with its Wilson interval; detractors against promoters (ratio, difference, two-proportion
 * test); the chi-square test of the 3 × 2 table; the rate per score point; the plain verdict.
 *
 * Pure: the SQL gives one row per score 0–10 (src/server/outcomes/get-outcome-report.ts).
 */
import { classifyScore, roundTo } from "./nps";
import { chiSquareIndependence, meanWithTInterval, sampleSizeForDifference, twoProportionTest, wilsonInterval } from "./proportion-tests";
import type { ApiOutcomeReport } from "@/schemas/outcome";

/** Contacts with their latest mature answer at this score, how many had the event, and their amounts in the window. */
export type ScoreRow = { score: number; n: number; events: number; amountSum: number; amountSquares: number };

export type ScorePoint = { score: number; n: number; events: number | null; rate: number | null; ciLow: number | null; ciHigh: number | null; suppressed: boolean };

export type OutcomeVerdict =
  | { kind: "not_enough" }
  | { kind: "higher" | "lower"; ratio: number | null; difference: number; p: number; pBelow: boolean }
  | { kind: "no_evidence"; p: number | null; nNeeded: number | null };

export type OutcomeReport = { api: ApiOutcomeReport; scores: ScorePoint[]; verdict: OutcomeVerdict };

const CATEGORY_KEYS = { PROMOTER: "promoter", PASSIVE: "passive", DETRACTOR: "detractor" } as const;
const ORDER = ["promoter", "passive", "detractor"] as const;

/** p rounded to 4 decimals, with values below 0.0001 as 0.0001 and pBelow. */
export function reportP(p: number): { p: number; pBelow?: true } {
  return p < 0.0001 ? { p: 0.0001, pBelow: true } : { p: roundTo(p, 4) };
}

/**
 * Score points below the suppression threshold show n only; when a category would have exactly one hidden point,
 * its smallest other point is hidden too, or the hidden one could be recovered from the category's figures.
 */
export function hiddenScores(rows: readonly ScoreRow[], suppressN: number): Set<number> {
  const hidden = new Set(rows.filter((r) => r.n > 0 && r.n < suppressN).map((r) => r.score));
  for (const key of ORDER) {
    const members = rows.filter((r) => CATEGORY_KEYS[classifyScore(r.score)] === key && r.n > 0);
    const shown = members.filter((r) => !hidden.has(r.score));
    if (members.length - shown.length === 1 && shown.length > 0) {
      const smallest = shown.reduce((a, b) => (b.n < a.n ? b : a));
      hidden.add(smallest.score);
    }
  }
  return hidden;
}

export function buildOutcomeReport(input: {
  type: string;
  windowDays: 90 | 180 | 365;
  excludedTooRecent: number;
  rows: readonly ScoreRow[];
  suppressN: number;
}): OutcomeReport {
  const { rows, suppressN } = input;
  const totals = Object.fromEntries(ORDER.map((k) => [k, { n: 0, events: 0, amountSum: 0, amountSquares: 0 }])) as Record<
    (typeof ORDER)[number],
    { n: number; events: number; amountSum: number; amountSquares: number }
  >;
  for (const row of rows) {
    const t = totals[CATEGORY_KEYS[classifyScore(row.score)]];
    t.n += row.n;
    t.events += row.events;
    t.amountSum += row.amountSum;
    t.amountSquares += row.amountSquares;
  }
  const suppressed = (n: number) => n > 0 && n < suppressN;
  const groups: ApiOutcomeReport["groups"] = ORDER.map((key) => {
    const t = totals[key];
    if (suppressed(t.n)) return { key, n: t.n, events: null, rate: null, ciLow: null, ciHigh: null, suppressed: true as const };
    const interval = wilsonInterval(t.events, t.n);
    const group: ApiOutcomeReport["groups"][number] = {
      key,
      n: t.n,
      events: t.events,
      rate: t.n ? roundTo(t.events / t.n, 4) : null,
      ciLow: interval ? roundTo(interval.low, 4) : null,
      ciHigh: interval ? roundTo(interval.high, 4) : null,
    };
    if (input.type === "revenue") {
      const mean = meanWithTInterval(t.n, t.amountSum, t.amountSquares);
      Object.assign(group, {
        meanAmount: mean ? roundTo(mean.mean, 2) : null,
        meanLow: mean?.low == null ? null : roundTo(mean.low, 2),
        meanHigh: mean?.high == null ? null : roundTo(mean.high, 2),
      });
    }
    return group;
  });

  const anySuppressed = ORDER.some((k) => suppressed(totals[k].n));
  const d = totals.detractor;
  const pr = totals.promoter;
  const test = suppressed(d.n) || suppressed(pr.n) ? null : twoProportionTest(d.events, d.n, pr.events, pr.n);
  const detractorVsPromoter: ApiOutcomeReport["detractorVsPromoter"] = test
    ? {
        ratio: test.ratio === null ? null : roundTo(test.ratio, 2),
        difference: roundTo(test.difference, 4),
        ...(test.p === null ? { p: null } : reportP(test.p)),
      }
    : null;
  const chi = anySuppressed ? null : chiSquareIndependence(ORDER.map((k) => [totals[k].events, totals[k].n - totals[k].events]));
  const chiSquare: ApiOutcomeReport["chiSquare"] = chi ? { statistic: roundTo(chi.statistic, 2), df: chi.df, ...reportP(chi.p) } : null;

  const hidden = hiddenScores(rows, suppressN);
  const scores: ScorePoint[] = Array.from({ length: 11 }, (_, score) => {
    const row = rows.find((r) => r.score === score) ?? { score, n: 0, events: 0, amountSum: 0, amountSquares: 0 };
    if (hidden.has(score)) return { score, n: row.n, events: null, rate: null, ciLow: null, ciHigh: null, suppressed: true };
    const interval = wilsonInterval(row.events, row.n);
    return {
      score,
      n: row.n,
      events: row.events,
      rate: row.n ? roundTo(row.events / row.n, 4) : null,
      ciLow: interval ? roundTo(interval.low, 4) : null,
      ciHigh: interval ? roundTo(interval.high, 4) : null,
      suppressed: false,
    };
  });

  let verdict: OutcomeVerdict;
  if (!test || pr.n === 0 || d.n === 0) {
    verdict = { kind: "not_enough" };
  } else if (test.p !== null && test.p < 0.05) {
    verdict = { kind: test.difference > 0 ? "higher" : "lower", ratio: test.ratio, difference: test.difference, p: test.p, pBelow: test.p < 0.001 };
  } else {
    // Contacts per group needed to see detractors' rate 5 points above promoters' (α 0.05, power 0.8).
    const needed = sampleSizeForDifference(pr.events / pr.n, 0.05);
    verdict = { kind: "no_evidence", p: test.p, nNeeded: Number.isFinite(needed) ? needed : null };
  }

  return {
    api: { type: input.type, windowDays: input.windowDays, excludedTooRecent: input.excludedTooRecent, groups, detractorVsPromoter, chiSquare },
    scores,
    verdict,
  };
}
