/**
 * Historical response import, end to end: an admin opens a survey, imports a GBK CSV of past responses (what
 * Excel in China writes) through the shared import wizard, reads the report (imported / skipped with the row and
 * reason), and finds the responses on the dashboard's trend at their original local dates — two years and more
 * ago. A second run of the same file imports nothing new. Screenshots of the new pages, desktop and phone, en and zh-CN.
 */
import { expect, test, type Page } from "@playwright/test";
import iconv from "iconv-lite";
import { csvText } from "../fixtures/contacts-files";
import { ADMIN_EMAIL, createSurvey, screenshotPath, signIn, unique, zh } from "./helpers";

test.use({ locale: "zh-CN" });

const ROWS = [
  ["日期", "评分", "评论", "邮箱", "区域"],
  ["2024/03/05 14:22", "10", "手机银行转账很方便", "a@example.com", "华东"],
  ["2024/03/18 09:05", "9", "柜员态度很好", "", "华北"],
  ["2024-03-20", "4", "理赔太慢了", "", "华东"],
  // 00:30 on 1 April in Shanghai is still 31 March in UTC: it belongs to April.
  ["2024-04-01 00:30", "8", "", "", "华南"],
  ["2024/04/02 10:00", "11", "", "", ""],
];

async function importFile(page: Page, surveyId: string, bytes: Buffer, screenshot?: string) {
  await page.goto(`/surveys/${surveyId}/import`);
  await page.locator("#import-file").setInputFiles({ name: "历史回复.csv", mimeType: "text/csv", buffer: bytes });
  await page.getByTestId("import-upload-form").locator("button[type=submit]:enabled").click();
  await expect(page.getByTestId("import-mapping")).toBeVisible();
  if (screenshot) await page.screenshot({ path: screenshotPath(`${screenshot}-mapping.png`), fullPage: true });
  await page.getByTestId("import-start").click();
  await page.waitForURL(new RegExp(`/surveys/${surveyId}/import/[0-9a-f-]{36}$`));
  await expect(page.getByTestId("import-report")).toBeVisible({ timeout: 30_000 });
  if (screenshot) await page.screenshot({ path: screenshotPath(`${screenshot}-report.png`), fullPage: true });
}

test("an admin imports a GBK CSV of past responses and sees them on the trend at their original dates", async ({ page }) => {
  const gbk = iconv.encode(csvText(ROWS), "gbk");
  expect(gbk.includes(Buffer.from("手机银行", "utf-8"))).toBe(false);
  await signIn(page, ADMIN_EMAIL);
  const name = unique("历史");
  const surveyId = await createSurvey(page, { name, brandName: "演示银行" });

  await page.getByTestId("import-responses").click();
  await expect(page).toHaveURL(new RegExp(`/surveys/${surveyId}/import$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("imports.responses.title"));

  // A wrong encoding choice is refused before anything is written.
  await page.locator("#import-file").setInputFiles({ name: "历史回复.csv", mimeType: "text/csv", buffer: gbk });
  await page.locator("#import-encoding").selectOption("utf-8");
  await page.getByTestId("import-upload-form").locator("button[type=submit]:enabled").click();
  await expect(page.getByTestId("import-error")).toContainText(zh("contacts.import.error.not_utf8", { line: 1 }));
  await page.locator("#import-encoding").selectOption("auto");
  await page.getByTestId("import-upload-form").locator("button[type=submit]:enabled").click();

  // Suggested mapping: date, score, comment, email, region as an attribute; the preview marks the bad score.
  await expect(page.getByTestId("map-0")).toHaveValue("date");
  await expect(page.getByTestId("map-1")).toHaveValue("score");
  await expect(page.getByTestId("map-2")).toHaveValue("comment");
  await expect(page.getByTestId("map-3")).toHaveValue("email");
  await expect(page.getByTestId("map-4")).toHaveValue("attribute");
  await expect(page.getByTestId("map-key-4")).toHaveValue("region");
  const preview = page.getByTestId("import-preview").locator("tbody tr");
  await expect(preview).toHaveCount(5);
  await expect(preview.nth(0)).toContainText("手机银行转账很方便");
  await expect(preview.nth(4)).toContainText(zh("imports.responses.reason.score_invalid"));

  await page.getByTestId("import-start").click();
  await page.waitForURL(new RegExp(`/surveys/${surveyId}/import/[0-9a-f-]{36}$`));
  await expect(page.getByTestId("import-report")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("import-status")).toHaveText(zh("contacts.import.status.DONE"));
  await expect(page.getByTestId("import-created")).toHaveText("4");
  await expect(page.getByTestId("import-duplicates")).toHaveText("0");
  await expect(page.getByTestId("import-skipped")).toHaveText("1");
  const skipped = page.getByTestId("import-row-errors").locator("tbody tr");
  await expect(skipped).toHaveCount(1);
  await expect(skipped.first()).toContainText("6");
  await expect(skipped.first()).toContainText(zh("imports.responses.reason.score_invalid"));

  // The dashboard's trend for 2024 (by month) has them at their original local months.
  await page.goto(`/dashboard?survey=${surveyId}&range=custom&from=2024-01-01&to=2024-12-31`);
  const trend = page.locator("[role=img][aria-label*='(n=']");
  await expect(trend).toHaveAttribute("aria-label", /^2024-03-01: [^;]+ \(n=3\); 2024-04-01: [^;]+ \(n=1\)$/);

  // The same file again imports nothing new.
  await importFile(page, surveyId, gbk);
  await expect(page.getByTestId("import-created")).toHaveText("0");
  await expect(page.getByTestId("import-duplicates")).toHaveText("4");
  await page.goto(`/dashboard?survey=${surveyId}&range=custom&from=2024-01-01&to=2024-12-31`);
  await expect(trend).toHaveAttribute("aria-label", /\(n=3\); 2024-04-01: [^;]+ \(n=1\)$/);
});

for (const [locale, viewport] of [
  ["en", { width: 1280, height: 900 }],
  ["zh-CN", { width: 390, height: 844 }],
  ["en", { width: 390, height: 844 }],
  ["zh-CN", { width: 1280, height: 900 }],
] as const) {
  test(`the import pages render in ${locale} at ${viewport.width}px`, async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "locale", value: locale, url: baseURL ?? "http://localhost" }]);
    await page.setViewportSize(viewport);
    await signIn(page, ADMIN_EMAIL);
    const surveyId = await createSurvey(page, { name: unique("shot"), brandName: "Bank" });
    await page.goto(`/surveys/${surveyId}/import`);
    const tag = `response-import-${locale}-${viewport.width}`;
    await page.screenshot({ path: screenshotPath(`${tag}-upload.png`), fullPage: true });
    await importFile(page, surveyId, iconv.encode(csvText(ROWS), "gbk"), tag);
  });
}
