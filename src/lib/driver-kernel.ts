/**
 * The key-driver arithmetic on flat Float64Arrays, without allocating per call: Pearson correlations from moment
 * sums, a symmetric (cyclic Jacobi) eigen decomposition, Johnson's relative weights, and the bootstrap's
 * resampling loop. Pure code, no I/O; src/lib/relative-weights.ts wraps it in the public API.
 *
 * Everything lives inside one self-contained factory function, `driverKernelSource`, that refers to nothing
 * outside its own body: src/server/drivers/bootstrap-pool.ts starts worker threads from its source text
 * (`(${driverKernelSource})()`), so the threads run exactly this code without a separate bundle entry.
 */

/** Moment sums in one flat vector: n is separate; Σx_i (m values), then Σx_i·x_j (i ≤ j) in row-major upper-triangle order. */
export type FlatMoments = Float64Array;

/**
 * A bootstrap sample prepared once for its resamples (structured-cloneable, so it can be posted to a worker).
 * The m variables are split in two blocks: A = the first `split`, B = the rest (the outcome is last, so in B unless
 * B is empty), and the rows are folded into distinct A patterns and distinct B patterns. The rows are kept sorted by
 * A pattern ("positions"). A resample draws row indices and only counts each position's draws; then one sequential
 * pass over the positions gives per A pattern its count and Σ count × B values (so the A × B cross products are
 * Σ_A x_A · (Σ B over that pattern's draws)) and per B pattern its count; the moments are then a pass over the
 * A patterns and one over the B patterns — a few thousand products instead of one per drawn row and pair.
 */
export type BootstrapPlan = {
  rows: number;
  /** Drivers; m = k + 1 variables. */
  k: number;
  split: number;
  /** Per row (in the sample's order): its position once sorted by A pattern. */
  positionOfRow: Int32Array;
  /** A pattern p holds positions aStart[p] ≤ position < aStart[p + 1]. */
  aStart: Int32Array;
  /** Per position: its B pattern, and its B values padded to groups of 3 (row-major, ⌈(m − split)/3⌉ · 3 per position). */
  bOfPosition: Int32Array;
  bByPosition: Float64Array;
  /** Distinct A patterns' values (patternsA × split) and B patterns' values (patternsB × (m − split)). */
  aValues: Float64Array;
  bValues: Float64Array;
  patternsA: number;
  patternsB: number;
};

/** The kernel's functions; see driverKernelSource. */
export type DriverKernel = ReturnType<typeof driverKernelSource>;

/**
 * Builds the kernel. SELF-CONTAINED: no reference to any binding outside this function (imports, module constants,
 * helpers), because worker threads evaluate its source text.
 */
