/**
 * Outcomes import, end to end (issue 15): an admin in zh-CN opens the demo relationship survey's "NPS vs behaviour"
 * report for an outcome type of their own (none recorded yet: no events), follows "导入客户行为数据", uploads a GBK
 * CSV (what Excel in China writes) of behaviour events for customers who answered the survey more than a window
 * ago, maps the file's unknown type value to that own type, reads the preview, runs the import and reads the report
 * — n accepted, the repeated event id a duplicate, the unmatched customer ids and the bad row listed by row number,
 * the report downloadable as CSV — and the validation report now counts exactly those events. A viewer gets 404.
 * Screenshots 1280 and 390 px, zh-CN and en. Independent of other specs' data: the type key is unique per run.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import iconv from "iconv-lite";
import { csvText } from "../fixtures/contacts-files";
import { ADMIN_EMAIL, en, queryE2eDatabase, screenshotPath, signIn, zh } from "./helpers";

const DEMO_SURVEY = "2026 客户关系 NPS · Relationship NPS";
const WINDOW = 180;

type Target = { externalId: string; answeredAt: Date };

/** Demo customers whose latest answer to the survey is more than a window old (the report counts their events). */
async function targets(surveyId: string, count: number): Promise<Target[]> {
  return queryE2eDatabase<Target>(
    `SELECT c."externalId", l."answeredAt" FROM (
       SELECT r."contactId", max(r."createdAt") AS "answeredAt" FROM "Response" r
       WHERE r."surveyId" = $1 AND r."contactId" IS NOT NULL AND r."excluded" = false AND r."score" IS NOT NULL
       GROUP BY r."contactId") l
     JOIN "Contact" c ON c."id" = l."contactId"
     WHERE l."answeredAt" < now() - make_interval(days => $2::int + 2) AND c."externalId" IS NOT NULL
     ORDER BY c."externalId" LIMIT $3`,
    [surveyId, WINDOW, count],
  );
}

/** A Shanghai wall-clock time "YYYY/MM/DD HH:mm" (the file's dates carry no zone: the organisation's applies). */
function shanghai(date: Date): string {
  const wall = new Date(date.getTime() + 8 * 3_600_000).toISOString();
  return `${wall.slice(0, 10).replaceAll("-", "/")} ${wall.slice(11, 16)}`;
}

async function eventsInReport(page: Page, surveyId: string, type: string): Promise<number> {
  await page.goto(`/surveys/${surveyId}/outcomes?type=${type}&windowDays=${WINDOW}&range=all`);
  const cells = await page.getByTestId("outcomes-table").locator("tbody tr td:nth-child(3)").allInnerTexts();
  expect(cells).toHaveLength(3);
  return cells.reduce((sum, cell) => sum + Number(cell.replace(/\D/g, "")), 0);
}

