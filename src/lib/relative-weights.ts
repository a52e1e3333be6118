/**
 * Key driver analysis: Johnson's (2000) relative weights from Pearson correlations, a percentile bootstrap of
 * the importances, and the importance × performance quadrant. Pure code, no I/O.
 *
 * With R_xx the drivers' correlation matrix and r_xy their correlations with the outcome:
 *   R_xx = V Λ Vᵀ (symmetric eigen decomposition), Λ½ = V Λ^½ Vᵀ, β = Λ½⁻¹ r_xy,
 *   ε_j = Σ_k (Λ½_jk)² β_k² (raw weight), R² = Σ_j ε_j, importance_j = 100 · ε_j / R² (sums to 100).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { roundTo } from "./nps";

/** Eigenvalues at or below this (relative to the largest) count as zero: a driver set with an exact linear dependency. */
const EIGEN_TOLERANCE = 1e-12;

/**
 * Sums over the complete cases of m = k + 1 variables (the k drivers, then the outcome last): n, Σx_i and the
 * cross products Σx_i·x_j (i ≤ j) in row-major upper-triangle order — cross[index(i, j)], see crossIndex().
 */
export type MomentSums = { n: number; sums: number[]; cross: number[] };

/** Position of Σx_i·x_j (i ≤ j) in MomentSums.cross for m variables. */
export function crossIndex(i: number, j: number, m: number): number {
  const [a, b] = i <= j ? [i, j] : [j, i];
  return a * m - (a * (a - 1)) / 2 + (b - a);
}

/**
 * Pearson correlation matrix (m × m) from moment sums. A variable without variance correlates 0 with the others
 * (1 with itself), so it gets no weight instead of poisoning the matrix with NaN.
 */
export function correlationFromSums({ n, sums, cross }: MomentSums): number[][] {
  const m = sums.length;
  const centred = (i: number, j: number) => (cross[crossIndex(i, j, m)] ?? 0) - ((sums[i] ?? 0) * (sums[j] ?? 0)) / n;
  const variance = sums.map((_, i) => Math.max(0, centred(i, i)));
  const r: number[][] = [];
  for (let i = 0; i < m; i++) {
    const row: number[] = [];
    for (let j = 0; j < m; j++) {
      if (i === j) row.push(1);
      else {
        const denominator = Math.sqrt((variance[i] ?? 0) * (variance[j] ?? 0));
        // Relative guard: sums of integers can leave a tiny non-zero variance for a constant variable.
        const tiny = 1e-12 * Math.max(1, Math.abs(cross[crossIndex(i, i, m)] ?? 0), Math.abs(cross[crossIndex(j, j, m)] ?? 0));
        row.push(denominator <= tiny ? 0 : Math.max(-1, Math.min(1, centred(i, j) / denominator)));
      }
    }
    r.push(row);
  }
  return r;
}

/** Moment sums of rows held as one flat array (row-major, m values per row), each row counted `weights[row]` times (default once). */
export function momentsOfRows(values: ArrayLike<number>, m: number, weights?: ArrayLike<number>): MomentSums {
  const rows = Math.floor(values.length / m);
  const sums = new Float64Array(m);
  const cross = new Float64Array((m * (m + 1)) / 2);
  let n = 0;
  for (let row = 0; row < rows; row++) {
    const w = weights ? (weights[row] ?? 0) : 1;
    if (w === 0) continue;
    n += w;
    const base = row * m;
    let c = 0;
    for (let i = 0; i < m; i++) {
      const xi = values[base + i] ?? 0;
      sums[i] = (sums[i] ?? 0) + w * xi;
      const wxi = w * xi;
      for (let j = i; j < m; j++) {
        cross[c] = (cross[c] ?? 0) + wxi * (values[base + j] ?? 0);
        c++;
      }
    }
  }
  return { n, sums: Array.from(sums), cross: Array.from(cross) };
}

export type RelativeWeights = {
  /** ε_j per driver: the share of the outcome's variance attributed to driver j. */
  rawWeights: number[];
  /** R² of the outcome on all drivers (= Σ ε_j). */
  r2: number;
  /** 100 · ε_j / R², summing to 100; null when R² is 0 (the outcome has no variance or no driver relates to it). */
  importance: number[] | null;
  /** r_xy: each driver's correlation with the outcome. */
  correlations: number[];
};

/**
 * Johnson's relative weights from the drivers' correlation matrix `rxx` (k × k) and their correlations with the
 * outcome `rxy` (k). Exactly singular matrices (a driver that is a linear combination of others) are handled by
 * the pseudo-inverse of Λ½, so their shared variance is split over them rather than failing.
 */