export function driverKernelSource() {
  /** Eigenvalues at or below this (relative to the largest) count as zero: a driver set with an exact linear dependency. */
  const EIGEN_TOLERANCE = 1e-12;
  /** Jacobi converges quadratically (~6–10 sweeps here); this only bounds a pathological input. */
  const MAX_SWEEPS = 60;

  /**
   * Cyclic Jacobi eigen decomposition of the symmetric n × n matrix `a` (row-major; destroyed). Writes the
   * eigenvalues (unordered) to `values` and the unit eigenvectors as the columns of `vectors` (row-major n × n).
   * The upper triangle is what counts: the lower one is overwritten with its mirror first.
   */
  function symmetricEigen(a: Float64Array, n: number, values: Float64Array, vectors: Float64Array): void {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        vectors[i * n + j] = i === j ? 1 : 0;
        if (j < i) a[i * n + j] = a[j * n + i]!;
      }
    }
    for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      let off = 0;
      for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += Math.abs(a[p * n + q]!);
      if (off === 0) break;
      for (let p = 0; p < n - 1; p++) {
        for (let q = p + 1; q < n; q++) {
          const apq = a[p * n + q]!;
          if (apq === 0) continue;
          const app = a[p * n + p]!;
          const aqq = a[q * n + q]!;
          // After the first sweeps an entry negligible beside both diagonal entries is set to zero (Numerical Recipes' rule).
          const g = 100 * Math.abs(apq);
          if (sweep > 3 && Math.abs(app) + g === Math.abs(app) && Math.abs(aqq) + g === Math.abs(aqq)) {
            a[p * n + q] = 0;
            a[q * n + p] = 0;
            continue;
          }
          // The rotation [[c, s], [−s, c]] in the (p, q) plane that zeroes a_pq: t = tan φ, the smaller root of t² + 2θt − 1 = 0.
          const theta = (aqq - app) / (2 * apq);
          const t = Math.abs(theta) > 1e150 ? 1 / (2 * theta) : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          const c = 1 / Math.sqrt(t * t + 1);
          const s = t * c;
          for (let r = 0; r < n; r++) {
            const arp = a[r * n + p]!;
            const arq = a[r * n + q]!;
            a[r * n + p] = c * arp - s * arq;
            a[r * n + q] = s * arp + c * arq;
          }
          for (let r = 0; r < n; r++) {
            const apr = a[p * n + r]!;
            const aqr = a[q * n + r]!;
            a[p * n + r] = c * apr - s * aqr;
            a[q * n + r] = s * apr + c * aqr;
          }
          a[p * n + q] = 0;
          a[q * n + p] = 0;
          for (let r = 0; r < n; r++) {
            const vrp = vectors[r * n + p]!;
            const vrq = vectors[r * n + q]!;
            vectors[r * n + p] = c * vrp - s * vrq;
            vectors[r * n + q] = s * vrp + c * vrq;
          }
        }
      }
    }
    for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  }

  /** Position of Σx_i·x_j (i ≤ j) among the m(m+1)/2 cross products. */
  function crossIndex(i: number, j: number, m: number): number {
    const a = i <= j ? i : j;
    const b = i <= j ? j : i;
    return a * m - (a * (a - 1)) / 2 + (b - a);
  }

  /**
   * Pearson correlation matrix (m × m, row-major into `out`) from n and the flat moments (Σx then Σxx, see
   * FlatMoments). A variable without variance correlates 0 with the others (1 with itself).
   */
  function correlationInto(n: number, moments: Float64Array, m: number, out: Float64Array): void {
    for (let i = 0; i < m; i++) {
      const si = moments[i]!;
      const cii = moments[m + crossIndex(i, i, m)]!;
      const vi = Math.max(0, cii - (si * si) / n);
      out[i * m + i] = 1;
      for (let j = i + 1; j < m; j++) {
        const sj = moments[j]!;
        const cjj = moments[m + crossIndex(j, j, m)]!;
        const vj = Math.max(0, cjj - (sj * sj) / n);
        const centred = moments[m + crossIndex(i, j, m)]! - (si * sj) / n;
        const denominator = Math.sqrt(vi * vj);
        // Relative guard: sums of integers can leave a tiny non-zero variance for a constant variable.
        const tiny = 1e-12 * Math.max(1, Math.abs(cii), Math.abs(cjj));
        const r = denominator <= tiny ? 0 : Math.max(-1, Math.min(1, centred / denominator));
        out[i * m + j] = r;
        out[j * m + i] = r;
      }
    }
  }

  /** Scratch space for relative weights of up to k drivers. */
  function workspace(k: number) {
    return {
      a: new Float64Array(k * k),
      values: new Float64Array(k),
      vectors: new Float64Array(k * k),
      roots: new Float64Array(k),
      half: new Float64Array(k * k),
      beta: new Float64Array(k),
      rawWeights: new Float64Array(k),
    };
  }
  type Workspace = ReturnType<typeof workspace>;

  /**
   * Johnson's relative weights of k drivers: rxx_ij = corr[i·stride + j], rxy_i = corr[i·stride + k] (so a full
   * (k + 1) × (k + 1) correlation matrix with the outcome last has stride k + 1). Writes ε_j to ws.rawWeights and
   * returns R² = Σ ε_j. Λ½ = V diag(√λ) Vᵀ, β = V diag(1/√λ) Vᵀ r_xy (pseudo-inverse: eigenvalues ≤ 1e-12 × the
   * largest count as 0), ε_j = Σ_e (Λ½_je)² β_e².
   */
  function relativeWeightsInto(corr: Float64Array, stride: number, k: number, ws: Workspace): number {
    const { a, values, vectors, roots, half, beta, rawWeights } = ws;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) a[i * k + j] = corr[i * stride + j]!;
    symmetricEigen(a, k, values, vectors);
    let largest = 0;
    for (let e = 0; e < k; e++) largest = Math.max(largest, Math.abs(values[e]!));
    const limit = EIGEN_TOLERANCE * Math.max(1, largest);
    for (let e = 0; e < k; e++) roots[e] = values[e]! > limit ? Math.sqrt(values[e]!) : 0;
    // Vᵀ r_xy, scaled by 1/√λ, back through V: β = Λ½⁺ r_xy.
    for (let e = 0; e < k; e++) {
      let projection = 0;
      for (let j = 0; j < k; j++) projection += vectors[j * k + e]! * corr[j * stride + k]!;
      values[e] = roots[e]! > 0 ? projection / roots[e]! : 0;
    }
    for (let i = 0; i < k; i++) {
      let b = 0;
      for (let e = 0; e < k; e++) b += vectors[i * k + e]! * values[e]!;
      beta[i] = b;
      for (let j = 0; j < k; j++) {
        let h = 0;
        for (let e = 0; e < k; e++) h += vectors[i * k + e]! * vectors[j * k + e]! * roots[e]!;
        half[i * k + j] = h;
      }
    }
    let r2 = 0;
    for (let j = 0; j < k; j++) {
      let w = 0;
      for (let e = 0; e < k; e++) {
        const h = half[j * k + e]!;
        const b = beta[e]!;
        w += h * h * b * b;
      }
      rawWeights[j] = w;
      r2 += w;
    }
    return r2;
  }

  /** R² at or below this gives no importances (the outcome has no variance or no driver relates to it). */
  const R2_FLOOR = 1e-15;

  /**
   * Resamples `from` ≤ b < `to` of the bootstrap: resample b draws plan.rows row indices with mulberry32 (src/lib/random.ts)
   * started at the state it has after b · rows draws from `seed` — so any range gives the draws a single sequential
   * run would, and the ranges can run on different threads. Returns (to − from) × k importances (100 · ε_j / R²),
   * NaN for a resample whose R² is 0.
   */
  function resampleImportances(plan: BootstrapPlan, seed: number, from: number, to: number): Float64Array {
    const { rows, k, split, positionOfRow, aStart, bOfPosition, bByPosition, aValues, bValues, patternsA, patternsB } = plan;
    const m = k + 1;
    const nb = m - split;
    const groups = Math.ceil(nb / 3);
    const stride = groups * 3;
    const momentsLength = m + (m * (m + 1)) / 2;
    // Targets (positions in the flat moments) of an A pattern's own products, of A × B, and of a B pattern's own products.
    const aOwn: number[] = [];
    for (let i = 0; i < split; i++) aOwn.push(i);
    for (let i = 0; i < split; i++) for (let j = i; j < split; j++) aOwn.push(m + crossIndex(i, j, m));
    const bOwn: number[] = [];
    for (let t = 0; t < nb; t++) bOwn.push(split + t);
    for (let t = 0; t < nb; t++) for (let u = t; u < nb; u++) bOwn.push(m + crossIndex(split + t, split + u, m));
    const aTargets = Int32Array.from(aOwn);
    const bTargets = Int32Array.from(bOwn);
    const abTargets = new Int32Array(split * nb);
    for (let i = 0; i < split; i++) for (let t = 0; t < nb; t++) abTargets[i * nb + t] = m + crossIndex(i, split + t, m);
    // Each pattern's own products, in target order.
    const aWidth = aOwn.length;
    const bWidth = bOwn.length;
    const aProducts = new Float64Array(patternsA * aWidth);
    for (let p = 0; p < patternsA; p++) {
      let c = p * aWidth;
      for (let i = 0; i < split; i++) aProducts[c++] = aValues[p * split + i]!;
      for (let i = 0; i < split; i++) for (let j = i; j < split; j++) aProducts[c++] = aValues[p * split + i]! * aValues[p * split + j]!;
    }
    const bProducts = new Float64Array(patternsB * bWidth);
    for (let p = 0; p < patternsB; p++) {
      let c = p * bWidth;
      for (let t = 0; t < nb; t++) bProducts[c++] = bValues[p * nb + t]!;
      for (let t = 0; t < nb; t++) for (let u = t; u < nb; u++) bProducts[c++] = bValues[p * nb + t]! * bValues[p * nb + u]!;
    }

    const counts = new Float64Array(rows);
    const countsB = new Float64Array(patternsB);
    const sumsB = new Float64Array(stride);
    const moments = new Float64Array(momentsLength);
    const corr = new Float64Array(m * m);
    const ws = workspace(k);
    const out = new Float64Array((to - from) * k);
    for (let b = from; b < to; b++) {
      // mulberry32 after b · rows draws: its state only ever advances by 0x6d2b79f5 (mod 2^32).
      let state = ((seed >>> 0) + Math.imul(b * rows, 0x6d2b79f5)) >>> 0;
      counts.fill(0);
      for (let i = 0; i < rows; i++) {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        counts[positionOfRow[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * rows)]!]! += 1;
      }
      moments.fill(0);
      countsB.fill(0);
      for (let r = 0; r < rows; r++) countsB[bOfPosition[r]!]! += counts[r]!;
      for (let p = 0; p < patternsA; p++) {
        const start = aStart[p]!;
        const end = aStart[p + 1]!;
        let count = 0;
        for (let r = start; r < end; r++) count += counts[r]!;
        if (count === 0) continue;
        const products = p * aWidth;
        for (let c = 0; c < aWidth; c++) moments[aTargets[c]!]! += count * aProducts[products + c]!;
        // Σ count × B values over the pattern's positions, three columns at a time in registers.
        for (let g = 0; g < groups; g++) {
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          for (let r = start; r < end; r++) {
            const w = counts[r]!;
            const at = r * stride + 3 * g;
            s0 += w * bByPosition[at]!;
            s1 += w * bByPosition[at + 1]!;
            s2 += w * bByPosition[at + 2]!;
          }
          sumsB[3 * g] = s0;
          sumsB[3 * g + 1] = s1;
          sumsB[3 * g + 2] = s2;
        }
        for (let i = 0; i < split; i++) {
          const x = aValues[p * split + i]!;
          for (let v = 0; v < nb; v++) moments[abTargets[i * nb + v]!]! += x * sumsB[v]!;
        }
      }
      for (let p = 0; p < patternsB; p++) {
        const count = countsB[p]!;
        if (count === 0) continue;
        const products = p * bWidth;
        for (let c = 0; c < bWidth; c++) moments[bTargets[c]!]! += count * bProducts[products + c]!;
      }
      correlationInto(rows, moments, m, corr);
      const r2 = relativeWeightsInto(corr, m, k, ws);
      const at = (b - from) * k;
      for (let j = 0; j < k; j++) out[at + j] = r2 > R2_FLOOR ? (100 * ws.rawWeights[j]!) / r2 : Number.NaN;
    }
    return out;
  }

  return { symmetricEigen, crossIndex, correlationInto, workspace, relativeWeightsInto, resampleImportances, R2_FLOOR };
}

