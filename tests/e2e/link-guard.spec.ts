/**
 * Issue 12, security (docs/decisions/0015), in the real build and Chromium:
 * - the Content-Security-Policy (a nonce per request for the app, nothing inline on /s/*) breaks nothing: no CSP
 *   violation on the dashboard (recharts), the builder (with its preview frame) and the respondent page;
 *   Referrer-Policy: no-referrer on /s/*, HSTS over https only;
 * - a public link answered too often from one address gets the translated 429 page (en, zh-CN; desktop and
 *   phone screenshots), and the links page shows that hour as a burst an admin excludes.
 */
import { expect, test, type APIRequestContext, type ConsoleMessage, type Page } from "@playwright/test";
import { PER_ADDRESS_LIMIT } from "@/lib/link-guard";
import { ADMIN_EMAIL, en, screenshotPath, signIn, unique, zh } from "./helpers";

test.use({ locale: "en-US" });
// Many page loads and posts each on a shared, busy machine.
test.setTimeout(240_000);

const DEMO_SURVEY = "开户体验 · Account opening";

function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message: ConsoleMessage) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));
  return violations;
}

async function demoSurveyId(page: Page): Promise<string> {
  await page.goto("/surveys");
  const href = await page.getByRole("link", { name: DEMO_SURVEY }).getAttribute("href");
  return href?.split("/").pop() ?? "";
}

async function createLink(page: Page, surveyId: string, name: string): Promise<string> {
  await page.goto(`/surveys/${surveyId}/links`);
  await page.locator("#link-name").fill(name);
  await page.getByTestId("create-link-form").getByRole("button", { name: en("links.create") }).click();
  await expect(page.getByTestId("link-created")).toBeVisible();
  const row = page.getByTestId("survey-links").locator("tbody tr").filter({ hasText: name });
  return (await row.getByTestId("link-url").textContent()) ?? "";
}

/** Answers through a public link as a client at `address` (the form's key read from the page, as a browser would). */
async function answerAs(request: APIRequestContext, url: string, address: string, score: number): Promise<number> {
  const html = await (await request.get(url, { headers: { "x-forwarded-for": address } })).text();
  const key = /name="key" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const response = await request.post(`${url}/answer`, {
    headers: { "x-forwarded-for": address, accept: "application/json" },
    form: { score: String(score), key },
  });
  return response.status();
}

test("the CSP breaks nothing: dashboard, builder and respondent page run without a violation; headers are sent", async ({ page, request }) => {
  const violations = watchCsp(page);
  await signIn(page, ADMIN_EMAIL);
  const dashboard = await page.goto("/dashboard");
  const csp = dashboard?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(dashboard?.headers()["strict-transport-security"]).toBeUndefined();
  // Next's own inline scripts carry the nonce; recharts draws.
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? "";
  expect(await page.locator("script:not([src])").count()).toBeGreaterThan(0);
  expect(await page.evaluate((value) => [...document.querySelectorAll("script")].every((s) => s.nonce === value), nonce)).toBe(true);
  await expect(page.locator(".recharts-surface").first()).toBeVisible();

  const surveyId = await demoSurveyId(page);
  await page.goto(`/surveys/${surveyId}/edit`);
  await expect(page.getByTestId("survey-name")).toBeVisible();
  await page.waitForLoadState("networkidle");

  const url = await createLink(page, surveyId, unique("CSP counter"));
  const respondent = await page.goto(url);
  const headers = respondent?.headers() ?? {};
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["content-security-policy"]).toContain("default-src 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-inline");
  await page.locator("input[name=score][value='9']").check({ force: true });
  await page.locator("form button[type=submit]").first().click();
  await expect(page.getByTestId("thanks").or(page.getByTestId("drivers-form"))).toBeVisible();

  expect(violations).toEqual([]);

  // HSTS only when the request came over https (the proxy in front says so).
  const secure = await request.get("/login", { headers: { "x-forwarded-proto": "https" } });
  expect(secure.headers()["strict-transport-security"]).toMatch(/^max-age=\d+/);
  const plain = await request.get("/login");
  expect(plain.headers()["strict-transport-security"]).toBeUndefined();
  expect(plain.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
});

test("too many answers from one address: a translated 429 page; the links page flags the burst and an admin excludes it", async ({ page, browser, request }) => {
  await signIn(page, ADMIN_EMAIL);
  const surveyId = await demoSurveyId(page);
  const name = unique("Busy counter");
  const url = await createLink(page, surveyId, name);
  const address = `203.0.113.${Math.floor(Math.random() * 200) + 20}`;
  for (let i = 0; i < PER_ADDRESS_LIMIT; i++) expect(await answerAs(request, url, address, 10)).toBe(201);

  for (const [locale, t, lang] of [["en-US", en, "en"], ["zh-CN", zh, "zh-CN"]] as const) {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const context = await browser.newContext({ locale, viewport, extraHTTPHeaders: { "x-forwarded-for": address } });
      const respondent = await context.newPage();
      const violations = watchCsp(respondent);
      await respondent.goto(`${url}?lang=${lang}`);
      await respondent.locator("input[name=score][value='10']").check({ force: true });
      const [answer] = await Promise.all([respondent.waitForResponse((r) => r.url().endsWith("/answer")), respondent.locator("form button[type=submit]").first().click()]);
      expect(answer.status()).toBe(429);
      expect(Number(answer.headers()["retry-after"])).toBeGreaterThan(0);
      await expect(respondent.locator("h1")).toHaveText(t("respond.rateLimited.title"));
      expect(await respondent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await respondent.screenshot({ path: screenshotPath(`link-rate-limited-${lang}-${viewport.width}.png`), fullPage: true });
      expect(violations).toEqual([]);
      await context.close();
    }
  }

  // The links page: this hour is a burst (20 answers, all from one address); the admin excludes it.
  await page.goto(`/surveys/${surveyId}/links`);
  const row = page.getByTestId("link-activity").locator("tbody tr").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("activity-answers")).toHaveText(String(PER_ADDRESS_LIMIT));
  await expect(row.getByTestId("activity-flag")).toHaveText(en("links.activity.burst"));
  await page.screenshot({ path: screenshotPath("link-activity-en.png"), fullPage: true });
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: en("links.activity.exclude") }).click();
  await expect(row.getByTestId("activity-excluded")).toHaveText(String(PER_ADDRESS_LIMIT));
  await expect(page.getByTestId("survey-links").locator("tbody tr").filter({ hasText: name }).getByTestId("link-responses")).toHaveText("0");
  await expect(row.getByRole("button", { name: en("links.activity.include") })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(row.getByTestId("activity-excluded")).toHaveText(String(PER_ADDRESS_LIMIT));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: screenshotPath("link-activity-en-390.png"), fullPage: true });
});
