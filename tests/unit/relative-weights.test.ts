import { describe, expect, it } from "vitest";
import {
  bootstrapImportance,
  correlationFromSums,
  driverMinN,
  intervalsDiffer,
  momentsOfRows,
  performancePercent,
  quadrantOf,
  quantileSorted,
  relativeWeights,
  relativeWeightsFromSums,
  round2,
  round4,
} from "@/lib/relative-weights";
import { seededRandom } from "@/lib/random";

// R's mtcars (Motor Trend 1974): cyl, disp, hp, wt, then mpg (the outcome last).
const MTCARS: [number, number, number, number, number][] = [
  [6, 160, 110, 2.62, 21], [6, 160, 110, 2.875, 21], [4, 108, 93, 2.32, 22.8], [6, 258, 110, 3.215, 21.4],
  [8, 360, 175, 3.44, 18.7], [6, 225, 105, 3.46, 18.1], [8, 360, 245, 3.57, 14.3], [4, 146.7, 62, 3.19, 24.4],
  [4, 140.8, 95, 3.15, 22.8], [6, 167.6, 123, 3.44, 19.2], [6, 167.6, 123, 3.44, 17.8], [8, 275.8, 180, 4.07, 16.4],
  [8, 275.8, 180, 3.73, 17.3], [8, 275.8, 180, 3.78, 15.2], [8, 472, 205, 5.25, 10.4], [8, 460, 215, 5.424, 10.4],
  [8, 440, 230, 5.345, 14.7], [4, 78.7, 66, 2.2, 32.4], [4, 75.7, 52, 1.615, 30.4], [4, 71.1, 65, 1.835, 33.9],
  [4, 120.1, 97, 2.465, 21.5], [8, 318, 150, 3.52, 15.5], [8, 304, 150, 3.435, 15.2], [8, 350, 245, 3.84, 13.3],
  [8, 400, 175, 3.845, 19.2], [4, 79, 66, 1.935, 27.3], [4, 120.3, 91, 2.14, 26], [4, 95.1, 113, 1.513, 30.4],
  [8, 351, 264, 3.17, 15.8], [6, 145, 175, 2.77, 19.7], [8, 301, 335, 3.57, 15], [4, 121, 109, 2.78, 21.4],
];

/** OLS R² from correlations: r_xyᵀ R_xx⁻¹ r_xy (2 × 2 inverse written out). */
function olsR2Two(r12: number, r1y: number, r2y: number): number {
  return (r1y * r1y + r2y * r2y - 2 * r12 * r1y * r2y) / (1 - r12 * r12);
}

