import { describe, expect, it } from "vitest";
import { studentTQuantile } from "@/lib/nps";
import {
  SERVQUAL_DIMENSIONS,
  servqualGaps,
  tCritical95,
  validateServqualRating,
  type ServqualAnswer,
  type ServqualDimension,
  type ServqualItem,
  type ServqualResult,
} from "@/lib/servqual";

const ITEMS: ServqualItem[] = [
  { id: "r1", dimension: "reliability" },
  { id: "r2", dimension: "reliability" },
  { id: "s1", dimension: "responsiveness" },
  { id: "a1", dimension: "assurance" },
  { id: "e1", dimension: "empathy" },
  // no tangibles item
];

function a(itemId: string, expectation: number | null, perception: number | null): ServqualAnswer {
  return { itemId, expectation, perception };
}

const RESPONSES: ServqualAnswer[][] = [
  [a("r1", 7, 5), a("r2", 6, 6), a("s1", 5, 6), a("a1", 6, 4), a("e1", null, null)],
  [a("r1", 6, 4), a("r2", 7, null), a("s1", 4, 6), a("a1", 7, 6)],
  [a("r1", 7, 6), a("r2", null, 3), a("s1", 6, 6), a("a1", 5, 5)],
  [a("r2", 5, 4)],
];

function item(result: ServqualResult, id: string) {
  const found = result.items.find((entry) => entry.itemId === id);
  if (found === undefined) throw new Error(`no item ${id}`);
  return found;
}

function dimension(result: ServqualResult, name: ServqualDimension) {
  const found = result.dimensions.find((entry) => entry.dimension === name);
  if (found === undefined) throw new Error(`no dimension ${name}`);
  return found;
}

describe("validateServqualRating", () => {
  it("accepts integers 1..scale and returns them", () => {
    for (let v = 1; v <= 7; v++) expect(validateServqualRating(v)).toBe(v);
    expect(validateServqualRating(5, 5)).toBe(5);
  });

  it.each([0, 8, -1, 3.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects %s on the default 1–7 scale", (value) => {
    expect(() => validateServqualRating(value)).toThrow(RangeError);
    expect(() => validateServqualRating(value)).toThrow(/integer from 1 to 7/);
  });

  it("honours a custom scale and rejects invalid scales", () => {
    expect(() => validateServqualRating(6, 5)).toThrow(/1 to 5/);
    expect(() => validateServqualRating(1, 1)).toThrow(/scale/);
    expect(() => validateServqualRating(1, 4.5)).toThrow(RangeError);
  });
});

describe("tCritical95", () => {
  it("matches the exact Student t quantile for df 1..300", () => {
    for (let df = 1; df <= 300; df++) expect(Math.abs(tCritical95(df) - studentTQuantile(0.975, df))).toBeLessThan(1e-6);
  });

  it("rejects non-positive or fractional df", () => {
    expect(() => tCritical95(0)).toThrow(RangeError);
    expect(() => tCritical95(2.5)).toThrow(RangeError);
  });
});

