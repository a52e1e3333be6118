import { describe, expect, it } from "vitest";
import { buildOutcomeReport, hiddenScores, reportP, type ScoreRow } from "@/lib/outcome-report";

function rows(counts: Record<number, [number, number]>): ScoreRow[] {
  return Object.entries(counts).map(([score, [n, events]]) => ({ score: Number(score), n, events, amountSum: 0, amountSquares: 0 }));
}

describe("buildOutcomeReport", () => {
  it("sums score points into categories and rounds as the contract says", () => {
    const report = buildOutcomeReport({
      type: "churned",
      windowDays: 180,
      excludedTooRecent: 12,
      suppressN: 5,
      rows: rows({ 10: [300, 10], 9: [110, 11], 8: [200, 15], 7: [100, 12], 3: [150, 20], 0: [60, 6] }),
    });
    expect(report.api.groups[0]).toEqual({ key: "promoter", n: 410, events: 21, rate: 0.0512, ciLow: 0.0337, ciHigh: 0.077 });
    expect(report.api.groups[2]).toMatchObject({ key: "detractor", n: 210, events: 26, rate: 0.1238 });
    expect(report.api.detractorVsPromoter).toMatchObject({ ratio: 2.42, difference: 0.0726 });
    expect(report.api.chiSquare!.df).toBe(2);
    expect(report.scores).toHaveLength(11);
    expect(report.scores[5]).toMatchObject({ score: 5, n: 0, rate: null, suppressed: false });
    expect(report.verdict).toMatchObject({ kind: "higher" });
  });

  it("hides a small category and the tests that would reveal it", () => {
    const report = buildOutcomeReport({ type: "churned", windowDays: 90, excludedTooRecent: 0, suppressN: 5, rows: rows({ 10: [50, 3], 8: [40, 4], 2: [4, 2] }) });
    expect(report.api.groups[2]).toEqual({ key: "detractor", n: 4, events: null, rate: null, ciLow: null, ciHigh: null, suppressed: true });
    expect(report.api.detractorVsPromoter).toBeNull();
    expect(report.api.chiSquare).toBeNull();
    expect(report.verdict).toEqual({ kind: "not_enough" });
  });

  it("says there is no evidence, with the n needed, when p ≥ 0.05", () => {
    const report = buildOutcomeReport({ type: "churned", windowDays: 180, excludedTooRecent: 0, suppressN: 5, rows: rows({ 10: [100, 10], 8: [100, 10], 3: [100, 12] }) });
    expect(report.verdict.kind).toBe("no_evidence");
    if (report.verdict.kind === "no_evidence") expect(report.verdict.nNeeded).toBeGreaterThan(100);
  });

  it("gives revenue means with a t interval per category", () => {
    const report = buildOutcomeReport({
      type: "revenue",
      windowDays: 365,
      excludedTooRecent: 0,
      suppressN: 2,
      rows: [{ score: 10, n: 4, events: 2, amountSum: 400, amountSquares: 2 * 200 * 200 }],
    });
    // Amounts 200, 200, 0, 0: mean 100, sd 115.47, t(0.975, 3) = 3.1824 → 100 ± 183.74.
    expect(report.api.groups[0]).toMatchObject({ meanAmount: 100, meanLow: -83.74, meanHigh: 283.74 });
    expect(report.api.groups[0]!.events).toBe(2);
  });
});

describe("hiddenScores", () => {
  it("hides small score points, and a second one in a category where only one would be hidden", () => {
    const hidden = hiddenScores(rows({ 0: [3, 1], 1: [20, 4], 2: [30, 5], 9: [40, 2], 10: [50, 3] }), 5);
    expect([...hidden].sort((a, b) => a - b)).toEqual([0, 1]);
  });
});

describe("reportP", () => {
  it("rounds to 4 decimals and floors tiny values at 0.0001 with pBelow", () => {
    expect(reportP(0.00004)).toEqual({ p: 0.0001, pBelow: true });
    expect(reportP(0.41234)).toEqual({ p: 0.4123 });
    expect(reportP(0.00015)).toEqual({ p: 0.0002 });
  });
});
