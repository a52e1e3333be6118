/**
 * Abandoned imports, end to end: an upload left at the mapping step is listed as waiting, with a Delete button
 * (after a confirmation) that removes it from the list and the database — on the contact import page (en) and a
 * survey's "Import past responses" page (zh-CN). An import the worker found interrupted shows why on its report page
 * in both languages. Screenshots of the lists, desktop and 390 px phone.
 */
import { expect, test, type Page } from "@playwright/test";
import { csvText } from "../fixtures/contacts-files";
import { ADMIN_EMAIL, en, queryE2eDatabase, screenshotPath, signIn, unique, zh } from "./helpers";

// Uploads are scanned on the server: give them time on a busy machine.
test.setTimeout(240_000);

async function uploadAndLeave(page: Page, listPath: string, fileName: string, rows: string[][]) {
  await page.goto(listPath);
  await expect(page.getByTestId("import-upload-form")).toBeVisible({ timeout: 60_000 });
  await page.locator("#import-file").setInputFiles({ name: fileName, mimeType: "text/csv", buffer: Buffer.from(csvText(rows), "utf-8") });
  await page.getByTestId("import-upload-form").locator("button[type=submit]:enabled").click();
  await expect(page.getByTestId("import-mapping")).toBeVisible({ timeout: 90_000 });
}

async function importId(fileName: string): Promise<string> {
  const rows = await queryE2eDatabase<{ id: string }>(`SELECT "id" FROM "ContactImport" WHERE "fileName" = $1`, [fileName]);
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
}

async function listShots(page: Page, name: string) {
  await page.screenshot({ path: screenshotPath(`${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: screenshotPath(`${name}-phone.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
}

test.describe("in English", () => {
  test.use({ locale: "en-US" });

  test("an admin deletes a contact upload left at the mapping step; an interrupted import says why", async ({ page }) => {
    const kept = `${unique("kept")}.csv`;
    const abandoned = `${unique("abandoned")}.csv`;
    await signIn(page, ADMIN_EMAIL);
    await uploadAndLeave(page, "/contacts/import", abandoned, [["email"], ["left@example.com"]]);
    await uploadAndLeave(page, "/contacts/import", kept, [["email"], ["crash@example.com"]]);
    const keptId = await importId(kept);
    const abandonedId = await importId(abandoned);

    await page.goto("/contacts/import");
    const list = page.getByTestId("recent-imports");
    const row = list.locator("tbody tr", { hasText: abandoned });
    await expect(row).toContainText(en("contacts.import.status.PENDING"));
    await expect(page.getByText(en("imports.recent.expiry"))).toBeVisible();
    await listShots(page, "import-cleanup-contacts-en");

    // The confirmation names the file; dismissing it deletes nothing.
    page.once("dialog", (dialog) => {
      expect(dialog.message()).toBe(en("imports.delete.confirm", { file: abandoned }));
      void dialog.dismiss();
    });
    await row.getByRole("button", { name: en("imports.delete.button") }).click();
    await expect(row).toBeVisible();
    expect(await queryE2eDatabase(`SELECT 1 FROM "ContactImport" WHERE "id" = $1`, [abandonedId])).toHaveLength(1);

    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: en("imports.delete.button") }).click();
    await expect(list.locator("tbody tr", { hasText: abandoned })).toHaveCount(0);
    expect(await queryE2eDatabase(`SELECT 1 FROM "ContactImport" WHERE "id" = $1`, [abandonedId])).toHaveLength(0);
    await expect(list.locator("tbody tr", { hasText: kept })).toBeVisible();

    // What the worker does to a run whose server died: FAILED "interrupted". The report says so; no Delete button.
    await queryE2eDatabase(`UPDATE "ContactImport" SET "status" = 'FAILED', "error" = 'interrupted', "finishedAt" = now() WHERE "id" = $1`, [keptId]);
    await page.reload();
    await expect(list.locator("tbody tr", { hasText: kept }).getByRole("button")).toHaveCount(0);
    await page.goto(`/contacts/import/${keptId}`);
    await expect(page.getByTestId("import-failed")).toHaveText(en("contacts.import.error.interrupted"));
  });
});

test.describe("in Chinese", () => {
  test.use({ locale: "zh-CN" });

  test("an admin deletes a response upload left at the mapping step on a survey's import page", async ({ page }) => {
    const [survey] = await queryE2eDatabase<{ id: string }>(
      `SELECT s."id" FROM "Survey" s JOIN "Organization" o ON o."id" = s."organizationId" JOIN "Membership" m ON m."organizationId" = o."id"
       JOIN "User" u ON u."id" = m."userId" WHERE u."email" = $1 ORDER BY s."createdAt" LIMIT 1`,
      [ADMIN_EMAIL],
    );
    const listPath = `/surveys/${survey!.id}/import`;
    const abandoned = `${unique("历史")}.csv`;
    await signIn(page, ADMIN_EMAIL);
    await uploadAndLeave(page, listPath, abandoned, [["日期", "评分"], ["2024-03-05", "9"]]);
    const abandonedId = await importId(abandoned);

    await page.goto(listPath);
    const row = page.getByTestId("recent-imports").locator("tbody tr", { hasText: abandoned });
    await expect(row).toContainText(zh("contacts.import.status.PENDING"));
    await expect(page.getByText(zh("imports.recent.expiry"))).toBeVisible();
    await listShots(page, "import-cleanup-responses-zh");

    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: zh("imports.delete.button") }).click();
    await expect(page.getByTestId("recent-imports").locator("tbody tr", { hasText: abandoned })).toHaveCount(0);
    expect(await queryE2eDatabase(`SELECT 1 FROM "ContactImport" WHERE "id" = $1`, [abandonedId])).toHaveLength(0);

    // The interrupted reason in Chinese, on the response import's report page.
    const crashed = `${unique("中断")}.csv`;
    await uploadAndLeave(page, listPath, crashed, [["日期", "评分"], ["2024-03-06", "3"]]);
    const crashedId = await importId(crashed);
    await queryE2eDatabase(`UPDATE "ContactImport" SET "status" = 'FAILED', "error" = 'interrupted', "finishedAt" = now() WHERE "id" = $1`, [crashedId]);
    await page.goto(`${listPath}/${crashedId}`);
    await expect(page.getByTestId("import-failed")).toHaveText(zh("contacts.import.error.interrupted"));
    await page.screenshot({ path: screenshotPath("import-cleanup-interrupted-zh-desktop.png"), fullPage: true });
  });
});
