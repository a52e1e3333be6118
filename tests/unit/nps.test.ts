import { describe, it, expect } from "vitest";
import {
  DEFAULT_MIN_N,
  DEFAULT_PASSIVE_SHARE,
  DEFAULT_SUPPRESS_N,
  NPS_MAX_SCORE,
  NPS_MIN_SCORE,
  SHRINKAGE_FALLBACK_K,
  adjustedWald,
  classifyScore,
  compareNps,
  estimateShrinkageK,
  invitationsNeeded,
  isValidScore,
  marginOfError,
  normalCdf,
  normalQuantile,
  npsFromCounts,
  npsFromHistogram,
  npsFromScores,
  rawNps,
  requiredSampleSize,
  roundTo,
  sampleStatus,
  scoreHistogram,
  shrinkUnits,
  studentTCdf,
  studentTQuantile,
  toApiStats,
  type NpsStats,
} from "@/lib/nps";

/** n=120, 60 promoters, 30 passives, 30 detractors, mean 7.6 (sum 912). */
const EXAMPLE_HISTOGRAM = [6, 0, 0, 9, 0, 0, 15, 15, 15, 30, 30];

function scoresFromHistogram(histogram: readonly number[]): number[] {
  return histogram.flatMap((count, score) => Array.from({ length: count }, () => score));
}

function expectAllNull(stats: NpsStats): void {
  expect(stats.nps).toBeNull();
  expect(stats.ciLow).toBeNull();
  expect(stats.ciHigh).toBeNull();
  expect(stats.mean).toBeNull();
  expect(stats.meanCiLow).toBeNull();
  expect(stats.meanCiHigh).toBeNull();
  expect(stats.promoterShare).toBeNull();
  expect(stats.passiveShare).toBeNull();
  expect(stats.detractorShare).toBeNull();
}

describe("scores and classification", () => {
  it("exposes the score range", () => {
    expect(NPS_MIN_SCORE).toBe(0);
    expect(NPS_MAX_SCORE).toBe(10);
  });

  it.each([
    [0, "DETRACTOR"],
    [1, "DETRACTOR"],
    [6, "DETRACTOR"],
    [7, "PASSIVE"],
    [8, "PASSIVE"],
    [9, "PROMOTER"],
    [10, "PROMOTER"],
  ] as const)("classifies %d as %s", (score, category) => {
    expect(classifyScore(score)).toBe(category);
  });

  it("accepts every integer 0..10", () => {
    for (let s = 0; s <= 10; s++) expect(isValidScore(s)).toBe(true);
  });

  it.each([-1, 11, 3.5, Number.NaN, Number.POSITIVE_INFINITY, -0.5, 10.0001])("rejects invalid number %s", (score) => {
    expect(isValidScore(score)).toBe(false);
    expect(() => classifyScore(score)).toThrow(RangeError);
  });

  it.each(["7", null, undefined, true, {}, [7]])("rejects non-number %j", (value) => {
    expect(isValidScore(value)).toBe(false);
  });

  it("rejects the string '7' in classifyScore at runtime", () => {
    const untyped: unknown = "7";
    expect(() => classifyScore(untyped as number)).toThrow(RangeError);
  });
});

