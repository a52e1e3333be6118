/**
 * The validation report by segment and over time (issue 15): per segment value, and per quarter of the answer, the
 * detractors' and promoters' outcome rates, their ratio (log interval, Katz) and the two-proportion test. Segment p
 * values are Benjamini–Hochberg adjusted across the table (src/lib/multiple-comparisons.ts); small cells are hidden
 * (as src/lib/suppression.ts does, the complementary rule applied to every column at once). Over time, a weighted regression of the log ratio on the quarter says whether the
 * relationship is getting weaker. Pure and isomorphic; the counts come from SQL (src/server/outcomes).
 */
import { adjustBenjaminiHochberg, isDiscovery } from "./multiple-comparisons";
import { roundTo } from "./nps";
import { logTrend, riskRatioInterval, twoProportionTest } from "./proportion-tests";

export type OutcomeCategoryKey = "promoter" | "passive" | "detractor";

/** Contacts of one category in one group (segment value or quarter), and how many had the event. */
export type GroupCategoryCount = { key: string; category: OutcomeCategoryKey; n: number; events: number };

export type Comparison = {
  key: string;
  /** Contacts in the group (all three categories). */
  n: number;
  detractors: number;
  promoters: number;
  detractorRate: number | null;
  promoterRate: number | null;
  /** Detractors' rate / promoters' (2 decimals) with its 95 % log interval; null when a side had no events. */
  ratio: number | null;
  ratioLow: number | null;
  ratioHigh: number | null;
  /** Detractors' rate − promoters', 4 decimals. */
  difference: number | null;
  /** Two-proportion test, two-sided, 4 decimals; null when undefined. */
  p: number | null;
  /** Hidden because a count is below the privacy threshold ("small") or would reveal one ("complementary"). */
  suppressed: "small" | "complementary" | null;
};

export type SegmentComparison = Comparison & {
  /** BH-adjusted p across the table's shown rows (4 decimals) and whether it is below 0.05. */
  q: number | null;
  significant: boolean;
};

type Totals = { key: string; n: number; d: { n: number; events: number }; p: { n: number; events: number } };

function totalsByKey(rows: readonly GroupCategoryCount[]): Totals[] {
  const byKey = new Map<string, Totals>();
  for (const row of rows) {
    const t = byKey.get(row.key) ?? { key: row.key, n: 0, d: { n: 0, events: 0 }, p: { n: 0, events: 0 } };
    t.n += row.n;
    if (row.category === "detractor") {
      t.d.n += row.n;
      t.d.events += row.events;
    } else if (row.category === "promoter") {
      t.p.n += row.n;
      t.p.events += row.events;
    }
    byKey.set(row.key, t);
  }
  return [...byKey.values()];
}

/** The group's comparison and its unrounded p (for the BH adjustment). */
function compare(t: Totals, suppressed: Comparison["suppressed"]): { comparison: Comparison; rawP: number | null } {
  const base = { key: t.key, n: t.n, detractors: t.d.n, promoters: t.p.n };
  if (suppressed) {
    return {
      comparison: { ...base, detractorRate: null, promoterRate: null, ratio: null, ratioLow: null, ratioHigh: null, difference: null, p: null, suppressed },
      rawP: null,
    };
  }
  const test = twoProportionTest(t.d.events, t.d.n, t.p.events, t.p.n);
  const rr = t.d.n && t.p.n ? riskRatioInterval(t.d.events, t.d.n, t.p.events, t.p.n) : null;
  const comparison: Comparison = {
    ...base,
    detractorRate: t.d.n ? roundTo(t.d.events / t.d.n, 4) : null,
    promoterRate: t.p.n ? roundTo(t.p.events / t.p.n, 4) : null,
    ratio: rr ? roundTo(rr.ratio, 2) : test?.ratio == null ? null : roundTo(test.ratio, 2),
    ratioLow: rr ? roundTo(rr.low, 2) : null,
    ratioHigh: rr ? roundTo(rr.high, 2) : null,
    difference: test ? roundTo(test.difference, 4) : null,
    p: test?.p == null ? null : roundTo(test.p, 4),
    suppressed: null,
  };
  return { comparison, rawP: test?.p ?? null };
}

/**
 * Which segments to hide: those with a small count in any column (contacts, detractors, promoters), then — one
 * segment at a time, the smallest by contacts first, the same order for every column — more, until no column's
 * hidden cells could be worked out from the report's totals (at least two hidden with suppressN or more together).
 */