/**
 * Prepares a bootstrap sample (rows flat, k drivers then the outcome per row): each variable's values coded
 * densely, then for every split s (A = the first s variables, B = the rest) the distinct A and B patterns counted,
 * and the split with the least estimated work per resample kept. Repeated answers (small integer scales) give a
 * few hundred patterns per block; distinct fractional values fall back to s = m (one pattern per distinct row).
 */
export function planBootstrap(values: ArrayLike<number>, k: number): BootstrapPlan | null {
  const m = k + 1;
  const rows = Math.floor(values.length / m);
  if (rows === 0 || k === 0) return null;
  // Dense codes per variable (first appearance order) and each code's value.
  const codes = new Int32Array(rows * m);
  const distinct: number[] = [];
  for (let j = 0; j < m; j++) {
    const index = new Map<number, number>();
    for (let row = 0; row < rows; row++) {
      const value = values[row * m + j]!;
      let code = index.get(value);
      if (code === undefined) {
        code = index.size;
        index.set(value, code);
      }
      codes[row * m + j] = code;
    }
    distinct.push(index.size);
  }
  // Pattern ids of the prefixes (variables < s) and suffixes (variables ≥ s), extended one variable at a time.
  const extend = (previous: Int32Array, previousCount: number, j: number): { ids: Int32Array; count: number } => {
    const ids = new Int32Array(rows);
    const v = distinct[j]!;
    let count = 0;
    if (previousCount * v <= 1 << 22) {
      const table = new Int32Array(previousCount * v).fill(-1);
      for (let row = 0; row < rows; row++) {
        const key = previous[row]! * v + codes[row * m + j]!;
        let id = table[key]!;
        if (id < 0) table[key] = id = count++;
        ids[row] = id;
      }
    } else {
      const table = new Map<number, number>();
      for (let row = 0; row < rows; row++) {
        const key = previous[row]! * v + codes[row * m + j]!;
        let id = table.get(key);
        if (id === undefined) table.set(key, (id = count++));
        ids[row] = id;
      }
    }
    return { ids, count };
  };
  const prefix: { ids: Int32Array; count: number }[] = [{ ids: new Int32Array(rows), count: 1 }];
  for (let j = 0; j < m; j++) prefix.push(extend(prefix[j]!.ids, prefix[j]!.count, j));
  const suffix: { ids: Int32Array; count: number }[] = new Array(m + 1);
  suffix[m] = { ids: new Int32Array(rows), count: 1 };
  for (let j = m - 1; j >= 0; j--) suffix[j] = extend(suffix[j + 1]!.ids, suffix[j + 1]!.count, j);

  // Work per resample (after the draws): per position 2 + ⌈(m − s)/3⌉ · 3 multiply-adds; per A pattern its own
  // products and A × B; per B pattern its own products.
  let best = m;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let s = 1; s <= m; s++) {
    const nb = m - s;
    const cost = rows * (2 + Math.ceil(nb / 3) * 3) + prefix[s]!.count * (s + (s * (s + 1)) / 2 + s * nb + 2) + suffix[s]!.count * (nb + (nb * (nb + 1)) / 2 + 1);
    if (cost < bestCost) {
      bestCost = cost;
      best = s;
    }
  }
  const split = best;
  const nb = m - split;
  const stride = Math.ceil(nb / 3) * 3;
  const aOfRow = prefix[split]!.ids;
  const bOfRow = suffix[split]!.ids;
  const patternsA = prefix[split]!.count;
  const patternsB = suffix[split]!.count;
  // Sorted by A pattern (counting sort; rows keep their order within a pattern).
  const aStart = new Int32Array(patternsA + 1);
  for (let row = 0; row < rows; row++) aStart[aOfRow[row]! + 1]! += 1;
  for (let p = 0; p < patternsA; p++) aStart[p + 1]! += aStart[p]!;
  const next = aStart.slice(0, patternsA);
  const positionOfRow = new Int32Array(rows);
  const bOfPosition = new Int32Array(rows);
  const bByPosition = new Float64Array(rows * stride);
  const aValues = new Float64Array(patternsA * split);
  const bValues = new Float64Array(patternsB * nb);
  for (let row = 0; row < rows; row++) {
    const a = aOfRow[row]!;
    const b = bOfRow[row]!;
    const position = next[a]!++;
    positionOfRow[row] = position;
    bOfPosition[position] = b;
    for (let t = 0; t < nb; t++) bByPosition[position * stride + t] = values[row * m + split + t]!;
    if (position === aStart[a]) for (let i = 0; i < split; i++) aValues[a * split + i] = values[row * m + i]!;
    for (let t = 0; t < nb; t++) bValues[b * nb + t] = values[row * m + split + t]!;
  }
  return { rows, k, split, positionOfRow, aStart, bOfPosition, bByPosition, aValues, bValues, patternsA, patternsB };
}
