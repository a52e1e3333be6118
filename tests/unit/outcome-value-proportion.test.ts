/**
 * Value at stake and the report's breakdowns (issue 15) against worked examples: revenue-weighted NPS, revenue at
 * risk, the risk-ratio interval, the trend of log ratios, segment tables with BH and suppression, quarters.
 */
import { describe, expect, it } from "vitest";
import { adjustBenjaminiHochberg } from "@/lib/multiple-comparisons";
import { roundTo } from "@/lib/nps";
import { compareOverTime, compareSegments, type GroupCategoryCount } from "@/lib/outcome-breakdowns";
import { revenueAtRisk, revenueWeightedNps, type ValueCategories, type ValueSums } from "@/lib/outcome-value";
import { logTrend, riskRatioInterval, twoProportionTest } from "@/lib/proportion-tests";

/** Per-category sums from individual contacts: [category, revenue, churned]. */
function sums(contacts: [keyof ValueCategories, number, boolean][]): ValueCategories {
  const empty = (): ValueSums => ({ n: 0, revenue: 0, revenueSquares: 0, churned: 0, churnedRevenue: 0 });
  const out: ValueCategories = { promoter: empty(), passive: empty(), detractor: empty() };
  for (const [category, w, churned] of contacts) {
    const s = out[category];
    s.n += 1;
    s.revenue += w;
    s.revenueSquares += w * w;
    s.churned += churned ? 1 : 0;
    s.churnedRevenue += churned ? w : 0;
  }
  return out;
}

describe("revenueWeightedNps", () => {
  it("weights each contact by revenue: promoters 500 + 300, a passive 100, a detractor 100 → 70", () => {
    const contacts: [keyof ValueCategories, number, boolean][] = [
      ["promoter", 500, false],
      ["promoter", 300, false],
      ["passive", 100, false],
      ["detractor", 100, false],
    ];
    const result = revenueWeightedNps(sums(contacts))!;
    expect(result.nps).toBe(70);
    expect(result.revenue).toBe(1000);
    // Linearised variance worked out contact by contact: u = w(s − R), V = n/(n−1)·Σu²/(Σw)².
    const r = 0.7;
    const s = { promoter: 1, passive: 0, detractor: -1 };
    const u2 = contacts.reduce((acc, [c, w]) => acc + (w * (s[c] - r)) ** 2, 0);
    expect(u2).toBeCloseTo(64_400, 6);
    const se = Math.sqrt(((4 / 3) * u2) / 1_000_000);
    expect(result.ciLow).toBe(roundTo(100 * (r - 1.96 * se), 1)); // 12.6
    expect(result.ciLow).toBe(12.6);
    expect(result.ciHigh).toBe(100); // clipped
  });

  it("equals the plain NPS when everyone has the same revenue, and is null without revenue", () => {
    const contacts: [keyof ValueCategories, number, boolean][] = [
      ...Array.from({ length: 6 }, () => ["promoter", 250, false] as [keyof ValueCategories, number, boolean]),
      ...Array.from({ length: 3 }, () => ["passive", 250, false] as [keyof ValueCategories, number, boolean]),
      ...Array.from({ length: 1 }, () => ["detractor", 250, true] as [keyof ValueCategories, number, boolean]),
    ];
    expect(revenueWeightedNps(sums(contacts))!.nps).toBe(50); // 60 % − 10 %
    expect(revenueWeightedNps(sums(contacts.map(([c]) => [c, 0, false])))).toBeNull();
  });

  it("lets a few large detractors pull revenue-weighted NPS below the head count's", () => {
    const contacts: [keyof ValueCategories, number, boolean][] = [
      ...Array.from({ length: 8 }, () => ["promoter", 100, false] as [keyof ValueCategories, number, boolean]),
      ["detractor", 2000, false],
      ["detractor", 2000, false],
    ];
    // Head count: 80 − 20 = 60; revenue: (800 − 4000) / 4800 = −66.7.
    expect(revenueWeightedNps(sums(contacts))!.nps).toBe(-66.7);
  });
});

describe("revenueAtRisk", () => {
  it("is the detractors' revenue × their excess churn: 100,000 × (20 % − 5 %) = 15,000, delta-method interval", () => {
    const contacts: [keyof ValueCategories, number, boolean][] = [
      ...Array.from({ length: 100 }, (_, i) => ["detractor", 1000, i < 20] as [keyof ValueCategories, number, boolean]),
      ...Array.from({ length: 200 }, (_, i) => ["promoter", 1500, i < 10] as [keyof ValueCategories, number, boolean]),
    ];
    const result = revenueAtRisk(sums(contacts))!;
    expect(result).toMatchObject({ amount: 15_000, detractorRevenue: 100_000, detractorChurn: 0.2, promoterChurn: 0.05, excessChurn: 0.15 });
    // Equal revenues: V(m_D) = 0 and Cov = 0, so SE = n_D · m_D · √(c_D(1−c_D)/n_D + c_P(1−c_P)/n_P).
    const half = 1.96 * 100 * 1000 * Math.sqrt((0.2 * 0.8) / 100 + (0.05 * 0.95) / 200);
    expect(result.ciLow).toBe(roundTo(15_000 - half, 2));
    expect(result.ciHigh).toBe(roundTo(15_000 + half, 2));
    expect(result.ciLow).toBeCloseTo(6598.3, 0);
  });

  it("widens when churners' revenue differs (covariance term), is negative when detractors churn less, null without a side", () => {
    const base: [keyof ValueCategories, number, boolean][] = [
      ...Array.from({ length: 100 }, (_, i) => ["detractor", i < 20 ? 3000 : 500, i < 20] as [keyof ValueCategories, number, boolean]),
      ...Array.from({ length: 200 }, (_, i) => ["promoter", 1500, i < 10] as [keyof ValueCategories, number, boolean]),
    ];
    const result = revenueAtRisk(sums(base))!;
    // W_D = 20·3000 + 80·500 = 100,000: the same amount, a wider interval.
    expect(result.amount).toBe(15_000);
    expect(result.ciHigh! - result.ciLow!).toBeGreaterThan(2 * 8401);
    const lower = revenueAtRisk(
      sums([
        ...Array.from({ length: 50 }, (_, i) => ["detractor", 100, i < 1] as [keyof ValueCategories, number, boolean]),
        ...Array.from({ length: 50 }, (_, i) => ["promoter", 100, i < 5] as [keyof ValueCategories, number, boolean]),
      ]),
    )!;
    expect(lower.amount).toBe(-400); // 5,000 × (2 % − 10 %)
    expect(revenueAtRisk(sums([["promoter", 100, false]]))).toBeNull();
  });
});