function segmentReasons(totals: readonly Totals[], suppressN: number): ("small" | "complementary" | null)[] {
  const small = (n: number) => n > 0 && n < suppressN;
  const columns: ((t: Totals) => number)[] = [(t) => t.n, (t) => t.d.n, (t) => t.p.n];
  const reasons: ("small" | "complementary" | null)[] = totals.map((t) => (columns.some((c) => small(c(t))) ? "small" : null));
  for (;;) {
    const hidden = totals.filter((_, i) => reasons[i] !== null);
    if (hidden.length === 0) break;
    const exposed = columns.some((c) => {
      const sum = hidden.reduce((s, t) => s + c(t), 0);
      return sum > 0 && (hidden.length < 2 || sum < suppressN);
    });
    if (!exposed) break;
    // The smallest visible segment with contacts (the later one on ties: totals come largest first).
    let pick = -1;
    totals.forEach((t, i) => {
      if (reasons[i] === null && t.n > 0 && (pick < 0 || t.n <= totals[pick]!.n)) pick = i;
    });
    if (pick < 0) break;
    reasons[pick] = "complementary";
  }
  return reasons;
}

/**
 * Detractors vs promoters per segment value, largest segment first. A segment is hidden when its contacts, its
 * detractors or its promoters are below suppressN, and complementarily so a hidden one cannot be worked out from the
 * others and the report's totals. q: BH over the shown rows' p.
 */
export function compareSegments(rows: readonly GroupCategoryCount[], suppressN: number): SegmentComparison[] {
  const totals = totalsByKey(rows).sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const reasons = segmentReasons(totals, suppressN);
  const compared = totals.map((t, i) => compare(t, reasons[i] ?? null));
  const q = adjustBenjaminiHochberg(compared.map((c) => c.rawP));
  return compared.map(({ comparison }, i) => {
    const value = q[i] ?? null;
    return { ...comparison, q: value === null ? null : roundTo(value, 4), significant: isDiscovery(value) };
  });
}

export type PeriodTrend = {
  /** Factor by which the ratio changes per quarter (exp of the slope), 3 decimals, with its 95 % interval. */
  factorPerQuarter: number;
  factorLow: number;
  factorHigh: number;
  p: number;
  periods: number;
  /** weakening: the ratio moves towards 1 (p < 0.05); strengthening: away from 1; stable: no evidence of change. */
  direction: "weakening" | "strengthening" | "stable";
};

export type OverTime = { periods: Comparison[]; trend: PeriodTrend | null };

/** "2026-Q3" → 2026·4 + 2, so gaps between quarters count. */
function quarterIndex(key: string): number | null {
  const match = /^(\d{4})-Q([1-4])$/.exec(key);
  return match ? Number(match[1]) * 4 + Number(match[2]) - 1 : null;
}

/**
 * Detractors vs promoters per quarter (keys "YYYY-Qn", oldest first; small cells hidden) and the trend of the log
 * ratio over the quarters: is the relationship getting weaker?
 */
export function compareOverTime(rows: readonly GroupCategoryCount[], suppressN: number): OverTime {
  const small = (n: number) => n > 0 && n < suppressN;
  const periods = totalsByKey(rows)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((t) => compare(t, small(t.n) || small(t.d.n) || small(t.p.n) ? "small" : null).comparison);
  const points = periods.flatMap((period) => {
    const x = quarterIndex(period.key);
    const t = totalsByKey(rows.filter((r) => r.key === period.key))[0]!;
    const rr = period.suppressed || x === null ? null : riskRatioInterval(t.d.events, t.d.n, t.p.events, t.p.n);
    return rr && x !== null ? [{ x, logValue: Math.log(rr.ratio), se: rr.se }] : [];
  });
  const fit = logTrend(points);
  if (!fit) return { periods, trend: null };
  // Towards or away from 1: the sign of the pooled log ratio against the slope's.
  const pooled = points.reduce((s, pt) => s + pt.logValue / pt.se ** 2, 0) / points.reduce((s, pt) => s + 1 / pt.se ** 2, 0);
  const direction = fit.p >= 0.05 ? "stable" : Math.sign(fit.slope) === -Math.sign(pooled) ? "weakening" : "strengthening";
  return {
    periods,
    trend: {
      factorPerQuarter: roundTo(Math.exp(fit.slope), 3),
      factorLow: roundTo(Math.exp(fit.slope - 1.96 * fit.se), 3),
      factorHigh: roundTo(Math.exp(fit.slope + 1.96 * fit.se), 3),
      p: roundTo(fit.p, 4),
      periods: fit.periods,
      direction,
    },
  };
}