describe("relative weights (Johnson 2000)", () => {
  it("reproduces the published mtcars example (rwa package: mpg ~ cyl + disp + hp + wt) to 1e-6", () => {
    const moments = momentsOfRows(MTCARS.flat(), 5);
    expect(moments.n).toBe(32);
    expect(moments.sums[4]! / 32).toBeCloseTo(20.090625, 9); // mean mpg, a check of the typed data
    const result = relativeWeightsFromSums(moments);
    const published = [0.2096904, 0.1883043, 0.179959, 0.2706812];
    result.rawWeights.forEach((weight, j) => expect(Math.abs(weight - published[j]!)).toBeLessThan(1e-6));
    const rescaled = [24.70914, 22.18908, 21.2057, 31.89607];
    result.importance!.forEach((value, j) => expect(Math.abs(value - rescaled[j]!)).toBeLessThan(1e-5));
    expect(Math.abs(result.r2 - 0.8486349)).toBeLessThan(1e-6); // the regression's R² (0.8486)
    expect(result.importance!.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 10);
  });

  it("gives each orthogonal driver its squared correlation (derived: Λ½ = I, β = r_xy)", () => {
    const rxx = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const rxy = [0.5, -0.3, 0.1];
    const result = relativeWeights(rxx, rxy);
    expect(result.rawWeights[0]).toBeCloseTo(0.25, 12);
    expect(result.rawWeights[1]).toBeCloseTo(0.09, 12);
    expect(result.rawWeights[2]).toBeCloseTo(0.01, 12);
    expect(result.r2).toBeCloseTo(0.35, 12);
    expect(result.importance![0]).toBeCloseTo((100 * 0.25) / 0.35, 10);
  });

  it("two correlated drivers: the weights sum to the closed-form OLS R², and equal drivers split it evenly", () => {
    const r12 = 0.6;
    const r1y = 0.5;
    const r2y = 0.3;
    const result = relativeWeights([[1, r12], [r12, 1]], [r1y, r2y]);
    expect(result.r2).toBeCloseTo(olsR2Two(r12, r1y, r2y), 12);
    // Closed form for k = 2 (eigenvectors (1, ±1)/√2): with a = √(1+r), b = √(1−r), Λ½ = ½[[a+b, a−b], [a−b, a+b]],
    // β = Λ½⁻¹ r_xy, ε_1 = ((a+b)²β₁² + (a−b)²β₂²)/4.
    const a = Math.sqrt(1 + r12);
    const b = Math.sqrt(1 - r12);
    const inv = [[(1 / a + 1 / b) / 2, (1 / a - 1 / b) / 2], [(1 / a - 1 / b) / 2, (1 / a + 1 / b) / 2]];
    const beta = [inv[0]![0]! * r1y + inv[0]![1]! * r2y, inv[1]![0]! * r1y + inv[1]![1]! * r2y];
    const e1 = ((a + b) ** 2 * beta[0]! ** 2 + (a - b) ** 2 * beta[1]! ** 2) / 4;
    expect(result.rawWeights[0]).toBeCloseTo(e1, 12);
    const even = relativeWeights([[1, 0.4], [0.4, 1]], [0.5, 0.5]);
    expect(even.importance![0]).toBeCloseTo(50, 10);
  });

  it("does not depend on the order of the drivers", () => {
    const order = [3, 0, 2, 1];
    const rows = MTCARS.map((row) => [...order.map((i) => row[i]!), row[4]]);
    const a = relativeWeightsFromSums(momentsOfRows(MTCARS.flat(), 5));
    const b = relativeWeightsFromSums(momentsOfRows(rows.flat(), 5));
    order.forEach((original, j) => expect(b.rawWeights[j]).toBeCloseTo(a.rawWeights[original]!, 12));
  });

  it("a constant driver gets weight 0 instead of NaN; an outcome without variance has no importance", () => {
    const rows = MTCARS.map((row) => [row[0], 3, row[4]]);
    const result = relativeWeightsFromSums(momentsOfRows(rows.flat(), 3));
    expect(result.rawWeights[1]).toBe(0);
    expect(result.importance![0]).toBeCloseTo(100, 10);
    const flat = relativeWeightsFromSums(momentsOfRows(MTCARS.map((row) => [row[0], row[1], 7]).flat(), 3));
    expect(flat.importance).toBeNull();
    expect(flat.r2).toBe(0);
  });

  it("correlations from sums equal the textbook Pearson r", () => {
    const x = MTCARS.map((row) => row[3]);
    const y = MTCARS.map((row) => row[4]);
    const mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
    const mx = mean(x);
    const my = mean(y);
    const sxy = x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0);
    const sxx = x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
    const syy = y.reduce((s, yi) => s + (yi - my) ** 2, 0);
    const r = correlationFromSums(momentsOfRows(MTCARS.map((row) => [row[3], row[4]]).flat(), 2));
    expect(r[0]![1]).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 12);
    expect(r[0]![1]).toBeCloseTo(-0.8676594, 6); // cor(mtcars$wt, mtcars$mpg)
  });
});

