/**
 * Key driver analysis: Johnson's (2000) relative weights from Pearson correlations, a percentile bootstrap of
 * the importances, and the importance × performance quadrant. Pure code, no I/O.
 *
 * With R_xx the drivers' correlation matrix and r_xy their correlations with the outcome:
 *   R_xx = V Λ Vᵀ (symmetric eigen decomposition), Λ½ = V Λ^½ Vᵀ, β = Λ½⁻¹ r_xy,
 *   ε_j = Σ_k (Λ½_jk)² β_k² (raw weight), R² = Σ_j ε_j, importance_j = 100 · ε_j / R² (sums to 100).
 */
import { driverKernelSource, planBootstrap, type BootstrapPlan } from "./driver-kernel";
import { roundTo } from "./nps";

/** The flat-array arithmetic (src/lib/driver-kernel.ts): correlations, Jacobi eigen decomposition, relative weights, resampling. */
const kernel = driverKernelSource();

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
export function correlationFromSums(moments: MomentSums): number[][] {
  const m = moments.sums.length;
  const r = new Float64Array(m * m);
  kernel.correlationInto(moments.n, flatMoments(moments), m, r);
  return Array.from({ length: m }, (_, i) => Array.from(r.subarray(i * m, (i + 1) * m)));
}

/** Σx then Σx·x as one vector (the kernel's layout); missing entries count 0. */
function flatMoments({ sums, cross }: MomentSums): Float64Array {
  const m = sums.length;
  const flat = new Float64Array(m + (m * (m + 1)) / 2);
  for (let i = 0; i < m; i++) flat[i] = sums[i] ?? 0;
  for (let c = 0; c < flat.length - m; c++) flat[m + c] = cross[c] ?? 0;
  return flat;
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
  // rxx with r_xy as an extra column (stride k + 1), the kernel's layout.
  const corr = new Float64Array(k * (k + 1));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) corr[i * (k + 1) + j] = rxx[i]![j]!;
    corr[i * (k + 1) + k] = rxy[i]!;
  }
  return weightsOf(corr, k + 1, k, [...rxy]);
}

function weightsOf(corr: Float64Array, stride: number, k: number, correlations: number[]): RelativeWeights {
  const ws = kernel.workspace(k);
  const r2 = kernel.relativeWeightsInto(corr, stride, k, ws);
  const rawWeights = Array.from(ws.rawWeights);
  const importance = r2 > kernel.R2_FLOOR ? rawWeights.map((w) => (100 * w) / r2) : null;
  return { rawWeights, r2, importance, correlations };
}

/** Relative weights of the first m − 1 variables on the last one, from moment sums. */
export function relativeWeightsFromSums(moments: MomentSums): RelativeWeights {
  const m = moments.sums.length;
  const k = m - 1;
  if (k === 0) return { rawWeights: [], r2: 0, importance: null, correlations: [] };
  const corr = new Float64Array(m * m);
  kernel.correlationInto(moments.n, flatMoments(moments), m, corr);
  return weightsOf(corr, m, k, Array.from({ length: k }, (_, i) => corr[i * m + k]!));
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
 * The draws are exactly those of a row-by-row bootstrap with seededRandom(seed) (resample after resample, `rows`
 * draws each); the moments of a resample are summed over answer patterns rather than rows (src/lib/driver-kernel.ts,
 * planBootstrap), exact for integer answers, so the intervals equal the row-by-row definition's (to 1e-9 in
 * tests/unit/relative-weights.test.ts). src/server/drivers/bootstrap-pool.ts runs the same resamples on worker threads.
 */
export function bootstrapImportance(values: ArrayLike<number>, k: number, options: BootstrapOptions = {}): ImportanceInterval[] | null {
  const { resamples = DEFAULT_RESAMPLES, seed = DEFAULT_BOOTSTRAP_SEED, level = 0.95 } = options;
  const plan = planBootstrap(values, k);
  if (!plan) return null;
  return bootstrapIntervals(kernel.resampleImportances(plan, seed, 0, resamples), k, level);
}

/** The prepared sample and the kernel, for running ranges of resamples elsewhere (worker threads). */
export { planBootstrap, type BootstrapPlan };

/**
 * Percentile intervals from resamples' importances (resample after resample, k each; NaN for a skipped resample):
 * R's type-7 quantiles at (1 − level)/2 and (1 + level)/2; null when every resample was skipped.
 */
export function bootstrapIntervals(importances: Float64Array, k: number, level = 0.95): ImportanceInterval[] | null {
  const count = Math.floor(importances.length / k);
  const draws: number[][] = Array.from({ length: k }, () => []);
  for (let b = 0; b < count; b++) {
    if (Number.isNaN(importances[b * k]!)) continue;
    for (let j = 0; j < k; j++) draws[j]!.push(importances[b * k + j]!);
  }
  if ((draws[0]?.length ?? 0) === 0) return null;
  const tail = (1 - level) / 2;
  return draws.map((list) => {
    const sorted = list.sort((a, b) => a - b);
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
