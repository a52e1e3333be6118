/**
 * Key driver analysis of one set of complete cases: relative weights (src/lib/relative-weights.ts) turned into the
 * figures the page and GET /api/v1/surveys/{id}/drivers show. Pure: the sums and the bootstrap sample come in.
 */
import type { LocalizedText } from "@/schemas/localized";
import {
  bootstrapImportance,
  driverMinN,
  performancePercent,
  quadrantOf,
  relativeWeightsFromSums,
  round2,
  round4,
  type ImportanceInterval,
  type MomentSums,
  type Quadrant,
} from "./relative-weights";
import { SCALES } from "./survey-content";

/** Question types whose answer is a number on a scale and so can be a driver (SERVQUAL: its perception rating). */
export const NUMERIC_DRIVER_TYPES = ["RATING", "CSAT", "CES", "SERVQUAL"] as const;
export type NumericDriverType = (typeof NUMERIC_DRIVER_TYPES)[number];

export type DriverQuestion = {
  questionId: string;
  key: string;
  /** THEME: a comment theme as a binary driver (1 when the response's read comment mentions it; issue 14). */
  type: NumericDriverType | "THEME";
  label: LocalizedText;
  scale: { min: number; max: number };
};

/** The scale a driver question is answered on (SERVQUAL items may set their own top point). */
export function driverScale(type: NumericDriverType, settingsScale?: number): { min: number; max: number } {
  if (type === "SERVQUAL" && settingsScale !== undefined && Number.isInteger(settingsScale) && settingsScale >= 2) {
    return { min: 1, max: settingsScale };
  }
  return { ...SCALES[type] };
}

/**
 * ok; too_few: fewer complete cases than minN (figures null); no_drivers: the survey has no numeric driver
 * question; no_variance: the score (or every driver) does not vary, so nothing can be attributed (figures null).
 */
export type DriverStatus = "ok" | "too_few" | "no_drivers" | "no_variance";

export type DriverResult = DriverQuestion & {
  /** % of R², summing to 100 over the drivers. */
  importance: number | null;
  /** 95 % percentile bootstrap interval of `importance`. */
  interval: ImportanceInterval | null;
  rawWeight: number | null;
  correlation: number | null;
  /** Mean on the driver's own scale, and normalised to 0–100. */
  performance: number | null;
  performancePct: number | null;
  quadrant: Quadrant | null;
};

export type BootstrapInfo = {
  resamples: number;
  /** Complete cases the bootstrap resampled: all of them, or a uniform sample of at most `sampleLimit`. */
  sampleSize: number;
  sampleLimit: number;
  sampled: boolean;
};

export type DriverAnalysis = {
  /** Complete cases: responses that answered the score and every driver. */
  n: number;
  minN: number;
  status: DriverStatus;
  r2: number | null;
  /** 100 / k: the importance above which a driver counts as important. */
  averageImportance: number | null;
  /** The drivers' average performance (0–100): the other split of the quadrant. */
  averagePerformancePct: number | null;
  /** Ordered by importance (highest first) when status is ok; else in question order. */
  drivers: DriverResult[];
  bootstrap: BootstrapInfo | null;
};

export const BOOTSTRAP_SAMPLE_LIMIT = 20_000;

export type AnalyseOptions = {
  resamples?: number;
  seed?: number;
  sampleLimit?: number;
  /**
   * The bootstrap's intervals already computed from this sample with these resamples and seed (the server's
   * worker pool, src/server/drivers/bootstrap-pool.ts); computed here when absent.
   */
  intervals?: ImportanceInterval[] | null;
};

/** Whether analyseDrivers will bootstrap these moments (status ok): enough complete cases and an R² above 0. */
export function bootstrapNeeded(k: number, moments: MomentSums): boolean {
  return k > 0 && moments.n >= driverMinN(k) && relativeWeightsFromSums(moments).importance !== null;
}

function emptyResult(question: DriverQuestion): DriverResult {
  return { ...question, importance: null, interval: null, rawWeight: null, correlation: null, performance: null, performancePct: null, quadrant: null };
}

/**
 * The analysis from the complete cases' moment sums (k drivers, then the 0–10 score last) and the bootstrap
 * sample (rows flat in the same variable order).
 */
