import { describe, expect, it } from "vitest";
import {
  chiSquareIndependence,
  chiSquareSurvival,
  meanWithTInterval,
  sampleSizeForDifference,
  twoProportionTest,
  wilsonInterval,
} from "@/lib/proportion-tests";

describe("wilsonInterval", () => {
  // Newcombe (1998), Statistics in Medicine 17:857–872, Table I, method 3 (score interval without continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("%i of %i → %f … %f (Newcombe 1998)", (events, n, low, high) => {
    const interval = wilsonInterval(events, n)!;
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it("is [x, 1] at n of n, null at n = 0, and refuses impossible counts", () => {
    expect(wilsonInterval(20, 20)!.high).toBe(1);
    expect(wilsonInterval(20, 20)!.low).toBeCloseTo(1 - 0.1611, 4);
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
  });
});

describe("chiSquareSurvival", () => {
  // Critical values of the chi-square distribution (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.4).
  it.each([
    [3.841, 1, 0.05],
    [6.635, 1, 0.01],
    [5.991, 2, 0.05],
    [9.21, 2, 0.01],
    [7.815, 3, 0.05],
    [9.488, 4, 0.05],
    [11.07, 5, 0.05],
    [18.307, 10, 0.05],
  ])("P(χ² ≥ %f; df %i) ≈ %f", (x, df, p) => {
    expect(chiSquareSurvival(x, df)).toBeCloseTo(p, 4);
  });

  it("is exp(−x/2) for df 2 and 1 at x ≤ 0", () => {
    expect(chiSquareSurvival(14.2, 2)).toBeCloseTo(Math.exp(-7.1), 12);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });
});

describe("chiSquareIndependence", () => {
  it("gives Agresti's X² = 30.07 (df 2) for gender × party identification", () => {
    // Agresti, An Introduction to Categorical Data Analysis (2007), Table 2.5.
    const result = chiSquareIndependence([
      [762, 327, 468],
      [484, 239, 477],
    ])!;
    expect(result.statistic).toBeCloseTo(30.07, 2);
    expect(result.df).toBe(2);
    expect(result.p).toBeLessThan(0.0001);
  });

  it("equals the square of the two-proportion z on a 2 × 2 table (Physicians' Health Study, X² = 25.01)", () => {
    const test = twoProportionTest(189, 11034, 104, 11037)!;
    const chi = chiSquareIndependence([
      [189, 11034 - 189],
      [104, 11037 - 104],
    ])!;
    expect(chi.statistic).toBeCloseTo(25.01, 2);
    expect(test.z * test.z).toBeCloseTo(chi.statistic, 8);
    expect(test.p).toBeCloseTo(chi.p, 10);
  });

  it("leaves out empty rows (fewer degrees of freedom) and gives null without two rows and two columns", () => {
    const withEmpty = chiSquareIndependence([
      [10, 90],
      [0, 0],
      [25, 75],
    ])!;
    expect(withEmpty.df).toBe(1);
    expect(withEmpty.statistic).toBeCloseTo(chiSquareIndependence([[10, 90], [25, 75]])!.statistic, 12);
    expect(chiSquareIndependence([[0, 50], [0, 40], [0, 30]])).toBeNull();
    expect(chiSquareIndependence([[5, 5]])).toBeNull();
  });
});

describe("twoProportionTest", () => {
  it("gives the difference, the ratio and the pooled z (Physicians' Health Study: z ≈ 5.00)", () => {
    const result = twoProportionTest(189, 11034, 104, 11037)!;
    expect(result.difference).toBeCloseTo(189 / 11034 - 104 / 11037, 12);
    expect(result.ratio!).toBeCloseTo(1.818, 3);
    expect(result.z).toBeCloseTo(5.001, 2);
    expect(result.p!).toBeLessThan(1e-6);
  });

  it("has no p when no one (or everyone) had the event, no ratio against a zero rate, and nothing for an empty side", () => {
    expect(twoProportionTest(0, 40, 0, 50)).toMatchObject({ difference: 0, p: null });
    expect(twoProportionTest(3, 40, 0, 50)!.ratio).toBeNull();
    expect(twoProportionTest(3, 40, 0, 0)).toBeNull();
  });
});

describe("sampleSizeForDifference", () => {
  it("matches the Fleiss formula and grows as the difference shrinks", () => {
    // 5 % vs 10 %, α 0.05 two-sided, power 0.8: 435 per group with continuity correction, 432 without (Fleiss, Levin & Paik).
    expect(sampleSizeForDifference(0.05, 0.05)).toBeGreaterThanOrEqual(430);
    expect(sampleSizeForDifference(0.05, 0.05)).toBeLessThanOrEqual(436);
    expect(sampleSizeForDifference(0.05, 0.02)).toBeGreaterThan(sampleSizeForDifference(0.05, 0.05));
    expect(sampleSizeForDifference(0.05, 0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("meanWithTInterval", () => {
  it("gives the mean with the Student-t interval (t₀.₉₇₅,₉ = 2.262)", () => {
    const values = [12, 15, 9, 11, 14, 10, 13, 16, 8, 12];
    const sum = values.reduce((s, v) => s + v, 0);
    const squares = values.reduce((s, v) => s + v * v, 0);
    const result = meanWithTInterval(values.length, sum, squares)!;
    const mean = sum / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    expect(result.mean).toBe(12);
    expect(result.low!).toBeCloseTo(mean - (2.2622 * sd) / Math.sqrt(10), 3);
    expect(result.high!).toBeCloseTo(mean + (2.2622 * sd) / Math.sqrt(10), 3);
    expect(meanWithTInterval(1, 5, 25)).toEqual({ mean: 5, low: null, high: null });
    expect(meanWithTInterval(0, 0, 0)).toBeNull();
  });
});
