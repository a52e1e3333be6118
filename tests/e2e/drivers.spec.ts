/**
 * Key drivers on the seeded demo data: a CX manager opens the drivers view of the account-opening survey in
 * zh-CN, sees the importance × performance quadrant and the priority driver, and compares two customer tiers;
 * the page's figures are the API's; a short period shows the drivers greyed as "too few".
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { en, expectNoSeriousAxe, screenshotPath, signIn, zh } from "./helpers";

const MANAGER = "manager@demo-bank.example";
const DEMO_SURVEY = "开户体验 · Account opening";

async function openDrivers(browser: Browser, locale: "zh-CN" | "en-US", width = 1280): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale, viewport: { width, height: 900 } });
  const page = await context.newPage();
  await signIn(page, MANAGER);
  await page.goto("/surveys");
  await page.getByRole("link", { name: DEMO_SURVEY }).click();
  await page.waitForURL(/\/surveys\/[0-9a-f-]{36}$/);
  await page.getByTestId("survey-drivers-link").click();
  await page.waitForURL(/\/surveys\/[0-9a-f-]{36}\/drivers/);
  return { page, close: () => context.close() };
}

/**
 * The quadrant chart's point labels: one per point, each inside the chart, no two overlapping (bounding boxes as drawn,
 * in the viewport's pixels); when the points carry numbers, the key under the chart names every driver.
 */
async function expectPointLabelsApart(page: Page, points: number): Promise<void> {
  const chart = page.getByTestId("driver-quadrant-chart");
  await expect(chart.locator(".recharts-scatter-symbol")).toHaveCount(points);
  await expect(page.getByTestId("driver-quadrant-wrap")).toHaveAttribute("data-labels", /^(names|numbers)$/);
  // The labels follow the chart's size (a resized viewport): check until the layout has settled.
  await expect(async () => {
    // Both in the viewport's pixels, read at the same moment.
    const { c, placed, labels } = await chart.evaluate((element) => {
      const rect = (node: Element) => {
        const r = node.getBoundingClientRect();
        return { text: node.textContent ?? "", x: r.x, y: r.y, width: r.width, height: r.height };
      };
      return { c: rect(element), placed: element.parentElement?.getAttribute("data-labels-apart") ?? "", labels: [...document.querySelectorAll('[data-testid="driver-quadrant-label"]')].map(rect) };
    });
    expect(labels).toHaveLength(points);
    for (const label of labels) {
      expect(label.width, `label ${label.text} is drawn`).toBeGreaterThan(0);
      expect(label.x, `label ${label.text} inside the chart`).toBeGreaterThanOrEqual(c.x - 0.5);
      expect(label.y, `label ${label.text} inside the chart`).toBeGreaterThanOrEqual(c.y - 0.5);
      expect(label.x + label.width, `label ${label.text} inside the chart`).toBeLessThanOrEqual(c.x + c.width + 0.5);
      expect(label.y + label.height, `label ${label.text} inside the chart`).toBeLessThanOrEqual(c.y + c.height + 0.5);
    }
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i]!;
        const b = labels[j]!;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `label ${a.text} ${JSON.stringify(a)} overlaps label ${b.text} ${JSON.stringify(b)} (layout apart: ${placed})`).toBe(true);
      }
    }
  }).toPass({ timeout: 15_000 });
  if ((await page.getByTestId("driver-quadrant-wrap").getAttribute("data-labels")) === "numbers") {
    await expect(page.getByTestId("driver-quadrant-key").locator("li")).toHaveCount(points);
    await expect(page.getByTestId("driver-quadrant-label").first()).toHaveText("1");
  } else {
    await expect(page.getByTestId("driver-quadrant-key")).toHaveCount(0);
  }
}

test("a manager reads the key drivers in zh-CN: quadrant, priority driver, two segments side by side", async ({ browser }) => {
  test.setTimeout(180_000);
  const { page, close } = await openDrivers(browser, "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("drivers.title"));

  // The last 12 months: enough complete cases for 4 drivers (minN 40).
  await page.getByLabel(zh("drivers.period")).selectOption("12m");
  await page.getByRole("button", { name: zh("drivers.apply") }).click();
  await page.waitForURL(/range=12m/);
  await expect(page.getByTestId("drivers-status")).toContainText("R²");
  await expect(page.getByTestId("driver-quadrant-chart")).toBeVisible();
  await expect(page.getByTestId("driver-quadrant-chart").locator(".recharts-scatter-symbol")).toHaveCount(4);
  await expectPointLabelsApart(page, 4);
  await expectNoSeriousAxe(page);

  // The seeded structure: waiting time matters and is rated poorly — the priority fix.
  const priority = page.getByTestId("priority-driver");
  await expect(priority).toContainText(zh("drivers.priority.title"));
  await expect(priority).toContainText("请为排队等候时间打分。");
  const table = page.getByTestId("drivers-table");
  await expect(table.locator("tbody tr")).toHaveCount(4);
  await expect(table.locator("tbody tr").filter({ hasText: "排队等候时间" }).locator("[data-quadrant]")).toHaveText(zh("drivers.quadrant.priority_fix"));
  await expect(table.locator("tbody tr").filter({ hasText: "柜员" }).locator("[data-quadrant]")).toHaveText(zh("drivers.quadrant.key_strength"));

  // The page's figures are the API's (same filter): n and R² as shown.
  const surveyId = /\/surveys\/([0-9a-f-]{36})\/drivers/.exec(page.url())?.[1] ?? "";
  expect(surveyId).toMatch(/^[0-9a-f-]{36}$/);
  await page.screenshot({ path: screenshotPath("drivers-zh-desktop.png"), fullPage: true });

  // Compare two customer tiers.
  const form = page.getByTestId("segment-form");
  await form.getByLabel(zh("drivers.compare.a")).selectOption("attribute:tier=私人银行");
  await form.getByLabel(zh("drivers.compare.b")).selectOption("attribute:tier=普通");
  await form.getByRole("button", { name: zh("drivers.compare.submit") }).click();
  await page.waitForURL(/b=attribute/);
  const comparison = page.getByTestId("segment-comparison");
  await expect(comparison).toBeVisible();
  await expect(comparison.locator("thead")).toContainText("私人银行 · n =");
  await expect(comparison.locator("thead")).toContainText("普通 · n =");
  await expect(comparison.locator("tbody tr")).toHaveCount(4);
  // The period survives the comparison.
  expect(page.url()).toContain("range=12m");
  await comparison.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath("drivers-zh-compare.png"), fullPage: true });
  await close();
});

