/**
 * NPS maths — the single implementation used by the whole product.
 *
 * Pure and isomorphic: no I/O, no imports, no globals, safe in the browser,
 * in server components, in route handlers and in scripts.
 *
 * Conventions
 * - "points" means NPS units on the −100..100 scale (NPS 25 = 25 points).
 * - Shares (`promoterShare` …) are fractions in 0..1.
 * - Skipped answers (null/undefined) are never counted: the denominator is
 *   the number of respondents who answered the NPS question.
 * - Invalid input (negative counts, non-integer scores, inconsistent
 *   aggregates …) throws a `RangeError`; empty input (n = 0) never throws and
 *   yields `null` figures instead.
 */

// ---------------------------------------------------------------------------
// Scores and categories
// ---------------------------------------------------------------------------

export type NpsCategory = "PROMOTER" | "PASSIVE" | "DETRACTOR";

export const NPS_MIN_SCORE = 0;
export const NPS_MAX_SCORE = 10;
/** Lowest score counted as a promoter (9–10). */
export const PROMOTER_MIN_SCORE = 9;
/** Lowest score counted as a passive (7–8); everything below is a detractor (0–6). */
export const PASSIVE_MIN_SCORE = 7;

/** z value used for every 95 % interval on NPS (product spec: 1.96). */
export const Z_95 = 1.96;

/** True for an integer 0..10 of type number (strings such as "7" are rejected). */
export function isValidScore(score: unknown): score is number {
  return (
    typeof score === "number" &&
    Number.isInteger(score) &&
    score >= NPS_MIN_SCORE &&
    score <= NPS_MAX_SCORE
  );
}

/** Promoter 9–10, passive 7–8, detractor 0–6. Throws RangeError on anything that is not an integer 0..10. */
export function classifyScore(score: number): NpsCategory {
  if (!isValidScore(score)) {
    throw new RangeError(`Invalid NPS score: ${String(score)} (expected an integer ${NPS_MIN_SCORE}..${NPS_MAX_SCORE})`);
  }
  if (score >= PROMOTER_MIN_SCORE) return "PROMOTER";
  if (score >= PASSIVE_MIN_SCORE) return "PASSIVE";
  return "DETRACTOR";
}

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

/**
 * Aggregates as SQL can produce them, e.g.
 *   COUNT(*) FILTER (WHERE score >= 9)              AS promoters,
 *   COUNT(*) FILTER (WHERE score BETWEEN 7 AND 8)   AS passives,
 *   COUNT(*) FILTER (WHERE score <= 6)              AS detractors,
 *   SUM(score)                                      AS sum,
 *   SUM(score * score)                              AS "sumSquares"
 * (convert bigint/numeric driver results to number first).
 * `sum` enables the mean; `sumSquares` additionally enables the mean's CI.
 */
export type NpsCounts = {
  promoters: number;
  passives: number;
  detractors: number;
  sum?: number;
  sumSquares?: number;
};

/** Minimal input for NPS inference: n answers, of which `promoters` and `detractors`. */
export type NpsSample = { n: number; promoters: number; detractors: number };

export type NpsStats = {
  /** Respondents who answered (promoters + passives + detractors). */
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Raw NPS in points (−100..100); null when n = 0. */
  nps: number | null;
  /** Adjusted-Wald 95 % CI in points, clipped to [−100, 100]; null when n = 0. */
  ciLow: number | null;
  ciHigh: number | null;
  /** Mean 0–10 score; null when n = 0 or when no `sum` is known. */
  mean: number | null;
  /** t-based 95 % CI of the mean, clipped to [0, 10]; null when n < 2 or no `sumSquares`. */
  meanCiLow: number | null;
  meanCiHigh: number | null;
  /** Fractions 0..1; null when n = 0. */
  promoterShare: number | null;
  passiveShare: number | null;
  detractorShare: number | null;
};

export type AdjustedWaldResult = {
  /** Adjusted NPS' in points (NOT the raw NPS). */
  estimate: number;
  /** Standard error of NPS' in points. */
  se: number;
  /** 95 % interval bounds in points, clipped to [−100, 100]. */
  ciLow: number;
  ciHigh: number;
};

export type NpsComparison = {
  /** Raw NPS of a − raw NPS of b, in points (0 when either side has no answers). */
  difference: number;
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  /** p < 0.05. */
  significant: boolean;
};

export type ApiNpsStats = {
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  mean: number | null;
};

// ---------------------------------------------------------------------------
// Validation helpers
// ---------------------------------------------------------------------------

function assertCount(value: number, name: string): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
}

function assertSample(sample: NpsSample, label = "sample"): void {
  assertCount(sample.n, `${label}.n`);
  assertCount(sample.promoters, `${label}.promoters`);
  assertCount(sample.detractors, `${label}.detractors`);
  if (sample.promoters + sample.detractors > sample.n) {
    throw new RangeError(`${label}: promoters + detractors (${sample.promoters + sample.detractors}) exceed n (${sample.n})`);
  }
}