export function relativeWeights(rxx: readonly (readonly number[])[], rxy: readonly number[]): RelativeWeights {
  const k = rxy.length;
  if (k === 0) return { rawWeights: [], r2: 0, importance: null, correlations: [] };
  if (rxx.length !== k || rxx.some((row) => row.length !== k)) throw new RangeError(`rxx must be ${k} × ${k}`);
  const decomposition = new EigenvalueDecomposition(new Matrix(rxx.map((row) => [...row])), { assumeSymmetric: true });
  const eigenvalues = decomposition.realEigenvalues;
  const vectors = decomposition.eigenvectorMatrix;
  const largest = Math.max(...eigenvalues.map(Math.abs), 0);
  const rootValues = eigenvalues.map((value) => (value > EIGEN_TOLERANCE * Math.max(1, largest) ? Math.sqrt(value) : 0));

  // Λ½ = V diag(√λ) Vᵀ and its (pseudo-)inverse V diag(1/√λ) Vᵀ.
  const half: number[][] = [];
  const halfInverse: number[][] = [];
  for (let i = 0; i < k; i++) {
    const rowHalf: number[] = [];
    const rowInverse: number[] = [];
    for (let j = 0; j < k; j++) {
      let a = 0;
      let b = 0;
      for (let e = 0; e < k; e++) {
        const root = rootValues[e] ?? 0;
        const product = vectors.get(i, e) * vectors.get(j, e);
        a += product * root;
        if (root > 0) b += product / root;
      }
      rowHalf.push(a);
      rowInverse.push(b);
    }
    half.push(rowHalf);
    halfInverse.push(rowInverse);
  }
  const beta = halfInverse.map((row) => row.reduce((total, value, j) => total + value * (rxy[j] ?? 0), 0));
  const betaSquared = beta.map((b) => b * b);
  const rawWeights = half.map((row) => row.reduce((total, value, e) => total + value * value * (betaSquared[e] ?? 0), 0));
  const r2 = rawWeights.reduce((a, b) => a + b, 0);
  const importance = r2 > 1e-15 ? rawWeights.map((w) => (100 * w) / r2) : null;
  return { rawWeights, r2, importance, correlations: [...rxy] };
}

/** Relative weights of the first m − 1 variables on the last one, from moment sums. */
export function relativeWeightsFromSums(moments: MomentSums): RelativeWeights {
  const r = correlationFromSums(moments);
  const k = moments.sums.length - 1;
  const rxx = r.slice(0, k).map((row) => row.slice(0, k));
  const rxy = r.slice(0, k).map((row) => row[k] ?? 0);
  return relativeWeights(rxx, rxy);
}

/** The p-quantile (0 ≤ p ≤ 1) of sorted values, linear between order statistics (R's type 7); NaN when empty. */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * p;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] ?? Number.NaN;
  const b = sorted[high] ?? Number.NaN;
  return a + (b - a) * (position - low);
}

export type BootstrapOptions = { resamples?: number; seed?: number; level?: number };
export type ImportanceInterval = { low: number; high: number };

/** Resamples of the bootstrap unless told otherwise (the issue asks for at least 500). */
export const DEFAULT_RESAMPLES = 500;
/** Fixed seed: the same data always gives the same intervals, so a page is reproducible. */
export const DEFAULT_BOOTSTRAP_SEED = 20_001_206;

/**
 * Percentile bootstrap intervals of each driver's importance: `resamples` resamples of the rows (with
 * replacement, same size) drawn with a seeded generator, importance recomputed on each, and the
 * (1 − level)/2 and (1 + level)/2 quantiles taken. Resamples whose R² is 0 are skipped. `values` holds the rows
 * flat (k drivers then the outcome per row).
 *
 * Speed: ratings are small integers, so many rows repeat the same answers. Rows are folded into distinct
 * patterns once, with each pattern's sums and cross products precomputed; a resample draws row indices as usual
 * (the draws are exactly those of a row-by-row bootstrap, seededRandom's sequence generated inline) into a count
 * per pattern — a small array, so the random increments stay in cache — and then adds up the patterns' products
 * times their counts in one sequential pass. When every value is a non-negative integer and a resample's totals
 * stay below 2^21 (20,000 rows of values up to 10), two products share one float64 (the second scaled by 2^21;
 * every partial total is an integer below 2^42, so exact), which halves that pass; totals of integer data are
 * exact either way, so the intervals are the same as without packing.
 */
