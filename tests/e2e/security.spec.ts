/**
 * Issue 12, security: the sign-in lock with its translated message, the login page's return address kept on
 * this site, a copied session cookie refused after sign-out and after a role change, a foreign Origin refused
 * with the admin's cookie, and one answer (404) for every page a viewer cannot see.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../src/lib/demo-accounts";
import { ADMIN_EMAIL, en, queryE2eDatabase as sql, screenshotPath, signIn, unique, zh } from "./helpers";

// Each test signs in several times (scrypt) and opens heavy pages: generous on a busy machine.
test.describe.configure({ timeout: 240_000 });

/** A fresh member of the demo organisation (same demo password), so locks and revocations touch nobody else. */
async function newMember(role: "ADMIN" | "MANAGER" | "VIEWER", locale: "en" | "zh-CN" = "en"): Promise<string> {
  const email = `${unique("security")}@demo-bank.example`;
  await sql(
    `WITH u AS (
       INSERT INTO "User" ("id", "email", "name", "passwordHash", "locale", "updatedAt")
       SELECT gen_random_uuid(), $1, 'E2E Security', "passwordHash", $3, now() FROM "User" WHERE email = 'viewer@demo-bank.example'
       RETURNING "id")
     INSERT INTO "Membership" ("id", "organizationId", "userId", "role")
     SELECT gen_random_uuid(), o."id", u."id", $2::"Role" FROM u, "Organization" o WHERE o.slug = 'demo-bank'`,
    [email, role, locale],
  );
  return email;
}

async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator("[data-testid=login-form] button[type=submit]:enabled").click();
}

async function useLanguage(page: Page, locale: "en" | "zh-CN"): Promise<void> {
  const name = locale === "en" ? "English" : "中文";
  const button = page.getByRole("group", { name: "Language / 语言" }).getByRole("button", { name });
  if ((await button.getAttribute("aria-pressed")) !== "true") {
    await button.click();
    await expect(button).toHaveAttribute("aria-pressed", "true");
  }
}