describe("adjustedWald", () => {
  it("matches the product.md example (n=120, P=60, D=30 → 9.77..39.01)", () => {
    const r = adjustedWald({ n: 120, promoters: 60, detractors: 30 });
    expect(r.ciLow).toBeCloseTo(9.77, 2);
    expect(r.ciHigh).toBeCloseTo(39.01, 2);
    expect(roundTo(r.ciLow, 2)).toBe(9.77);
    expect(roundTo(r.ciHigh, 2)).toBe(39.01);
    // n' = 123, p' = 60.75/123, d' = 30.75/123
    expect(r.estimate).toBeCloseTo((100 * 30) / 123, 10);
    expect(r.se).toBeCloseTo(7.459451576772036, 10);
    expect(r.ciLow).toBeCloseTo(r.estimate - 1.96 * r.se, 10);
    expect(r.ciHigh).toBeCloseTo(r.estimate + 1.96 * r.se, 10);
  });

  it("works for n = 0 (n' = 3)", () => {
    const r = adjustedWald({ n: 0, promoters: 0, detractors: 0 });
    expect(r.estimate).toBeCloseTo(0, 12);
    // p' = d' = 0.25 → SE = sqrt(0.5 / 3)
    expect(r.se).toBeCloseTo(100 * Math.sqrt(0.5 / 3), 10);
    expect(r.ciLow).toBeGreaterThanOrEqual(-100);
    expect(r.ciHigh).toBeLessThanOrEqual(100);
    expect(r.ciLow).toBeCloseTo(-80.02, 2);
    expect(r.ciHigh).toBeCloseTo(80.02, 2);
  });

  it("clips the interval to [-100, 100]", () => {
    const high = adjustedWald({ n: 5, promoters: 5, detractors: 0 });
    expect(high.ciHigh).toBe(100);
    expect(high.ciLow).toBeGreaterThan(0);
    const low = adjustedWald({ n: 5, promoters: 0, detractors: 5 });
    expect(low.ciLow).toBe(-100);
    expect(low.ciHigh).toBeLessThan(0);
  });

  it("narrows as n grows", () => {
    const small = adjustedWald({ n: 50, promoters: 25, detractors: 10 });
    const large = adjustedWald({ n: 5000, promoters: 2500, detractors: 1000 });
    expect(large.ciHigh - large.ciLow).toBeLessThan(small.ciHigh - small.ciLow);
  });

  it.each([
    { n: -1, promoters: 0, detractors: 0 },
    { n: 10, promoters: 6, detractors: 5 },
    { n: 10, promoters: 1.5, detractors: 0 },
    { n: Number.NaN, promoters: 0, detractors: 0 },
  ])("rejects invalid counts %j", (counts) => {
    expect(() => adjustedWald(counts)).toThrow(RangeError);
  });
});

