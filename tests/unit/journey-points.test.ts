import { describe, expect, it } from "vitest";
import { assessJourneyStages } from "@/lib/journey-points";
import { adjustBenjaminiHochberg } from "@/lib/multiple-comparisons";
import { compareNps, npsFromHistogram } from "@/lib/nps";

/** A 0–10 histogram with `d` detractors (score 3), `p` passives (8) and `q` promoters (10). */
function histogram(d: number, p: number, q: number): number[] {
  const h = Array.from({ length: 11 }, () => 0);
  h[3] = d;
  h[8] = p;
  h[10] = q;
  return h;
}

const thresholds = { minN: 30, suppressN: 5 };

describe("assessJourneyStages", () => {
  it("flags a stage far below the rest as the pain point and one far above as the delight point", () => {
    const stages = [histogram(20, 40, 40), histogram(70, 20, 10), histogram(5, 20, 75)];
    const result = assessJourneyStages(stages, thresholds);
    expect(result.stages.map((s) => s.point)).toEqual([null, "pain", "delight"]);
    expect(result.overall.n).toBe(300);
    expect(result.tests).toBe(3);
  });

  it("compares each stage with the other stages pooled by the product's difference test, BH-adjusted across stages", () => {
    const stages = [histogram(20, 40, 40), histogram(30, 40, 30), histogram(12, 40, 48)];
    const result = assessJourneyStages(stages, thresholds);
    const rests = [
      histogram(42, 80, 78),
      histogram(32, 80, 88),
      histogram(50, 80, 70),
    ];
    const raw = stages.map((h, i) => compareNps(npsFromHistogram(h), npsFromHistogram(rests[i]!)));
    const q = adjustBenjaminiHochberg(raw.map((r) => r.pValue));
    result.stages.forEach((stage, i) => {
      expect(stage.vsRest).toEqual(raw[i]);
      expect(stage.adjusted?.q).toBeCloseTo(q[i]!, 12);
    });
  });

  it("does not call a stage a pain point when its raw p is below 0.05 but the corrected q is not", () => {
    // Stage 1 alone would be significant (raw p < 0.05); with 4 tests BH lifts its q above 0.05.
    const stages = [histogram(40, 40, 20), histogram(30, 40, 30), histogram(30, 40, 30), histogram(28, 40, 32)];
    const result = assessJourneyStages(stages, thresholds);
    const first = result.stages[0]!;
    expect(first.vsRest!.pValue).toBeLessThan(0.05);
    expect(first.adjusted!.q).toBeGreaterThanOrEqual(0.05);
    expect(first.point).toBeNull();
    expect(result.stages.every((s) => s.point === null)).toBe(true);
  });

  it("hides a small stage and, complementarily, the smallest shown one, and tests neither", () => {
    const stages = [histogram(10, 20, 30), histogram(1, 1, 1), histogram(5, 10, 15), histogram(10, 10, 10)];
    const result = assessJourneyStages(stages, thresholds);
    // Stages 3 and 4 have 30 answers each: the later one is hidden (suppressGroups' tie rule).
    expect(result.stages.map((s) => s.status)).toEqual(["ok", "suppressed", "ok", "suppressed"]);
    expect(result.stages.map((s) => s.suppressedReason)).toEqual([null, "small", null, "complementary"]);
    expect(result.stages[1]!.vsRest).toBeNull();
    expect(result.stages[3]!.adjusted).toBeNull();
    expect(result.tests).toBe(2);
    // Hidden answers still count in the journey's overall.
    expect(result.overall.n).toBe(60 + 3 + 30 + 30);
  });

  it("greys a stage below minN, keeps an empty stage out of the tests, and hides a journey with too few answers whole", () => {
    const result = assessJourneyStages([histogram(30, 30, 40), histogram(2, 6, 12), histogram(0, 0, 0)], thresholds);
    expect(result.stages.map((s) => s.status)).toEqual(["ok", "low", "empty"]);
    expect(result.stages[2]!.vsRest).toBeNull();
    const tiny = assessJourneyStages([histogram(1, 1, 1), histogram(0, 0, 0)], thresholds, true);
    expect(tiny.overallSuppressed).toBe(true);
    expect(tiny.stages[0]!.status).toBe("suppressed");
  });
});
