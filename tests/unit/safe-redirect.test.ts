import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeRedirectPath } from "@/lib/safe-redirect";

const ORIGIN = "https://nps.example.com";

describe("safeRedirectPath", () => {
  it.each([
    ["/surveys", "/surveys"],
    ["/surveys/abc?tab=links#top", "/surveys/abc?tab=links#top"],
    ["/dashboard?survey=a&survey=b", "/dashboard?survey=a&survey=b"],
    ["/surveys/./x/../y", "/surveys/y"],
    ["/%5Cevil.example/", "/%5Cevil.example/"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/login?callbackUrl=//evil.example", "/login?callbackUrl=//evil.example"],
    ["/中文", "/%E4%B8%AD%E6%96%87"],
  ])("keeps the same-origin path %j as %j", (input, expected) => {
    expect(safeRedirectPath(input, { origin: ORIGIN })).toBe(expected);
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it.each([
    // The forms, as the page receives them (searchParams decoded once): /%5Cevil.example/ and /%09/evil.example/.
    "/\\evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example/",
    "/\u0000/evil.example/",
    "//evil.example",
    "//evil.example/path",
    "///evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "%2F%2Fevil.example",
    "%5C%5Cevil.example",
    "evil.example",
    " /\\evil.example",
    " //evil.example",
    "/..//evil.example",
    "/.//evil.example",
    "/%2e%2e//evil.example",
    "/a/../..//evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://evil.example/",
    "https://evil.example/dashboard",
    `${ORIGIN}@evil.example/`,
    "https://user:pass@nps.example.com/dashboard",
    "http://nps.example.com/dashboard", // another scheme is another origin
    "https://nps.example.com:8443/dashboard",
    "",
    `/${"a".repeat(3000)}`,
  ])("refuses %j", (input) => {
    expect(safeRedirectPath(input, { origin: ORIGIN })).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeRedirectPath(input)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it("turns an absolute URL on our own origin into its path, and refuses it when the origin is unknown", () => {
    expect(safeRedirectPath(`${ORIGIN}/cases?status=open#list`, { origin: ORIGIN })).toBe("/cases?status=open#list");
    expect(safeRedirectPath(`${ORIGIN.toUpperCase()}/cases`, { origin: ORIGIN })).toBe("/cases");
    expect(safeRedirectPath(`${ORIGIN}/cases`)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it("uses the given fallback, and the default for null, undefined and non-strings", () => {
    expect(safeRedirectPath("//evil.example", { fallback: "/" })).toBe("/");
    expect(safeRedirectPath(null)).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeRedirectPath(undefined)).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeRedirectPath(["/x"] as unknown as string)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it("never returns something a browser would resolve off-site", () => {
    const tricky = ["/\\", "/\t\\", "/.\\\\evil", "/..\\\\evil", "/%09/evil", "/\u000b/evil", "/\u007f/evil", "/./\\evil.example"];
    for (const input of tricky) {
      const path = safeRedirectPath(input, { origin: ORIGIN });
      expect(new URL(path, ORIGIN).origin).toBe(ORIGIN);
      expect(path.startsWith("//")).toBe(false);
    }
  });
});