function clip(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Round half away from zero to `decimals` places, robust to binary artefacts (1.005 → 1.01); never returns −0. */
export function roundTo(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** decimals;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor * (1 + Number.EPSILON))) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** Raw NPS in points, or null when n = 0. */
export function rawNps(sample: NpsSample): number | null {
  assertSample(sample);
  if (sample.n === 0) return null;
  return (100 * (sample.promoters - sample.detractors)) / sample.n;
}

// ---------------------------------------------------------------------------
// Normal and Student-t distributions
// ---------------------------------------------------------------------------

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * Standard normal CDF Φ(x), Hart (1968) algorithm 5666 as given by
 * G. West, "Better approximations to cumulative normal functions" (2005).
 * Absolute error ≈ 1e-15, and the lower tail is accurate in relative terms,
 * so 2·Φ(−|z|) is a reliable two-sided p-value even for large |z|.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  let tail: number; // Φ(−|x|)
  if (ax > 37) {
    tail = 0;
  } else {
    const e = Math.exp((-ax * ax) / 2);
    if (ax < 7.07106781186547) {
      let num = 3.52624965998911e-2 * ax + 0.700383064443688;
      num = num * ax + 6.37396220353165;
      num = num * ax + 33.912866078383;
      num = num * ax + 112.079291497871;
      num = num * ax + 221.213596169931;
      num = num * ax + 220.206867912376;
      let den = 8.83883476483184e-2 * ax + 1.75566716318264;
      den = den * ax + 16.064177579207;
      den = den * ax + 86.7807322029461;
      den = den * ax + 296.564248779674;
      den = den * ax + 637.333633378831;
      den = den * ax + 793.826512519948;
      den = den * ax + 440.413735824752;
      tail = (e * num) / den;
    } else {
      let b = ax + 0.65;
      b = ax + 4 / b;
      b = ax + 3 / b;
      b = ax + 2 / b;
      b = ax + 1 / b;
      tail = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

function normalPdf(x: number): number {
  return Math.exp((-x * x) / 2) / SQRT_2PI;
}

/** Generic safeguarded Newton solve of a decreasing function f on [lo, hi] (f(lo) ≥ 0 ≥ f(hi)). */
function solveDecreasing(f: (x: number) => number, negDerivative: (x: number) => number, start: number, lo: number, hi: number): number {
  let x = clip(start, lo, hi);
  let low = lo;
  let high = hi;
  for (let i = 0; i < 200; i++) {
    const fx = f(x);
    if (fx === 0) return x;
    if (fx > 0) low = x;
    else high = x;
    const slope = negDerivative(x);
    let next = slope > 0 ? x + fx / slope : Number.NaN;
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - x) <= 1e-14 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}

/** Inverse of {@link normalCdf}; p in (0, 1). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    throw new RangeError(`normalQuantile: p must be in [0, 1], got ${String(p)}`);
  }
  if (p === 0.5) return 0;
  if (p > 0.5) return -normalQuantile(1 - p);
  // Solve on the lower tail (x < 0), where Φ is accurate in relative terms.
  // g(y) = Φ(−y) − p is decreasing in y = −x.
  const y = solveDecreasing(
    (v) => normalCdf(-v) - p,
    (v) => normalPdf(v),
    Math.sqrt(-2 * Math.log(p)) - 0.8,
    0,
    40,
  );
  return -y;
}

const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS: readonly number[] = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; ~15 significant digits). */
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  LANCZOS_COEFFICIENTS.forEach((c, i) => {
    a += c / (z + i + 1);
  });
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b); `xc` = 1 − x passed separately to avoid cancellation. */
function regularizedBeta(a: number, b: number, x: number, xc: number): number {
  if (x <= 0) return 0;
  if (xc <= 0) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(xc));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, xc)) / b;
}

/** P(T > t) for t ≥ 0, Student t with `df` degrees of freedom. */
function studentTUpperTail(t: number, df: number): number {
  const t2 = t * t;
  return 0.5 * regularizedBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
}

function studentTPdf(t: number, df: number): number {
  return Math.exp(
    logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df),
  );
}

