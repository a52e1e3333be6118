import { describe, expect, it } from "vitest";
import { adjustBenjaminiHochberg, isDiscovery } from "@/lib/multiple-comparisons";

// Worked values: R 4.x `p.adjust(p, "BH")` (McDonald, Handbook of Biological Statistics, 25 p-values example).
const mcDonald = [
  0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216, 0.222, 0.251, 0.269, 0.275, 0.34, 0.341, 0.384,
  0.569, 0.594, 0.696, 0.762, 0.94, 0.942, 0.975, 0.986,
];
const mcDonaldBH = [
  0.025, 0.1, 0.21, 0.21, 0.21, 0.25, 0.2642857143, 0.4910714286, 0.4910714286, 0.4910714286, 0.4910714286,
  0.4910714286, 0.4910714286, 0.4910714286, 0.5328125, 0.5328125, 0.5647058824, 0.7815789474, 0.7815789474, 0.87,
  0.9071428571, 0.986, 0.986, 0.986, 0.986,
];

describe("adjustBenjaminiHochberg", () => {
  it("matches R's p.adjust(p, 'BH') on the 25-value worked example", () => {
    const q = adjustBenjaminiHochberg(mcDonald);
    q.forEach((v, i) => expect(v).toBeCloseTo(mcDonaldBH[i] ?? NaN, 9));
  });

  it("keeps the input order and is monotone in the raw p (step-up)", () => {
    // p.adjust(c(0.5, 0.01, 0.01, 0.9, 0.02), "BH") = 0.625 0.025 0.025 0.900 0.0333
    const q = adjustBenjaminiHochberg([0.5, 0.01, 0.01, 0.9, 0.02]);
    expect(q[0]).toBeCloseTo(0.625, 12);
    expect(q[1]).toBeCloseTo(0.025, 12);
    expect(q[2]).toBeCloseTo(0.025, 12);
    expect(q[3]).toBeCloseTo(0.9, 12);
    expect(q[4]).toBeCloseTo(1 / 30, 12);
    // p.adjust(c(0.04, 0.01, 0.03, 0.02, 0.05), "BH") = all 0.05 (the running minimum from the top)
    expect(adjustBenjaminiHochberg([0.04, 0.01, 0.03, 0.02, 0.05])).toEqual([0.05, 0.05, 0.05, 0.05, 0.05]);
  });

  it("caps at 1, leaves nulls alone and does not count them in m", () => {
    expect(adjustBenjaminiHochberg([0.9, 0.8])).toEqual([0.9, 0.9]);
    expect(adjustBenjaminiHochberg([1, 1])).toEqual([1, 1]);
    const q = adjustBenjaminiHochberg([null, 0.01, null, 0.04]);
    expect(q[0]).toBeNull();
    expect(q[2]).toBeNull();
    expect(q[1]).toBeCloseTo(0.02, 12);
    expect(q[3]).toBeCloseTo(0.04, 12);
    expect(adjustBenjaminiHochberg([])).toEqual([]);
    const capped = adjustBenjaminiHochberg([0.6, 0.7, 0.99, 0.3]);
    capped.forEach((v) => expect(v).toBeLessThanOrEqual(1));
  });

  it("a single test is not adjusted; 50 chance findings at 0.04 are not discoveries", () => {
    expect(adjustBenjaminiHochberg([0.03])).toEqual([0.03]);
    const q = adjustBenjaminiHochberg([0.04, ...Array.from({ length: 49 }, (_, i) => 0.2 + i * 0.016)]);
    expect(isDiscovery(q[0])).toBe(false);
    expect(isDiscovery(0.049)).toBe(true);
    expect(isDiscovery(null)).toBe(false);
  });

  it("rejects values that are not p-values", () => {
    expect(() => adjustBenjaminiHochberg([0.1, Number.NaN])).toThrow(RangeError);
    expect(() => adjustBenjaminiHochberg([1.2])).toThrow(RangeError);
    expect(() => adjustBenjaminiHochberg([-0.1])).toThrow(RangeError);
  });
});
