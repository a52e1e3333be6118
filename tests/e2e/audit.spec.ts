import { readFile } from "node:fs/promises";
import { expect, test, type Browser } from "@playwright/test";
import { ADMIN_EMAIL, en, screenshotPath, signIn, zh } from "./helpers";

// Settings → Audit log (issue 16): admins and owners see who did what, filter it, export it as CSV, verify the hash
// chain and set the retention; managers and viewers get the 404 page.

test.describe.configure({ timeout: 240_000 });

async function adminPage(browser: Browser, locale: "en-US" | "zh-CN", width = 1280) {
  const context = await browser.newContext({ locale, viewport: { width, height: width < 500 ? 844 : 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, ADMIN_EMAIL);
  return { context, page };
}

test("the audit log lists sign-ins, filters, exports CSV, verifies the chain and saves the retention (en + zh-CN, desktop + phone)", async ({ browser }) => {
  const { context, page } = await adminPage(browser, "en-US");
  await page.goto("/settings/api-keys");
  await page.getByTestId("settings-tabs").getByRole("link", { name: en("audit.nav") }).click();
  await page.waitForURL(/\/settings\/audit$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("audit.title"));
  // This very sign-in is there.
  await expect(page.getByTestId("audit-table").locator(`[data-action="auth.sign_in"]`).first()).toHaveText(en("audit.action.auth.sign_in"));

  // Filter: one action only.
  await page.locator("#audit-action").selectOption("auth.sign_in");
  await page.getByTestId("audit-filters").getByRole("button", { name: en("audit.filter.apply") }).click();
  await page.waitForURL(/action=auth\.sign_in/);
  const actions = await page.getByTestId("audit-row-action").evaluateAll((cells) => cells.map((c) => c.getAttribute("data-action")));
  expect(actions.length).toBeGreaterThan(0);
  expect(new Set(actions)).toEqual(new Set(["auth.sign_in"]));
  // A range with nothing in it.
  await page.goto("/settings/audit?from=2001-01-01&to=2001-01-02");
  await expect(page.getByTestId("audit-empty")).toHaveText(en("audit.empty"));
  // Nonsense filters are ignored, never a server error.
  expect((await page.goto("/settings/audit?from=yesterday&action=drop-table&actor=1&page=-3"))?.status()).toBe(200);

  // CSV export of the filtered list.
  await page.goto("/settings/audit?action=auth.sign_in");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("audit-export").click()]);
  const csv = await readFile((await download.path()) ?? "", "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain(en("audit.csv.actorEmail"));
  expect(csv).toContain(ADMIN_EMAIL);
  expect(csv).toContain("auth.sign_in");

  // Verify and retention.
  await page.goto("/settings/audit");
  await page.getByTestId("audit-verify").click();
  await expect(page.getByTestId("audit-verify-result")).toHaveAttribute("data-ok", "true");
  await page.locator("#audit-retention-days").selectOption("365");
  await page.getByTestId("audit-retention").getByRole("button", { name: en("audit.retention.save") }).click();
  await expect(page.getByTestId("audit-retention-saved")).toBeVisible();
  await expect(page.locator("#audit-retention-days")).toHaveValue("365");
  await page.screenshot({ path: screenshotPath("audit-en-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByTestId("audit-table")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: screenshotPath("audit-en-phone.png"), fullPage: true });
  await context.close();

  const zhAdmin = await adminPage(browser, "zh-CN", 390);
  await zhAdmin.page.goto("/settings/audit");
  await expect(zhAdmin.page.getByRole("heading", { level: 1 })).toHaveText(zh("audit.title"));
  await expect(zhAdmin.page.getByTestId("audit-table").locator(`[data-action="audit.retention_change"]`).first()).toHaveText(zh("audit.action.audit.retention_change"));
  await zhAdmin.page.getByTestId("audit-verify").click();
  await expect(zhAdmin.page.getByTestId("audit-verify-result")).toHaveAttribute("data-ok", "true");
  expect(await zhAdmin.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await zhAdmin.page.screenshot({ path: screenshotPath("audit-zh-phone.png"), fullPage: true });
  await zhAdmin.page.setViewportSize({ width: 1280, height: 900 });
  await zhAdmin.page.reload();
  await zhAdmin.page.screenshot({ path: screenshotPath("audit-zh-desktop.png"), fullPage: true });
  await zhAdmin.context.close();

  for (const email of ["manager@demo-bank.example", "viewer@demo-bank.example"]) {
    const other = await browser.newContext({ locale: "en-US" });
    const otherPage = await other.newPage();
    await signIn(otherPage, email);
    expect((await otherPage.goto("/settings/audit"))?.status()).toBe(404);
    expect((await otherPage.goto("/settings/sso"))?.status()).toBe(404);
    expect((await otherPage.goto("/settings/audit/export"))?.status()).toBeGreaterThanOrEqual(400);
    await other.close();
  }
});
