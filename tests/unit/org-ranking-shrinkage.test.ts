import { describe, expect, it } from "vitest";
import { estimatePriorsByParent, MIN_BETWEEN_SD_POINTS, shrinkTowardOthers } from "@/lib/nps";
import { rankByShrinkage } from "@/lib/org-ranking";

// Issue 13, "leaderboard shrinkage": the prior was estimated around each level's overall mean while units were
// pulled toward their own parent, a unit's parent mean included the unit itself, and k fell back to max(1000, N).
const c = (promoters: number, passives: number, detractors: number) => ({ promoters, passives, detractors });
const n = (x: { promoters: number; passives: number; detractors: number }) => x.promoters + x.passives + x.detractors;
const sample = (id: string, parentKey: string, x: ReturnType<typeof c>) => ({ id, parentKey, n: n(x), promoters: x.promoters, detractors: x.detractors });

describe("leaderboard shrinkage (issue 13)", () => {
  it("a team that is its branch's only child is not 'shrunk' onto itself", () => {
    const only = c(40, 5, 5); // NPS 70, branch X has no other answers
    const items = [
      { id: "only", parentKey: "X", ...only },
      { id: "y1", parentKey: "Y", ...c(20, 20, 20) },
      { id: "y2", parentKey: "Y", ...c(25, 15, 20) },
    ];
    const parents = new Map([
      ["X", only],
      ["Y", c(45, 35, 40)],
    ]);
    const [figure] = rankByShrinkage(items, parents, { minN: 1, suppressN: 1 });
    // Pulled toward the level's other teams (NPS ≈ 4), strictly below its raw 70.
    expect(figure?.stats?.nps).toBe(70);
    expect(figure?.shrunkNps).toBeLessThan(70);
    expect(figure?.shrunkNps).toBeGreaterThan(4);
  });

  it("the prior mean is the parent's without the unit", () => {
    // A big unit dominating its parent: with the unit included the prior would be ≈ its own NPS.
    const items = [
      { id: "big", parentKey: "P", ...c(80, 10, 10) }, // 70
      { id: "s1", parentKey: "P", ...c(5, 10, 5) }, // 0
      { id: "s2", parentKey: "P", ...c(6, 8, 6) }, // 0
    ];
    const parents = new Map([["P", c(91, 28, 21)]]);
    const ranked = rankByShrinkage(items, parents, { minN: 1, suppressN: 1 });
    const priors = estimatePriorsByParent(items.map((i) => sample(i.id, i.parentKey, i)));
    const variances = { withinVariance: priors.withinVariance ?? NaN, betweenVariance: priors.byParent.get("P")?.betweenVariance ?? NaN };
    const expected = shrinkTowardOthers({ n: 100, promoters: 80, detractors: 10 }, [sample("s1", "P", c(5, 10, 5)), sample("s2", "P", c(6, 8, 6))], variances);
    expect(ranked[0]?.shrunkNps).toBeCloseTo(expected ?? NaN, 10);
    // Pulled toward the others' 0, not toward a parent mean that is mostly itself (≈ 50).
    const parentIncluded = shrinkTowardOthers({ n: 100, promoters: 80, detractors: 10 }, [sample("p", "P", c(91, 28, 21))], variances);
    expect(ranked[0]?.shrunkNps).toBeLessThan(parentIncluded ?? -Infinity);
    expect(ranked[0]?.shrunkNps).toBeLessThan(70);
  });

  it("equal-sized siblings never swap order (a plain leave-one-out pull with weight < ½ would)", () => {
    for (const size of [5, 20, 50, 200]) {
      const items = [
        { id: "a", parentKey: "P", ...c(Math.round(size * 0.6), size - Math.round(size * 0.6) - Math.round(size * 0.2), Math.round(size * 0.2)) },
        { id: "b", parentKey: "P", ...c(Math.round(size * 0.4), size - Math.round(size * 0.4) - Math.round(size * 0.2), Math.round(size * 0.2)) },
      ];
      const ranked = rankByShrinkage(items, new Map([["P", c(items[0]!.promoters + items[1]!.promoters, items[0]!.passives + items[1]!.passives, items[0]!.detractors + items[1]!.detractors)]]), { minN: 1, suppressN: 1 });
      expect(ranked[0]?.rank, `n = ${size}`).toBe(1);
      expect(ranked[0]?.shrunkNps ?? -Infinity).toBeGreaterThanOrEqual(ranked[1]?.shrunkNps ?? Infinity);
    }
  });

  it("k is estimated per parent around the parent's own mean (≥ 5 children), else the level's nested estimate", () => {
    // Parent A: five children spread widely around A's mean; parent B: two children at the same NPS. Around the
    // level's overall mean B would look spread; around its own mean it is not.
    const a = [c(40, 5, 5), c(5, 5, 40), c(30, 10, 10), c(10, 10, 30), c(25, 0, 25)].map((x, i) => sample(`a${i}`, "A", x));
    const b = [c(30, 10, 10), c(30, 10, 10)].map((x, i) => sample(`b${i}`, "B", x));
    const priors = estimatePriorsByParent([...a, ...b]);
    expect(priors.byParent.get("A")?.source).toBe("parent");
    expect(priors.byParent.get("B")?.source).toBe("level");
    expect(priors.byParent.get("A")?.k).toBeLessThan(10);
    // B takes the level's nested estimate (deviations from each child's own parent mean).
    expect(priors.byParent.get("B")?.betweenVariance).toBeCloseTo(priors.levelBetweenVariance ?? NaN, 12);
  });

  it("no detectable spread: τ is floored at 5 points (k = σ² / 0.05²), not k = max(1000, N)", () => {
    const same = Array.from({ length: 40 }, (_, i) => sample(`u${i}`, "P", c(50, 30, 20)));
    const priors = estimatePriorsByParent(same);
    const prior = priors.byParent.get("P");
    expect(prior?.source).toBe("floor");
    const sigma2 = priors.withinVariance ?? NaN;
    // Pooled within-unit variance: Σ n·(p + d − (p − d)²) / (N − units) = 4000 · 0.61 / 3960.
    expect(sigma2).toBeCloseTo((4000 * (0.7 - 0.09)) / 3960, 12);
    expect(prior?.k).toBeCloseTo(sigma2 / (MIN_BETWEEN_SD_POINTS / 100) ** 2, 9);
    expect(prior?.k).toBeLessThan(1000);
  });
});