describe("npsFromCounts", () => {
  it("computes the product.md example", () => {
    const stats = npsFromCounts({ promoters: 60, passives: 30, detractors: 30 });
    expect(stats.n).toBe(120);
    expect(stats.nps).toBe(25);
    expect(stats.ciLow).toBeCloseTo(9.77, 2);
    expect(stats.ciHigh).toBeCloseTo(39.01, 2);
    expect(stats.promoterShare).toBe(0.5);
    expect(stats.passiveShare).toBe(0.25);
    expect(stats.detractorShare).toBe(0.25);
    expect(stats.mean).toBeNull();
    expect(stats.meanCiLow).toBeNull();
    expect(stats.meanCiHigh).toBeNull();
  });

  it("returns nulls (and does not throw) for n = 0", () => {
    const stats = npsFromCounts({ promoters: 0, passives: 0, detractors: 0 });
    expect(stats.n).toBe(0);
    expect(stats.promoters).toBe(0);
    expectAllNull(stats);
    expectAllNull(npsFromCounts({ promoters: 0, passives: 0, detractors: 0, sum: 0, sumSquares: 0 }));
  });

  it("all promoters → NPS 100 with CI high clipped ≤ 100", () => {
    const stats = npsFromCounts({ promoters: 40, passives: 0, detractors: 0 });
    expect(stats.nps).toBe(100);
    expect(stats.ciHigh).not.toBeNull();
    expect(stats.ciHigh ?? Number.NaN).toBeLessThanOrEqual(100);
    expect(stats.ciLow ?? Number.NaN).toBeLessThan(100);
    expect(stats.ciLow ?? Number.NaN).toBeGreaterThan(80);
  });

  it("all detractors → NPS -100 with CI low clipped ≥ -100", () => {
    const stats = npsFromCounts({ promoters: 0, passives: 0, detractors: 40 });
    expect(stats.nps).toBe(-100);
    expect(stats.ciLow ?? Number.NaN).toBeGreaterThanOrEqual(-100);
    expect(stats.ciHigh ?? Number.NaN).toBeGreaterThan(-100);
    expect(stats.ciHigh ?? Number.NaN).toBeLessThan(-80);
  });

  it("single respondent: wide adjusted-Wald CI and no mean CI", () => {
    const stats = npsFromCounts({ promoters: 1, passives: 0, detractors: 0, sum: 10, sumSquares: 100 });
    expect(stats.nps).toBe(100);
    // n' = 4, p' = 0.4375, d' = 0.1875 → NPS' = 25, SE = 37.5 → 25 ± 73.5
    expect(stats.ciHigh).toBeCloseTo(98.5, 10);
    expect(stats.ciLow).toBeCloseTo(-48.5, 10);
    expect(stats.mean).toBe(10);
    expect(stats.meanCiLow).toBeNull();
    expect(stats.meanCiHigh).toBeNull();
  });

  it("uses SQL aggregates for the mean and its t-based CI", () => {
    // 60×10, 30×8, 10×6, 20×3 — checked against scipy.stats.t
    const stats = npsFromCounts({ promoters: 60, passives: 30, detractors: 30, sum: 960, sumSquares: 8460 });
    expect(stats.mean).toBe(8);
    expect(stats.meanCiLow).toBeCloseTo(7.537224568637644, 9);
    expect(stats.meanCiHigh).toBeCloseTo(8.462775431362356, 9);
  });

  it("gives a mean without CI when only the sum is known", () => {
    const stats = npsFromCounts({ promoters: 60, passives: 30, detractors: 30, sum: 912 });
    expect(stats.mean).toBeCloseTo(7.6, 12);
    expect(stats.meanCiLow).toBeNull();
    expect(stats.meanCiHigh).toBeNull();
  });

  it("zero-variance scores give a degenerate mean CI", () => {
    const stats = npsFromCounts({ promoters: 0, passives: 10, detractors: 0, sum: 70, sumSquares: 490 });
    expect(stats.mean).toBe(7);
    expect(stats.meanCiLow).toBe(7);
    expect(stats.meanCiHigh).toBe(7);
  });

  it("clips the mean CI to [0, 10]", () => {
    const stats = npsFromCounts({ promoters: 1, passives: 0, detractors: 1, sum: 10, sumSquares: 100 });
    expect(stats.meanCiLow).toBe(0);
    expect(stats.meanCiHigh).toBe(10);
  });

  it.each([
    { promoters: -1, passives: 0, detractors: 0 },
    { promoters: 1.5, passives: 0, detractors: 0 },
    { promoters: 0, passives: Number.NaN, detractors: 0 },
    // sum outside what the categories allow (10 promoters → 90..100)
    { promoters: 10, passives: 0, detractors: 0, sum: 80 },
    { promoters: 10, passives: 0, detractors: 0, sum: 101 },
    { promoters: 10, passives: 0, detractors: 0, sum: Number.NaN },
    // sumSquares outside what the categories allow
    { promoters: 10, passives: 0, detractors: 0, sum: 95, sumSquares: 1001 },
    // sumSquares smaller than sum² / n
    { promoters: 0, passives: 0, detractors: 2, sum: 6, sumSquares: 17 },
  ])("rejects invalid counts/aggregates %j", (counts) => {
    expect(() => npsFromCounts(counts)).toThrow(RangeError);
  });
});

