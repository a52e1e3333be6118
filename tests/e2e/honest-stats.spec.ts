/**
 * Issue 13 on the demo data, in real Chromium: the segment table's significance is corrected for multiple
 * comparisons (Benjamini–Hochberg, said in the tooltip, raw p beside it, en and zh-CN); a filter that narrows the
 * dashboard to fewer than 5 responses hides the figures; the sample planner's "current margin" is the headline
 * interval's half-width. Desktop and 390 px screenshots in both languages.
 */
import { expect, test } from "@playwright/test";
import { formatNumber } from "../../src/lib/format";
import { adjustedWald, npsFromScores } from "../../src/lib/nps";
import { en, queryE2eDatabase, screenshotPath, signIn, zh } from "./helpers";

test.use({ locale: "en-US" });

const MANAGER = "manager@demo-bank.example";
const TZ = "Asia/Shanghai";

test("segment significance is BH-corrected with the raw p beside it, in English and Chinese", async ({ page }) => {
  await signIn(page, MANAGER);
  await page.goto("/dashboard?range=all&groupBy=attribute:branch");
  const table = page.getByTestId("segments");
  await expect(table.getByTestId("segment-row").first()).toBeVisible();
  const help = table.getByTestId("segments-correction-help");
  await expect(help).toContainText(en("stats.segments.significance"));
  const tooltip = await help.getAttribute("title");
  expect(tooltip).toContain("Benjamini–Hochberg");
  const cells = table.getByTestId("segment-significance");
  const texts = (await cells.allTextContents()).filter((text) => text.trim() !== "");
  expect(texts.length).toBeGreaterThan(1);
  expect(tooltip).toContain(`With ${formatNumber(texts.length, "en")} tests at once`);
  for (const text of texts) expect(text).toMatch(/^(Significant|Not significant) \(q [=<] [\d.]+; raw p [=<] [\d.]+\)$/);
  // q is never below the raw p.
  for (const text of texts) {
    const [, q, p] = /q [=<] ([\d.]+); raw p [=<] ([\d.]+)/.exec(text) ?? [];
    expect(Number(q)).toBeGreaterThanOrEqual(Number(p));
  }
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath("honest-stats-segments-en.png"), fullPage: true });

  await page.getByRole("button", { name: "中文" }).click();
  await expect(help).toContainText(zh("stats.segments.significance"));
  expect(await help.getAttribute("title")).toContain("Benjamini–Hochberg");
  const zhTexts = (await cells.allTextContents()).filter((text) => text.trim() !== "");
  for (const text of zhTexts) expect(text).toMatch(/^(显著|不显著)（q [=<] [\d.]+；原始 p [=<] [\d.]+）$/);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: screenshotPath("honest-stats-segments-zh-phone.png"), fullPage: true });
  // The language switch sits in the phone menu: back to the desktop width to switch.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("button", { name: "English" }).click();
  await expect(help).toContainText(en("stats.segments.significance"));
});

test("a filter narrowed to fewer than 5 responses hides the figures; the planner's margin is the headline's", async ({ page }) => {
  // A branch and day with 1–4 counted answers, straight from the database.
  const [small] = await queryE2eDatabase<{ branch: string; day: string; n: number }>(
    `SELECT r.attributes->>'branch' AS branch, to_char((r."createdAt" AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS day, COUNT(*)::int AS n
     FROM "Response" r JOIN "Organization" o ON o.id = r."organizationId"
     WHERE o.slug = 'demo-bank' AND NOT r.excluded AND r.score IS NOT NULL AND r.attributes ? 'branch'
     GROUP BY 1, 2 HAVING COUNT(*) BETWEEN 1 AND 4 ORDER BY 2 DESC, 1 LIMIT 1`,
    [TZ],
  );
  expect(small, "a branch-day with fewer than 5 answers").toBeDefined();
  if (!small) return;
  await signIn(page, MANAGER);
  await page.goto(`/dashboard?range=custom&from=${small.day}&to=${small.day}&attr.branch=${encodeURIComponent(small.branch)}`);
  await expect(page.getByTestId("headline-suppressed")).toHaveText(en("stats.headline.suppressed", { suppressN: 5 }));
  await expect(page.getByTestId("nps-value")).toHaveCount(0);
  await expect(page.getByTestId("segments")).toHaveCount(0);
  await page.screenshot({ path: screenshotPath("honest-stats-suppressed-en.png"), fullPage: true });
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByTestId("headline-suppressed")).toHaveText(zh("stats.headline.suppressed", { suppressN: 5 }));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: screenshotPath("honest-stats-suppressed-zh-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("button", { name: "English" }).click();
  // The switch is a server action: wait for the English page before navigating on, or the next page may still be Chinese.
  await expect(page.getByTestId("headline-suppressed")).toHaveText(en("stats.headline.suppressed", { suppressN: 5 }));

  // The whole demo: the planner's "current margin" equals the headline interval's half-width.
  const rows = await queryE2eDatabase<{ score: number }>(
    `SELECT r.score FROM "Response" r JOIN "Organization" o ON o.id = r."organizationId"
     WHERE o.slug = 'demo-bank' AND NOT r.excluded AND r.score IS NOT NULL`,
  );
  await page.goto("/dashboard?range=all");
  const stats = npsFromScores(rows.map((r) => r.score));
  const ci = adjustedWald({ n: stats.n, promoters: stats.promoters, detractors: stats.detractors });
  const planner = page.getByTestId("sample-planner");
  await expect(planner).toContainText(
    en("insights.planner.currentMargin", { n: formatNumber(stats.n, "en"), margin: formatNumber((ci.ciHigh - ci.ciLow) / 2, "en", 1) }),
  );
  await planner.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath("honest-stats-planner-en.png") });
});

test("touchpoint impact on the demo relationship survey, with the detractor Pareto, in both languages", async ({ page }) => {
  const [survey] = await queryE2eDatabase<{ id: string }>(
    `SELECT s.id FROM "Survey" s JOIN "Organization" o ON o.id = s."organizationId"
     WHERE o.slug = 'demo-bank' AND s.kind = 'RELATIONSHIP' ORDER BY s."createdAt" LIMIT 1`,
  );
  expect(survey).toBeDefined();
  await signIn(page, MANAGER);
  // Reached from the survey's page (it was once linked from nowhere).
  await page.goto(`/surveys/${survey?.id ?? ""}`);
  await page.getByTestId("survey-touchpoints-link").click();
  await expect(page).toHaveURL(new RegExp(`/surveys/${survey?.id ?? ""}/touchpoints$`));
  await page.goto(`/surveys/${survey?.id ?? ""}/touchpoints?range=all&window=365`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("stats.touchpoints.title"));
  const table = page.getByTestId("touchpoint-impact");
  const empty = page.getByTestId("touchpoints-empty");
  await expect(table.or(empty)).toBeVisible();
  if (await table.isVisible()) {
    for (const text of await table.getByTestId("touchpoint-significance").allTextContents()) {
      expect(text).toMatch(/^(—|(Significant|Not significant) \(q [=<] [\d.]+; raw p [=<] [\d.]+\))$/);
    }
  }
  await page.screenshot({ path: screenshotPath("honest-stats-touchpoints-en.png"), fullPage: true });
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("stats.touchpoints.title"));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: screenshotPath("honest-stats-touchpoints-zh-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("stats.touchpoints.title"));
});
