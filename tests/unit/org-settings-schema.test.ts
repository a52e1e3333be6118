import { describe, expect, it } from "vitest";
import { orgSettingsProblems, orgSettingsSchema } from "@/schemas/org-settings";

const valid = { name: "示例银行", brandZh: "示例银行", brandEn: "Demo Bank", timeZone: "Asia/Shanghai", defaultLocale: "zh-CN", minN: "30", suppressN: "5", throttleDays: "30" };

function problems(input: Record<string, unknown>) {
  const parsed = orgSettingsSchema.safeParse(input);
  return parsed.success ? {} : orgSettingsProblems(parsed.error);
}

describe("organisation settings schema", () => {
  it("accepts the form's strings and turns the numbers into integers", () => {
    expect(orgSettingsSchema.parse(valid)).toEqual({ ...valid, minN: 30, suppressN: 5, throttleDays: 30 });
    expect(orgSettingsSchema.parse({ ...valid, throttleDays: "0", minN: "5" }).throttleDays).toBe(0);
  });

  it("refuses an unknown time zone, a language the product does not speak and an empty name", () => {
    expect(problems({ ...valid, timeZone: "Mars/Olympus" })).toEqual({ timeZone: "time_zone" });
    expect(problems({ ...valid, timeZone: "EST" })).toEqual({ timeZone: "time_zone" });
    expect(problems({ ...valid, defaultLocale: "fr" })).toEqual({ defaultLocale: "invalid" });
    expect(problems({ ...valid, name: "  " })).toEqual({ name: "name_required" });
  });

  it("keeps suppressN ≥ 1, minN ≥ suppressN and both within bounds", () => {
    expect(problems({ ...valid, suppressN: "0" })).toEqual({ suppressN: "too_small" });
    expect(problems({ ...valid, minN: "4", suppressN: "5" })).toEqual({ minN: "min_below_suppress" });
    expect(problems({ ...valid, minN: "5", suppressN: "5" })).toEqual({});
    expect(problems({ ...valid, minN: "1001" })).toEqual({ minN: "too_big" });
    expect(problems({ ...valid, suppressN: "101", minN: "200" })).toEqual({ suppressN: "too_big" });
    expect(problems({ ...valid, suppressN: "2.5" })).toEqual({ suppressN: "invalid" });
    expect(problems({ ...valid, minN: "abc" })).toEqual({ minN: "invalid" });
  });

  it("keeps throttle days within 0..365", () => {
    expect(problems({ ...valid, throttleDays: "-1" })).toEqual({ throttleDays: "too_small" });
    expect(problems({ ...valid, throttleDays: "366" })).toEqual({ throttleDays: "too_big" });
  });
});