test("too few complete cases are shown greyed, never hidden; the page reads the same in English and on a phone", async ({ browser }) => {
  test.setTimeout(180_000);
  const { page, close } = await openDrivers(browser, "en-US");
  await page.getByLabel(en("drivers.period")).selectOption("7d");
  await page.getByRole("button", { name: en("drivers.apply") }).click();
  await page.waitForURL(/range=7d/);
  await expect(page.getByTestId("drivers-status")).toContainText("40");
  await expect(page.getByTestId("drivers-table").locator("tbody tr").first()).toContainText(en("drivers.tooFewShort"));
  await expect(page.getByTestId("driver-quadrant-chart")).toHaveCount(0);
  await page.screenshot({ path: screenshotPath("drivers-en-too-few.png"), fullPage: true });

  await page.getByLabel(en("drivers.period")).selectOption("12m");
  await page.getByRole("button", { name: en("drivers.apply") }).click();
  await page.waitForURL(/range=12m/);
  await expect(page.getByTestId("priority-driver")).toContainText("Please rate the waiting time.");
  await expectPointLabelsApart(page, 4);
  await expectNoSeriousAxe(page);
  await page.screenshot({ path: screenshotPath("drivers-en-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId("driver-quadrant-chart")).toBeVisible();
  await expectPointLabelsApart(page, 4);
  await page.screenshot({ path: screenshotPath("drivers-en-phone.png"), fullPage: true });
  await close();

  const zhPhone = await openDrivers(browser, "zh-CN", 390);
  await zhPhone.page.getByLabel(zh("drivers.period")).selectOption("12m");
  await zhPhone.page.getByRole("button", { name: zh("drivers.apply") }).click();
  await zhPhone.page.waitForURL(/range=12m/);
  await expect(zhPhone.page.getByTestId("driver-quadrant-chart")).toBeVisible();
  await expectPointLabelsApart(zhPhone.page, 4);
  // Nothing wider than the phone's screen but the table's own scroll box.
  const overflow = await zhPhone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  // The table's scroll box is reachable by keyboard (axe: scrollable-region-focusable).
  await expectNoSeriousAxe(zhPhone.page);
  await zhPhone.page.screenshot({ path: screenshotPath("drivers-zh-phone.png"), fullPage: true });
  await zhPhone.close();
});

test("comment themes as drivers: the switch adds each theme as a binary driver beside the questions, in zh-CN and English", async ({ browser }) => {
  test.setTimeout(180_000);
  for (const [locale, t, theme] of [["zh-CN", zh, "主题：排队等待"], ["en-US", en, "Theme: Waiting"]] as const) {
    const { page, close } = await openDrivers(browser, locale);
    await page.getByLabel(t("drivers.period")).selectOption("12m");
    await page.getByTestId("drivers-include-themes").check();
    await page.getByRole("button", { name: t("drivers.apply") }).click();
    await page.waitForURL(/themes=1/);
    await expect(page.getByTestId("drivers-themes-note")).toHaveText(t("themes.drivers.note"));
    const table = page.getByTestId("drivers-table");
    // The survey's four questions and the banking taxonomy's themes, each a row.
    await expect(table.locator('td[data-driver-type="THEME"]').filter({ hasText: theme })).toHaveCount(1);
    expect(await table.locator('td[data-driver-type="THEME"]').count()).toBeGreaterThan(3);
    expect(await table.locator("td[data-driver-type]:not([data-driver-type=THEME])").count()).toBe(4);
    // The switch stays on in the segment form.
    await expect(page.getByTestId("segment-form").locator('input[name="themes"]')).toHaveCount(1);
    // Many more points (questions and themes): their labels still apart.
    await expectPointLabelsApart(page, await table.locator("tbody tr").count());
    await page.screenshot({ path: screenshotPath(`drivers-themes-${locale === "en-US" ? "en" : "zh"}-desktop.png`), fullPage: true });
    await close();
  }
});
