import { describe, expect, it } from "vitest";
import { otherParams, readVerbatimParams, verbatimHref } from "@/components/insights/verbatim-params";
import { adjustedWaldHalfWidth, expectedShares, invitationsNeeded, requiredSampleSizeAdjustedWald } from "@/lib/nps";
import {
  DEFAULT_EXPECTED_NPS,
  defaultExpectedNps,
  parsePlannerNumber,
  planSample,
} from "@/lib/sample-planner";
import { twoProportionZTest } from "@/server/analytics/get-non-response";
import { containsPattern, escapeLikePattern, verbatimLimit } from "@/server/analytics/list-verbatims";
import { interpolate } from "@/i18n/interpolate";

describe("twoProportionZTest (pooled, = √ of the 2×2 Pearson chi-square without continuity correction)", () => {
  // Reference values: R prop.test(c(x1, x2), c(n1, n2), correct = FALSE), z = sign · √X².
  it.each([
    { a: [40, 100], b: [30, 100], z: 1.4824986333222028, p: 0.13820766697402576 },
    { a: [120, 200], b: [150, 300], z: 2.1979349113192894, p: 0.027953744613591555 },
    { a: [5, 50], b: [20, 60], z: -2.90773141139004, p: 0.003640608731652716 },
    { a: [480, 1000], b: [520, 1000], z: -1.7888543819998333, p: 0.07363827012030244 },
  ])("$a vs $b → z $z, p $p", ({ a, b, z, p }) => {
    const result = twoProportionZTest({ successes: a[0] ?? 0, n: a[1] ?? 0 }, { successes: b[0] ?? 0, n: b[1] ?? 0 });
    expect(result).not.toBeNull();
    expect(result?.z).toBeCloseTo(z, 10);
    expect(result?.pValue).toBeCloseTo(p, 10);
    expect(result?.difference).toBeCloseTo((a[0] ?? 0) / (a[1] ?? 1) - (b[0] ?? 0) / (b[1] ?? 1), 12);
  });

  it("is antisymmetric: swapping the sides flips z and keeps p", () => {
    const ab = twoProportionZTest({ successes: 12, n: 40 }, { successes: 30, n: 70 });
    const ba = twoProportionZTest({ successes: 30, n: 70 }, { successes: 12, n: 40 });
    expect(ab?.z).toBeCloseTo(-(ba?.z ?? Number.NaN), 12);
    expect(ab?.pValue).toBeCloseTo(ba?.pValue ?? Number.NaN, 12);
  });

  it("equal proportions give z 0 and p 1, also when both are 0 % or 100 %", () => {
    expect(twoProportionZTest({ successes: 10, n: 50 }, { successes: 20, n: 100 })).toEqual({ difference: 0, z: 0, pValue: 1 });
    expect(twoProportionZTest({ successes: 0, n: 5 }, { successes: 0, n: 9 })).toEqual({ difference: 0, z: 0, pValue: 1 });
    expect(twoProportionZTest({ successes: 5, n: 5 }, { successes: 9, n: 9 })).toEqual({ difference: 0, z: 0, pValue: 1 });
  });

  it("is null when a side is empty, and rejects impossible counts", () => {
    expect(twoProportionZTest({ successes: 0, n: 0 }, { successes: 3, n: 10 })).toBeNull();
    expect(twoProportionZTest({ successes: 3, n: 10 }, { successes: 0, n: 0 })).toBeNull();
    expect(() => twoProportionZTest({ successes: 11, n: 10 }, { successes: 0, n: 5 })).toThrow(RangeError);
    expect(() => twoProportionZTest({ successes: -1, n: 10 }, { successes: 0, n: 5 })).toThrow(RangeError);
    expect(() => twoProportionZTest({ successes: 1.5, n: 10 }, { successes: 0, n: 5 })).toThrow(RangeError);
  });
});

describe("search escaping", () => {
  it("escapes %, _ and the escape character itself", () => {
    expect(escapeLikePattern("100%")).toBe("100\\%");
    expect(escapeLikePattern("a_b")).toBe("a\\_b");
    expect(escapeLikePattern("C:\\path")).toBe("C:\\\\path");
    expect(escapeLikePattern("%_\\")).toBe("\\%\\_\\\\");
    expect(escapeLikePattern("排队太久")).toBe("排队太久");
  });

  it("wraps the trimmed text in % for a contains match; blank means no search", () => {
    expect(containsPattern(" 排队 ")).toBe("%排队%");
    expect(containsPattern("50%_off")).toBe("%50\\%\\_off%");
    expect(containsPattern("")).toBeNull();
    expect(containsPattern("   ")).toBeNull();
    expect(containsPattern(undefined)).toBeNull();
    expect(containsPattern("x".repeat(500))).toBe(`%${"x".repeat(200)}%`);
  });

  it("clamps the page size to 1..100, default 25", () => {
    expect(verbatimLimit(undefined)).toBe(25);
    expect(verbatimLimit(Number.NaN)).toBe(25);
    expect(verbatimLimit(0)).toBe(1);
    expect(verbatimLimit(-5)).toBe(1);
    expect(verbatimLimit(10.7)).toBe(10);
    expect(verbatimLimit(1000)).toBe(100);
  });
});