function assertDf(df: number): void {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${String(df)}`);
}

/** Student t CDF with `df` > 0 degrees of freedom (df = Infinity gives the normal CDF). */
export function studentTCdf(t: number, df: number): number {
  assertDf(df);
  if (Number.isNaN(t)) return Number.NaN;
  if (df === Number.POSITIVE_INFINITY) return normalCdf(t);
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const upper = studentTUpperTail(Math.abs(t), df);
  return t >= 0 ? 1 - upper : upper;
}

/** Inverse Student t CDF: the t with P(T ≤ t) = p, for p in (0, 1) and df > 0. */
export function studentTQuantile(p: number, df: number): number {
  assertDf(df);
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    throw new RangeError(`studentTQuantile: p must be in [0, 1], got ${String(p)}`);
  }
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const z = normalQuantile(p);
  if (df > 1000) {
    // Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5); error < 1e-13 for df > 1000.
    if (df === Number.POSITIVE_INFINITY) return z;
    const z2 = z * z;
    const g1 = (z * (z2 + 1)) / 4;
    const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
    const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
    const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
    return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
  }
  // The root finding below costs ~10 µs; a segment table computes one interval per group (and per rest), hundreds for
  // a group-by over relationship managers, with few distinct (p, df): remembered, the same value each time.
  const key = `${p}:${df}`;
  const known = tQuantileCache.get(key);
  if (known !== undefined) return known;
  const value = solveStudentTQuantile(p, df, z);
  if (tQuantileCache.size >= T_QUANTILE_CACHE_MAX) tQuantileCache.clear();
  tQuantileCache.set(key, value);
  return value;
}

const tQuantileCache = new Map<string, number>();
const T_QUANTILE_CACHE_MAX = 10_000;

function solveStudentTQuantile(p: number, df: number, z: number): number {
  const q = 1 - p;
  let hi = Math.max(1, 2 * z);
  while (studentTUpperTail(hi, df) > q) hi *= 2;
  return solveDecreasing(
    (t) => studentTUpperTail(t, df) - q,
    (t) => studentTPdf(t, df),
    z,
    0,
    hi,
  );
}

// ---------------------------------------------------------------------------
// Confidence interval and comparison
// ---------------------------------------------------------------------------

type AdjustedValues = { nps: number; se: number };

function adjustedValues(sample: NpsSample): AdjustedValues {
  const nAdj = sample.n + 3;
  const p = (sample.promoters + 0.75) / nAdj;
  const d = (sample.detractors + 0.75) / nAdj;
  const nps = p - d;
  const variance = Math.max(0, p + d - nps * nps);
  return { nps, se: Math.sqrt(variance / nAdj) };
}

/**
 * Adjusted-Wald 95 % interval for NPS (Rocks 2016): add 3/4 promoter, 3/4
 * detractor and 1.5 passive (n' = n + 3). Works for n = 0 (n' = 3).
 * All outputs are in points; the interval is clipped to [−100, 100].
 */
export function adjustedWald(counts: NpsSample): AdjustedWaldResult {
  assertSample(counts, "counts");
  const { nps, se } = adjustedValues(counts);
  return {
    estimate: 100 * nps,
    se: 100 * se,
    ciLow: clip(100 * (nps - Z_95 * se), -100, 100),
    ciHigh: clip(100 * (nps + Z_95 * se), -100, 100),
  };
}

/**
 * Difference between two independent NPS values: z on the adjusted-Wald
 * values, two-sided normal p-value, significant when p < 0.05.
 * When either side has no answers there is nothing to compare:
 * difference 0, z 0, p 1, not significant.
 */
export function compareNps(a: NpsSample, b: NpsSample): NpsComparison {
  assertSample(a, "a");
  assertSample(b, "b");
  if (a.n === 0 || b.n === 0) {
    return { difference: 0, z: 0, pValue: 1, significant: false };
  }
  const difference = (100 * (a.promoters - a.detractors)) / a.n - (100 * (b.promoters - b.detractors)) / b.n;
  const adjA = adjustedValues(a);
  const adjB = adjustedValues(b);
  const se = Math.sqrt(adjA.se * adjA.se + adjB.se * adjB.se);
  const z = se > 0 ? (adjA.nps - adjB.nps) / se : 0;
  const pValue = Math.min(1, 2 * normalCdf(-Math.abs(z)));
  return { difference, z, pValue, significant: pValue < 0.05 };
}

// ---------------------------------------------------------------------------
// Stats from counts / scores / histogram
// ---------------------------------------------------------------------------

function meanInterval(n: number, sum: number, sumSquares: number): { low: number; high: number } | null {
  if (n < 2) return null;
  const mean = sum / n;
  const variance = Math.max(0, (sumSquares - n * mean * mean) / (n - 1));
  const half = (studentTQuantile(0.975, n - 1) * Math.sqrt(variance)) / Math.sqrt(n);
  return { low: clip(mean - half, NPS_MIN_SCORE, NPS_MAX_SCORE), high: clip(mean + half, NPS_MIN_SCORE, NPS_MAX_SCORE) };
}

/**
 * Full statistics from category counts (and optionally SUM(score) and
 * SUM(score²) for the mean and its t-based CI). Throws RangeError on negative
 * or non-integer counts and on aggregates that cannot come from these counts.
 */
export function npsFromCounts(counts: NpsCounts): NpsStats {
  const { promoters, passives, detractors, sum, sumSquares } = counts;
  assertCount(promoters, "promoters");
  assertCount(passives, "passives");
  assertCount(detractors, "detractors");
  const n = promoters + passives + detractors;

  if (sum !== undefined) {
    const min = PROMOTER_MIN_SCORE * promoters + PASSIVE_MIN_SCORE * passives;
    const max = NPS_MAX_SCORE * promoters + (PROMOTER_MIN_SCORE - 1) * passives + (PASSIVE_MIN_SCORE - 1) * detractors;
    if (!Number.isFinite(sum) || sum < min || sum > max) {
      throw new RangeError(`sum ${String(sum)} is inconsistent with the counts (expected ${min}..${max})`);
    }
  }
  if (sumSquares !== undefined) {
    const min = PROMOTER_MIN_SCORE ** 2 * promoters + PASSIVE_MIN_SCORE ** 2 * passives;
    const max = NPS_MAX_SCORE ** 2 * promoters + (PROMOTER_MIN_SCORE - 1) ** 2 * passives + (PASSIVE_MIN_SCORE - 1) ** 2 * detractors;
    if (!Number.isFinite(sumSquares) || sumSquares < min || sumSquares > max) {
      throw new RangeError(`sumSquares ${String(sumSquares)} is inconsistent with the counts (expected ${min}..${max})`);
    }
    if (sum !== undefined && n > 0 && sumSquares * n < sum * sum * (1 - 1e-12)) {
      throw new RangeError(`sumSquares ${String(sumSquares)} is too small for sum ${String(sum)} and n ${n}`);
    }
  }

  if (n === 0) {
    return {
      n,
      promoters,
      passives,
      detractors,
      nps: null,
      ciLow: null,
      ciHigh: null,
      mean: null,
      meanCiLow: null,
      meanCiHigh: null,
      promoterShare: null,
      passiveShare: null,
      detractorShare: null,
    };
  }

  const wald = adjustedWald({ n, promoters, detractors });
  const mean = sum === undefined ? null : sum / n;
  const meanCi = sum === undefined || sumSquares === undefined ? null : meanInterval(n, sum, sumSquares);
  return {
    n,
    promoters,
    passives,
    detractors,
    nps: (100 * (promoters - detractors)) / n,
    ciLow: wald.ciLow,
    ciHigh: wald.ciHigh,
    mean,
    meanCiLow: meanCi?.low ?? null,
    meanCiHigh: meanCi?.high ?? null,
    promoterShare: promoters / n,
    passiveShare: passives / n,
    detractorShare: detractors / n,
  };
}

/** Full statistics from an 11-bucket histogram (index = score 0..10, value = number of answers). */
export function npsFromHistogram(histogram: readonly number[]): NpsStats {
  if (histogram.length !== NPS_MAX_SCORE - NPS_MIN_SCORE + 1) {
    throw new RangeError(`histogram must have ${NPS_MAX_SCORE - NPS_MIN_SCORE + 1} buckets, got ${histogram.length}`);
  }
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  let sum = 0;
  let sumSquares = 0;
  histogram.forEach((count, score) => {
    assertCount(count, `histogram[${score}]`);
    const category = classifyScore(score);
    if (category === "PROMOTER") promoters += count;
    else if (category === "PASSIVE") passives += count;
    else detractors += count;
    sum += score * count;
    sumSquares += score * score * count;
  });
  return npsFromCounts({ promoters, passives, detractors, sum, sumSquares });
}

/** Build the 11-bucket histogram; null/undefined (skipped) are ignored, invalid scores throw RangeError. */
export function scoreHistogram(scores: readonly (number | null | undefined)[]): number[] {
  const histogram = new Array<number>(NPS_MAX_SCORE - NPS_MIN_SCORE + 1).fill(0);
  for (const score of scores) {
    if (score === null || score === undefined) continue;
    if (!isValidScore(score)) {
      throw new RangeError(`Invalid NPS score: ${String(score)} (expected an integer ${NPS_MIN_SCORE}..${NPS_MAX_SCORE})`);
    }
    histogram[score - NPS_MIN_SCORE] = (histogram[score - NPS_MIN_SCORE] ?? 0) + 1;
  }
  return histogram;
}

/** Full statistics from raw scores; null/undefined = skipped (not counted), invalid numbers throw RangeError. */
export function npsFromScores(scores: readonly (number | null | undefined)[]): NpsStats {
  return npsFromHistogram(scoreHistogram(scores));
}

/** REST API shape: nps/ciLow/ciHigh/mean rounded to 2 decimals. */
export function toApiStats(stats: NpsStats): ApiNpsStats {
  const r = (value: number | null): number | null => (value === null ? null : roundTo(value, 2));
  return {
    n: stats.n,
    promoters: stats.promoters,
    passives: stats.passives,
    detractors: stats.detractors,
    nps: r(stats.nps),
    ciLow: r(stats.ciLow),
    ciHigh: r(stats.ciHigh),
    mean: r(stats.mean),
  };
}

// ---------------------------------------------------------------------------
// Minimum-n policy
// ---------------------------------------------------------------------------

export type SampleStatus = "ok" | "low" | "suppressed";

/** Below this many answers a figure is shown greyed ("too few responses"). */
export const DEFAULT_MIN_N = 30;
/** Below this many answers segment figures are suppressed entirely. */
export const DEFAULT_SUPPRESS_N = 5;

/** n < suppressN → "suppressed"; otherwise n < minN → "low"; otherwise "ok". */
export function sampleStatus(n: number, thresholds?: { minN?: number; suppressN?: number }): SampleStatus {
  const minN = thresholds?.minN ?? DEFAULT_MIN_N;
  const suppressN = thresholds?.suppressN ?? DEFAULT_SUPPRESS_N;
  if (!(n >= 0)) throw new RangeError(`n must be a non-negative number, got ${String(n)}`);
  if (!(minN >= 0)) throw new RangeError(`minN must be a non-negative number, got ${String(minN)}`);
  if (!(suppressN >= 0)) throw new RangeError(`suppressN must be a non-negative number, got ${String(suppressN)}`);
  if (n < suppressN) return "suppressed";
  if (n < minN) return "low";
  return "ok";
}

// ---------------------------------------------------------------------------
// Empirical-Bayes shrinkage
// ---------------------------------------------------------------------------

/** Minimum k used when the between-unit variance cannot be estimated or is ≤ 0. */
export const SHRINKAGE_FALLBACK_K = 1000;

export type ShrinkageEstimate = {
  /** Shrinkage constant: weight = n / (n + k). */
  k: number;
  /** Pooled within-unit variance of the −1/0/+1 scores (null if not estimable). */
  withinVariance: number | null;
  /** Method-of-moments between-unit variance of the unit means (may be ≤ 0; null if not estimable). */
  betweenVariance: number | null;
  /** True when k is the fallback rather than within/between. */
  fallback: boolean;
};

/**
 * Estimate k = within-unit variance / between-unit variance by the one-way
 * random-effects method of moments (unbalanced ANOVA). Scores are −1/0/+1.
 * When there are fewer than two non-empty units, or the between variance is
 * ≤ 0, k falls back to max(SHRINKAGE_FALLBACK_K, total n) — i.e. strong
 * shrinkage (every unit gets weight ≤ 0.5) while preserving ordering by evidence.
 */
export function estimateShrinkageK(units: readonly NpsSample[]): ShrinkageEstimate {
  units.forEach((u, i) => assertSample(u, `units[${i}]`));
  const nonEmpty = units.filter((u) => u.n > 0);
  const totalN = nonEmpty.reduce((acc, u) => acc + u.n, 0);
  const fallbackK = Math.max(SHRINKAGE_FALLBACK_K, totalN);
  const j = nonEmpty.length;
  if (j < 2 || totalN - j <= 0) {
    return { k: fallbackK, withinVariance: null, betweenVariance: null, fallback: true };
  }
  let withinSs = 0;
  let grand = 0;
  let sumNSquared = 0;
  for (const u of nonEmpty) {
    const p = u.promoters / u.n;
    const d = u.detractors / u.n;
    const m = p - d;
    withinSs += u.n * Math.max(0, p + d - m * m);
    grand += u.promoters - u.detractors;
    sumNSquared += u.n * u.n;
  }
  grand /= totalN;
  let betweenSs = 0;
  for (const u of nonEmpty) {
    const m = (u.promoters - u.detractors) / u.n;
    betweenSs += u.n * (m - grand) ** 2;
  }
  const withinVariance = withinSs / (totalN - j);
  const msb = betweenSs / (j - 1);
  const n0 = (totalN - sumNSquared / totalN) / (j - 1);
  const betweenVariance = (msb - withinVariance) / n0;
  if (!(betweenVariance > 0) || !Number.isFinite(betweenVariance)) {
    return { k: fallbackK, withinVariance, betweenVariance, fallback: true };
  }
  return { k: withinVariance / betweenVariance, withinVariance, betweenVariance, fallback: false };
}

/**
 * Empirical-Bayes shrinkage of unit NPS toward the parent's NPS, for ranking
 * small units: shrunk = w·unit + (1 − w)·parent with w = n / (n + k).
 * `parent` defaults to the pooled units; `k` defaults to {@link estimateShrinkageK}.
 * Empty units get weight 0 (shrunk = parent) and rawNps null.
 * Input order is preserved; sort by `shrunkNps` to rank.
 */
export function shrinkUnits<T extends NpsSample>(
  units: readonly T[],
  options?: { parent?: NpsSample; k?: number },
): (T & { rawNps: number | null; shrunkNps: number; weight: number })[] {
  units.forEach((u, i) => assertSample(u, `units[${i}]`));
  const parent: NpsSample =
    options?.parent ??
    units.reduce<NpsSample>(
      (acc, u) => ({ n: acc.n + u.n, promoters: acc.promoters + u.promoters, detractors: acc.detractors + u.detractors }),
      { n: 0, promoters: 0, detractors: 0 },
    );
  assertSample(parent, "parent");
  let k: number;
  if (options?.k !== undefined) {
    if (!(options.k >= 0)) throw new RangeError(`k must be ≥ 0, got ${String(options.k)}`);
    k = options.k;
  } else {
    k = estimateShrinkageK(units).k;
  }
  const parentMean = parent.n > 0 ? (parent.promoters - parent.detractors) / parent.n : 0;
  return units.map((unit) => {
    const mean = unit.n > 0 ? (unit.promoters - unit.detractors) / unit.n : null;
    const weight = unit.n > 0 ? (k === Number.POSITIVE_INFINITY ? 0 : unit.n / (unit.n + k)) : 0;
    const shrunk = mean === null ? parentMean : weight * mean + (1 - weight) * parentMean;
    return { ...unit, rawNps: mean === null ? null : 100 * mean, shrunkNps: 100 * shrunk, weight };
  });
}

// ---------------------------------------------------------------------------
// Sample-size planning
// ---------------------------------------------------------------------------

export type SampleSizeOptions = {
  /** Expected passive share 0..1 (default 0.3); lowered automatically if infeasible for the expected NPS. */
  passiveShare?: number;
  /** z value (default 1.96 for 95 %). */
  z?: number;
};

export const DEFAULT_PASSIVE_SHARE = 0.3;

/** Per-response variance of the −1/0/+1 score, p + d − (p − d)², for an expected NPS and passive share. */
function planningVariance(expectedNps: number, options?: SampleSizeOptions): number {
  if (!(expectedNps >= -100 && expectedNps <= 100)) {
    throw new RangeError(`expectedNps must be in [-100, 100], got ${String(expectedNps)}`);
  }
  const passive = options?.passiveShare ?? DEFAULT_PASSIVE_SHARE;
  if (!(passive >= 0 && passive <= 1)) throw new RangeError(`passiveShare must be in [0, 1], got ${String(passive)}`);
  const e = expectedNps / 100;
  // p + d = 1 − passive must be ≥ |p − d| = |e|.
  const promotersPlusDetractors = Math.max(1 - passive, Math.abs(e));
  return Math.max(0, promotersPlusDetractors - e * e);
}

function planningZ(options?: SampleSizeOptions): number {
  const z = options?.z ?? Z_95;
  if (!(z > 0) || !Number.isFinite(z)) throw new RangeError(`z must be a positive number, got ${String(z)}`);
  return z;
}

/** Half-width (points) of the 95 % CI for `n` responses at an expected NPS. */
export function marginOfError(expectedNps: number, n: number, options?: SampleSizeOptions): number {
  if (!(n > 0)) throw new RangeError(`n must be > 0, got ${String(n)}`);
  return 100 * planningZ(options) * Math.sqrt(planningVariance(expectedNps, options) / n);
}

/** Responses needed for a ±`marginPoints` 95 % CI at an expected NPS (at least 1). */
export function requiredSampleSize(expectedNps: number, marginPoints: number, options?: SampleSizeOptions): number {
  if (!(marginPoints > 0) || !Number.isFinite(marginPoints)) {
    throw new RangeError(`marginPoints must be a positive number, got ${String(marginPoints)}`);
  }
  const z = planningZ(options);
  const margin = marginPoints / 100;
  const n = (z * z * planningVariance(expectedNps, options)) / (margin * margin);
  return Math.max(1, Math.ceil(n - 1e-9));
}

/** Invitations to send for `responses` answers at a response rate in (0, 1]. */
export function invitationsNeeded(responses: number, responseRate: number): number {
  if (!(responses >= 0) || !Number.isFinite(responses)) {
    throw new RangeError(`responses must be a non-negative number, got ${String(responses)}`);
  }
  if (!(responseRate > 0 && responseRate <= 1)) {
    throw new RangeError(`responseRate must be in (0, 1], got ${String(responseRate)}`);
  }
  return Math.max(0, Math.ceil(responses / responseRate - 1e-9));
}

// ---------------------------------------------------------------------------
// Sample-size planning on the reported interval (adjusted Wald)
// ---------------------------------------------------------------------------

/** Expected promoter and detractor shares (0..1, summing to ≤ 1) a plan is made for. */
export type ExpectedShares = { promoterShare: number; detractorShare: number };

/**
 * Promoter / detractor shares for an expected NPS (points) and passive share: p − d = NPS/100, p + d = 1 − passive;
 * when that is infeasible (|NPS| > 100·(1 − passive)) the passives shrink to 1 − |NPS|/100.
 */
export function expectedShares(expectedNps: number, passiveShare: number = DEFAULT_PASSIVE_SHARE): ExpectedShares {
  if (!(expectedNps >= -100 && expectedNps <= 100)) {
    throw new RangeError(`expectedNps must be in [-100, 100], got ${String(expectedNps)}`);
  }
  if (!(passiveShare >= 0 && passiveShare <= 1)) throw new RangeError(`passiveShare must be in [0, 1], got ${String(passiveShare)}`);
  const e = expectedNps / 100;
  const sum = Math.max(1 - passiveShare, Math.abs(e));
  return { promoterShare: clip((sum + e) / 2, 0, 1), detractorShare: clip((sum - e) / 2, 0, 1) };
}

function assertShares(shares: ExpectedShares): void {
  const { promoterShare: p, detractorShare: d } = shares;
  if (!(p >= 0 && p <= 1) || !(d >= 0 && d <= 1) || p + d > 1 + 1e-12) {
    throw new RangeError(`shares must be in [0, 1] and sum to ≤ 1, got ${String(p)}, ${String(d)}`);
  }
}

/**
 * Half-width (points) of the adjusted-Wald 95 % interval that `n` responses with the expected shares give:
 * the interval of {@link adjustedWald} on the expected counts P = p·n, D = d·n (n' = n + 3, p' = (P + ¾)/n' …),
 * 100·z·SE, before clipping to [−100, 100] (the conservative width to plan for).
 */
export function adjustedWaldPlanningHalfWidth(shares: ExpectedShares, n: number, options?: { z?: number }): number {
  assertShares(shares);
  if (!(n >= 0) || !Number.isFinite(n)) throw new RangeError(`n must be a non-negative number, got ${String(n)}`);
  const z = planningZ(options);
  const nAdj = n + 3;
  const p = (shares.promoterShare * n + 0.75) / nAdj;
  const d = (shares.detractorShare * n + 0.75) / nAdj;
  const variance = Math.max(0, p + d - (p - d) ** 2);
  return 100 * z * Math.sqrt(variance / nAdj);
}

/** Largest sample the planner searches; a target that needs more is reported as this many. */
export const MAX_PLANNED_SAMPLE = 10_000_000;

/**
 * Smallest n (≥ 1) whose adjusted-Wald half-width for the expected shares is ≤ `marginPoints`: the inversion of
 * the interval the product reports, so a plan's n really gives the promised ± on the dashboard (unlike the plain
 * Wald formula, it never answers 1 response at NPS ±100). Binary search; the half-width falls as n grows.
 */
export function requiredSampleSizeAdjustedWald(shares: ExpectedShares, marginPoints: number, options?: { z?: number }): number {
  if (!(marginPoints > 0) || !Number.isFinite(marginPoints)) {
    throw new RangeError(`marginPoints must be a positive number, got ${String(marginPoints)}`);
  }
  assertShares(shares);
  const meets = (n: number) => adjustedWaldPlanningHalfWidth(shares, n, options) <= marginPoints + 1e-9;
  if (meets(1)) return 1;
  let low = 1; // fails
  let high = 2;
  while (!meets(high)) {
    low = high;
    high *= 2;
    if (high >= MAX_PLANNED_SAMPLE) return meets(MAX_PLANNED_SAMPLE) ? binarySmallest(meets, low, MAX_PLANNED_SAMPLE) : MAX_PLANNED_SAMPLE;
  }
  return binarySmallest(meets, low, high);
}

/** Smallest n in (low, high] with meets(n), given !meets(low) and meets(high). */
function binarySmallest(meets: (n: number) => boolean, low: number, high: number): number {
  let lo = low;
  let hi = high;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (meets(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Half-width (points) of the interval the headline shows for these counts: (ciHigh − ciLow) / 2 of
 * {@link adjustedWald}, the same figures as the dashboard's "NPS 25 (9.8 to 39.0)". Null when n = 0.
 */
export function adjustedWaldHalfWidth(sample: NpsSample): number | null {
  assertSample(sample);
  if (sample.n === 0) return null;
  const { ciLow, ciHigh } = adjustedWald(sample);
  return (ciHigh - ciLow) / 2;
}

// ---------------------------------------------------------------------------
// Empirical-Bayes priors per parent (ranking small units, docs/decisions/0026)
// ---------------------------------------------------------------------------

/** Floor of the between-unit standard deviation, in points: τ ≥ 5 NPS points (k ≤ σ² / 0.05²). */
export const MIN_BETWEEN_SD_POINTS = 5;
/** A parent estimates its own between-unit variance when it has at least this many children with answers. */
export const MIN_CHILDREN_FOR_OWN_PRIOR = 5;

export type ParentPrior = {
  /** weight = n / (n + k), k = σ² / τ². */
  k: number;
  /** Where τ² came from: the parent's own children, the level's children around their own parents, or the floor. */
  source: "parent" | "level" | "floor";
  /** τ² used (before the floor it may have been lower), on the −1..1 scale. */
  betweenVariance: number;
};

export type PriorsByParent = {
  /** Pooled within-unit variance σ² of the −1/0/+1 scores at the level; null without answers. */
  withinVariance: number | null;
  /** Nested method-of-moments τ² of the level, children around their own parent's mean; null when not estimable. */
  levelBetweenVariance: number | null;
  byParent: Map<string, ParentPrior>;
};

type ParentGroup = { total: number; sumNSquared: number; grand: number; ssb: number; children: number };

/**
 * Prior strength for shrinking each unit toward its own parent: one-way random-effects method of moments,
 * nested in parents (deviations from each child's own parent mean, never from the level's overall mean).
 * σ² is pooled over the level. τ²: the parent's own estimate when it has ≥ MIN_CHILDREN_FOR_OWN_PRIOR children
 * with answers, else the level's nested estimate; either floored at (MIN_BETWEEN_SD_POINTS / 100)², so k never
 * explodes when the moment estimate is ≤ 0 (the documented rule replacing k = max(1000, N)).
 */
export function estimatePriorsByParent(units: readonly (NpsSample & { parentKey: string })[]): PriorsByParent {
  units.forEach((u, i) => assertSample(u, `units[${i}]`));
  const nonEmpty = units.filter((u) => u.n > 0);
  const totalN = nonEmpty.reduce((acc, u) => acc + u.n, 0);
  let withinSs = 0;
  for (const u of nonEmpty) {
    const m = (u.promoters - u.detractors) / u.n;
    withinSs += u.n * Math.max(0, (u.promoters + u.detractors) / u.n - m * m);
  }
  let withinVariance: number | null = null;
  if (totalN - nonEmpty.length > 0) withinVariance = withinSs / (totalN - nonEmpty.length);
  else if (totalN > 0) {
    // Every unit has one answer: the spread of all answers stands in for σ².
    const p = nonEmpty.reduce((a, u) => a + u.promoters, 0) / totalN;
    const d = nonEmpty.reduce((a, u) => a + u.detractors, 0) / totalN;
    withinVariance = Math.max(0, p + d - (p - d) ** 2);
  }
  const groups = new Map<string, ParentGroup>();
  for (const u of nonEmpty) {
    const g = groups.get(u.parentKey) ?? { total: 0, sumNSquared: 0, grand: 0, ssb: 0, children: 0 };
    g.total += u.n;
    g.sumNSquared += u.n * u.n;
    g.grand += u.promoters - u.detractors;
    g.children += 1;
    groups.set(u.parentKey, g);
  }
  for (const g of groups.values()) g.grand /= g.total;
  for (const u of nonEmpty) {
    const g = groups.get(u.parentKey);
    if (g) g.ssb += u.n * ((u.promoters - u.detractors) / u.n - g.grand) ** 2;
  }
  const floor = (MIN_BETWEEN_SD_POINTS / 100) ** 2;
  const tau = (ssb: number, df: number, n0Numerator: number): number | null => {
    if (withinVariance === null || df <= 0 || !(n0Numerator > 0)) return null;
    const value = (ssb / df - withinVariance) / (n0Numerator / df);
    return Number.isFinite(value) ? value : null;
  };
  let levelSsb = 0;
  let levelDf = 0;
  let levelN0 = 0;
  for (const g of groups.values()) {
    levelSsb += g.ssb;
    levelDf += g.children - 1;
    levelN0 += g.total - g.sumNSquared / g.total;
  }
  const levelBetweenVariance = tau(levelSsb, levelDf, levelN0);
  const byParent = new Map<string, ParentPrior>();
  const parentKeys = new Set(units.map((u) => u.parentKey));
  for (const key of parentKeys) {
    const g = groups.get(key);
    const own = g && g.children >= MIN_CHILDREN_FOR_OWN_PRIOR ? tau(g.ssb, g.children - 1, g.total - g.sumNSquared / g.total) : null;
    const estimate = own ?? levelBetweenVariance;
    const source: ParentPrior["source"] = estimate === null || estimate < floor ? "floor" : own !== null ? "parent" : "level";
    const betweenVariance = Math.max(estimate ?? 0, floor);
    byParent.set(key, { k: withinVariance === null ? 0 : withinVariance / betweenVariance, source, betweenVariance });
  }
  return { withinVariance, levelBetweenVariance, byParent };
}

/**
 * Empirical-Bayes estimate (points) of one unit's NPS from its own answers and its siblings' (the parent's answers
 * without the unit), in the normal random-effects model θ_j ~ N(μ_P, τ²), ȳ_j ~ N(θ_j, σ²/n_j), μ_P flat:
 *   μ̂₋ = the others' mean (the parent without the unit), V₋ = 1 / Σ_{others} 1/(σ²/n_j + τ²) (its uncertainty),
 *   w = (τ² + V₋) / (τ² + V₋ + σ²/n), estimate = w·ȳ + (1 − w)·μ̂₋.
 * This is the posterior mean given all the parent's data, written with the parent's mean WITHOUT the unit, so a unit
 * never pulls its own prior; it is monotone in the unit's own NPS (two equal-sized siblings never swap order, as a
 * plain leave-one-out pull with w = n/(n + k) does when w < ½). `others` are the pseudo-units the parent's other
 * answers come in (siblings; answers of the parent outside every child as one more). With no others: the raw NPS.
 */
export function shrinkTowardOthers(
  unit: NpsSample,
  others: readonly NpsSample[],
  variances: { withinVariance: number; betweenVariance: number },
): number | null {
  assertSample(unit, "unit");
  others.forEach((o, i) => assertSample(o, `others[${i}]`));
  if (unit.n === 0) return null;
  const own = (unit.promoters - unit.detractors) / unit.n;
  const present = others.filter((o) => o.n > 0);
  const { withinVariance: s2, betweenVariance: t2 } = variances;
  if (!(s2 >= 0) || !(t2 > 0)) throw new RangeError("variances must be withinVariance ≥ 0 and betweenVariance > 0");
  if (present.length === 0 || s2 === 0) return 100 * own;
  const total = present.reduce((a, o) => ({ n: a.n + o.n, diff: a.diff + o.promoters - o.detractors }), { n: 0, diff: 0 });
  const othersMean = total.diff / total.n;
  const precision = present.reduce((a, o) => a + 1 / (s2 / o.n + t2), 0);
  const v = 1 / precision;
  const w = (t2 + v) / (t2 + v + s2 / unit.n);
  return 100 * (w * own + (1 - w) * othersMean);
}
