/**
 * Distribution, end to end: an admin imports a GBK-encoded CSV with Chinese names, sends a campaign to
 * those contacts, opens the email in the dev mailbox, clicks score 9 in it, submits the survey, and sees
 * the campaign's funnel count the response. The e2e server runs the worker and the mail catcher.
 */
import { expect, test } from "@playwright/test";
import iconv from "iconv-lite";
import { ADMIN_EMAIL, signIn, unique, zh } from "./helpers";

test("an admin sends a campaign and follows one email from the mailbox to a response", async ({ page }) => {
  test.setTimeout(180_000);
  const batch = unique("batch");
  const domain = `${batch}.example`;
  const csv = ["邮箱,姓名,batch", `wang@${domain},王小明,${batch}`, `li@${domain},李华,${batch}`].join("\r\n");

  await signIn(page, ADMIN_EMAIL);

  // Import the contacts from a GBK file (what Excel in China writes).
  await page.goto("/contacts/import");
  await page.locator("#import-file").setInputFiles({ name: "客户.csv", mimeType: "text/csv", buffer: iconv.encode(csv, "gbk") });
  await page.getByTestId("import-upload-form").locator("button[type=submit]:enabled").click();
  await expect(page.getByTestId("import-mapping")).toBeVisible();
  await expect(page.getByTestId("import-mapping")).toContainText("王小明");
  await page.getByTestId("import-start").click();
  await expect(page.getByTestId("import-to-contacts")).toBeVisible({ timeout: 60_000 });

  // A campaign to exactly those contacts (an attribute filter on the batch).
  await page.goto("/campaigns/new");
  const form = page.getByTestId("campaign-form");
  await form.locator("#name").fill(`Campaign ${batch}`);
  // The demo relationship survey (zh-CN by default), not whichever survey another test created last.
  await form.locator("#surveyId").selectOption({ label: "2026 客户关系 NPS · Relationship NPS" });
  await form.locator("input[name=audienceKind][value=filter]").check();
  await form.locator("#attributeKey").fill("batch");
  await form.locator("#attributeValues").fill(batch);
  await page.getByTestId("send-campaign").click();
  // Nothing goes out before the confirmation, which names the audience's size (issue 12).
  await expect(page.getByTestId("campaign-confirm")).toHaveAttribute("data-recipients", "2");
  await page.getByTestId("confirm-campaign").click();
  await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
  const campaignUrl = page.url();
  await expect(page.locator("[data-testid=funnel-sent] dd")).toHaveAttribute("data-value", "2", { timeout: 60_000 });
  await expect(page.locator("[data-testid=funnel-throttled] dd")).toHaveAttribute("data-value", "0");

  // The dev mailbox has the email; its HTML part shows the 0–10 scale.
  await page.goto("/dev/mailbox");
  await page.getByTestId("dev-mailbox").getByRole("row").filter({ hasText: `wang@${domain}` }).getByRole("link").click();
  await expect(page.getByTestId("mail-text")).toContainText("?score=9");
  const frame = page.frameLocator("[data-testid=mail-html]");
  await expect(frame.locator("a[data-score]")).toHaveCount(11);
  await expect(frame.getByText("尊敬的王小明：")).toBeVisible();

  // One click on 9 opens the survey with 9 preselected; nothing is recorded until the respondent submits.
  const [survey] = await Promise.all([page.waitForEvent("popup"), frame.locator("a[data-score='9']").click()]);
  await survey.waitForLoadState();
  expect(new URL(survey.url()).searchParams.get("score")).toBe("9");
  await expect(survey.locator("input[name=score][value='9']")).toBeChecked();
  await survey.locator("form button[type=submit]").first().click();
  await expect(survey.getByTestId("thanks")).toBeVisible();
  await survey.close();

  // The funnel counts the click and the response.
  await page.goto(campaignUrl);
  await expect(page.locator("[data-testid=funnel-responded] dd")).toHaveAttribute("data-value", "1", { timeout: 30_000 });
  await expect(page.locator("[data-testid=funnel-clicked] dd")).toHaveAttribute("data-value", "1");
  await expect(page.getByTestId("funnel-response-rate")).toContainText("50");
  await expect(page.getByText(zh("funnel.opened")).or(page.getByText("Opened (approximate)")).first()).toBeVisible();
});

test("managers see campaign funnels but cannot send; the dev mailbox is for admins", async ({ page }) => {
  await signIn(page, "manager@demo-bank.example");
  await page.goto("/campaigns");
  await expect(page.getByTestId("new-campaign")).toHaveCount(0);
  const response = await page.goto("/campaigns/new");
  expect(response?.status()).toBe(404);
  const mailbox = await page.goto("/dev/mailbox");
  expect(mailbox?.status()).toBe(404);
});