describe("npsFromScores / npsFromHistogram", () => {
  it("ignores skipped answers (null/undefined): skipped ≠ detractor", () => {
    const stats = npsFromScores([10, 9, null, undefined, 3, null]);
    expect(stats.n).toBe(3);
    expect(stats.promoters).toBe(2);
    expect(stats.detractors).toBe(1);
    expect(stats.nps).toBeCloseTo(100 / 3, 12);
    expect(stats.mean).toBeCloseTo(22 / 3, 12);
  });

  it("all skipped is n = 0 with nulls", () => {
    const stats = npsFromScores([null, undefined, null]);
    expect(stats.n).toBe(0);
    expectAllNull(stats);
    expectAllNull(npsFromScores([]));
  });

  it.each([-1, 11, 3.5, Number.NaN])("throws RangeError on invalid score %s", (bad) => {
    expect(() => npsFromScores([10, bad, 9])).toThrow(RangeError);
  });

  it("throws RangeError on the string '7'", () => {
    const scores: unknown[] = [10, "7"];
    expect(() => npsFromScores(scores as number[])).toThrow(RangeError);
  });

  it("computes the t-based mean CI from raw scores (checked against scipy)", () => {
    const stats = npsFromScores([10, 9, 8, 7, 6, 0, 5]);
    expect(stats.mean).toBeCloseTo(45 / 7, 12);
    expect(stats.meanCiLow).toBeCloseTo(3.367851614526345, 9);
    expect(stats.meanCiHigh).toBeCloseTo(9.489291242616513, 9);
  });

  it("histogram, scores and counts (with SQL aggregates) give identical results", () => {
    const scores = scoresFromHistogram(EXAMPLE_HISTOGRAM);
    const withSkips = [null, ...scores.slice(0, 50), undefined, ...scores.slice(50), null];
    const sum = scores.reduce((a, s) => a + s, 0);
    const sumSquares = scores.reduce((a, s) => a + s * s, 0);
    const fromHistogram = npsFromHistogram(EXAMPLE_HISTOGRAM);
    const fromScores = npsFromScores(withSkips);
    const fromCounts = npsFromCounts({ promoters: 60, passives: 30, detractors: 30, sum, sumSquares });
    expect(fromScores).toEqual(fromHistogram);
    expect(fromCounts).toEqual(fromHistogram);
    expect(fromHistogram.n).toBe(120);
    expect(fromHistogram.nps).toBe(25);
    expect(fromHistogram.mean).toBeCloseTo(7.6, 12);
    expect(fromHistogram.meanCiLow).not.toBeNull();
    expect(scoreHistogram(withSkips)).toEqual(EXAMPLE_HISTOGRAM);
  });

  it("rejects malformed histograms", () => {
    expect(() => npsFromHistogram([1, 2, 3])).toThrow(RangeError);
    expect(() => npsFromHistogram(new Array<number>(12).fill(0))).toThrow(RangeError);
    expect(() => npsFromHistogram([0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0])).toThrow(RangeError);
    expect(() => npsFromHistogram([0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0])).toThrow(RangeError);
  });

  it("an all-zero histogram is n = 0", () => {
    expectAllNull(npsFromHistogram(new Array<number>(11).fill(0)));
  });
});

describe("toApiStats", () => {
  it("produces the product.md REST shape", () => {
    expect(toApiStats(npsFromHistogram(EXAMPLE_HISTOGRAM))).toEqual({
      n: 120,
      promoters: 60,
      passives: 30,
      detractors: 30,
      nps: 25,
      ciLow: 9.77,
      ciHigh: 39.01,
      mean: 7.6,
    });
    expect(JSON.stringify(toApiStats(npsFromHistogram(EXAMPLE_HISTOGRAM)))).toBe(
      '{"n":120,"promoters":60,"passives":30,"detractors":30,"nps":25,"ciLow":9.77,"ciHigh":39.01,"mean":7.6}',
    );
  });

  it("rounds to 2 decimals and keeps nulls", () => {
    const api = toApiStats(npsFromScores([10, 9, 3]));
    expect(api.nps).toBe(33.33);
    expect(api.mean).toBe(7.33);
    expect(toApiStats(npsFromScores([]))).toEqual({
      n: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      nps: null,
      ciLow: null,
      ciHigh: null,
      mean: null,
    });
  });

  it("roundTo rounds half away from zero and never yields -0", () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(roundTo(2.675, 2)).toBe(2.68);
    expect(Object.is(roundTo(-0.001, 2), 0)).toBe(true);
    expect(roundTo(-66.666666, 2)).toBe(-66.67);
  });

  it("rawNps is null for n = 0", () => {
    expect(rawNps({ n: 0, promoters: 0, detractors: 0 })).toBeNull();
    expect(rawNps({ n: 4, promoters: 3, detractors: 1 })).toBe(50);
  });
});

