import { describe, expect, it } from "vitest";
import { en } from "@/i18n/messages/en";
import { zhCN } from "@/i18n/messages/zh-cn";
import { createTranslator } from "@/i18n/translate";
import { rangeProblem } from "@/lib/date-range";
import { formatPValue } from "@/lib/format";
import { rangeProblemOf, readAnalyticsParams } from "@/schemas/analytics";

describe("formatPValue", () => {
  it("writes a small p as 'p < 0.001', never 'p = < 0.001'", () => {
    expect(formatPValue(0.0000123)).toBe("p < 0.001");
    expect(formatPValue(0.0123)).toBe("p = 0.012");
    expect(formatPValue(0.5)).toBe("p = 0.500");
  });

  it("the catalogue's significance messages read well in both languages", () => {
    for (const locale of ["en", "zh-CN"] as const) {
      const t = createTranslator(locale);
      for (const key of ["analytics.change.significant", "analytics.change.notSignificant", "analytics.segments.significant", "analytics.segments.notSignificant", "digest.significant", "digest.notSignificant"] as const) {
        const text = t(key, { p: formatPValue(0.00001) });
        expect(text).toContain("p < 0.001");
        expect(text).not.toMatch(/p\s*=\s*</);
      }
    }
  });
});

describe("rangeProblem / the analytics filter's period", () => {
  it("names a from-date after the to-date", () => {
    expect(rangeProblem("2026-05-02", "2026-05-01", true)).toBe("order");
    expect(rangeProblem("2026-05-01", "2026-05-01", true)).toBeNull();
    expect(rangeProblem(undefined, "2026-05-01", true)).toBe("missing");
    expect(rangeProblem(undefined, undefined, false)).toBeNull();
  });

  it("a reversed custom range is an error the page can name, not a silent default", () => {
    const parsed = readAnalyticsParams({ range: "custom", from: "2026-06-30", to: "2026-06-01" });
    expect(parsed.success).toBe(false);
    expect(rangeProblemOf(parsed.error)).toBe("order");
    const missing = readAnalyticsParams({ range: "custom", from: "2026-06-01" });
    expect(rangeProblemOf(missing.error)).toBe("missing");
    expect(rangeProblemOf(readAnalyticsParams({ survey: "not-a-uuid" }).error)).toBeNull();
    expect(readAnalyticsParams({ range: "custom", from: "2026-06-01", to: "2026-06-30" }).success).toBe(true);
  });

  it("the range error messages exist in both languages", () => {
    for (const key of ["analytics.error.rangeOrder", "analytics.error.rangeMissing", "analytics.noMatch"] as const) {
      expect(en[key]).toContain("{from}");
      expect(zhCN[key]).toContain("{from}");
    }
  });
});
