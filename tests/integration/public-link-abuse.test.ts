/**
 * Public links / QR codes that resist abuse, and email links that mail scanners do not "click"
 * (issue 12, docs/decisions/0015): server-issued one-time keys, rate limits per address and per link with a
 * translated 429, bursts listed and excluded with exact figures, HEAD and scanners not counted as clicks.
 */
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as page, HEAD as headPage } from "@/app/s/[token]/route";
import { POST as answer } from "@/app/s/[token]/answer/route";
import { GET as openPixel, HEAD as headPixel } from "@/app/s/[token]/open/route";
import { messagesFor } from "@/i18n/translate";
import { PER_ADDRESS_LIMIT, PER_LINK_LIMIT } from "@/lib/link-guard";
import { getNpsSummary } from "@/server/analytics/get-nps-summary";
import { db } from "@/server/db";
import { generateToken } from "@/server/distribution/token";
import { submitResponse } from "@/server/responses/submit-response";
import { issueFormKey } from "@/server/survey-links/form-key";
import { getLinkActivity } from "@/server/survey-links/get-link-activity";
import { setLinkHourExcluded } from "@/server/survey-links/set-link-hour-excluded";
import { answerRequest, createLink, createPublishedSurvey, invite, ORIGIN, pageRequest } from "./support/authoring";
import { createOrganization, expectAppError } from "./support/fixtures";

let organizationId: string;
let surveyId: string;

const ctx = (token: string) => ({ params: Promise.resolve({ token }) });
const post = (token: string, fields: Record<string, string>, headers: Record<string, string> = {}) => answer(answerRequest(token, fields, headers), ctx(token));
const BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

/** The one-time key the respondent page put into its form. */
async function keyFromPage(token: string): Promise<string> {
  const html = await (await page(pageRequest(token, "", { "user-agent": BROWSER }), ctx(token))).text();
  const key = /<input type="hidden" name="key" value="([A-Za-z0-9_-]+)">/.exec(html)?.[1];
  if (!key) throw new Error("the page has no one-time key");
  return key;
}

beforeAll(async () => {
  organizationId = (await createOrganization("Link Guard Bank")).id;
  surveyId = await createPublishedSurvey({ organizationId, drivers: [], name: "Counter survey" });
});

