import { describe, expect, it } from "vitest";
import {
  BURST_MIN_ANSWERS,
  emailLinkKey,
  flagBursts,
  isScannerAgent,
  retryAfterFor,
  withoutOpenPixel,
} from "@/lib/link-guard";
import { appPolicy, isHttps, isRespondentDocumentPath, respondentPolicy } from "@/lib/security-headers";

describe("rate limit answers", () => {
  it("Retry-After is the time until the oldest counted answer leaves the window, at least 1 s", () => {
    const now = new Date("2026-12-06T10:00:00Z");
    expect(retryAfterFor(new Date("2026-12-06T09:59:30Z"), 60, now)).toBe(30);
    expect(retryAfterFor(new Date("2026-12-06T09:58:00Z"), 60, now)).toBe(1);
    expect(retryAfterFor(null, 600, now)).toBe(600);
  });
});

describe("bursts", () => {
  it("flags busy hours far above the link's median, or mostly from one address", () => {
    const hours = [
      { answers: 3, topAddressAnswers: 1 },
      { answers: 4, topAddressAnswers: 1 },
      { answers: 30, topAddressAnswers: 2 },
      { answers: BURST_MIN_ANSWERS, topAddressAnswers: 15 },
      { answers: BURST_MIN_ANSWERS - 1, topAddressAnswers: BURST_MIN_ANSWERS - 1 },
      { answers: 5, topAddressAnswers: 5 },
    ];
    expect(flagBursts(hours).map((h) => h.burst)).toEqual([false, false, true, true, false, false]);
    // A link that is always busy is not a burst every hour.
    expect(flagBursts(Array.from({ length: 5 }, () => ({ answers: 40, topAddressAnswers: 3 }))).some((h) => h.burst)).toBe(false);
  });
});

describe("mail scanners", () => {
  it("recognises scanner and script user agents, not people's browsers", () => {
    for (const agent of ["Barracuda Sentinel (EE)", "Mozilla/5.0 (compatible; Proofpoint URL Defense)", "Mimecast", "python-requests/2.32", "curl/8.5.0", "Mozilla/5.0 (compatible; bingbot/2.0)", "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0)"]) {
      expect(isScannerAgent(agent), agent).toBe(true);
    }
    for (const agent of [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36 MicroMessenger/8.0.50",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0 Safari/537.36",
      "",
      null,
    ]) {
      expect(isScannerAgent(agent), String(agent)).toBe(false);
    }
  });

  it("names the email link a request opened", () => {
    expect(emailLinkKey(null)).toBe("");
    expect(emailLinkKey("9")).toBe("9");
    expect(emailLinkKey("10")).toBe("10");
    expect(emailLinkKey("11")).toBe("");
  });

  it("the dev mailbox shows a message without its open-tracking image", () => {
    const mail = '<p>Hi</p><a href="http://x/s/AbC_-123/">go</a><img src="http://localhost:3000/s/AbC_-123/open" width="1" height="1" alt=""><img src="/logo.png">';
    expect(withoutOpenPixel(mail)).toBe('<p>Hi</p><a href="http://x/s/AbC_-123/">go</a><img src="/logo.png">');
  });
});

describe("security headers", () => {
  it("app pages: scripts only with the nonce, inline styles allowed, not framable", () => {
    const policy = appPolicy({ nonce: "abc123", dev: false, https: false });
    expect(policy).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    expect(policy).toContain("style-src 'self' 'unsafe-inline'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("upgrade-insecure-requests");
    expect(appPolicy({ nonce: "n", dev: true, https: true })).toMatch(/'unsafe-eval'.*upgrade-insecure-requests$/);
  });

  it("respondent documents: nothing inline; the builder's preview may be framed by the app only", () => {
    const policy = respondentPolicy({ https: false, framable: false });
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(respondentPolicy({ https: false, framable: true })).toContain("frame-ancestors 'self'");
    expect(isRespondentDocumentPath("/s/abc")).toEqual({ respondent: true, framable: false });
    expect(isRespondentDocumentPath("/surveys/123/preview")).toEqual({ respondent: true, framable: true });
    expect(isRespondentDocumentPath("/surveys/123/edit")).toEqual({ respondent: false, framable: false });
  });

  it("https is what the proxy in front says, else the URL's scheme", () => {
    expect(isHttps("http://app/x", "https")).toBe(true);
    expect(isHttps("https://app/x", "http")).toBe(false);
    expect(isHttps("https://app/x", null)).toBe(true);
    expect(isHttps("http://app/x", null)).toBe(false);
  });
});