export function bootstrapImportance(values: ArrayLike<number>, k: number, options: BootstrapOptions = {}): ImportanceInterval[] | null {
  const { resamples = DEFAULT_RESAMPLES, seed = DEFAULT_BOOTSTRAP_SEED, level = 0.95 } = options;
  const m = k + 1;
  const rows = Math.floor(values.length / m);
  if (rows === 0 || k === 0) return null;

  // Distinct patterns and each row's pattern.
  const patternOfRow = new Uint32Array(rows);
  const patternIndex = new Map<string, number>();
  const patternRows: number[] = [];
  let packable = true;
  let largest = 0;
  for (let row = 0; row < rows; row++) {
    let key = "";
    for (let j = 0; j < m; j++) {
      const value = values[row * m + j]!;
      if (!(value >= 0 && Number.isInteger(value))) packable = false;
      else if (value > largest) largest = value;
      key += `${value},`;
    }
    let pattern = patternIndex.get(key);
    if (pattern === undefined) {
      pattern = patternRows.length;
      patternIndex.set(key, pattern);
      patternRows.push(row);
    }
    patternOfRow[row] = pattern;
  }
  const patterns = patternRows.length;
  // Per pattern: x_i, then x_i·x_j (i ≤ j) in MomentSums order.
  const width = m + (m * (m + 1)) / 2;
  const SHIFT = 2 ** 21;
  packable = packable && rows * Math.max(largest, largest * largest) < SHIFT;
  // Packed: column p and column p + half share a slot (the latter × 2^21); an odd width leaves the last slot single.
  const half = Math.ceil(width / 2);
  const slots = packable ? half : width;
  const products = new Float64Array(patterns * slots);
  const row = new Float64Array(width);
  for (let u = 0; u < patterns; u++) {
    const base = patternRows[u]! * m;
    let c = m;
    for (let i = 0; i < m; i++) {
      const xi = values[base + i]!;
      row[i] = xi;
      for (let j = i; j < m; j++) row[c++] = xi * values[base + j]!;
    }
    for (let p = 0; p < slots; p++) products[u * slots + p] = packable ? row[p]! + (p + half < width ? row[p + half]! * SHIFT : 0) : row[p]!;
  }

  // seededRandom(seed) (mulberry32), inlined: the same sequence without a call per draw.
  let state = seed >>> 0;
  const counts = new Float64Array(patterns);
  const running = new Float64Array(slots);
  const sums: number[] = new Array<number>(m).fill(0);
  const cross: number[] = new Array<number>(width - m).fill(0);
  const draws: number[][] = Array.from({ length: k }, () => []);
  for (let b = 0; b < resamples; b++) {
    counts.fill(0);
    for (let i = 0; i < rows; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      counts[patternOfRow[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * rows)]!]! += 1;
    }
    running.fill(0);
    for (let u = 0; u < patterns; u++) {
      const count = counts[u]!;
      if (count === 0) continue;
      const base = u * slots;
      for (let p = 0; p < slots; p++) running[p]! += count * products[base + p]!;
    }
    for (let p = 0; p < slots; p++) {
      let low = running[p]!;
      let high = 0;
      if (packable) {
        high = Math.floor(low / SHIFT);
        low -= high * SHIFT;
      }
      if (p < m) sums[p] = low;
      else cross[p - m] = low;
      const q = p + half;
      if (packable && q < width) {
        if (q < m) sums[q] = high;
        else cross[q - m] = high;
      }
    }
    const { importance } = relativeWeightsFromSums({ n: rows, sums, cross });
    if (!importance) continue;
    importance.forEach((value, j) => draws[j]?.push(value));
  }
  if ((draws[0]?.length ?? 0) === 0) return null;
  const tail = (1 - level) / 2;
  return draws.map((list) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { low: quantileSorted(sorted, tail), high: quantileSorted(sorted, 1 - tail) };
  });
}

export type Quadrant = "priority_fix" | "key_strength" | "secondary_weakness" | "secondary_strength";
export const QUADRANTS: readonly Quadrant[] = ["priority_fix", "key_strength", "secondary_weakness", "secondary_strength"];

/**
 * Importance × performance quadrant. High importance: above the average importance 100 / k (strictly);
 * high performance: at or above the drivers' average performance (0–100).
 */
export function quadrantOf(importance: number, performancePct: number, k: number, averagePerformancePct: number): Quadrant {
  const important = importance > 100 / k;
  const performing = performancePct >= averagePerformancePct;
  if (important) return performing ? "key_strength" : "priority_fix";
  return performing ? "secondary_strength" : "secondary_weakness";
}

/** (mean − min) / (max − min) × 100: a mean on its own scale as 0–100. */
export function performancePercent(mean: number, scale: { min: number; max: number }): number {
  return scale.max === scale.min ? 0 : ((mean - scale.min) / (scale.max - scale.min)) * 100;
}

/** Two intervals that do not overlap: the only case a segment difference in importance is flagged. */
export function intervalsDiffer(a: ImportanceInterval | null, b: ImportanceInterval | null): boolean {
  if (!a || !b) return false;
  return a.low > b.high || b.low > a.high;
}

/** Minimum complete cases for an analysis of k drivers: max(30, 10 × k). */
export function driverMinN(k: number): number {
  return Math.max(30, 10 * k);
}

/** The contract's rounding (half away from zero): percentages and means to 2 decimals, r², weights, r to 4. */
export const round2 = (value: number) => roundTo(value, 2);
export const round4 = (value: number) => roundTo(value, 4);
