import { describe, expect, it } from "vitest";
import { isResultSuppressed, isSmallCell, suppressGroups } from "@/lib/suppression";

describe("suppressGroups (small cells and complementary suppression, issue 13)", () => {
  it("hides groups below the threshold and nothing else when two or more small groups hold enough together", () => {
    expect(suppressGroups([120, 40, 3, 2], 5)).toEqual([null, null, "small", "small"]);
  });

  it("one small group: the smallest other group is hidden too (the later one on ties)", () => {
    expect(suppressGroups([120, 40, 3], 5)).toEqual([null, "complementary", "small"]);
    expect(suppressGroups([6, 6, 6, 3], 5)).toEqual([null, null, "complementary", "small"]);
  });

  it("small groups holding fewer than suppressN answers together take more groups with them", () => {
    // Days 25 (2 answers) and 26 (1): together 3, so the smallest shown day is hidden too.
    expect(suppressGroups([6, 6, 2, 1], 5)).toEqual([null, "complementary", "small", "small"]);
    expect(suppressGroups([30, 1, 1, 1], 5)).toEqual(["complementary", "small", "small", "small"]);
  });

  it("the hidden groups can never be worked out as overall minus the visible ones", () => {
    for (let seed = 1; seed < 200; seed++) {
      const ns = Array.from({ length: 1 + (seed % 9) }, (_, i) => ((seed * (i + 3) * 7919) % 23) + 1);
      const reasons = suppressGroups(ns, 5);
      const hidden = ns.filter((_, i) => reasons[i] !== null);
      ns.forEach((n, i) => {
        if (n < 5) expect(reasons[i]).not.toBeNull();
      });
      if (hidden.length > 0 && hidden.length < ns.length) {
        expect(hidden.length).toBeGreaterThanOrEqual(2);
        expect(hidden.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);
      }
    }
  });

  it("nothing to hide, or a single group", () => {
    expect(suppressGroups([], 5)).toEqual([]);
    expect(suppressGroups([50, 7], 5)).toEqual([null, null]);
    expect(suppressGroups([3], 5)).toEqual(["small"]);
    expect(isSmallCell(0, 5)).toBe(false);
    expect(isSmallCell(4, 5)).toBe(true);
  });

  it("a whole result is hidden only when narrowed to a segment", () => {
    expect(isResultSuppressed(3, 5, true)).toBe(true);
    expect(isResultSuppressed(3, 5, false)).toBe(false);
    expect(isResultSuppressed(0, 5, true)).toBe(false);
    expect(isResultSuppressed(5, 5, true)).toBe(false);
  });
});