async function adminPage(browser: Browser, locale: "zh-CN" | "en-US", width: number) {
  const context = await browser.newContext({ locale, viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, ADMIN_EMAIL);
  return { page, close: () => context.close() };
}

test("an admin imports a GBK outcomes file in zh-CN, reads the report, and the validation report counts the events", async ({ browser }) => {
  test.setTimeout(240_000);
  const [survey] = await queryE2eDatabase<{ id: string }>(`SELECT "id" FROM "Survey" WHERE "name" = $1 ORDER BY "createdAt" LIMIT 1`, [DEMO_SURVEY]);
  const surveyId = survey!.id;
  const key = `e2e_${Date.now().toString(36)}`;
  const customers = await targets(surveyId, 12);
  expect(customers.length).toBe(12);

  const rows = [
    ["事件编号", "客户编号", "类型", "日期", "金额"],
    ...customers.map((c, i) => [`${key}-${i}`, c.externalId, "网点转介", shanghai(new Date(c.answeredAt.getTime() + 10 * 86_400_000)), i % 2 ? "1,200.50" : ""]),
    [`${key}-0`, customers[0]!.externalId, "网点转介", shanghai(new Date(customers[0]!.answeredAt.getTime() + 11 * 86_400_000)), ""],
    [`${key}-x1`, "CRM-NOBODY-1", "网点转介", "2025/06/01 10:00", ""],
    [`${key}-x2`, "CRM-NOBODY-2", "网点转介", "2025/06/02 10:00", ""],
    [`${key}-bad`, customers[1]!.externalId, "网点转介", "2025-02-30", ""],
  ];
  const gbk = iconv.encode(csvText(rows), "gbk");
  expect(gbk.includes(Buffer.from("网点转介", "utf-8"))).toBe(false);

  const { page, close } = await adminPage(browser, "zh-CN", 1280);
  expect(await eventsInReport(page, surveyId, key)).toBe(0);
  await page.getByTestId("outcomes-import-link").click();
  await page.waitForURL(/\/contacts\/outcomes$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("outcomeImport.title"));

  await page.locator("#import-file").setInputFiles({ name: "客户行为.csv", mimeType: "text/csv", buffer: gbk });
  await page.getByTestId("import-upload-form").locator("button[type=submit]:enabled").click();
  await expect(page.getByTestId("import-mapping")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("import-format")).toContainText(zh("contacts.import.encoding.gb18030"));
  await expect(page.getByTestId("map-0")).toHaveValue("externalId");
  await expect(page.getByTestId("map-1")).toHaveValue("customerId");
  await expect(page.getByTestId("map-2")).toHaveValue("type");
  await expect(page.getByTestId("map-3")).toHaveValue("occurredAt");
  await expect(page.getByTestId("map-4")).toHaveValue("amount");
  // No attributes for events.
  await expect(page.getByTestId("map-0").locator("option[value=attribute]")).toHaveCount(0);

  // The unknown type value: not recognised until mapped to the organisation's own key; the preview says so.
  const preview = page.getByTestId("import-preview").locator("tbody tr");
  await expect(preview.first()).toContainText(zh("outcomeImport.reason.type_unknown"));
  await expect(page.getByTestId("outcome-type-table").locator("tbody tr")).toHaveCount(1);
  await page.getByTestId("type-value-0").selectOption("__own");
  await page.getByTestId("type-key-0").fill(key);
  await expect(preview.first()).toContainText(key);
  await expect(preview.first()).toContainText(zh("contacts.import.preview.ok"));
  await expect(preview.nth(1)).toContainText("1200.5000 CNY");
  await page.screenshot({ path: screenshotPath("outcomes-import-zh-mapping.png"), fullPage: true });

  await page.getByTestId("import-start").click();
  await page.waitForURL(/\/contacts\/outcomes\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-report")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("import-status")).toHaveText(zh("contacts.import.status.DONE"));
  await expect(page.getByTestId("import-created")).toHaveText("12");
  await expect(page.getByTestId("import-duplicates")).toHaveText("1");
  await expect(page.getByTestId("import-skipped")).toHaveText("3");
  await expect(page.getByTestId("outcome-import-summary")).toHaveAttribute("data-unmatched", "2");
  const listed = page.getByTestId("import-row-errors").locator("tbody tr");
  await expect(listed).toHaveCount(3);
  await expect(listed.nth(0)).toContainText("15");
  await expect(listed.nth(0)).toContainText(zh("outcomeImport.reason.contact_not_found"));
  await expect(listed.nth(1)).toContainText("16");
  await expect(listed.nth(2)).toContainText("17");
  await expect(listed.nth(2)).toContainText(zh("outcomeImport.reason.date_invalid"));
  await page.screenshot({ path: screenshotPath("outcomes-import-zh-report.png"), fullPage: true });
  const reportUrl = page.url();

  // The row report as CSV (UTF-8 with BOM, in the reader's language).
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("outcome-import-download").click()]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const csv = Buffer.concat(chunks).toString("utf-8");
  expect(csv.startsWith(`\uFEFF${zh("outcomeImport.csv.row")},`)).toBe(true);
  expect(csv).toContain(`15,${zh("outcomeImport.reason.contact_not_found")}`);

  // The validation report now counts exactly the imported events (each within the window after the answer).
  expect(await eventsInReport(page, surveyId, key)).toBe(12);
  await close();

  // The report page in English on a desktop, and on 390 px phones in both languages.
  for (const [locale, width, name] of [
    ["en-US", 1280, "outcomes-import-en-report.png"],
    ["en-US", 390, "outcomes-import-en-phone.png"],
    ["zh-CN", 390, "outcomes-import-zh-phone.png"],
  ] as const) {
    const other = await adminPage(browser, locale, width);
    await other.page.goto(reportUrl);
    const t = locale === "en-US" ? en : zh;
    await expect(other.page.getByRole("heading", { level: 1 })).toHaveText(t("outcomeImport.reportTitle"));
    await expect(other.page.getByTestId("import-created")).toHaveText("12");
    await expect(other.page.getByTestId("import-row-errors").locator("tbody tr").first()).toContainText(t("outcomeImport.reason.contact_not_found"));
    const overflow = await other.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await other.page.screenshot({ path: screenshotPath(name), fullPage: true });
    await other.close();
  }
});

test("the upload step in English on a phone; a viewer gets 404 on the page and its routes", async ({ browser }) => {
  test.setTimeout(180_000);
  const { page, close } = await adminPage(browser, "en-US", 390);
  await page.goto("/contacts/outcomes");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("outcomeImport.title"));
  const utf8 = Buffer.from(csvText([["Event ID", "Email", "Type", "Date"], ["phone-1", "nobody@example.com", "Churned", "2025-06-01"]]), "utf-8");
  await page.locator("#import-file").setInputFiles({ name: "outcomes.csv", mimeType: "text/csv", buffer: utf8 });
  await page.getByTestId("import-upload-form").locator("button[type=submit]:enabled").click();
  await expect(page.getByTestId("import-mapping")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("type-value-0")).toHaveValue("churned");
  await page.screenshot({ path: screenshotPath("outcomes-import-en-phone-mapping.png"), fullPage: true });
  await close();

  const context = await browser.newContext({ locale: "en-US" });
  const viewer = await context.newPage();
  await signIn(viewer, "viewer@demo-bank.example");
  expect((await viewer.goto("/contacts/outcomes"))?.status()).toBe(404);
  const upload = await viewer.request.post("/contacts/outcomes/upload?encoding=auto", {
    headers: { "content-type": "application/octet-stream", "x-file-name": "x.csv" },
    data: utf8,
  });
  expect(upload.status()).toBe(404);
  expect((await viewer.request.get("/contacts/outcomes/00000000-0000-7000-8000-000000000000/report")).status()).toBe(404);
  await context.close();
});
