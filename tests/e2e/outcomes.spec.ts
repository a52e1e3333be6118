/**
 * The outcomes validation report on the seeded demo data (issue 15): an admin opens "does NPS predict behaviour
 * here?" for the relationship survey in zh-CN, reads the verdict (the seed plants more churn among detractors),
 * narrows it to a region and breaks it down by tier (the segment table, BH q), sees value at stake and the trend per
 * quarter; the English page and 390 px phones too, with screenshots.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN_EMAIL, en, screenshotPath, signIn, zh } from "./helpers";

const DEMO_SURVEY = "2026 客户关系 NPS · Relationship NPS";

async function openOutcomes(browser: Browser, locale: "zh-CN" | "en-US", width = 1280): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale, viewport: { width, height: 900 } });
  const page = await context.newPage();
  await signIn(page, ADMIN_EMAIL);
  await page.goto("/surveys");
  await page.getByRole("link", { name: DEMO_SURVEY }).first().click();
  await page.waitForURL(/\/surveys\/[0-9a-f-]{36}$/);
  await page.getByTestId("survey-outcomes-link").click();
  await page.waitForURL(/\/surveys\/[0-9a-f-]{36}\/outcomes/);
  return { page, close: () => context.close() };
}

function counts(page: Page) {
  return page.getByTestId("outcomes-table").locator("tbody tr td:nth-child(2)").allInnerTexts();
}

test("an admin reads the validation report's verdict in zh-CN and narrows it to a region", async ({ browser }) => {
  test.setTimeout(180_000);
  const { page, close } = await openOutcomes(browser, "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("outcomes.title"));
  const verdict = page.getByTestId("outcomes-verdict");
  await expect(verdict).toHaveAttribute("data-kind", "higher");
  await expect(verdict).toContainText(/^贬损者的流失率是推荐者的 [\d.]+ 倍 \(p [<=] [\d.]+\)$/);
  await expect(page.getByTestId("outcomes-excluded")).toContainText("未纳入统计");
  await expect(page.getByTestId("outcomes-category-chart")).toBeVisible();
  await expect(page.getByTestId("outcomes-category-chart").locator(".recharts-bar-rectangle")).toHaveCount(3);
  await expect(page.getByTestId("outcomes-score-chart")).toBeVisible();
  await expect(page.getByTestId("outcomes-tests")).toContainText("卡方独立性检验");
  await page.screenshot({ path: screenshotPath("outcomes-zh-desktop.png"), fullPage: true });
  const all = await counts(page);

  // One region: fewer customers in every category, the verdict still in Chinese.
  await page.getByLabel(zh("outcomes.filter.segment")).selectOption("region=华东");
  await page.getByRole("button", { name: zh("outcomes.filter.apply") }).click();
  await page.waitForURL(/segment=region/);
  await expect(page.getByLabel(zh("outcomes.filter.segment"))).toHaveValue("region=华东");
  const east = await counts(page);
  expect(east).toHaveLength(3);
  east.forEach((value, i) => expect(Number(value.replace(/\D/g, ""))).toBeLessThan(Number(all[i]!.replace(/\D/g, ""))));
  await expect(verdict).toBeVisible();
  await expect(verdict).toContainText(/贬损者|样本量|不够多/);
  await page.screenshot({ path: screenshotPath("outcomes-zh-region.png"), fullPage: true });

  // Within the region, the report broken down by customer tier: one row per tier (or "too few"), p and q (BH).
  await page.getByLabel(zh("outcomes.filter.by")).selectOption("attribute:tier");
  await page.getByRole("button", { name: zh("outcomes.filter.apply") }).click();
  await page.waitForURL(/by=attribute%3Atier|by=attribute:tier/);
  const segments = page.getByTestId("outcomes-segments");
  await expect(segments).toBeVisible();
  await expect(page.getByRole("heading", { name: /按细分/ })).toBeVisible();
  const tiers = await segments.locator("tbody tr td:first-child").allInnerTexts();
  expect(tiers.length).toBeGreaterThanOrEqual(2);
  expect(tiers.every((tier) => ["普通", "金卡", "白金", "私人银行"].includes(tier))).toBe(true);
  await expect(segments.locator("thead")).toContainText("q（BH）");
  // Value at stake and the trend, in Chinese, with their formulas / method.
  await expect(page.getByTestId("outcomes-value-help")).toContainText("风险收入 = 贬损者收入 ×（贬损者流失率 − 推荐者流失率）");
  await expect(page.getByTestId("outcomes-trend")).toBeVisible();
  await expect(page.getByTestId("outcomes-trend-chart")).toBeVisible();
  await page.screenshot({ path: screenshotPath("outcomes-zh-segments.png"), fullPage: true });

  // Another outcome and window through the form.
  await page.getByLabel(zh("outcomes.filter.type")).selectOption("purchased");
  await page.getByLabel(zh("outcomes.filter.window")).selectOption("365");
  await page.getByRole("button", { name: zh("outcomes.filter.apply") }).click();
  await page.waitForURL(/type=purchased/);
  await expect(page.getByTestId("outcomes-table")).toBeVisible();
  await close();
});

test("the report in English, and on a 390 px phone in both languages", async ({ browser }) => {
  test.setTimeout(180_000);
  const desktop = await openOutcomes(browser, "en-US");
  await expect(desktop.page.getByRole("heading", { level: 1 })).toHaveText(en("outcomes.title"));
  await expect(desktop.page.getByTestId("outcomes-verdict")).toContainText(/^Detractors' churn rate is [\d.]+ times promoters' \(p [<=] [\d.]+\)\.$/);
  // The demo plants more churn among detractors and revenue events: value at stake shows figures, not a placeholder.
  await expect(desktop.page.getByTestId("outcomes-weighted-nps")).toHaveText(/^-?[\d.]+$/);
  await expect(desktop.page.getByTestId("outcomes-revenue-at-risk")).toHaveText(/^[\d,]+$/);
  await expect(desktop.page.getByTestId("outcomes-segments")).toBeVisible();
  await expect(desktop.page.getByTestId("outcomes-trend-table").locator("tbody tr").first()).toContainText(/^\d{4}-Q[1-4]/);
  await desktop.page.screenshot({ path: screenshotPath("outcomes-en-desktop.png"), fullPage: true });
  await desktop.close();

  for (const locale of ["zh-CN", "en-US"] as const) {
    const phone = await openOutcomes(browser, locale, 390);
    await expect(phone.page.getByTestId("outcomes-verdict")).toBeVisible();
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await phone.page.screenshot({ path: screenshotPath(`outcomes-${locale === "en-US" ? "en" : "zh"}-phone.png`), fullPage: true });
    await phone.close();
  }
});
