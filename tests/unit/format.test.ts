import { describe, expect, it } from "vitest";
import { formatPercentages, roundedPercentages } from "@/lib/format";

describe("roundedPercentages", () => {
  it("adds up to exactly 100 where naive rounding gives 101", () => {
    const counts = [67, 67, 66];
    const naive = counts.map((c) => Math.round((c / 200) * 100));
    expect(naive.reduce((a, b) => a + b, 0)).toBe(101);
    const rounded = roundedPercentages(counts);
    expect(rounded).toEqual([34, 33, 33]);
    expect(rounded.reduce((a = 0, b = 0) => a + b, 0)).toBe(100);
  });

  it("adds up to 100 for thirds, and gives the extra point to the largest remainder", () => {
    expect(roundedPercentages([1, 1, 1])).toEqual([34, 33, 33]);
    expect(roundedPercentages([1, 0, 2])).toEqual([33, 0, 67]);
  });

  it("keeps exact shares and handles a single non-zero category", () => {
    expect(roundedPercentages([1, 1, 2])).toEqual([25, 25, 50]);
    expect(roundedPercentages([0, 0, 5])).toEqual([0, 0, 100]);
  });

  it("answers undefined entries when there is nothing to share", () => {
    expect(roundedPercentages([0, 0, 0])).toEqual([undefined, undefined, undefined]);
    expect(formatPercentages([0, 0, 0], "en")).toEqual(["—", "—", "—"]);
  });

  it("formats as percentages in either locale", () => {
    expect(formatPercentages([380, 465, 327], "en")).toEqual(["32%", "40%", "28%"]);
    expect(formatPercentages([1, 0, 2], "zh-CN")).toEqual(["33%", "0%", "67%"]);
  });
});