describe("one-time keys are issued by the server", () => {
  it("a key from the page stores one answer; the same key replayed stores nothing new", async () => {
    const link = await createLink(organizationId, surveyId);
    const key = await keyFromPage(link.token);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const first = await post(link.token, { score: "9", key, locale: "en" }, { "x-forwarded-for": "198.51.100.1" });
    expect(first.status).toBe(303);
    for (let i = 0; i < 5; i++) {
      const replay = await post(link.token, { score: "2", key, locale: "en" }, { "x-forwarded-for": `198.51.100.${10 + i}` });
      expect(replay.status).toBe(303);
      expect(replay.headers.get("location")).toBe(first.headers.get("location"));
    }
    const stored = await db.response.findMany({ where: { organizationId, surveyLinkId: link.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ score: 9, submissionKey: key });
    expect(stored[0]?.clientHash).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(stored[0]?.clientHash).not.toContain("198.51");
  });

  it("a key the client made up, one of another link, a tampered or an expired one is refused (422), nothing stored", async () => {
    const link = await createLink(organizationId, surveyId);
    const other = await createLink(organizationId, surveyId);
    const good = issueFormKey(link.id);
    const tampered = `${good.slice(0, 10)}${good[10] === "A" ? "B" : "A"}${good.slice(11)}`;
    const expired = issueFormKey(link.id, new Date(Date.now() - 25 * 3600 * 1000));
    for (const key of [generateToken(), issueFormKey(other.id), tampered, expired]) {
      const response = await post(link.token, { score: "10", key, locale: "en" });
      expect(response.status).toBe(422);
      expect(await response.text()).toContain(messagesFor("en")["respond.formExpired.body"]);
      const json = await post(link.token, { score: "10", key }, { accept: "application/json" });
      expect(json.status).toBe(422);
      expect(await json.json()).toMatchObject({ error: { code: "validation_failed" } });
    }
    expect(await db.response.count({ where: { organizationId, surveyLinkId: link.id } })).toBe(0);
  });
});

describe("rate limits", () => {
  it(`one address: ${PER_ADDRESS_LIMIT} answers per link, then a translated 429 page (en, zh-CN) and JSON, with Retry-After`, async () => {
    const link = await createLink(organizationId, surveyId);
    const from = { "x-forwarded-for": "10.0.0.1, 203.0.113.7" };
    const keys: string[] = [];
    for (let i = 0; i < PER_ADDRESS_LIMIT; i++) {
      keys.push(issueFormKey(link.id));
      const ok = await post(link.token, { score: "10", key: keys[i]!, locale: "en" }, from);
      expect(ok.status).toBe(303);
    }
    const en = await post(link.token, { score: "10", key: issueFormKey(link.id), locale: "en" }, from);
    expect(en.status).toBe(429);
    expect(Number(en.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(en.headers.get("content-type")).toContain("text/html");
    const enHtml = await en.text();
    expect(enHtml).toContain(messagesFor("en")["respond.rateLimited.title"]);
    expect(enHtml).toContain('<html lang="en"');

    const zh = await post(link.token, { score: "10", key: issueFormKey(link.id), locale: "zh-CN" }, from);
    expect(zh.status).toBe(429);
    const zhHtml = await zh.text();
    expect(zhHtml).toContain(messagesFor("zh-CN")["respond.rateLimited.title"]);
    expect(zhHtml).toContain("分钟后再试");

    const json = await post(link.token, { score: "10", key: issueFormKey(link.id) }, { ...from, accept: "application/json" });
    expect(json.status).toBe(429);
    expect(Number(json.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await json.json()).toMatchObject({ error: { code: "rate_limited", message: expect.any(String) } });

    // Another address still answers; a key already used by the limited address is still a retry, not a 429.
    expect((await post(link.token, { score: "7", key: issueFormKey(link.id) }, { "x-forwarded-for": "203.0.113.8" })).status).toBe(303);
    expect((await post(link.token, { score: "10", key: keys[0]!, locale: "en" }, from)).status).toBe(303);
    expect(await db.response.count({ where: { organizationId, surveyLinkId: link.id } })).toBe(PER_ADDRESS_LIMIT + 1);
  });

  it("60 posts from one address at once store exactly the limit (an advisory lock per address and link)", async () => {
    const link = await createLink(organizationId, surveyId);
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, () => post(link.token, { score: "9", key: issueFormKey(link.id) }, { "x-forwarded-for": "192.0.2.44", accept: "application/json" })),
    );
    const statuses = outcomes.map((o) => o.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(PER_ADDRESS_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60 - PER_ADDRESS_LIMIT);
    expect(await db.response.count({ where: { organizationId, surveyLinkId: link.id } })).toBe(PER_ADDRESS_LIMIT);
    // An IPv6 client is limited by its /64: another address in the same /64 is the same client.
    const v6 = await createLink(organizationId, surveyId);
    for (let i = 0; i < PER_ADDRESS_LIMIT; i++) {
      expect((await post(v6.token, { score: "9", key: issueFormKey(v6.id) }, { "x-forwarded-for": `2001:db8:1:2::${i + 1}` })).status).toBe(303);
    }
    expect((await post(v6.token, { score: "9", key: issueFormKey(v6.id) }, { "x-forwarded-for": "2001:db8:1:2:ffff::9" })).status).toBe(429);
    expect((await post(v6.token, { score: "9", key: issueFormKey(v6.id) }, { "x-forwarded-for": "2001:db8:1:3::1" })).status).toBe(303);
  });

  it(`one link: ${PER_LINK_LIMIT} answers a minute from everyone together`, async () => {
    const link = await createLink(organizationId, surveyId);
    const now = Date.now();
    await db.response.createMany({
      data: Array.from({ length: PER_LINK_LIMIT }, (_, i) => ({
        organizationId,
        surveyId,
        surveyLinkId: link.id,
        submissionKey: issueFormKey(link.id),
        clientHash: `many-${i}`,
        score: 8,
        category: "PASSIVE" as const,
        locale: "zh-CN",
        channel: "QR" as const,
        excluded: true,
        createdAt: new Date(now - 30_000 + i),
      })),
    });
    const limited = await post(link.token, { score: "8", key: issueFormKey(link.id) }, { "x-forwarded-for": "203.0.113.99", accept: "application/json" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(await db.response.count({ where: { organizationId, surveyLinkId: link.id } })).toBe(PER_LINK_LIMIT);
  });
});

describe("bursts on the links page", () => {
  it("lists answers per link and hour, flags the burst, and excluding it moves the NPS (aggregates exact)", async () => {
    // The burst must fall into one hour: not started in the last 30 s of one.
    const toNextHour = 3_600_000 - (Date.now() % 3_600_000);
    if (toNextHour < 30_000) await new Promise((resolve) => setTimeout(resolve, toNextHour + 100));
    const survey = await createPublishedSurvey({ organizationId, drivers: [], name: "Burst survey" });
    const link = await createLink(organizationId, survey);
    // Five real detractors through personal links…
    for (let i = 0; i < 5; i++) {
      const { token } = await invite(organizationId, survey);
      await submitResponse({ token, input: { score: 2 } });
    }
    // …and a burst of 25 promoters through the QR code, 18 of them from one address.
    for (let i = 0; i < 25; i++) {
      await submitResponse({ token: link.token, input: { score: 10, key: issueFormKey(link.id) }, client: i < 18 ? "one-address" : `other-${i}` });
    }
    const before = await getNpsSummary({ organizationId, surveyId: survey });
    expect(before.stats).toMatchObject({ n: 30, promoters: 25, detractors: 5 });
    expect(before.stats.nps).toBeCloseTo(66.67, 1);

    const admin = { organizationId, userId: null, role: "ADMIN" as const };
    const activity = await getLinkActivity({ actor: { ...admin, role: "MANAGER" }, surveyId: survey });
    expect(activity).toHaveLength(1);
    const hour = activity[0]!;
    expect(hour).toMatchObject({ linkId: link.id, answers: 25, addresses: 8, topAddressAnswers: 18, excluded: 0, burst: true });

    await expectAppError(setLinkHourExcluded({ actor: { ...admin, role: "MANAGER" }, surveyId: survey, input: { linkId: link.id, hour: hour.hour.toISOString(), excluded: true } }), "forbidden");
    const otherOrg = (await createOrganization("Link Guard Other")).id;
    await expectAppError(setLinkHourExcluded({ actor: { ...admin, organizationId: otherOrg }, surveyId: survey, input: { linkId: link.id, hour: hour.hour.toISOString(), excluded: true } }), "not_found");

    expect(await setLinkHourExcluded({ actor: admin, surveyId: survey, input: { linkId: link.id, hour: hour.hour.toISOString(), excluded: true } })).toEqual({ changed: 25 });
    const after = await getNpsSummary({ organizationId, surveyId: survey });
    expect(after.stats).toMatchObject({ n: 5, promoters: 0, detractors: 5, nps: -100 });
    expect((await getLinkActivity({ actor: admin, surveyId: survey }))[0]).toMatchObject({ answers: 25, excluded: 25, burst: true });
    await expectAppError(setLinkHourExcluded({ actor: admin, surveyId: survey, input: { linkId: link.id, hour: hour.hour.toISOString(), excluded: true } }), "conflict");

    // Counted again: the figures are back exactly.
    expect(await setLinkHourExcluded({ actor: admin, surveyId: survey, input: { linkId: link.id, hour: hour.hour.toISOString(), excluded: false } })).toEqual({ changed: 25 });
    expect((await getNpsSummary({ organizationId, surveyId: survey })).stats).toEqual(before.stats);
  });
});

describe("mail scanners", () => {
  const clickedAt = async (token: string) => (await db.invitation.findFirstOrThrow({ where: { token } })).clickedAt;

  it("HEAD is not a click (nor an open); a browser's GET is", async () => {
    const { token } = await invite(organizationId, surveyId);
    const head = await headPage(pageRequest(token, "?score=9", { "user-agent": BROWSER }), ctx(token));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(await clickedAt(token)).toBeNull();
    expect((await headPage(pageRequest("U".repeat(43)), ctx("U".repeat(43)))).status).toBe(404);

    const pixel = await headPixel();
    expect(pixel.headers.get("content-type")).toBe("image/gif");
    expect((await db.invitation.findFirstOrThrow({ where: { token } })).openedAt).toBeNull();

    expect((await page(pageRequest(token, "?score=9", { "user-agent": BROWSER }), ctx(token))).status).toBe(200);
    expect(await clickedAt(token)).toBeInstanceOf(Date);
  });

  it("known scanner user agents neither click nor open", async () => {
    const { token } = await invite(organizationId, surveyId);
    for (const agent of ["Barracuda Sentinel (EE)", "Mozilla/5.0 (compatible; Proofpoint URL Defense)", "python-requests/2.32.3", "curl/8.5.0"]) {
      await page(pageRequest(token, "", { "user-agent": agent }), ctx(token));
      await openPixel(new Request(`${ORIGIN}/s/${token}/open`, { headers: { "user-agent": agent } }), ctx(token));
    }
    const row = await db.invitation.findFirstOrThrow({ where: { token } });
    expect(row.clickedAt).toBeNull();
    expect(row.openedAt).toBeNull();
  });

  it("every link of one email opened within seconds (a scanner with a browser's user agent) is not a click; a person later is", async () => {
    const { token } = await invite(organizationId, surveyId);
    for (const query of ["", "?score=0", "?score=1", "?score=2", "?score=10"]) {
      await page(pageRequest(token, query, { "user-agent": BROWSER }), ctx(token));
    }
    expect(await clickedAt(token)).toBeNull();
    // The person, after the scanner's window.
    await db.invitation.updateMany({ where: { token }, data: { linkHitAt: new Date(Date.now() - 60_000) } });
    await page(pageRequest(token, "?score=8", { "user-agent": BROWSER }), ctx(token));
    const clicked = await clickedAt(token);
    expect(clicked).toBeInstanceOf(Date);
    // Reloading the same link, or switching the language on the page, keeps the click.
    await page(pageRequest(token, "?score=8", { "user-agent": BROWSER }), ctx(token));
    await page(pageRequest(token, "?score=8&lang=en", { "user-agent": BROWSER }), ctx(token));
    expect((await clickedAt(token))?.getTime()).toBe(clicked?.getTime());
  });
});

describe("headers", () => {
  it("the proxy sets a nonce CSP on app pages, a no-inline CSP on /s/*, and HSTS over https only", async () => {
    const { proxy } = await import("@/proxy");
    const app = proxy(new NextRequest(`${ORIGIN}/dashboard`));
    const csp = app.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    // Next reads the nonce from the request's own policy header.
    expect(app.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(app.headers.get("strict-transport-security")).toBeNull();
    expect(proxy(new NextRequest(`${ORIGIN}/dashboard`)).headers.get("content-security-policy")).not.toBe(csp);

    const respondent = proxy(new NextRequest(`${ORIGIN}/s/${"A".repeat(43)}`));
    const strict = respondent.headers.get("content-security-policy") ?? "";
    expect(strict).toContain("default-src 'none'");
    expect(strict).toContain("script-src 'self'");
    expect(strict).not.toContain("unsafe-inline");
    expect(strict).not.toContain("nonce-");

    const secure = proxy(new NextRequest(`${ORIGIN}/s/${"A".repeat(43)}`, { headers: { "x-forwarded-proto": "https" } }));
    expect(secure.headers.get("strict-transport-security")).toMatch(/^max-age=\d{7,}/);
    expect(proxy(new NextRequest("https://nps.example.com/dashboard")).headers.get("strict-transport-security")).toMatch(/^max-age=/);
  });

  it("next.config sends Referrer-Policy: no-referrer on /s/* and keeps the global one off it", async () => {
    const config = (await import("../../next.config")).default;
    const rules = (await config.headers?.()) ?? [];
    const referrer = rules.filter((rule) => rule.headers.some((h) => h.key === "Referrer-Policy"));
    const forPath = (path: string) =>
      referrer.filter((rule) => new RegExp(`^${rule.source.replace("/:path*", "/.*").replace(/^\/\(/, "/(")}$`).test(path)).map((rule) => rule.headers.find((h) => h.key === "Referrer-Policy")?.value);
    expect(forPath(`/s/${"A".repeat(43)}`)).toEqual(["no-referrer"]);
    expect(forPath("/dashboard")).toEqual(["strict-origin-when-cross-origin"]);
  });
});
