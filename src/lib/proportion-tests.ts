/**
 * Proportions and their tests, for the outcomes validation report (issue 15): the Wilson interval, the
 * two-proportion z test, Pearson's chi-square test of independence (no continuity correction) with its p from the
 * chi-square distribution, the sample size to see a difference, and the t interval of a mean.
 *
 * Pure and isomorphic. The normal and Student-t distributions are the ones in ./nps (one implementation).
 */
import { normalCdf, normalQuantile, studentTQuantile, Z_95 } from "./nps";

export type Interval = { low: number; high: number };

function assertCounts(events: number, n: number): void {
  if (!Number.isInteger(events) || !Number.isInteger(n) || events < 0 || n < 0 || events > n) {
    throw new RangeError(`expected integers 0 ≤ events ≤ n, got events=${String(events)}, n=${String(n)}`);
  }
}

/**
 * Wilson score interval of a proportion events/n (95 % with the default z = 1.96); null when n = 0.
 * Stays inside [0, 1] and is sensible at 0 and n events, unlike the Wald interval.
 */
export function wilsonInterval(events: number, n: number, z: number = Z_95): Interval | null {
  assertCounts(events, n);
  if (n === 0) return null;
  const p = events / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export type TwoProportionTest = {
  /** p₁ − p₂. */
  difference: number;
  /** p₁ / p₂; null when p₂ = 0. */
  ratio: number | null;
  z: number;
  /** Two-sided p of the pooled z test; null when it is undefined (a side with n = 0, or no events or all events). */
  p: number | null;
};

/** Two-sided pooled two-proportion z test of x₁/n₁ against x₂/n₂; null when a side has no one in it. */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): TwoProportionTest | null {
  assertCounts(x1, n1);
  assertCounts(x2, n2);
  if (n1 === 0 || n2 === 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se === 0 ? 0 : (p1 - p2) / se;
  return { difference: p1 - p2, ratio: p2 === 0 ? null : p1 / p2, z, p: se === 0 ? null : 2 * normalCdf(-Math.abs(z)) };
}

/**
 * P(X ≥ x) for X chi-square with an integer number of degrees of freedom (exact closed forms: the Poisson sum for
 * even df, the normal tail plus a finite series for odd df).
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`df must be a positive integer, got ${String(df)}`);
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (df % 2 === 0) {
    const half = x / 2;
    let term = Math.exp(-half);
    let sum = term;
    for (let i = 1; i < df / 2; i++) {
      term *= half / i;
      sum += term;
    }
    return Math.min(1, sum);
  }
  const root = Math.sqrt(x);
  let sum = 2 * normalCdf(-root);
  // 2φ(√x)·Σ_{k=1}^{(df−1)/2} x^{(2k−1)/2} / (1·3·…·(2k−1))
  let term = Math.sqrt(2 / Math.PI) * Math.exp(-x / 2) * root;
  for (let k = 1; k <= (df - 1) / 2; k++) {
    if (k > 1) term *= x / (2 * k - 1);
    sum += term;
  }
  return Math.min(1, sum);
}

export type ChiSquareTest = { statistic: number; df: number; p: number };

/**
 * Pearson's chi-square test of independence on an r × c table of counts, without continuity correction. Rows and
 * columns whose total is 0 are left out (they carry no information and would divide by zero); null when fewer than
 * two rows or two columns remain.
 */
export function chiSquareIndependence(table: readonly (readonly number[])[]): ChiSquareTest | null {
  for (const row of table) {
    for (const cell of row) {
      if (!Number.isInteger(cell) || cell < 0) throw new RangeError(`counts must be non-negative integers, got ${String(cell)}`);
    }
  }
  const columns = Math.max(0, ...table.map((row) => row.length));
  const rowTotals = table.map((row) => row.reduce((s, v) => s + v, 0));
  const columnTotals = Array.from({ length: columns }, (_, j) => table.reduce((s, row) => s + (row[j] ?? 0), 0));
  const rows = table.map((_, i) => i).filter((i) => rowTotals[i]! > 0);
  const cols = columnTotals.map((_, j) => j).filter((j) => columnTotals[j]! > 0);
  if (rows.length < 2 || cols.length < 2) return null;
  const total = rowTotals.reduce((s, v) => s + v, 0);
  let statistic = 0;
  for (const i of rows) {
    for (const j of cols) {
      const expected = (rowTotals[i]! * columnTotals[j]!) / total;
      const diff = (table[i]![j] ?? 0) - expected;
      statistic += (diff * diff) / expected;
    }
  }
  const df = (rows.length - 1) * (cols.length - 1);
  return { statistic, df, p: chiSquareSurvival(statistic, df) };
}

/**
 * Contacts needed in EACH of two groups to detect a rise of `difference` from a base rate `base` with a two-sided
 * test at `alpha` and the given power (the normal-approximation formula of Fleiss, without continuity correction).
 */
export function sampleSizeForDifference(base: number, difference: number, { alpha = 0.05, power = 0.8 } = {}): number {
  const p1 = Math.min(Math.max(base, 0), 1);
  const p2 = Math.min(p1 + difference, 1);
  const delta = Math.abs(p2 - p1);
  if (delta === 0) return Number.POSITIVE_INFINITY;
  const mean = (p1 + p2) / 2;
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const root = za * Math.sqrt(2 * mean * (1 - mean)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((root * root) / (delta * delta));
}

export type MeanInterval = { mean: number; low: number | null; high: number | null };

/**
 * Mean of n values from their sum and sum of squares, with a 95 % Student-t interval (null bounds when n < 2);
 * null when n = 0.
 */
export function meanWithTInterval(n: number, sum: number, sumSquares: number, level = 0.95): MeanInterval | null {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${String(n)}`);
  if (n === 0) return null;
  const mean = sum / n;
  if (n < 2) return { mean, low: null, high: null };
  const variance = Math.max(0, (sumSquares - n * mean * mean) / (n - 1));
  const half = studentTQuantile(1 - (1 - level) / 2, n - 1) * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half };
}

/**
 * 95 % interval of the risk ratio (x₁/n₁) / (x₂/n₂) on the log scale (Katz et al. 1978):
 * ln RR ± z·√(1/x₁ − 1/n₁ + 1/x₂ − 1/n₂). Null when either side has no events (the log is undefined) or n = 0.
 */
export function riskRatioInterval(x1: number, n1: number, x2: number, n2: number, z: number = Z_95): (Interval & { ratio: number; se: number }) | null {
  assertCounts(x1, n1);
  assertCounts(x2, n2);
  if (x1 === 0 || x2 === 0) return null;
  const ratio = x1 / n1 / (x2 / n2);
  const se = Math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
  return { ratio, se, low: ratio * Math.exp(-z * se), high: ratio * Math.exp(z * se) };
}

export type LogTrend = {
  /** Estimated change of the log value per period; exp(slope) is the factor per period. */
  slope: number;
  se: number;
  z: number;
  /** Two-sided p of slope = 0. */
  p: number;
  periods: number;
};

/**
 * Inverse-variance weighted least-squares slope of log values over period indices (a meta-regression of log risk
 * ratios on time): weights 1/se², slope = Σw(x − x̄)(y − ȳ) / Σw(x − x̄)², SE = 1/√Σw(x − x̄)², z test.
 * Null with fewer than three points or no spread in x.
 */
export function logTrend(points: readonly { x: number; logValue: number; se: number }[]): LogTrend | null {
  const usable = points.filter((pt) => Number.isFinite(pt.logValue) && pt.se > 0 && Number.isFinite(pt.se));
  if (usable.length < 3) return null;
  const weights = usable.map((pt) => 1 / (pt.se * pt.se));
  const sumW = weights.reduce((s, w) => s + w, 0);
  const meanX = usable.reduce((s, pt, i) => s + weights[i]! * pt.x, 0) / sumW;
  const meanY = usable.reduce((s, pt, i) => s + weights[i]! * pt.logValue, 0) / sumW;
  let sxx = 0;
  let sxy = 0;
  usable.forEach((pt, i) => {
    sxx += weights[i]! * (pt.x - meanX) ** 2;
    sxy += weights[i]! * (pt.x - meanX) * (pt.logValue - meanY);
  });
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const se = 1 / Math.sqrt(sxx);
  const z = slope / se;
  return { slope, se, z, p: 2 * normalCdf(-Math.abs(z)), periods: usable.length };
}