for (const locale of ["en", "zh-CN"] as const) {
  test(`sign-in lock (${locale}): after 5 wrong passwords even the right one is refused, with a translated message saying when to try again`, async ({ page }) => {
    const t = locale === "en" ? en : zh;
    const email = await newMember("VIEWER", locale);
    await page.goto("/login");
    await useLanguage(page, locale);
    const error = page.getByTestId("login-error");
    for (let i = 1; i <= 4; i += 1) {
      await submitLogin(page, email, `wrong-${i}`);
      await expect(error).toHaveText(t("auth.invalid"));
    }
    await submitLogin(page, email, "wrong-5");
    const lockedPrefix = t("security.signIn.locked").split("{time}")[0] ?? "";
    await expect(error).toContainText(lockedPrefix);
    // The time to try again is shown as a clock time, about half a minute from now.
    await expect(error).toHaveText(/\d{1,2}:\d{2}:\d{2}/);

    await submitLogin(page, email, DEMO_PASSWORD);
    await expect(error).toContainText(lockedPrefix);
    await expect(page).toHaveURL(/\/login/);
    const failures = await sql<{ outcome: string; n: string }>(
      `SELECT "outcome", count(*)::text AS n FROM "SignInAttempt" WHERE "email" = $1 GROUP BY 1 ORDER BY 1`,
      [email],
    );
    expect(failures).toEqual([
      { outcome: "locked", n: "1" },
      { outcome: "wrong_password", n: "5" },
    ]);
    await page.screenshot({ path: screenshotPath(`security-login-locked-desktop-${locale}.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(error).toBeVisible();
    await page.screenshot({ path: screenshotPath(`security-login-locked-phone-${locale}.png`), fullPage: true });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);

    // When the wait is over, the right password works again.
    await sql(`UPDATE "SignInThrottle" SET "lastFailureAt" = "lastFailureAt" - interval '10 minutes'`);
    await submitLogin(page, email, DEMO_PASSWORD);
    await page.waitForURL(/\/dashboard(\?|$)/);
  });
}

test("the login page's return address stays on this site, whatever its form", async ({ page, baseURL }) => {
  const origin = new URL(baseURL ?? "http://localhost:3100").origin;
  const email = await newMember("VIEWER");
  for (const callbackUrl of ["/%5Cevil.example/", "/%09/evil.example/", "%2F%2Fevil.example", "//evil.example", "https://evil.example/", "javascript:alert(1)"]) {
    await page.context().clearCookies();
    await page.goto(`/login?callbackUrl=${callbackUrl}`);
    await submitLogin(page, email, DEMO_PASSWORD);
    await page.waitForURL(/\/dashboard(\?|$)/);
    expect(new URL(page.url()).origin, callbackUrl).toBe(origin);
  }
  // A path of this site is honoured; already signed in, the login page sends there at once.
  await page.goto("/login?callbackUrl=%2Fsurveys%3Fx%3D1");
  await page.waitForURL(/\/surveys\?x=1$/);
  await page.goto("/login?callbackUrl=/%5Cevil.example/");
  await page.waitForURL(/\/dashboard(\?|$)/);
  expect(new URL(page.url()).origin).toBe(origin);
});

async function cookieCopy(browser: Browser, from: Page) {
  const context = await browser.newContext();
  await context.addCookies(await from.context().cookies());
  return context;
}

test("a copied session cookie is refused after sign-out, and after a role change", async ({ page, browser }) => {
  const email = await newMember("MANAGER");
  await signIn(page, email);
  const exportUrl = "/dashboard/export?format=csv&range=7d";

  const stolen = await cookieCopy(browser, page);
  expect((await stolen.request.get(exportUrl)).status()).toBe(200);
  await page.getByRole("button", { name: en("nav.signOut") }).click();
  await page.waitForURL(/\/login/);
  const refused = await stolen.request.get(exportUrl);
  expect(refused.status()).toBe(401);
  const stolenPage = await stolen.newPage();
  await stolenPage.goto("/dashboard");
  await expect(stolenPage).toHaveURL(/\/login/);
  await stolen.close();

  // Signed in again; an admin makes them a viewer: the session in hand ends at once.
  await signIn(page, email);
  const copy = await cookieCopy(browser, page);
  expect((await copy.request.get(exportUrl)).status()).toBe(200);
  await sql(
    `UPDATE "Membership" m SET "role" = 'VIEWER' FROM "User" u WHERE u."id" = m."userId" AND u."email" = $1`,
    [email],
  );
  expect((await copy.request.get(exportUrl)).status()).toBe(401);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login/);
  await copy.close();
});

test("a foreign Origin is refused with the admin's cookie; the same request from our own origin is not", async ({ page, baseURL }) => {
  await signIn(page, ADMIN_EMAIL);
  const [survey] = await sql<{ id: string }>(
    `SELECT s."id" FROM "Survey" s JOIN "Organization" o ON o."id" = s."organizationId" WHERE o.slug = 'demo-bank' ORDER BY s."createdAt" LIMIT 1`,
  );
  const url = `/surveys/${survey?.id}/content`;
  const current = await page.request.get(url);
  expect(current.status()).toBe(200);
  const body = (await current.json()) as { content: unknown; version: number };

  const foreign = await page.request.put(url, {
    headers: { "content-type": "application/json", origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    data: { ...(body.content as object), version: body.version },
  });
  expect(foreign.status()).toBe(403);
  expect(await foreign.json()).toEqual({ error: { code: "forbidden", message: expect.stringContaining("Cross-site") } });
  const upload = await page.request.post("/contacts/import/upload?encoding=auto", {
    headers: { "content-type": "application/octet-stream", "x-file-name": "x.csv", origin: "https://evil.example" },
    data: Buffer.from("email\ncsrf@example.com\n"),
  });
  expect(upload.status()).toBe(403);
  const signOut = await page.request.post("/api/auth/signout", { headers: { origin: "https://evil.example" }, form: { csrfToken: "x" } });
  expect(signOut.status()).toBe(403);

  // From the page itself (the browser sends Origin and Sec-Fetch-Site: same-origin) the route answers as before.
  const status = await page.evaluate(async (target) => {
    const response = await fetch(target, { method: "PUT", headers: { "content-type": "application/json" }, body: "{nope" });
    return response.status;
  }, url);
  expect(status).toBe(400);
  expect(new URL(page.url()).origin).toBe(new URL(baseURL ?? "http://localhost:3100").origin);
});

test("a viewer gets 404 for every page their role cannot see, and the pages they can see open", async ({ page }) => {
  // Some 25 page loads: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  await signIn(page, "viewer@demo-bank.example");
  const [survey] = await sql<{ id: string }>(
    `SELECT s."id" FROM "Survey" s JOIN "Organization" o ON o."id" = s."organizationId" WHERE o.slug = 'demo-bank' ORDER BY s."createdAt" LIMIT 1`,
  );
  const hidden = [
    "/contacts/import",
    "/contacts/outcomes",
    "/contacts/classes/settings",
    "/campaigns/new",
    "/journeys",
    "/journeys/new",
    "/settings",
    "/settings/general",
    "/settings/api-keys",
    "/settings/attributes",
    "/settings/cases",
    "/settings/organization",
    "/settings/members",
    "/settings/webhooks",
    "/settings/chat",
    "/settings/themes",
    "/settings/system",
    "/settings/audit",
    "/settings/sso",
    "/dev/mailbox",
    "/cases/dashboard",
    "/cases/loop",
    `/surveys/${survey?.id}/edit`,
    `/surveys/${survey?.id}/import`,
    `/surveys/${survey?.id}/links`,
    `/surveys/${survey?.id}/touchpoints`,
  ];
  // Soft: one run names every page that answers otherwise (e.g. a loading.tsx above a page streams its shell
  // with 200 before the page's notFound() runs).
  for (const path of hidden) {
    const response = await page.goto(path);
    expect.soft(response?.status(), path).toBe(404);
  }
  for (const path of ["/dashboard", "/surveys", `/surveys/${survey?.id}`, "/accountability", "/campaigns", "/contacts", "/contacts/classes"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
  }
});