describe("riskRatioInterval and logTrend", () => {
  it("20/100 vs 10/200: RR 4, log interval 1.95 … 8.22 (Katz)", () => {
    const rr = riskRatioInterval(20, 100, 10, 200)!;
    expect(rr.ratio).toBe(4);
    expect(rr.se).toBeCloseTo(Math.sqrt(0.135), 12);
    expect(rr.low).toBeCloseTo(1.9467, 3);
    expect(rr.high).toBeCloseTo(8.2189, 3);
    expect(riskRatioInterval(0, 100, 10, 200)).toBeNull();
  });

  it("fits the slope of log values over periods with inverse-variance weights", () => {
    const fit = logTrend([
      { x: 0, logValue: 0, se: 0.1 },
      { x: 1, logValue: -0.1, se: 0.1 },
      { x: 2, logValue: -0.2, se: 0.1 },
    ])!;
    expect(fit.slope).toBeCloseTo(-0.1, 12);
    expect(fit.se).toBeCloseTo(1 / Math.sqrt(200), 12);
    expect(fit.p).toBeCloseTo(0.1573, 4);
    expect(logTrend([{ x: 0, logValue: 0, se: 0.1 }])).toBeNull();
  });
});

function counts(key: string, d: [number, number], p: [number, number], passive = 0): GroupCategoryCount[] {
  return [
    { key, category: "detractor", n: d[0], events: d[1] },
    { key, category: "promoter", n: p[0], events: p[1] },
    { key, category: "passive", n: passive, events: 0 },
  ];
}

describe("compareSegments", () => {
  it("tests detractors against promoters per segment, BH-adjusts the p values, hides small segments complementarily", () => {
    const rows = [
      ...counts("华东", [200, 60], [300, 15], 100),
      ...counts("华北", [150, 30], [200, 20], 50),
      ...counts("华南", [100, 12], [120, 12], 30),
      ...counts("西北", [3, 1], [10, 1], 2), // 3 detractors: small
      ...counts("东北", [20, 4], [25, 2], 5),
    ];
    const table = compareSegments(rows, 5);
    expect(table.map((s) => s.key)).toEqual(["华东", "华北", "华南", "东北", "西北"]);
    const east = table[0]!;
    const test = twoProportionTest(60, 200, 15, 300)!;
    expect(east).toMatchObject({ n: 600, detractorRate: 0.3, promoterRate: 0.05, ratio: 6, difference: 0.25, p: roundTo(test.p!, 4), suppressed: null });
    // 西北 is small; one hidden detractor cell could be recovered from the report's total: 东北 (the smallest other) goes too.
    expect(table[4]).toMatchObject({ key: "西北", suppressed: "small", ratio: null, p: null, q: null });
    expect(table[3]).toMatchObject({ key: "东北", suppressed: "complementary", p: null });
    const shown = table.slice(0, 3);
    const raw = shown.map((s) => twoProportionTest(...(s.key === "华东" ? [60, 200, 15, 300] : s.key === "华北" ? [30, 150, 20, 200] : [12, 100, 12, 120]) as [number, number, number, number])!.p!);
    expect(shown.map((s) => s.q)).toEqual(adjustBenjaminiHochberg(raw).map((q) => roundTo(q!, 4)));
    expect(shown.map((s) => s.significant)).toEqual([true, true, false]);
  });
});

describe("compareOverTime", () => {
  it("orders quarters, hides small ones, and sees a ratio falling towards 1 as weakening", () => {
    const rows = [
      ...counts("2025-Q3", [300, 120], [300, 20]),
      ...counts("2025-Q1", [300, 150], [300, 15]),
      ...counts("2025-Q2", [300, 135], [300, 18]),
      ...counts("2025-Q4", [300, 90], [300, 30]),
      ...counts("2026-Q1", [4, 2], [30, 2]),
    ];
    const { periods, trend } = compareOverTime(rows, 5);
    expect(periods.map((p) => p.key)).toEqual(["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]);
    expect(periods.map((p) => p.ratio)).toEqual([10, 7.5, 6, 3, null]);
    expect(periods[4]!.suppressed).toBe("small");
    expect(trend).toMatchObject({ periods: 4, direction: "weakening" });
    expect(trend!.factorPerQuarter).toBeLessThan(1);
    expect(trend!.p).toBeLessThan(0.05);
  });

  it("calls a steady ratio stable and needs three quarters", () => {
    const steady = compareOverTime([...counts("2025-Q1", [200, 40], [200, 10]), ...counts("2025-Q2", [200, 42], [200, 10]), ...counts("2025-Q3", [200, 38], [200, 10])], 5);
    expect(steady.trend!.direction).toBe("stable");
    expect(compareOverTime([...counts("2025-Q1", [200, 40], [200, 10]), ...counts("2025-Q2", [200, 42], [200, 10])], 5).trend).toBeNull();
  });
});
