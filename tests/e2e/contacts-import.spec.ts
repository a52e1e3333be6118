/**
 * Contact import, end to end: an admin uploads a GBK-encoded CSV (what Excel in China writes) with Chinese
 * names, sees it read correctly, maps the columns, checks the preview, imports, reads the report (created /
 * skipped with the row and reason), and opens an imported contact. A wrong encoding choice is a clear error.
 */
import { expect, test } from "@playwright/test";
import iconv from "iconv-lite";
import { csvText } from "../fixtures/contacts-files";
import { ADMIN_EMAIL, signIn, unique, zh } from "./helpers";

test.use({ locale: "zh-CN" });

test("an admin imports a GBK CSV with Chinese names and opens an imported contact", async ({ page }) => {
  const tag = unique("imp");
  const rows = [
    ["邮箱", "姓名", "手机", "语言", "区域", "等级"],
    [`${tag}-1@example.com`, "欧阳娜娜", "13800000001", "中文", "华东", "白金卡"],
    [`${tag}-2@example.com`, "司马懿", "13800000002", "zh-CN", "华北", "金卡"],
    ["不是邮箱", "诸葛亮", "", "", "西南", "普卡"],
  ];
  const gbk = iconv.encode(csvText(rows), "gbk");
  expect(gbk.includes(Buffer.from("欧阳娜娜", "utf-8"))).toBe(false);

  await signIn(page, ADMIN_EMAIL);
  await page.goto("/contacts");
  await page.getByTestId("import-link").click();
  await expect(page).toHaveURL(/\/contacts\/import$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("contacts.import.title"));

  // A wrong encoding choice is refused with a message that names the fix, and nothing is imported.
  await page.locator("#import-file").setInputFiles({ name: "客户名单.csv", mimeType: "text/csv", buffer: gbk });
  await page.locator("#import-encoding").selectOption("utf-8");
  await page.getByTestId("import-upload-form").locator("button[type=submit]:enabled").click();
  await expect(page.getByTestId("import-error")).toContainText("GBK / GB18030");
  await expect(page.getByTestId("import-error")).toContainText(zh("contacts.import.error.not_utf8", { line: 1 }));

  // Automatic detection reads it as GB18030 with the Chinese intact.
  await page.locator("#import-encoding").selectOption("auto");
  await page.getByTestId("import-upload-form").locator("button[type=submit]:enabled").click();
  const mapping = page.getByTestId("import-mapping");
  await expect(mapping).toBeVisible();
  await expect(page.getByTestId("import-format")).toHaveText(
    zh("contacts.import.formatCsv", {
      file: "客户名单.csv",
      rows: "3",
      encoding: zh("contacts.import.encoding.gb18030"),
      delimiter: zh("contacts.import.delimiter.comma"),
    }),
  );

  // The suggested mapping, then one change: the phone column is not imported.
  await expect(page.getByTestId("map-0")).toHaveValue("email");
  await expect(page.getByTestId("map-1")).toHaveValue("name");
  await expect(page.getByTestId("map-4")).toHaveValue("attribute");
  await expect(page.getByTestId("map-key-4")).toHaveValue("region");
  await page.getByTestId("map-2").selectOption("ignore");

  const preview = page.getByTestId("import-preview");
  await expect(preview.locator("thead")).not.toContainText(zh("contacts.import.target.phone"));
  await expect(preview.locator("tbody tr")).toHaveCount(3);
  await expect(preview.locator("tbody tr").nth(0)).toContainText("欧阳娜娜");
  await expect(preview.locator("tbody tr").nth(0)).toContainText(zh("contacts.import.preview.ok"));
  await expect(preview.locator("tbody tr").nth(2)).toContainText(zh("contacts.import.reason.email_invalid"));

  await page.getByTestId("import-start").click();
  await page.waitForURL(/\/contacts\/import\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-report")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("import-status")).toHaveText(zh("contacts.import.status.DONE"));
  await expect(page.getByTestId("import-progress")).toHaveAttribute("aria-valuenow", "3");
  await expect(page.getByTestId("import-created")).toHaveText("2");
  await expect(page.getByTestId("import-updated")).toHaveText("0");
  await expect(page.getByTestId("import-skipped")).toHaveText("1");
  const skipped = page.getByTestId("import-row-errors").locator("tbody tr");
  await expect(skipped).toHaveCount(1);
  await expect(skipped.first()).toContainText("4");
  await expect(skipped.first()).toContainText(zh("contacts.import.reason.email_invalid"));

  // The contacts list finds the imported contact; its page shows what was imported (and not the phone).
  await page.getByTestId("import-to-contacts").click();
  await page.locator("#contact-search").fill(`${tag}-1`);
  await page.locator("#contact-search").press("Enter");
  await expect(page.getByTestId("contacts-table").locator("tbody tr")).toHaveCount(1);
  await page.getByTestId("contacts-table").getByRole("link", { name: "欧阳娜娜" }).click();
  await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("contact-title")).toHaveText("欧阳娜娜");
  const fields = page.getByTestId("contact-fields");
  await expect(fields).toContainText(`${tag}-1@example.com`);
  await expect(fields).toContainText("zh-CN");
  await expect(fields).not.toContainText("13800000001");
  const attributes = page.getByTestId("contact-attributes");
  await expect(attributes).toContainText("华东");
  await expect(attributes).toContainText("白金卡");
  await expect(page.getByTestId("contact-export")).toBeVisible();
});

test("CX managers and viewers cannot import or erase: the page is not found for them (404, like every page a role cannot use) and the routes answer 403", async ({ page }) => {
  for (const email of ["manager@demo-bank.example", "viewer@demo-bank.example"]) {
    await page.context().clearCookies();
    await signIn(page, email);
    await page.goto("/contacts");
    await expect(page.getByTestId("import-link")).toHaveCount(0);
    const importPage = await page.goto("/contacts/import");
    expect(importPage?.status()).toBe(404);
    await expect(page.getByTestId("import-upload-form")).toHaveCount(0);
    const upload = await page.request.post("/contacts/import/upload?encoding=auto", {
      headers: { "content-type": "application/octet-stream", "x-file-name": "x.csv" },
      data: Buffer.from("email\nforbidden@example.com\n"),
    });
    expect(upload.status()).toBe(403);
    expect(await upload.json()).toEqual({ error: { code: "forbidden", message: zh("contacts.import.error.forbidden") } });
    const status = await page.request.get("/contacts/import/00000000-0000-7000-8000-000000000000/status");
    expect(status.status()).toBe(403);
    // A contact's page: readable, but no export or erase for them.
    await page.goto("/contacts");
    await page.getByTestId("contacts-table").locator("tbody tr a").first().click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("contact-fields")).toBeVisible();
    await expect(page.getByTestId("contact-export")).toHaveCount(0);
    await expect(page.getByTestId("erase-open")).toHaveCount(0);
    const exported = await page.request.get(`${new URL(page.url()).pathname}/export`);
    expect(exported.status()).toBe(403);
  }
});
