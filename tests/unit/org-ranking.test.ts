import { describe, expect, it } from "vitest";
import { estimatePriorsByParent, shrinkTowardOthers } from "@/lib/nps";
import { addCounts, rankByShrinkage } from "@/lib/org-ranking";

const c = (promoters: number, passives: number, detractors: number) => ({ promoters, passives, detractors });

describe("rankByShrinkage", () => {
  it("uses nps.ts shrinkage toward each item's own parent without the item, k per parent (issue 13)", () => {
    const items = [
      { id: "a", parentKey: "p1", ...c(30, 10, 10) },
      { id: "b", parentKey: "p1", ...c(20, 20, 10) },
      { id: "c", parentKey: "p2", ...c(5, 30, 15) },
    ];
    const parents = new Map([
      ["p1", c(50, 30, 20)],
      ["p2", c(5, 30, 15)],
    ]);
    const ranked = rankByShrinkage(items, parents, { minN: 1, suppressN: 1 });
    const priors = estimatePriorsByParent(items.map((i) => ({ n: i.promoters + i.passives + i.detractors, promoters: i.promoters, detractors: i.detractors, parentKey: i.parentKey })));
    const variances = { withinVariance: priors.withinVariance ?? NaN, betweenVariance: priors.byParent.get("p1")?.betweenVariance ?? NaN };
    // a's prior is p1 without a (= b's answers).
    const a = shrinkTowardOthers({ n: 50, promoters: 30, detractors: 10 }, [{ n: 50, promoters: 20, detractors: 10 }], variances);
    expect(ranked[0]?.shrunkNps).toBeCloseTo(a ?? NaN, 10);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3]);
  });

  it("ranks only items with at least minN answers; hides figures below suppressN; keeps input order", () => {
    const ranked = rankByShrinkage(
      [
        { id: "small", parentKey: "", ...c(2, 0, 0) },
        { id: "mid", parentKey: "", ...c(5, 3, 2) },
        { id: "big", parentKey: "", ...c(20, 10, 10) },
        { id: "none", parentKey: "", ...c(0, 0, 0) },
      ],
      new Map(),
      { minN: 30, suppressN: 5 },
    );
    expect(ranked.map((r) => [r.id, r.status, r.rank])).toEqual([
      ["small", "suppressed", null],
      ["mid", "low", null],
      ["big", "ok", 1],
      ["none", "suppressed", null],
    ]);
    expect(ranked[0]?.stats).toBeNull();
    expect(ranked[0]?.shrunkNps).toBeNull();
    expect(ranked[1]?.stats?.nps).toBe(30);
  });

  it("addCounts sums parts", () => {
    expect(addCounts([{ ...c(1, 2, 3), sum: 10, sumSquares: 50 }, c(4, 5, 6)])).toEqual({ promoters: 5, passives: 7, detractors: 9, sum: 10, sumSquares: 50 });
  });
});