describe("normalCdf", () => {
  it.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145707],
    [1.96, 0.9750021048517795],
    [-1.96, 0.024997895148220435],
    [0.5, 0.6914624612740131],
    [3.2, 0.9993128620620841],
    [-3, 0.0013498980316300933],
    [2.5758293035489, 0.995],
  ])("Φ(%s) ≈ %s (error < 1e-12)", (x, expected) => {
    expect(Math.abs(normalCdf(x) - expected)).toBeLessThan(1e-12);
  });

  it("is accurate in relative terms deep in the tails", () => {
    expect(normalCdf(-5) / 2.866515718791933e-7).toBeCloseTo(1, 8);
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 6);
    expect(normalCdf(-10) / 7.61985302416047e-24).toBeCloseTo(1, 6);
  });

  it("is symmetric, monotone and bounded", () => {
    let previous = 0;
    for (let x = -40; x <= 40; x += 0.25) {
      const v = normalCdf(x);
      expect(v).toBeGreaterThanOrEqual(previous);
      expect(v).toBeLessThanOrEqual(1);
      expect(v + normalCdf(-x)).toBeCloseTo(1, 14);
      previous = v;
    }
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });

  it("normalQuantile inverts normalCdf", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 8);
    for (const p of [0.001, 0.05, 0.3, 0.7, 0.95, 0.999]) {
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 13);
    }
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });
});

describe("Student t", () => {
  it.each([
    [1, 12.706204736174694],
    [2, 4.302652729749462],
    [4, 2.7764451051977934],
    [10, 2.228138851986274],
    [29, 2.045229642132703],
    [99, 1.9842169515864174],
    [1000, 1.9623390808264083],
    [5000, 1.9604385517065073],
    [1000000, 1.959966356814107],
  ])("t(0.975, df=%d) ≈ %s", (df, expected) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(expected, 9);
  });

  it("handles other probabilities and symmetry", () => {
    expect(studentTQuantile(0.9, 5)).toBeCloseTo(1.4758840488244815, 10);
    expect(studentTQuantile(0.05, 7)).toBeCloseTo(-1.8945786050900066, 10);
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTCdf(2, 3)).toBeCloseTo(0.9303370157205785, 12);
    expect(studentTCdf(-2, 3)).toBeCloseTo(1 - 0.9303370157205785, 12);
    expect(studentTCdf(1.96, Number.POSITIVE_INFINITY)).toBe(normalCdf(1.96));
    expect(() => studentTQuantile(0.975, 0)).toThrow(RangeError);
  });
});

describe("compareNps", () => {
  const high = { n: 400, promoters: 240, detractors: 40 }; // NPS 50
  const low = { n: 400, promoters: 160, detractors: 120 }; // NPS 10

  it("50 vs 10 at n = 400 each is significant", () => {
    const r = compareNps(high, low);
    expect(r.difference).toBe(40);
    expect(r.z).toBeGreaterThan(1.96);
    expect(r.pValue).toBeLessThan(0.05);
    expect(r.significant).toBe(true);
  });

  it("30 vs 28 at n = 50 each is not significant", () => {
    const r = compareNps({ n: 50, promoters: 25, detractors: 10 }, { n: 50, promoters: 24, detractors: 10 });
    expect(r.difference).toBeCloseTo(2, 12);
    expect(Math.abs(r.z)).toBeLessThan(1.96);
    expect(r.pValue).toBeGreaterThan(0.05);
    expect(r.significant).toBe(false);
  });

  it("is symmetric (difference and z flip sign, same p)", () => {
    const ab = compareNps(high, low);
    const ba = compareNps(low, high);
    expect(ba.difference).toBe(-ab.difference);
    expect(ba.z).toBeCloseTo(-ab.z, 12);
    expect(ba.pValue).toBeCloseTo(ab.pValue, 15);
    expect(ba.significant).toBe(ab.significant);
  });

  it("uses adjusted-Wald values and a two-sided normal p-value", () => {
    const a = adjustedWald(high);
    const b = adjustedWald(low);
    const r = compareNps(high, low);
    const z = (a.estimate - b.estimate) / Math.sqrt(a.se ** 2 + b.se ** 2);
    expect(r.z).toBeCloseTo(z, 12);
    expect(r.pValue).toBeCloseTo(2 * (1 - normalCdf(Math.abs(z))), 12);
  });

  it("identical groups: z = 0, p = 1", () => {
    const r = compareNps(high, high);
    expect(r.difference).toBe(0);
    expect(r.z).toBe(0);
    expect(r.pValue).toBeCloseTo(1, 12);
    expect(r.significant).toBe(false);
  });

  it("is 0-n safe", () => {
    const empty = { n: 0, promoters: 0, detractors: 0 };
    for (const r of [compareNps(empty, high), compareNps(high, empty), compareNps(empty, empty)]) {
      expect(r).toEqual({ difference: 0, z: 0, pValue: 1, significant: false });
    }
  });

  it("p just around the 0.05 boundary follows p < 0.05", () => {
    // p-value is monotone in |z|; scan a few differences at n=200 and check consistency.
    for (let promoters = 80; promoters <= 140; promoters += 5) {
      const r = compareNps({ n: 200, promoters, detractors: 40 }, { n: 200, promoters: 80, detractors: 40 });
      expect(r.significant).toBe(r.pValue < 0.05);
      expect(r.significant).toBe(Math.abs(r.z) > normalQuantile(0.975));
    }
  });
});