export function analyseDrivers(
  questions: readonly DriverQuestion[],
  moments: MomentSums,
  sample: ArrayLike<number>,
  options: AnalyseOptions = {},
): DriverAnalysis {
  const k = questions.length;
  const minN = driverMinN(k);
  const n = moments.n;
  const empty = (status: DriverStatus): DriverAnalysis => ({
    n,
    minN,
    status,
    r2: null,
    averageImportance: null,
    averagePerformancePct: null,
    drivers: questions.map(emptyResult),
    bootstrap: null,
  });
  if (k === 0) return empty("no_drivers");
  if (n < minN) return empty("too_few");
  const weights = relativeWeightsFromSums(moments);
  if (!weights.importance) return empty("no_variance");
  const importance = weights.importance;

  const resamples = options.resamples ?? 500;
  const sampleLimit = options.sampleLimit ?? BOOTSTRAP_SAMPLE_LIMIT;
  const sampleSize = Math.floor(sample.length / (k + 1));
  const intervals = options.intervals !== undefined ? options.intervals : bootstrapImportance(sample, k, { resamples, seed: options.seed });

  const means = questions.map((_, j) => (moments.sums[j] ?? 0) / n);
  const pcts = questions.map((question, j) => performancePercent(means[j] ?? 0, question.scale));
  const averagePerformancePct = pcts.reduce((a, b) => a + b, 0) / k;
  const drivers = questions.map((question, j): DriverResult => ({
    ...question,
    importance: importance[j] ?? null,
    interval: intervals?.[j] ?? null,
    rawWeight: weights.rawWeights[j] ?? null,
    correlation: weights.correlations[j] ?? null,
    performance: means[j] ?? null,
    performancePct: pcts[j] ?? null,
    quadrant: quadrantOf(importance[j] ?? 0, pcts[j] ?? 0, k, averagePerformancePct),
  }));
  drivers.sort((a, b) => (b.importance ?? 0) - (a.importance ?? 0));
  return {
    n,
    minN,
    status: "ok",
    r2: weights.r2,
    averageImportance: 100 / k,
    averagePerformancePct,
    drivers,
    bootstrap: { resamples, sampleSize, sampleLimit, sampled: sampleSize < n },
  };
}

/** The driver to fix first: the most important priority_fix driver, else null. */
export function priorityDriver(analysis: DriverAnalysis): DriverResult | null {
  if (analysis.status !== "ok") return null;
  return analysis.drivers.find((driver) => driver.quadrant === "priority_fix") ?? null;
}

/** GET /api/v1/surveys/{id}/drivers: one driver as the contract writes it (rounded half away from zero). */
export type ApiDriver = {
  questionId: string;
  label: LocalizedText;
  scale: { min: number; max: number };
  importance: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  rawWeight: number | null;
  correlation: number | null;
  performance: number | null;
  performancePct: number | null;
  quadrant: Quadrant | null;
};

export type ApiDrivers = {
  n: number;
  r2: number | null;
  method: "relative-weights";
  status: DriverStatus;
  minN: number;
  drivers: ApiDriver[];
};

const maybe = (value: number | null | undefined, round: (v: number) => number) => (value === null || value === undefined ? null : round(value));

/** The contract's body: importance, ciLow, ciHigh, performance, performancePct to 2 decimals; r2, rawWeight, correlation to 4. */
export function toApiDrivers(analysis: DriverAnalysis): ApiDrivers {
  return {
    n: analysis.n,
    r2: maybe(analysis.r2, round4),
    method: "relative-weights",
    status: analysis.status,
    minN: analysis.minN,
    drivers: analysis.drivers.map((driver) => ({
      questionId: driver.questionId,
      label: driver.label,
      scale: driver.scale,
      importance: maybe(driver.importance, round2),
      ciLow: maybe(driver.interval?.low, round2),
      ciHigh: maybe(driver.interval?.high, round2),
      rawWeight: maybe(driver.rawWeight, round4),
      correlation: maybe(driver.correlation, round4),
      performance: maybe(driver.performance, round2),
      performancePct: maybe(driver.performancePct, round2),
      quadrant: driver.quadrant,
    })),
  };
}
