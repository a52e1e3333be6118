import { expect, test, type Browser } from "@playwright/test";
import pg from "pg";
import { ADMIN_EMAIL, e2eDatabaseUrl, en, screenshotPath, signIn, zh } from "./helpers";

// Settings → System (admins and owners): the worker's heartbeat and the queues; and the banner admins see on
// every page when the worker has been silent for more than 2 minutes.

// Several sign-ins and page loads each, on a shared, busy machine.
test.describe.configure({ timeout: 240_000 });

async function adminPage(browser: Browser, locale: "en-US" | "zh-CN", width = 1280) {
  const context = await browser.newContext({ locale, viewport: { width, height: width < 500 ? 844 : 900 } });
  const page = await context.newPage();
  await signIn(page, ADMIN_EMAIL);
  return { context, page };
}

test("Settings → System shows the running worker and the queues, in English and Chinese, on a desktop and a phone", async ({ browser }) => {
  const { context, page } = await adminPage(browser, "en-US");
  await page.goto("/settings/api-keys");
  await page.getByTestId("settings-tabs").getByRole("link", { name: en("system.nav") }).click();
  await page.waitForURL(/\/settings\/system$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("system.title"));
  // The e2e server runs the worker beside the app: its heartbeat is fresh.
  await expect(page.getByTestId("system-worker")).toHaveAttribute("data-silent", "false");
  await expect(page.getByTestId("system-worker")).toContainText(en("system.worker.running"));
  await expect(page.getByTestId("system-last-heartbeat")).not.toHaveText(en("system.worker.never"));
  const queues = page.getByTestId("system-queues");
  await expect(queues.locator("[data-queue=send-invitations]")).toHaveText(en("system.queue.send-invitations"));
  await expect(queues.locator("[data-queue=distribution-tick]")).toHaveText(en("system.queue.distribution-tick"));
  await expect(page.getByTestId("worker-silent-banner")).toHaveCount(0);
  await page.screenshot({ path: screenshotPath("system-en-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByTestId("system-queues")).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: screenshotPath("system-en-phone.png"), fullPage: true });
  await context.close();

  const zhAdmin = await adminPage(browser, "zh-CN");
  await zhAdmin.page.goto("/settings/system");
  await expect(zhAdmin.page.getByRole("heading", { level: 1 })).toHaveText(zh("system.title"));
  await expect(zhAdmin.page.getByTestId("system-worker")).toContainText(zh("system.worker.running"));
  await expect(zhAdmin.page.getByTestId("system-queues").locator("[data-queue=send-invitations]")).toHaveText(zh("system.queue.send-invitations"));
  await zhAdmin.page.screenshot({ path: screenshotPath("system-zh-desktop.png"), fullPage: true });
  await zhAdmin.page.setViewportSize({ width: 390, height: 844 });
  await zhAdmin.page.reload();
  await expect(zhAdmin.page.getByTestId("system-queues")).toBeVisible();
  expect(await zhAdmin.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await zhAdmin.page.screenshot({ path: screenshotPath("system-zh-phone.png"), fullPage: true });
  await zhAdmin.context.close();

  // Managers and viewers: the page does not exist for them.
  for (const email of ["manager@demo-bank.example", "viewer@demo-bank.example"]) {
    const other = await browser.newContext({ locale: "en-US" });
    const otherPage = await other.newPage();
    await signIn(otherPage, email);
    const response = await otherPage.goto("/settings/system");
    expect(response?.status()).toBe(404);
    await other.close();
  }
});

test("admins see a banner when the worker has been silent for more than 2 minutes; others do not; it goes when the worker beats again", async ({ browser }) => {
  // The heartbeats made 3 minutes old, and held there: the worker's next beat waits on the row locks this
  // transaction keeps (the app's plain reads do not).
  const holder = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await holder.connect();
  try {
    await holder.query("BEGIN");
    await holder.query(`UPDATE "WorkerHeartbeat" SET "lastSeenAt" = now() - interval '3 minutes' WHERE "lastSeenAt" > now() - interval '3 minutes'`);
    await holder.query("COMMIT");
    await holder.query("BEGIN");
    await holder.query(`SELECT 1 FROM "WorkerHeartbeat" FOR UPDATE`);

    const { context, page } = await adminPage(browser, "en-US");
    const banner = page.getByTestId("worker-silent-banner");
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(en("system.banner.title"));
    await expect(banner).toContainText(en("system.banner.silentSince", { ago: en("system.duration.minutes", { n: 3 }) }));
    await page.screenshot({ path: screenshotPath("system-banner-en-desktop.png") });
    await banner.getByRole("link", { name: en("system.banner.link") }).click();
    await page.waitForURL(/\/settings\/system$/);
    await expect(page.getByTestId("system-worker")).toHaveAttribute("data-silent", "true");
    await expect(page.getByTestId("system-worker")).toContainText(en("system.worker.silent"));
    await page.screenshot({ path: screenshotPath("system-silent-en-desktop.png"), fullPage: true });
    await context.close();

    const zhAdmin = await adminPage(browser, "zh-CN", 390);
    await expect(zhAdmin.page.getByTestId("worker-silent-banner")).toContainText(zh("system.banner.title"));
    await zhAdmin.page.screenshot({ path: screenshotPath("system-banner-zh-phone.png") });
    await zhAdmin.context.close();

    const managerContext = await browser.newContext({ locale: "en-US" });
    const manager = await managerContext.newPage();
    await signIn(manager, "manager@demo-bank.example");
    await expect(manager.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await expect(manager.getByTestId("worker-silent-banner")).toHaveCount(0);
    await managerContext.close();
  } finally {
    await holder.query("ROLLBACK").catch(() => undefined);
    await holder.end();
  }

  // The worker beats again (every 10 s): the banner goes.
  const { context, page } = await adminPage(browser, "en-US");
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("worker-silent-banner")).toHaveCount(0);
  }).toPass({ timeout: 30_000 });
  await context.close();
});