describe("sampleStatus", () => {
  it("uses defaults 30 / 5", () => {
    expect(DEFAULT_MIN_N).toBe(30);
    expect(DEFAULT_SUPPRESS_N).toBe(5);
    expect(sampleStatus(0)).toBe("suppressed");
    expect(sampleStatus(4)).toBe("suppressed");
    expect(sampleStatus(5)).toBe("low");
    expect(sampleStatus(29)).toBe("low");
    expect(sampleStatus(30)).toBe("ok");
    expect(sampleStatus(10_000)).toBe("ok");
  });

  it("honours custom thresholds", () => {
    expect(sampleStatus(49, { minN: 50 })).toBe("low");
    expect(sampleStatus(50, { minN: 50 })).toBe("ok");
    expect(sampleStatus(9, { suppressN: 10 })).toBe("suppressed");
    expect(sampleStatus(10, { suppressN: 10 })).toBe("low");
    expect(sampleStatus(0, { minN: 0, suppressN: 0 })).toBe("ok");
    expect(sampleStatus(3, { minN: 10, suppressN: 3 })).toBe("low");
  });

  it("rejects invalid input", () => {
    expect(() => sampleStatus(-1)).toThrow(RangeError);
    expect(() => sampleStatus(Number.NaN)).toThrow(RangeError);
    expect(() => sampleStatus(10, { minN: -1 })).toThrow(RangeError);
  });
});

