import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS_TEXT } from "@/lib/common-passwords";
import { checkPassword } from "@/lib/password-rules";

describe("password rules", () => {
  it("needs at least 10 characters, counted as characters not bytes", () => {
    expect(checkPassword("Tz7#kq2Lm")).toBe("too_short");
    expect(checkPassword("Tz7#kq2Lm!")).toBeNull();
    expect(checkPassword("回声回声回声回声回声")).toBeNull();
    expect(checkPassword("回声回声回声回声回")).toBe("too_short");
  });

  it("refuses more than 200 characters", () => {
    expect(checkPassword("x7".repeat(101))).toBe("too_long");
  });

  it("refuses common passwords of the bundled list, whatever their case", () => {
    expect(COMMON_PASSWORDS_TEXT.split("\n").length).toBeGreaterThanOrEqual(10_000);
    expect(checkPassword("1234567890")).toBe("common");
    expect(checkPassword("QwertyUiop")).toBe("common");
    expect(checkPassword("password123")).toBe("common");
    expect(checkPassword("woaini1314")).toBe("common");
    expect(checkPassword("nps-demo-2026")).toBe("common");
  });

  it("refuses the account's email or its local part", () => {
    expect(checkPassword("li.wei.cx@bank.example", { email: "Li.Wei.CX@bank.example" })).toBe("same_as_email");
    expect(checkPassword("li.wei.cx.2026", { email: "li.wei.cx.2026@bank.example" })).toBe("same_as_email");
    expect(checkPassword("gentle-harbour-47", { email: "li.wei@bank.example" })).toBeNull();
  });
});