describe("sample planner glue", () => {
  it("starts from the current NPS rounded, else 30", () => {
    expect(defaultExpectedNps(null)).toBe(DEFAULT_EXPECTED_NPS);
    expect(defaultExpectedNps(undefined)).toBe(30);
    expect(defaultExpectedNps(Number.NaN)).toBe(30);
    expect(defaultExpectedNps(42.6)).toBe(43);
    expect(defaultExpectedNps(-12.4)).toBe(-12);
    expect(Object.is(defaultExpectedNps(-0.2), 0)).toBe(true);
  });

  it("parses form text", () => {
    expect(parsePlannerNumber(" 5 ")).toBe(5);
    expect(parsePlannerNumber("-10")).toBe(-10);
    expect(parsePlannerNumber("2.5")).toBe(2.5);
    expect(parsePlannerNumber("")).toBeNull();
    expect(parsePlannerNumber("abc")).toBeNull();
  });

  it("±5 points at NPS 30 needs 935 responses (the adjusted-Wald interval inverted, issue 13), 3,740 invitations at 25 %", () => {
    const plan = planSample({ marginPoints: 5, expectedNps: 30, responseRate: 0.25 });
    expect(plan).toEqual({ ok: true, responses: 935, invitations: 3740, invitationsStatus: "ok", currentMargin: null, passiveShare: 0.3 });
    expect(requiredSampleSizeAdjustedWald(expectedShares(30, 0.3), 5)).toBe(935);
    expect(invitationsNeeded(935, 0.25)).toBe(3740);
  });

  it("agrees with src/lib/nps for other inputs and reports today's margin", () => {
    const current = { n: 400, promoters: 100, detractors: 180 };
    const plan = planSample({ marginPoints: 3, expectedNps: -20, responseRate: 0.137, current });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.responses).toBe(requiredSampleSizeAdjustedWald(expectedShares(-20, 0.3), 3));
    expect(plan.invitations).toBe(invitationsNeeded(plan.responses, 0.137));
    expect(plan.currentMargin).toBeCloseTo(adjustedWaldHalfWidth(current) ?? NaN, 12);
  });

  it("says why there is no invitation count: no rate (null) or a zero rate", () => {
    const none = planSample({ marginPoints: 5, expectedNps: 30, responseRate: null });
    expect(none).toMatchObject({ ok: true, responses: 935, invitations: null, invitationsStatus: "noRate" });
    const zero = planSample({ marginPoints: 5, expectedNps: 30, responseRate: 0 });
    expect(zero).toMatchObject({ ok: true, invitations: null, invitationsStatus: "zeroRate" });
  });

  it("reports invalid input instead of throwing", () => {
    expect(planSample({ marginPoints: null, expectedNps: 30, responseRate: 0.2 })).toEqual({ ok: false, error: "margin" });
    expect(planSample({ marginPoints: 0, expectedNps: 30, responseRate: 0.2 })).toEqual({ ok: false, error: "margin" });
    expect(planSample({ marginPoints: 80, expectedNps: 30, responseRate: 0.2 })).toEqual({ ok: false, error: "margin" });
    expect(planSample({ marginPoints: 5, expectedNps: 101, responseRate: 0.2 })).toEqual({ ok: false, error: "expectedNps" });
    expect(planSample({ marginPoints: 5, expectedNps: null, responseRate: 0.2 })).toEqual({ ok: false, error: "expectedNps" });
  });
});

describe("verbatim URL parameters", () => {
  it("reads category, search and cursor, dropping invalid values", () => {
    expect(readVerbatimParams({ category: "DETRACTOR", q: " 排队 ", before: "0194f5d2-7b3a-7c4e-8f00-123456789abc" })).toEqual({
      category: "DETRACTOR",
      search: "排队",
      before: "0194f5d2-7b3a-7c4e-8f00-123456789abc",
    });
    expect(readVerbatimParams({ category: "promoter", q: "  ", before: "'; drop table" })).toEqual({});
    expect(readVerbatimParams(new URLSearchParams("category=PASSIVE&q=a&q=b"))).toEqual({ category: "PASSIVE", search: "a" });
    expect(readVerbatimParams({ category: ["PROMOTER", "PASSIVE"] })).toEqual({ category: "PROMOTER" });
  });

  it("keeps the page's other parameters (repeated names too) and drops the list's own", () => {
    const hidden: [string, string][] = [["range", "30d"], ["attr.region", "华东"], ["attr.region", "华南"], ["before", "x"], ["q", "old"]];
    expect(otherParams(hidden)).toEqual([["range", "30d"], ["attr.region", "华东"], ["attr.region", "华南"]]);
    expect(verbatimHref("", [["range", "30d"], ["q", "50% & more"]])).toBe("?range=30d&q=50%25+%26+more");
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(interpolate("Score {score} of {max}", { score: 9 })).toBe("Score 9 of {max}");
  });
});
