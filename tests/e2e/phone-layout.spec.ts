/**
 * Phones (390 px): the app header collapses its navigation behind one menu button, and the dashboard, the
 * cases list and a case page fit the screen (no sideways scrolling), in English and in Chinese. The desktop
 * keeps its navigation in the header. Screenshots: test-results/screenshots/phone-*.png.
 */
import { expect, test, type Page } from "@playwright/test";
import type { Locale } from "../../src/i18n/locales";
import { ADMIN_EMAIL, queryE2eDatabase, screenshotPath, signIn, translatorFor } from "./helpers";

const PHONE = { width: 390, height: 844 };

async function demoCaseId(): Promise<string> {
  const rows = await queryE2eDatabase<{ id: string }>(
    `SELECT c.id FROM "Case" c JOIN "Organization" o ON o.id = c."organizationId" WHERE o.slug = 'demo-bank' ORDER BY c."createdAt" DESC LIMIT 1`,
  );
  const id = rows[0]?.id;
  if (!id) throw new Error("the demo organisation has no case");
  return id;
}

/** The page's width as laid out against the window's: nothing may stick out sideways. */
async function widths(page: Page) {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth }));
}

for (const locale of ["en", "zh-CN"] as const satisfies readonly Locale[]) {
  test(`phone (${locale}): dashboard, cases and a case page fit 390 px; the menu reaches every page by keyboard`, async ({ browser }) => {
    test.setTimeout(180_000);
    const t = translatorFor(locale);
    const context = await browser.newContext({ viewport: PHONE, locale, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signIn(page, ADMIN_EMAIL);
    const caseId = await demoCaseId();

    for (const [name, path] of [
      ["dashboard", "/dashboard"],
      ["cases", "/cases"],
      ["case", `/cases/${caseId}`],
    ] as const) {
      await page.goto(path);
      await expect(page.locator("main h1").first()).toBeVisible();
      await page.waitForLoadState("networkidle");
      const { scrollWidth, viewport } = await widths(page);
      expect(scrollWidth, `${path} is ${scrollWidth} px wide on a ${viewport} px screen`).toBeLessThanOrEqual(viewport);
      await page.screenshot({ path: screenshotPath(`phone-${name}-${locale}.png`), fullPage: true });
    }

    // The header's links are behind the menu button on a phone.
    await page.goto("/dashboard");
    const button = page.getByTestId("menu-button");
    await expect(button).toBeVisible();
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(button).toHaveText(t("layout.menu.open"));
    const panel = page.getByTestId("menu-panel");
    await expect(panel).toBeHidden();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toHaveCount(0);

    // Keyboard: focus the button, Enter opens, Escape closes and gives focus back.
    await button.focus();
    await page.keyboard.press("Enter");
    await expect(button).toHaveAttribute("aria-expanded", "true");
    await expect(panel).toBeVisible();
    await expect(nav.getByRole("link", { name: t("nav.dashboard") })).toHaveAttribute("aria-current", "page");
    for (const key of ["nav.surveys", "nav.contacts", "nav.campaigns", "cases.nav", "nav.accountability", "nav.settings"] as const) {
      await expect(nav.getByRole("link", { name: t(key) })).toBeVisible();
    }
    await page.screenshot({ path: screenshotPath(`phone-menu-${locale}.png`) });
    await page.keyboard.press("Escape");
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(panel).toBeHidden();
    await expect(button).toBeFocused();

    // Open it again, follow a link with the keyboard: the page changes and the menu closes.
    await page.keyboard.press("Space");
    await expect(panel).toBeVisible();
    await nav.getByRole("link", { name: t("cases.nav") }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/cases$/);
    await expect(panel).toBeHidden();
    await expect(button).toHaveAttribute("aria-expanded", "false");
    const { scrollWidth, viewport } = await widths(page);
    expect(scrollWidth).toBeLessThanOrEqual(viewport);
    await context.close();
  });
}

test("desktop: the navigation stays in the header and there is no menu button", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, ADMIN_EMAIL);
  const t = translatorFor("en");
  await expect(page.getByTestId("menu-button")).toBeHidden();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toHaveCount(1);
  await expect(nav.getByRole("link", { name: t("nav.dashboard") })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  const { scrollWidth, viewport } = await widths(page);
  expect(scrollWidth).toBeLessThanOrEqual(viewport);
  await page.screenshot({ path: screenshotPath("desktop-dashboard-en.png") });
  await context.close();
});