describe("shrinkUnits (empirical Bayes)", () => {
  const units = [
    { id: "a", n: 120, promoters: 60, detractors: 30 },
    { id: "b", n: 80, promoters: 36, detractors: 14 },
    { id: "c", n: 150, promoters: 66, detractors: 24 },
    { id: "d", n: 60, promoters: 21, detractors: 15 },
    { id: "e", n: 90, promoters: 45, detractors: 18 },
    { id: "f", n: 110, promoters: 44, detractors: 22 },
    { id: "g", n: 70, promoters: 35, detractors: 7 },
    { id: "h", n: 40, promoters: 14, detractors: 10 },
    { id: "tiny", n: 3, promoters: 3, detractors: 0 }, // raw NPS 100
    { id: "big", n: 200, promoters: 130, detractors: 10 }, // raw NPS 60
  ];

  it("ranks a 3-response unit with raw NPS 100 below a 200-response unit with raw NPS 60 (parent NPS 30–40)", () => {
    const pooled = rawNps({
      n: units.reduce((a, u) => a + u.n, 0),
      promoters: units.reduce((a, u) => a + u.promoters, 0),
      detractors: units.reduce((a, u) => a + u.detractors, 0),
    });
    expect(pooled).toBeGreaterThan(30);
    expect(pooled).toBeLessThan(40);

    const estimate = estimateShrinkageK(units);
    expect(estimate.fallback).toBe(false);
    expect(estimate.k).toBeGreaterThan(0);

    const shrunk = shrinkUnits(units);
    const tiny = shrunk.find((u) => u.id === "tiny");
    const big = shrunk.find((u) => u.id === "big");
    expect(tiny?.rawNps).toBe(100);
    expect(big?.rawNps).toBe(60);
    expect(tiny?.shrunkNps ?? Number.NaN).toBeLessThan(big?.shrunkNps ?? Number.NaN);

    const ranking = [...shrunk].sort((x, y) => y.shrunkNps - x.shrunkNps).map((u) => u.id);
    expect(ranking.indexOf("big")).toBeLessThan(ranking.indexOf("tiny"));
    expect(ranking[0]).toBe("big");
  });

  it("also holds with just the two units and an explicit parent around NPS 35", () => {
    const parent = { n: 1000, promoters: 500, detractors: 150 };
    const [tiny, big] = shrinkUnits([units[8], units[9]].filter((u) => u !== undefined), { parent });
    expect(tiny?.id).toBe("tiny");
    expect(tiny?.shrunkNps ?? Number.NaN).toBeLessThan(big?.shrunkNps ?? Number.NaN);
    expect(tiny?.shrunkNps ?? Number.NaN).toBeGreaterThan(35);
  });

  it("applies weight n/(n+k) toward the parent, preserving order and extra fields", () => {
    const parent = { n: 100, promoters: 50, detractors: 10 }; // 40
    const result = shrinkUnits(
      [
        { id: "x", n: 10, promoters: 10, detractors: 0 },
        { id: "y", n: 30, promoters: 0, detractors: 30 },
      ],
      { parent, k: 10 },
    );
    expect(result.map((u) => u.id)).toEqual(["x", "y"]);
    expect(result[0]?.weight).toBe(0.5);
    expect(result[0]?.shrunkNps).toBeCloseTo(0.5 * 100 + 0.5 * 40, 12);
    expect(result[1]?.weight).toBe(0.75);
    expect(result[1]?.shrunkNps).toBeCloseTo(0.75 * -100 + 0.25 * 40, 12);
  });

  it("k = 0 → no shrinkage; k = Infinity → everything at the parent", () => {
    const parent = { n: 100, promoters: 50, detractors: 10 };
    const unit = { n: 10, promoters: 8, detractors: 0 };
    const [none] = shrinkUnits([unit], { parent, k: 0 });
    expect(none?.weight).toBe(1);
    expect(none?.shrunkNps).toBeCloseTo(80, 12);
    const [full] = shrinkUnits([unit], { parent, k: Number.POSITIVE_INFINITY });
    expect(full?.weight).toBe(0);
    expect(full?.shrunkNps).toBeCloseTo(40, 12);
  });

  it("empty units get weight 0, rawNps null and the parent's NPS", () => {
    const result = shrinkUnits([
      { n: 0, promoters: 0, detractors: 0 },
      { n: 50, promoters: 30, detractors: 10 },
      { n: 50, promoters: 20, detractors: 10 },
    ]);
    expect(result[0]?.rawNps).toBeNull();
    expect(result[0]?.weight).toBe(0);
    expect(result[0]?.shrunkNps).toBeCloseTo(30, 12);
    expect(shrinkUnits([{ n: 0, promoters: 0, detractors: 0 }, { n: 0, promoters: 0, detractors: 0 }])[0]?.shrunkNps).toBe(0);
    expect(shrinkUnits([], {})).toEqual([]);
  });

  it("falls back to a large k when between-unit variance is ≤ 0", () => {
    // identical units: between variance estimate is negative
    const same = [
      { n: 100, promoters: 50, detractors: 20 },
      { n: 100, promoters: 50, detractors: 20 },
      { n: 100, promoters: 50, detractors: 20 },
    ];
    const estimate = estimateShrinkageK(same);
    expect(estimate.fallback).toBe(true);
    expect(estimate.betweenVariance ?? 0).toBeLessThanOrEqual(0);
    expect(estimate.k).toBe(Math.max(SHRINKAGE_FALLBACK_K, 300));
    for (const u of shrinkUnits(same)) {
      expect(u.weight).toBeLessThanOrEqual(0.5);
      expect(u.shrunkNps).toBeCloseTo(30, 12);
    }
    // a single unit cannot estimate between variance either
    expect(estimateShrinkageK([{ n: 10, promoters: 5, detractors: 1 }]).fallback).toBe(true);
  });

  it("shrunk values lie between the raw value and the parent", () => {
    for (const u of shrinkUnits(units)) {
      const raw = u.rawNps ?? Number.NaN;
      const parent = 32.936078006500544;
      expect(u.shrunkNps).toBeGreaterThanOrEqual(Math.min(raw, parent) - 1e-9);
      expect(u.shrunkNps).toBeLessThanOrEqual(Math.max(raw, parent) + 1e-9);
      expect(u.weight).toBeGreaterThan(0);
      expect(u.weight).toBeLessThan(1);
    }
  });

  it("rejects invalid k and units", () => {
    expect(() => shrinkUnits(units, { k: -1 })).toThrow(RangeError);
    expect(() => shrinkUnits(units, { k: Number.NaN })).toThrow(RangeError);
    expect(() => shrinkUnits([{ n: 2, promoters: 2, detractors: 1 }])).toThrow(RangeError);
  });
});

