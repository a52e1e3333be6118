import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { driverKernelSource, planBootstrap } from "@/lib/driver-kernel";
import { seededRandom } from "@/lib/random";
import { bootstrapImportance, correlationFromSums, momentsOfRows, relativeWeights, relativeWeightsFromSums } from "@/lib/relative-weights";
import { referenceBootstrapImportance, referenceRelativeWeights, referenceRelativeWeightsFromSums } from "../fixtures/relative-weights-0024";

const kernel = driverKernelSource();

/** A random correlation matrix of k variables (from `rows` correlated normal draws; rows ≤ k gives a singular one). */
function randomCorrelation(random: () => number, k: number, rows = 4 * k + 3): number[][] {
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    const latent = normal();
    for (let j = 0; j < k; j++) values.push(latent * (j % 3) * 0.5 + normal());
  }
  return correlationFromSums(momentsOfRows(values, k));
}

function eigenOf(matrix: number[][]) {
  const k = matrix.length;
  const a = Float64Array.from(matrix.flat());
  const values = new Float64Array(k);
  const vectors = new Float64Array(k * k);
  kernel.symmetricEigen(a, k, values, vectors);
  return { values, vectors };
}

describe("symmetric eigen decomposition (Jacobi) against ml-matrix", () => {
  it("gives ml-matrix's eigenvalues and an orthonormal V with V Λ Vᵀ = A, k = 1…12, random and degenerate matrices", () => {
    const random = seededRandom(3);
    const matrices: number[][][] = [];
    for (let k = 1; k <= 12; k++) {
      matrices.push(randomCorrelation(random, k));
      matrices.push(randomCorrelation(random, k, Math.max(2, k - 2))); // rank-deficient
    }
    matrices.push([[1, 0, 0], [0, 1, 0], [0, 0, 1]]); // repeated eigenvalues
    matrices.push([[1, 1, 1], [1, 1, 1], [1, 1, 1]]); // rank 1
    matrices.push([[2, -1, 0, 0], [-1, 2, -1, 0], [0, -1, 2, -1], [0, 0, -1, 2]]);
    for (const matrix of matrices) {
      const k = matrix.length;
      const { values, vectors } = eigenOf(matrix);
      const reference = new EigenvalueDecomposition(new Matrix(matrix), { assumeSymmetric: true }).realEigenvalues;
      const sorted = [...values].sort((x, y) => x - y);
      [...reference].sort((x, y) => x - y).forEach((value, e) => expect(Math.abs(sorted[e]! - value)).toBeLessThan(1e-12));
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          let rebuilt = 0;
          let gram = 0;
          for (let e = 0; e < k; e++) {
            rebuilt += vectors[i * k + e]! * values[e]! * vectors[j * k + e]!;
            gram += vectors[e * k + i]! * vectors[e * k + j]!;
          }
          expect(Math.abs(rebuilt - matrix[i]![j]!)).toBeLessThan(1e-12);
          expect(Math.abs(gram - (i === j ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
    }
  });
});

describe("relative weights on flat arrays against the ml-matrix implementation (0024)", () => {
  it("equal the reference to 1e-9 on random correlation matrices, k = 1…12, including singular ones", () => {
    const random = seededRandom(5);
    for (let k = 1; k <= 12; k++) {
      for (const rows of [6 * k + 5, Math.max(3, k)]) {
        const r = randomCorrelation(random, k + 1, rows);
        const rxx = r.slice(0, k).map((row) => row.slice(0, k));
        const rxy = r.slice(0, k).map((row) => row[k]!);
        const ours = relativeWeights(rxx, rxy);
        const reference = referenceRelativeWeights(rxx, rxy);
        expect(Math.abs(ours.r2 - reference.r2)).toBeLessThan(1e-9);
        ours.rawWeights.forEach((w, j) => expect(Math.abs(w - reference.rawWeights[j]!)).toBeLessThan(1e-9));
        if (reference.importance) ours.importance!.forEach((v, j) => expect(Math.abs(v - reference.importance![j]!)).toBeLessThan(1e-9));
        else expect(ours.importance).toBeNull();
      }
    }
  });

  it("equal the reference from moment sums with a constant driver and an exactly dependent one", () => {
    const random = seededRandom(8);
    const rows: number[] = [];
    for (let i = 0; i < 200; i++) {
      const a = 1 + Math.floor(random() * 5);
      const b = 1 + Math.floor(random() * 7);
      rows.push(a, b, a + b, 4, Math.min(10, a + b + Math.floor(random() * 3)));
    }
    const ours = relativeWeightsFromSums(momentsOfRows(rows, 5));
    const reference = referenceRelativeWeightsFromSums(momentsOfRows(rows, 5));
    expect(ours.rawWeights[3]).toBe(0);
    ours.rawWeights.forEach((w, j) => expect(Math.abs(w - reference.rawWeights[j]!)).toBeLessThan(1e-9));
    ours.importance!.forEach((v, j) => expect(Math.abs(v - reference.importance![j]!)).toBeLessThan(1e-9));
  });
});

describe("bootstrap against the implementation of 0024", () => {
  /** Rows of k drivers on the given scales and a 0–10 score built from the first ones. */
  function sample(seed: number, rows: number, scales: number[], fractional = false): number[] {
    const random = seededRandom(seed);
    const out: number[] = [];
    for (let i = 0; i < rows; i++) {
      const x = scales.map((max) => 1 + Math.floor(random() * max) + (fractional ? random() : 0));
      const score = Math.max(0, Math.min(10, Math.round(x.reduce((sum, v, j) => sum + v / (j + 1), 0) / 2 + (random() - 0.5) * 4)));
      out.push(...x, score);
    }
    return out;
  }
  function expectSame(values: number[], k: number, resamples: number, seed: number) {
    const ours = bootstrapImportance(values, k, { resamples, seed });
    const reference = referenceBootstrapImportance(values, k, { resamples, seed });
    if (!reference) return expect(ours).toBeNull();
    expect(ours).toHaveLength(k);
    ours!.forEach((interval, j) => {
      expect(Math.abs(interval.low - reference[j]!.low)).toBeLessThan(1e-9);
      expect(Math.abs(interval.high - reference[j]!.high)).toBeLessThan(1e-9);
    });
  }

  it("gives the same intervals (to 1e-9) on random integer and fractional answers, k = 1…9", () => {
    expectSame(sample(1, 300, [5]), 1, 80, 2);
    expectSame(sample(2, 500, [5, 5, 7]), 3, 80, 3);
    expectSame(sample(3, 2000, [5, 5, 7, 5, 5, 7]), 6, 60, 4);
    expectSame(sample(4, 400, [5, 7, 5, 7, 5, 7, 5, 7, 5]), 9, 40, 5);
    expectSame(sample(5, 300, [5, 5, 7], true), 3, 40, 6); // distinct fractional values: one pattern per row
    expectSame(sample(6, 120, [2, 11, 3, 5]), 4, 60, 7);
  });

  it("gives the same intervals with a constant driver, a dependent driver and a constant score", () => {
    const rows = sample(7, 400, [5, 5]);
    const withConstant: number[] = [];
    const withSum: number[] = [];
    const flat: number[] = [];
    for (let i = 0; i < rows.length; i += 3) {
      withConstant.push(rows[i]!, 3, rows[i + 1]!, rows[i + 2]!);
      withSum.push(rows[i]!, rows[i + 1]!, rows[i]! + rows[i + 1]!, rows[i + 2]!);
      flat.push(rows[i]!, rows[i + 1]!, 6);
    }
    expectSame(withConstant, 3, 60, 8);
    expectSame(withSum, 3, 60, 9);
    expect(bootstrapImportance(flat, 2, { resamples: 20 })).toBeNull();
    expect(referenceBootstrapImportance(flat, 2, { resamples: 20 })).toBeNull();
  });

  it("takes the seed as seededRandom does (to 32 bits): negative, beyond 2^32 and fractional seeds", () => {
    const values = sample(13, 600, [5, 7]);
    for (const seed of [-7, 2 ** 32 + 5, 1.5, 4_294_967_295]) expectSame(values, 2, 30, seed);
  });

  it("gives the same intervals on 20,000 rows shaped like the drivers bench (6 drivers, 18,000+ distinct patterns)", () => {
    expectSame(sample(9, 20_000, [5, 5, 7, 5, 5, 7]), 6, 40, 20_001_206);
  });

  it("any split of the resamples gives the draws of one sequential run (what the worker pool relies on)", () => {
    const values = sample(10, 900, [5, 7, 5]);
    const plan = planBootstrap(values, 3)!;
    const whole = kernel.resampleImportances(plan, 11, 0, 50);
    const parts = [kernel.resampleImportances(plan, 11, 0, 17), kernel.resampleImportances(plan, 11, 17, 31), kernel.resampleImportances(plan, 11, 31, 50)];
    expect(Float64Array.from(parts.flatMap((part) => Array.from(part)))).toEqual(whole);
  });

  it("plans: positions are a permutation of the rows, with every A pattern a run of positions", () => {
    const values = sample(12, 1000, [5, 5, 7, 5]);
    const plan = planBootstrap(values, 4)!;
    expect([...plan.positionOfRow].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(plan.aStart[plan.patternsA]).toBe(1000);
    for (let row = 0; row < 1000; row++) {
      const position = plan.positionOfRow[row]!;
      let pattern = 0;
      while (plan.aStart[pattern + 1]! <= position) pattern++;
      for (let i = 0; i < plan.split; i++) expect(plan.aValues[pattern * plan.split + i]).toBe(values[row * 5 + i]);
    }
    expect(plan.split).toBeGreaterThanOrEqual(1);
    expect(plan.split).toBeLessThanOrEqual(5);
    expect(planBootstrap([], 2)).toBeNull();
    expect(planBootstrap([1, 2, 3], 0)).toBeNull();
  });
});
