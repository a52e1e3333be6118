/**
 * SERVQUAL (Parasuraman, Zeithaml & Berry, 1988): each item is rated twice on a 1..scale Likert scale —
 * what the customer expects (E) and what they perceive they got (P). The gap P − E is negative when
 * perception falls short of expectation. Pure, isomorphic, no I/O.
 */

import { studentTQuantile } from "./nps";

export const SERVQUAL_DIMENSIONS = ["reliability", "responsiveness", "assurance", "empathy", "tangibles"] as const;
export type ServqualDimension = (typeof SERVQUAL_DIMENSIONS)[number];

export type ServqualItem = { id: string; dimension: ServqualDimension };

/** One respondent's answer to one item; null = skipped. */
export type ServqualAnswer = { itemId: string; expectation: number | null; perception: number | null };

export const DEFAULT_SERVQUAL_SCALE = 7;

export type ServqualOptions = {
  /**
   * Relative importance per dimension (e.g. the classic 100 points allocation). Normalised to sum 1 over
   * the dimensions that have a gap; a dimension left out gets weight 0. Default: equal weights.
   */
  weights?: Partial<Record<ServqualDimension, number>>;
  /** Highest rating of the 1..scale scale (integer ≥ 2). Default 7. */
  scale?: number;
};

export type ConfidenceInterval = { lower: number; upper: number };

export type ServqualItemGap = {
  itemId: string;
  dimension: ServqualDimension;
  /** Respondents who rated both E and P for this item (pairwise complete). */
  n: number;
  /** Means over the n complete pairs only, so gap = meanPerception − meanExpectation exactly. */
  meanExpectation: number | null;
  meanPerception: number | null;
  /** Mean of P − E over the complete pairs; null when n = 0. */
  gap: number | null;
  /** Sample standard deviation of P − E; null when n < 2. */
  sd: number | null;
  /** 95 % t interval of the mean paired difference; null when n < 2. */
  ci95: ConfidenceInterval | null;
};

export type ServqualDimensionGap = {
  dimension: ServqualDimension;
  /** Ids of the dimension's items, in input order. */
  items: string[];
  /** Items of the dimension with a non-null gap. */
  itemsWithGap: number;
  /** Respondents with at least one complete pair in the dimension. */
  n: number;
  /** Unweighted mean of the item means / gaps over items with a gap; null when none. */
  meanExpectation: number | null;
  meanPerception: number | null;
  gap: number | null;
};

export type ServqualResult = {
  items: ServqualItemGap[];
  /** Always all five dimensions, in SERVQUAL_DIMENSIONS order. */
  dimensions: ServqualDimensionGap[];
  overall: {
    /** Mean of the non-null dimension gaps; null when none. */
    unweightedGap: number | null;
    /** Σ wᵢ·gapᵢ with weights normalised over the dimensions that have a gap; null when none (or all weights 0). */
    weightedGap: number | null;
    /** The normalised weights actually applied (0 for dimensions without a gap). */
    weights: Record<ServqualDimension, number>;
  };
};

function assertScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 2) {
    throw new RangeError(`SERVQUAL scale must be an integer ≥ 2, got ${String(scale)}`);
  }
}

/** Throws RangeError unless `value` is an integer rating in 1..scale; returns it otherwise. */
export function validateServqualRating(value: number, scale: number = DEFAULT_SERVQUAL_SCALE): number {
  assertScale(scale);
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > scale) {
    throw new RangeError(`SERVQUAL rating must be an integer from 1 to ${String(scale)}, got ${String(value)}`);
  }
  return value;
}

