import { describe, expect, it } from "vitest";
import { brandIn } from "@/lib/brand";

describe("brandIn", () => {
  const survey = { brandName: "示例银行", brandNames: { en: "Demo Bank" } };
  it("names the brand in the reader's language, else the default brand", () => {
    expect(brandIn(survey, "en")).toBe("Demo Bank");
    expect(brandIn(survey, "zh-CN")).toBe("示例银行");
    expect(brandIn(survey, null)).toBe("示例银行");
    expect(brandIn(survey, "fr")).toBe("示例银行");
  });
  it("ignores blank or malformed names", () => {
    expect(brandIn({ brandName: "B", brandNames: { en: "  " } }, "en")).toBe("B");
    expect(brandIn({ brandName: "B", brandNames: "nonsense" }, "en")).toBe("B");
    expect(brandIn({ brandName: "B" }, "en")).toBe("B");
  });
});