describe("servqualGaps", () => {
  const result = servqualGaps(ITEMS, RESPONSES);

  it("computes item gaps over pairwise-complete answers", () => {
    const r1 = item(result, "r1");
    expect(r1).toMatchObject({ dimension: "reliability", n: 3 });
    expect(r1.meanExpectation).toBeCloseTo(20 / 3, 12);
    expect(r1.meanPerception).toBeCloseTo(5, 12);
    expect(r1.gap).toBeCloseTo(-5 / 3, 12);
    expect(r1.sd).toBeCloseTo(Math.sqrt(1 / 3), 12);
    // se = sd/√3 = 1/3, t(0.975, 2) = 4.302652730
    expect(r1.ci95?.lower).toBeCloseTo(-5 / 3 - 4.30265273 / 3, 8);
    expect(r1.ci95?.upper).toBeCloseTo(-5 / 3 + 4.30265273 / 3, 8);

    // Respondent 1 skipped P and respondent 2 skipped E: only respondents 0 and 3 count.
    const r2 = item(result, "r2");
    expect(r2).toMatchObject({ n: 2, meanExpectation: 5.5, meanPerception: 5, gap: -0.5 });
    expect(r2.ci95?.lower).toBeCloseTo(-0.5 - 12.706204736 * 0.5, 8);

    expect(item(result, "s1")).toMatchObject({ n: 3, meanExpectation: 5, meanPerception: 6, gap: 1 });
    expect(item(result, "a1")).toMatchObject({ n: 3, meanExpectation: 6, meanPerception: 5, gap: -1 });
  });

  it("gives null gap for an item nobody answered completely", () => {
    expect(item(result, "e1")).toEqual({
      itemId: "e1",
      dimension: "empathy",
      n: 0,
      meanExpectation: null,
      meanPerception: null,
      gap: null,
      sd: null,
      ci95: null,
    });
  });

  it("averages item gaps per dimension, unweighted", () => {
    expect(result.dimensions.map((d) => d.dimension)).toEqual([...SERVQUAL_DIMENSIONS]);
    const reliability = dimension(result, "reliability");
    expect(reliability).toMatchObject({ items: ["r1", "r2"], itemsWithGap: 2, n: 4, meanPerception: 5 });
    expect(reliability.gap).toBeCloseTo(-13 / 12, 12);
    expect(reliability.meanExpectation).toBeCloseTo(73 / 12, 12);
    expect(dimension(result, "responsiveness")).toMatchObject({ items: ["s1"], n: 3, gap: 1 });
    expect(dimension(result, "assurance")).toMatchObject({ gap: -1 });
    expect(dimension(result, "empathy")).toMatchObject({ items: ["e1"], itemsWithGap: 0, n: 0, gap: null });
    expect(dimension(result, "tangibles")).toMatchObject({ items: [], itemsWithGap: 0, n: 0, gap: null });
  });

  it("computes overall gaps with equal default weights", () => {
    expect(result.overall.unweightedGap).toBeCloseTo(-13 / 36, 12);
    expect(result.overall.weightedGap).toBeCloseTo(-13 / 36, 12);
    expect(result.overall.weights.reliability).toBeCloseTo(1 / 3, 12);
    expect(result.overall.weights.empathy).toBe(0);
    expect(result.overall.weights.tangibles).toBe(0);
  });

  it("normalises weights over the dimensions that have a gap", () => {
    const weighted = servqualGaps(ITEMS, RESPONSES, { weights: { reliability: 50, responsiveness: 30, assurance: 20, empathy: 100 } });
    expect(weighted.overall.weights).toEqual({ reliability: 0.5, responsiveness: 0.3, assurance: 0.2, empathy: 0, tangibles: 0 });
    expect(weighted.overall.weightedGap).toBeCloseTo(0.5 * (-13 / 12) + 0.3 * 1 + 0.2 * -1, 12);
    expect(weighted.overall.unweightedGap).toBeCloseTo(-13 / 36, 12);

    // Dimensions left out of a partial weights object get weight 0.
    expect(servqualGaps(ITEMS, RESPONSES, { weights: { reliability: 1 } }).overall.weightedGap).toBeCloseTo(-13 / 12, 12);
    // All applicable weights 0 → no weighted gap.
    expect(servqualGaps(ITEMS, RESPONSES, { weights: { empathy: 1 } }).overall.weightedGap).toBeNull();
  });

  it("rejects invalid weights", () => {
    expect(() => servqualGaps(ITEMS, RESPONSES, { weights: { reliability: -1 } })).toThrow(RangeError);
    expect(() => servqualGaps(ITEMS, RESPONSES, { weights: { assurance: Number.NaN } })).toThrow(RangeError);
    expect(() => servqualGaps(ITEMS, RESPONSES, { weights: { speed: 1 } as Partial<Record<ServqualDimension, number>> })).toThrow(/speed/);
  });

  it("returns null overall gaps when there is no data", () => {
    const empty = servqualGaps(ITEMS, []);
    expect(empty.overall).toMatchObject({ unweightedGap: null, weightedGap: null });
    expect(empty.items.every((entry) => entry.gap === null)).toBe(true);
  });

  it("gives a confidence interval that contains the mean and narrows with more data", () => {
    const small = item(result, "r1");
    const large = item(servqualGaps(ITEMS, Array.from({ length: 10 }, () => RESPONSES).flat()), "r1");
    expect(large.gap).toBeCloseTo(small.gap ?? Number.NaN, 12);
    for (const entry of [small, large]) {
      if (entry.ci95 === null || entry.gap === null) throw new Error("expected an interval");
      expect(entry.ci95.lower).toBeLessThan(entry.gap);
      expect(entry.ci95.upper).toBeGreaterThan(entry.gap);
      expect(entry.ci95.upper - entry.gap).toBeCloseTo(entry.gap - entry.ci95.lower, 12);
    }
    const width = (entry: typeof small) => (entry.ci95 ? entry.ci95.upper - entry.ci95.lower : Number.NaN);
    expect(width(large)).toBeLessThan(width(small));
    expect(large.n).toBe(30);
  });

  it("has no interval for n = 1 and a zero-width one for constant differences", () => {
    const single = servqualGaps(ITEMS, [[a("r1", 4, 6)]]);
    expect(item(single, "r1")).toMatchObject({ n: 1, gap: 2, sd: null, ci95: null });
    const constant = servqualGaps(ITEMS, [[a("r1", 4, 6)], [a("r1", 5, 7)]]);
    expect(item(constant, "r1").ci95).toEqual({ lower: 2, upper: 2 });
  });

  it("throws RangeError on invalid ratings, even when the other rating is skipped", () => {
    expect(() => servqualGaps(ITEMS, [[a("r1", 8, 5)]])).toThrow(/integer from 1 to 7, got 8/);
    expect(() => servqualGaps(ITEMS, [[a("r1", 5, 0)]])).toThrow(RangeError);
    expect(() => servqualGaps(ITEMS, [[a("r1", null, 2.5)]])).toThrow(RangeError);
    expect(() => servqualGaps(ITEMS, [[a("r1", 6, 5)]], { scale: 5 })).toThrow(/1 to 5/);
    expect(item(servqualGaps(ITEMS, [[a("r1", 5, 1)]], { scale: 5 }), "r1").gap).toBe(-4);
  });

  it("throws RangeError on unknown items, duplicate answers and duplicate item ids", () => {
    expect(() => servqualGaps(ITEMS, [[a("zz", 5, 5)]])).toThrow(/unknown SERVQUAL item "zz"/);
    expect(() => servqualGaps(ITEMS, [[a("r1", 5, 5), a("r1", 4, 4)]])).toThrow(/Duplicate answer/);
    expect(() => servqualGaps([...ITEMS, { id: "r1", dimension: "tangibles" }], [])).toThrow(/Duplicate SERVQUAL item id/);
  });
});