describe("sample-size planning", () => {
  it("uses p + d − (p − d)² with passive share 0.3 by default", () => {
    expect(DEFAULT_PASSIVE_SHARE).toBe(0.3);
    // NPS 0, passives 0.3 → variance 0.7; n = 1.96² · 0.7 / 0.05² = 1075.6
    expect(requiredSampleSize(0, 5)).toBe(1076);
    // NPS 30 → variance 0.7 − 0.09 = 0.61
    expect(requiredSampleSize(30, 5)).toBe(Math.ceil((1.96 ** 2 * 0.61) / 0.05 ** 2));
    expect(requiredSampleSize(30, 5, { passiveShare: 0.5 })).toBe(Math.ceil((1.96 ** 2 * 0.41) / 0.05 ** 2));
  });

  it("smaller margin → more responses", () => {
    const sizes = [20, 10, 5, 3, 1].map((m) => requiredSampleSize(30, m));
    for (let i = 1; i < sizes.length; i++) {
      expect(sizes[i] ?? 0).toBeGreaterThan(sizes[i - 1] ?? Number.POSITIVE_INFINITY);
    }
  });

  it("is consistent with marginOfError", () => {
    for (const nps of [-50, 0, 25, 60]) {
      for (const margin of [3, 5, 10]) {
        const n = requiredSampleSize(nps, margin);
        expect(marginOfError(nps, n)).toBeLessThanOrEqual(margin + 1e-9);
        if (n > 1) expect(marginOfError(nps, n - 1)).toBeGreaterThan(margin);
      }
    }
  });

  it("handles extreme NPS (infeasible passive share is lowered)", () => {
    expect(requiredSampleSize(100, 5)).toBe(1);
    expect(requiredSampleSize(90, 5)).toBe(Math.ceil((1.96 ** 2 * (0.9 - 0.81)) / 0.05 ** 2));
    expect(marginOfError(-100, 10)).toBe(0);
  });

  it("rejects invalid input", () => {
    expect(() => requiredSampleSize(0, 0)).toThrow(RangeError);
    expect(() => requiredSampleSize(0, -5)).toThrow(RangeError);
    expect(() => requiredSampleSize(120, 5)).toThrow(RangeError);
    expect(() => requiredSampleSize(0, 5, { passiveShare: 1.2 })).toThrow(RangeError);
    expect(() => marginOfError(0, 0)).toThrow(RangeError);
  });

  it("invitationsNeeded divides by the response rate", () => {
    expect(invitationsNeeded(300, 0.3)).toBe(1000);
    expect(invitationsNeeded(100, 0.3)).toBe(334);
    expect(invitationsNeeded(100, 1)).toBe(100);
    expect(invitationsNeeded(0, 0.2)).toBe(0);
    expect(() => invitationsNeeded(100, 0)).toThrow(RangeError);
    expect(() => invitationsNeeded(100, 1.5)).toThrow(RangeError);
    expect(() => invitationsNeeded(-1, 0.5)).toThrow(RangeError);
  });
});