/** t(0.975, df), the two-sided 95 % critical value: the one t quantile of the code base (src/lib/nps.ts). */
export function tCritical95(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a positive integer, got ${String(df)}`);
  return studentTQuantile(0.975, df);
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function nonNull(values: readonly (number | null)[]): number[] {
  return values.filter((value): value is number => value !== null);
}

type Pairs = { expectations: number[]; perceptions: number[]; respondents: number[] };

function itemGap(item: ServqualItem, pairs: Pairs): ServqualItemGap {
  const n = pairs.expectations.length;
  const differences = pairs.perceptions.map((p, i) => p - (pairs.expectations[i] ?? 0));
  const gap = mean(differences);
  let sd: number | null = null;
  let ci95: ConfidenceInterval | null = null;
  if (gap !== null && n >= 2) {
    let squares = 0;
    for (const d of differences) squares += (d - gap) ** 2;
    sd = Math.sqrt(squares / (n - 1));
    const half = tCritical95(n - 1) * (sd / Math.sqrt(n));
    ci95 = { lower: gap - half, upper: gap + half };
  }
  return {
    itemId: item.id,
    dimension: item.dimension,
    n,
    meanExpectation: mean(pairs.expectations),
    meanPerception: mean(pairs.perceptions),
    gap,
    sd,
    ci95,
  };
}

function normalisedWeights(
  dimensions: readonly ServqualDimensionGap[],
  weights: Partial<Record<ServqualDimension, number>> | undefined,
): Record<ServqualDimension, number> {
  const raw = { reliability: 0, responsiveness: 0, assurance: 0, empathy: 0, tangibles: 0 } satisfies Record<ServqualDimension, number>;
  if (weights !== undefined) {
    for (const [key, value] of Object.entries(weights)) {
      if (!(SERVQUAL_DIMENSIONS as readonly string[]).includes(key)) throw new RangeError(`Unknown SERVQUAL dimension weight "${key}"`);
      if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value) || value < 0)) {
        throw new RangeError(`SERVQUAL weight for ${key} must be a finite number ≥ 0, got ${String(value)}`);
      }
    }
  }
  let total = 0;
  for (const dimension of dimensions) {
    if (dimension.gap === null) continue;
    const weight = weights === undefined ? 1 : (weights[dimension.dimension] ?? 0);
    raw[dimension.dimension] = weight;
    total += weight;
  }
  if (total > 0) for (const dimension of SERVQUAL_DIMENSIONS) raw[dimension] /= total;
  return raw;
}

/**
 * Per-item, per-dimension and overall SERVQUAL gaps (P − E). `responses` holds one array of answers per
 * respondent. Only pairwise-complete answers (both E and P given) count toward an item. Throws RangeError
 * on an invalid rating, an answer to an unknown item, a duplicate answer or a duplicate item id.
 */
export function servqualGaps(
  items: readonly ServqualItem[],
  responses: readonly (readonly ServqualAnswer[])[],
  options: ServqualOptions = {},
): ServqualResult {
  const scale = options.scale ?? DEFAULT_SERVQUAL_SCALE;
  assertScale(scale);

  const pairsById = new Map<string, Pairs>();
  for (const item of items) {
    if (pairsById.has(item.id)) throw new RangeError(`Duplicate SERVQUAL item id "${item.id}"`);
    if (!(SERVQUAL_DIMENSIONS as readonly string[]).includes(item.dimension)) {
      throw new RangeError(`Unknown SERVQUAL dimension "${String(item.dimension)}" for item "${item.id}"`);
    }
    pairsById.set(item.id, { expectations: [], perceptions: [], respondents: [] });
  }

  responses.forEach((answers, respondent) => {
    const seen = new Set<string>();
    for (const answer of answers) {
      const pairs = pairsById.get(answer.itemId);
      if (pairs === undefined) throw new RangeError(`Answer for unknown SERVQUAL item "${answer.itemId}" (respondent ${String(respondent)})`);
      if (seen.has(answer.itemId)) throw new RangeError(`Duplicate answer for SERVQUAL item "${answer.itemId}" (respondent ${String(respondent)})`);
      seen.add(answer.itemId);
      if (answer.expectation !== null) validateServqualRating(answer.expectation, scale);
      if (answer.perception !== null) validateServqualRating(answer.perception, scale);
      if (answer.expectation === null || answer.perception === null) continue;
      pairs.expectations.push(answer.expectation);
      pairs.perceptions.push(answer.perception);
      pairs.respondents.push(respondent);
    }
  });

  const itemGaps = items.map((item) => itemGap(item, pairsById.get(item.id) ?? { expectations: [], perceptions: [], respondents: [] }));

  const dimensions = SERVQUAL_DIMENSIONS.map((dimension): ServqualDimensionGap => {
    const members = itemGaps.filter((gap) => gap.dimension === dimension);
    const answered = members.filter((gap) => gap.gap !== null);
    const respondents = new Set<number>();
    for (const member of answered) for (const r of pairsById.get(member.itemId)?.respondents ?? []) respondents.add(r);
    return {
      dimension,
      items: members.map((gap) => gap.itemId),
      itemsWithGap: answered.length,
      n: respondents.size,
      meanExpectation: mean(nonNull(answered.map((gap) => gap.meanExpectation))),
      meanPerception: mean(nonNull(answered.map((gap) => gap.meanPerception))),
      gap: mean(nonNull(answered.map((gap) => gap.gap))),
    };
  });

  const weights = normalisedWeights(dimensions, options.weights);
  let weightedGap: number | null = null;
  for (const dimension of dimensions) {
    if (dimension.gap === null || weights[dimension.dimension] === 0) continue;
    weightedGap = (weightedGap ?? 0) + weights[dimension.dimension] * dimension.gap;
  }

  return {
    items: itemGaps,
    dimensions,
    overall: { unweightedGap: mean(nonNull(dimensions.map((d) => d.gap))), weightedGap, weights },
  };
}
