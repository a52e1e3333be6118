import { describe, expect, it } from "vitest";
import {
  adjustedWald,
  adjustedWaldHalfWidth,
  adjustedWaldPlanningHalfWidth,
  expectedShares,
  requiredSampleSizeAdjustedWald,
} from "@/lib/nps";
import { planSample, plannedPassiveShare } from "@/lib/sample-planner";

describe("sample planner inverts the adjusted-Wald interval the product reports", () => {
  it("at an expected NPS of ±100 it asks for more than one response", () => {
    const plus = planSample({ marginPoints: 5, expectedNps: 100, responseRate: null });
    const minus = planSample({ marginPoints: 5, expectedNps: -100, responseRate: null });
    expect(plus.ok && plus.responses).toBe(80);
    expect(minus.ok && minus.responses).toBe(80);
    // 80 responses, all promoters: the reported interval's half-width (unclipped) is within ±5, 79 is not.
    expect(adjustedWald({ n: 80, promoters: 80, detractors: 0 }).se * 1.96).toBeLessThanOrEqual(5);
    expect(adjustedWald({ n: 79, promoters: 79, detractors: 0 }).se * 1.96).toBeGreaterThan(5);
  });

  it("is the smallest n whose half-width meets the target, for many shares and margins", () => {
    for (const nps of [-100, -60, -20, 0, 30, 75, 100]) {
      for (const passive of [0, 0.3, 0.6]) {
        for (const margin of [1, 3, 5, 12.5, 30]) {
          const shares = expectedShares(nps, passive);
          const n = requiredSampleSizeAdjustedWald(shares, margin);
          expect(adjustedWaldPlanningHalfWidth(shares, n)).toBeLessThanOrEqual(margin + 1e-9);
          if (n > 1) expect(adjustedWaldPlanningHalfWidth(shares, n - 1)).toBeGreaterThan(margin);
        }
      }
    }
  });

  it("±5 points at NPS 30 with 30 % passives (P 50 %, D 20 %) needs 935 responses, 3,740 invitations at 25 %", () => {
    expect(expectedShares(30, 0.3).promoterShare).toBeCloseTo(0.5, 12);
    expect(expectedShares(30, 0.3).detractorShare).toBeCloseTo(0.2, 12);
    const plan = planSample({ marginPoints: 5, expectedNps: 30, responseRate: 0.25 });
    expect(plan).toEqual({ ok: true, responses: 935, invitations: 3740, invitationsStatus: "ok", currentMargin: null, passiveShare: 0.3 });
    // With integer counts at that n the headline's own interval meets the target.
    const ci = adjustedWald({ n: 935, promoters: 468, detractors: 187 });
    expect((ci.ciHigh - ci.ciLow) / 2).toBeLessThanOrEqual(5.01);
  });

  it("today's margin is the half-width of the headline's interval on the same counts", () => {
    // product.md: 120 answers, 60 promoters, 30 detractors → 9.77 to 39.01, i.e. ±14.62.
    const current = { n: 120, promoters: 60, detractors: 30 };
    const plan = planSample({ marginPoints: 5, expectedNps: 25, responseRate: null, current });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const { ciLow, ciHigh } = adjustedWald(current);
    expect(plan.currentMargin).toBeCloseTo((ciHigh - ciLow) / 2, 12);
    expect(plan.currentMargin).toBeCloseTo(14.62, 2);
    expect(adjustedWaldHalfWidth({ n: 0, promoters: 0, detractors: 0 })).toBeNull();
    // The observed passive share (25 %) is the one planned for.
    expect(plan.passiveShare).toBe(0.25);
    expect(plan.responses).toBe(requiredSampleSizeAdjustedWald(expectedShares(25, 0.25), 5));
  });

  it("a clipped headline interval gives its own (shown) half-width", () => {
    const current = { n: 10, promoters: 10, detractors: 0 };
    const plan = planSample({ marginPoints: 5, expectedNps: 100, responseRate: null, current });
    const { ciLow, ciHigh } = adjustedWald(current);
    expect(ciHigh).toBe(100);
    expect(plan.ok && plan.currentMargin).toBeCloseTo((100 - ciLow) / 2, 12);
  });

  it("assumes 30 % passives without answers, the observed share otherwise", () => {
    expect(plannedPassiveShare(null)).toBe(0.3);
    expect(plannedPassiveShare({ n: 0, promoters: 0, detractors: 0 })).toBe(0.3);
    expect(plannedPassiveShare({ n: 10, promoters: 5, detractors: 5 })).toBe(0);
    // NPS 90 cannot have 30 % passives: they shrink to 10 %, all the rest are promoters.
    expect(expectedShares(90, 0.3).promoterShare).toBeCloseTo(0.9, 12);
    expect(expectedShares(90, 0.3).detractorShare).toBeCloseTo(0, 12);
    expect(() => expectedShares(101)).toThrow(RangeError);
    expect(() => requiredSampleSizeAdjustedWald({ promoterShare: 0.5, detractorShare: 0.2 }, 0)).toThrow(RangeError);
  });
});