describe("bootstrap", () => {
  const random = seededRandom(7);
  const rows: number[] = [];
  for (let i = 0; i < 400; i++) {
    const a = 1 + Math.floor(random() * 5);
    const b = 1 + Math.floor(random() * 5);
    const y = Math.max(0, Math.min(10, Math.round(2 * a + 0.2 * b - 2 + (random() - 0.5) * 3)));
    rows.push(a, b, y);
  }

  it("is reproducible with its fixed seed and brackets the point estimate", () => {
    const first = bootstrapImportance(rows, 2, { resamples: 200 });
    const second = bootstrapImportance(rows, 2, { resamples: 200 });
    expect(first).toEqual(second);
    const point = relativeWeightsFromSums(momentsOfRows(rows, 3)).importance!;
    first!.forEach((interval, j) => {
      expect(interval.low).toBeLessThanOrEqual(point[j]!);
      expect(interval.high).toBeGreaterThanOrEqual(point[j]!);
    });
    expect(first![0]!.low).toBeGreaterThan(first![1]!.high); // the driver built to matter is clearly ahead
    expect(bootstrapImportance(rows, 2, { resamples: 200, seed: 99 })).not.toEqual(first);
  });

  /** The bootstrap as defined, row by row: `rows` seeded draws per resample, their moment sums, the importances' quantiles. */
  function referenceBootstrap(values: number[], k: number, resamples: number, seed: number) {
    const m = k + 1;
    const n = values.length / m;
    const draw = seededRandom(seed);
    const lists: number[][] = Array.from({ length: k }, () => []);
    for (let b = 0; b < resamples; b++) {
      const counts = new Float64Array(n);
      for (let i = 0; i < n; i++) counts[Math.floor(draw() * n)]! += 1;
      const { importance } = relativeWeightsFromSums(momentsOfRows(values, m, counts));
      if (importance) importance.forEach((v, j) => lists[j]!.push(v));
    }
    return lists.map((list) => {
      const sorted = [...list].sort((a, b) => a - b);
      return { low: quantileSorted(sorted, 0.025), high: quantileSorted(sorted, 0.975) };
    });
  }

  it("gives the row-by-row bootstrap's intervals (to 1e-9) on integer answers, fractional ones and the largest sample", () => {
    const draw = seededRandom(11);
    const integers: number[] = [];
    const fractions: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const x = [1 + Math.floor(draw() * 5), 1 + Math.floor(draw() * 7), 1 + Math.floor(draw() * 5)];
      const y = Math.max(0, Math.min(10, Math.round(x[0]! + 0.5 * x[1]! - 2 + (draw() - 0.5) * 4)));
      integers.push(...x, y);
      fractions.push(x[0]! + 0.5, x[1]! * 0.7, -x[2]!, y);
    }
    const same = (values: number[], k: number, resamples: number, seed: number) => {
      const fast = bootstrapImportance(values, k, { resamples, seed })!;
      const reference = referenceBootstrap(values, k, resamples, seed);
      expect(fast).toHaveLength(k);
      fast.forEach((interval, j) => {
        expect(interval.low).toBeCloseTo(reference[j]!.low, 9);
        expect(interval.high).toBeCloseTo(reference[j]!.high, 9);
      });
    };
    same(integers, 3, 120, 5);
    same(fractions, 3, 60, 5);
    // 20,000 rows of 0–10 values: the largest sample the analysis bootstraps.
    const large: number[] = [];
    for (let i = 0; i < 20_000; i++) large.push(Math.floor(draw() * 11), Math.floor(draw() * 11), i % 11);
    same(large, 2, 5, 3);
  });

  it("quantiles interpolate like R's type 7", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.025)).toBeCloseTo(1.1, 12);
    expect(Number.isNaN(quantileSorted([], 0.5))).toBe(true);
  });
});

describe("quadrant, performance, rounding, minimum n", () => {
  it("splits at 100 / k importance and the average performance", () => {
    expect(quadrantOf(40, 50, 4, 60)).toBe("priority_fix");
    expect(quadrantOf(40, 70, 4, 60)).toBe("key_strength");
    expect(quadrantOf(10, 50, 4, 60)).toBe("secondary_weakness");
    expect(quadrantOf(10, 70, 4, 60)).toBe("secondary_strength");
    expect(quadrantOf(25, 60, 4, 60)).toBe("secondary_strength"); // exactly average importance is not above it
  });

  it("normalises a mean to 0–100 on its own scale", () => {
    expect(performancePercent(3.91, { min: 1, max: 5 })).toBeCloseTo(72.75, 10);
    expect(performancePercent(4, { min: 1, max: 7 })).toBeCloseTo(50, 10);
  });

  it("rounds half away from zero", () => {
    expect(round2(34.205)).toBe(34.21);
    expect(round2(-1.005)).toBe(-1.01);
    expect(round4(0.41265)).toBe(0.4127);
    expect(round4(-0.00005)).toBe(-0.0001);
  });

  it("needs max(30, 10 × drivers) complete cases", () => {
    expect(driverMinN(1)).toBe(30);
    expect(driverMinN(3)).toBe(30);
    expect(driverMinN(6)).toBe(60);
  });

  it("flags a difference only when the intervals do not overlap", () => {
    expect(intervalsDiffer({ low: 10, high: 20 }, { low: 21, high: 30 })).toBe(true);
    expect(intervalsDiffer({ low: 10, high: 20 }, { low: 19, high: 30 })).toBe(false);
    expect(intervalsDiffer(null, { low: 1, high: 2 })).toBe(false);
  });
});
