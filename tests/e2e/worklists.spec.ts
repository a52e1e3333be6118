/**
 * Issue 12, "defects a newcomer meets", end to end in Chromium against the production build:
 * - inviting a customer on the survey page sends the email (it arrives in the dev mailbox in the contact's language),
 *   or only makes the link; the personal link opens in the email's language, not the browser's, with the switch;
 * - the cases list: viewers see all cases in their scope; search (comment, case number), paging with counts, bulk
 *   assign and bulk close; the loop lists in pages;
 * - a campaign shows its audience size and a sample and asks for confirmation; it reads "sent" once every mail went;
 * - the import page keeps polling through a failed status poll instead of hanging.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { caseRef } from "../../src/lib/case-ref";
import { ADMIN_EMAIL, createSurvey, en, queryE2eDatabase, screenshotPath, signIn, unique, zh } from "./helpers";

const PHONE = { width: 390, height: 844 };

async function demoOrganizationId(): Promise<string> {
  const [row] = await queryE2eDatabase<{ id: string }>(
    `SELECT m."organizationId"::text AS id FROM "Membership" m JOIN "User" u ON u."id" = m."userId" WHERE u."email" = $1`,
    [ADMIN_EMAIL],
  );
  if (!row) throw new Error("the demo organisation exists");
  return row.id;
}

async function signedIn(browser: Browser, email: string, locale: "en-US" | "zh-CN"): Promise<Page> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test("inviting a customer sends the email in their language; the link opens in it, whatever the browser says", async ({ browser }) => {
  test.setTimeout(180_000);
  const admin = await signedIn(browser, ADMIN_EMAIL, "en-US");
  const brand = unique("Invite Bank");
  await createSurvey(admin, { name: unique("Invite NPS"), brandName: brand, defaultLocale: "zh-CN" });
  const form = admin.getByTestId("invite-form");
  await expect(form.getByTestId("invite-delivery-email")).toBeChecked();

  // A contact without a language: the email goes out in the survey's language (zh-CN).
  const plain = `${unique("plain")}@example.com`;
  await form.locator("#invite-email").fill(plain);
  await form.locator("#invite-name").fill("王小明");
  await form.locator("button[type=submit]").click();
  const result = admin.getByTestId("invite-result");
  await expect(result).toHaveAttribute("data-emailed", "true");
  await expect(result).toContainText(en("sending.invite.emailed", { email: plain, language: en("locale.zh-CN") }));
  const link = (await result.getByTestId("new-link").getAttribute("href")) ?? "";
  expect(link).toMatch(/\/s\/[A-Za-z0-9_-]{22,64}$/);
  await admin.screenshot({ path: screenshotPath("invite-emailed-en.png"), fullPage: true });

  // An English contact: the email in English.
  const english = `${unique("alice")}@example.com`;
  await form.locator("#invite-email").fill(english);
  await form.locator("#invite-name").fill("Alice");
  await form.locator("#invite-locale").selectOption("en");
  await form.locator("button[type=submit]").click();
  await expect(admin.getByTestId("invite-result")).toContainText(english);

  // "Only create the link": no email.
  const linkOnly = `${unique("linkonly")}@example.com`;
  await form.locator("#invite-email").fill(linkOnly);
  await form.getByTestId("invite-delivery-link").check();
  await expect(form.locator("button[type=submit]")).toHaveText(en("sending.invite.submitLink"));
  await form.locator("button[type=submit]").click();
  await expect(admin.getByTestId("invite-result")).toHaveAttribute("data-emailed", "false");
  await expect(admin.getByTestId("invite-result")).toContainText(linkOnly);

  // The worker sends both emails through the queue; they arrive in the dev mailbox, each in its language.
  const mailboxRow = (address: string) => admin.getByTestId("dev-mailbox").getByRole("row").filter({ hasText: address });
  await expect(async () => {
    await admin.goto("/dev/mailbox");
    await expect(mailboxRow(plain)).toHaveCount(1, { timeout: 1000 });
    await expect(mailboxRow(english)).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  await expect(mailboxRow(plain)).toContainText(zh("email.subject", { brand }));
  await expect(mailboxRow(english)).toContainText(en("email.subject", { brand }));
  await expect(mailboxRow(linkOnly)).toHaveCount(0);
  await mailboxRow(plain).getByRole("link").click();
  await expect(admin.getByTestId("mail-text")).toContainText(new URL(link).pathname);
  await expect(admin.frameLocator("[data-testid=mail-html]").getByText("尊敬的王小明：")).toBeVisible();

  // The zh-CN email's link, opened in an English browser, shows the survey in Chinese, with the switch to English.
  const respondent = await (await browser.newContext({ locale: "en-US" })).newPage();
  await respondent.goto(link);
  await expect(respondent.locator("html")).toHaveAttribute("lang", "zh-CN");
  const toEnglish = respondent.locator("nav.r-langs a[lang=en]");
  await expect(toEnglish).toBeVisible();
  await toEnglish.click();
  await expect(respondent.locator("html")).toHaveAttribute("lang", "en");
  await respondent.context().close();
  await admin.context().close();
});

test("cases list: viewers see their scope; search, case numbers, paging, bulk assign and close; loop lists in pages", async ({ browser }) => {
  test.setTimeout(180_000);
  const organizationId = await demoOrganizationId();

  // --- a viewer: every case in scope, read-only ----------------------------------------------------------------
  const viewer = await signedIn(browser, "viewer@demo-bank.example", "zh-CN");
  await viewer.goto("/cases");
  await expect(viewer.getByTestId("cases-tab-all")).toHaveAttribute("aria-current", "page");
  await expect(viewer.getByTestId("cases-viewer-note")).toHaveText(zh("caseList.viewerNote"));
  await expect(viewer.getByTestId("case-link").first()).toBeVisible();
  await expect(viewer.getByTestId("case-select")).toHaveCount(0);
  await viewer.context().close();

  // --- a manager: paging with counts ----------------------------------------------------------------------------
  const [{ total } = { total: 0 }] = await queryE2eDatabase<{ total: number }>(`SELECT count(*)::int AS total FROM "Case" WHERE "organizationId" = $1::uuid`, [organizationId]);
  expect(total, "the demo data has more than one page of cases").toBeGreaterThan(25);
  const manager = await signedIn(browser, "manager@demo-bank.example", "en-US");
  await manager.goto("/cases?view=all");
  await expect(manager.getByTestId("case-link")).toHaveCount(25);
  await expect(manager.getByTestId("cases-pager-summary")).toHaveText(en("pager.summary", { from: 1, to: 25, total: total.toLocaleString("en-US") }));
  await manager.screenshot({ path: screenshotPath("cases-list-en.png"), fullPage: true });
  const firstPage = await manager.getByTestId("case-link").evaluateAll((links) => links.map((a) => a.getAttribute("data-case-id")));
  await manager.getByTestId("cases-pager-next").click();
  await manager.waitForURL(/page=2/);
  await expect(manager.getByTestId("cases-pager")).toHaveAttribute("data-page", "2");
  const secondPage = await manager.getByTestId("case-link").evaluateAll((links) => links.map((a) => a.getAttribute("data-case-id")));
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);

  // --- search by a comment that several open cases share, and by case number --------------------------------------
  // A comment of an open case that 2–20 cases' comments contain (the search matches parts of comments).
  const [shared] = await queryE2eDatabase<{ comment: string; ids: string[] }>(
    `WITH candidates AS (
       SELECT DISTINCT r."comment" FROM "Case" c JOIN "Response" r ON r."organizationId" = c."organizationId" AND r."id" = c."responseId"
       WHERE c."organizationId" = $1::uuid AND c."status" = 'OPEN' AND length(r."comment") > 3)
     SELECT k."comment", array_agg(c."id"::text ORDER BY c."id") AS ids FROM candidates k
     JOIN "Response" r ON r."organizationId" = $1::uuid AND strpos(lower(r."comment"), lower(k."comment")) > 0
     JOIN "Case" c ON c."organizationId" = r."organizationId" AND c."responseId" = r."id"
     GROUP BY k."comment" HAVING count(*) BETWEEN 2 AND 20 ORDER BY count(*), k."comment" LIMIT 1`,
    [organizationId],
  );
  if (!shared) throw new Error("the demo data has open cases sharing a comment");
  await manager.goto("/cases?view=all");
  await manager.getByTestId("cases-search").fill(shared.comment);
  await manager.getByTestId("cases-apply").click();
  await manager.waitForURL(/q=/);
  const found = await manager.getByTestId("case-link").evaluateAll((links) => links.map((a) => a.getAttribute("data-case-id")));
  expect(found.sort()).toEqual([...shared.ids].sort());
  const one = shared.ids[0] ?? "";
  await manager.getByTestId("cases-search").fill(caseRef(one));
  await manager.getByTestId("cases-apply").click();
  await expect(manager.getByTestId("case-ref").filter({ hasText: caseRef(one) })).toHaveCount(1);

  // --- bulk: assign the shared-comment cases to the manager, then close them with a root cause ----------------------
  await manager.goto(`/cases?view=all&q=${encodeURIComponent(shared.comment)}`);
  await manager.getByTestId("case-select-page").check();
  await expect(manager.getByTestId("case-bulk-count")).toHaveText(en("caseList.bulk.selected", { count: shared.ids.length }));
  await manager.getByTestId("case-bulk-action").selectOption("assign");
  await manager.getByTestId("case-bulk-owner").selectOption({ label: "陈静 Chen Jing" });
  await manager.getByTestId("case-bulk-apply").click();
  await expect(manager.getByTestId("case-bulk-done")).toBeVisible();
  await expect(manager.getByTestId("case-owner").filter({ hasText: "陈静 Chen Jing" })).toHaveCount(shared.ids.length);
  await manager.screenshot({ path: screenshotPath("cases-bulk-en.png"), fullPage: true });

  await manager.getByTestId("case-select-page").check();
  await manager.getByTestId("case-bulk-action").selectOption("close");
  await manager.getByTestId("case-bulk-apply").click();
  await expect(manager.getByTestId("case-bulk-error")).toHaveText(en("caseList.bulk.error.rootCause"));
  await manager.getByTestId("case-select-page").check();
  await manager.getByTestId("case-bulk-action").selectOption("close");
  await manager.getByTestId("case-bulk-root-cause").selectOption({ index: 1 });
  await manager.getByTestId("case-bulk-apply").click();
  await expect(manager.getByTestId("case-status").filter({ hasText: en("cases.status.CLOSED") })).toHaveCount(shared.ids.length);
  const closed = await queryE2eDatabase<{ status: string }>(`SELECT "status"::text FROM "Case" WHERE "id" = ANY($1::uuid[])`, [shared.ids]);
  expect(closed.map((row) => row.status)).toEqual(shared.ids.map(() => "CLOSED"));

  // --- the loop lists: 25 a page ----------------------------------------------------------------------------------
  await manager.goto("/cases/loop");
  const promoters = manager.getByTestId("loop-table-promoters").locator("tbody tr");
  const pager = manager.getByTestId("loop-pager-promoters");
  await expect(pager).toBeVisible();
  const pages = Number(await pager.getAttribute("data-pages"));
  expect(pages, "the demo data has more than one page of promoters").toBeGreaterThan(1);
  await expect(promoters).toHaveCount(25);
  const height = await manager.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThan(10_000);
  await manager.getByTestId("loop-pager-promoters-next").click();
  await manager.waitForURL(/promotersPage=2/);
  await expect(manager.getByTestId("loop-pager-promoters")).toHaveAttribute("data-page", "2");
  await expect(promoters.first()).toBeVisible();
  await manager.screenshot({ path: screenshotPath("loop-page2-en.png"), fullPage: true });
  await manager.context().close();

  // --- screenshots: zh-CN desktop and both languages at 390 px -------------------------------------------------------
  for (const locale of ["zh-CN", "en-US"] as const) {
    const context = await browser.newContext({ locale, viewport: PHONE });
    const phone = await context.newPage();
    await signIn(phone, "manager@demo-bank.example");
    await phone.goto("/cases?view=all");
    await expect(phone.getByTestId("cases-table")).toBeVisible();
    await phone.screenshot({ path: screenshotPath(`cases-list-phone-${locale}.png`), fullPage: true });
    if (locale === "zh-CN") {
      await phone.setViewportSize({ width: 1280, height: 900 });
      await phone.goto("/cases?view=all");
      await phone.screenshot({ path: screenshotPath("cases-list-zh-CN.png"), fullPage: true });
    }
    await context.close();
  }
});

test("a campaign shows its audience size and a sample, asks for confirmation, and reads 'sent' once every mail went", async ({ browser }) => {
  test.setTimeout(180_000);
  const organizationId = await demoOrganizationId();
  const batch = unique("confirm");
  const addContact = (local: string, name: string, locale: string | null) =>
    queryE2eDatabase(
      `INSERT INTO "Contact" ("id", "organizationId", "email", "name", "locale", "attributes", "createdAt", "updatedAt")
       VALUES (gen_random_uuid(), $1::uuid, $2, $3, $4, $5::jsonb, now(), now())`,
      [organizationId, `${local}@${batch}.example`, name, locale, JSON.stringify({ batch })],
    );
  await addContact("wang", "王小明", null);
  await addContact("li", "李华", "zh-CN");
  await addContact("amy", "Amy", "en");

  const fill = async (page: Page) => {
    await page.goto("/campaigns/new");
    const form = page.getByTestId("campaign-form");
    await form.locator("#name").fill(`Campaign ${batch}`);
    await form.locator("#surveyId").selectOption({ label: "2026 客户关系 NPS · Relationship NPS" });
    await form.locator("input[name=audienceKind][value=filter]").check();
    await form.locator("#attributeKey").fill("batch");
    await form.locator("#attributeValues").fill(batch);
    await page.getByTestId("send-campaign").click();
    return page.getByTestId("campaign-confirm");
  };

  // zh-CN: review, confirm — nothing is sent before the confirmation.
  const admin = await signedIn(browser, ADMIN_EMAIL, "zh-CN");
  const confirm = await fill(admin);
  await expect(confirm).toBeVisible();
  await expect(confirm.getByTestId("confirm-audience")).toHaveText(zh("campaigns.confirm.audience", { count: 3 }));
  await expect(confirm.getByTestId("confirm-recipients")).toHaveText(zh("campaigns.confirm.recipients", { count: 3 }));
  await expect(confirm.getByTestId("confirm-sample").locator("li")).toHaveCount(3);
  await expect(confirm.getByTestId("confirm-sample")).toContainText(`amy@${batch}.example`);
  const before = await queryE2eDatabase<{ n: number }>(`SELECT count(*)::int AS n FROM "Campaign" WHERE "name" = $1`, [`Campaign ${batch}`]);
  expect(before[0]?.n).toBe(0);
  await admin.screenshot({ path: screenshotPath("campaign-confirm-zh-CN.png"), fullPage: true });

  // The audience grows before the confirmation: the new figures are shown and must be confirmed again.
  await addContact("zhao", "赵六", null);
  await confirm.getByTestId("confirm-campaign").click();
  await expect(admin.getByRole("alert").filter({ hasText: zh("campaigns.confirm.changed") })).toBeVisible();
  await expect(admin.getByTestId("confirm-recipients")).toHaveText(zh("campaigns.confirm.recipients", { count: 4 }));
  await expect(admin.getByTestId("confirm-campaign")).toHaveText(zh("campaigns.confirm.send", { count: 4 }));
  await admin.getByTestId("confirm-campaign").click();
  await admin.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await expect(admin.locator("[data-testid=funnel-sent] dd")).toHaveAttribute("data-value", "4", { timeout: 90_000 });
  // Every mail went: the campaign reads "sent" (the page refreshes itself while it is sending).
  await expect(admin.getByRole("heading", { level: 1 }).locator("xpath=..")).toContainText(zh("campaigns.status.SENT"), { timeout: 20_000 });
  await admin.goto("/campaigns");
  await expect(admin.getByTestId("campaigns").locator("tbody tr").filter({ hasText: `Campaign ${batch}` })).toContainText(zh("campaigns.status.SENT"));
  await admin.context().close();

  // en, desktop and phone: the confirmation (not sent).
  for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
    const context = await browser.newContext({ locale: "en-US", viewport });
    const page = await context.newPage();
    await signIn(page, ADMIN_EMAIL);
    const panel = await fill(page);
    await expect(panel.getByTestId("confirm-audience")).toHaveText(en("campaigns.confirm.audience", { count: 4 }));
    await page.screenshot({ path: screenshotPath(`campaign-confirm-en-${viewport.width}.png`), fullPage: true });
    await context.close();
  }
  const phoneZh = await browser.newContext({ locale: "zh-CN", viewport: PHONE });
  const phonePage = await phoneZh.newPage();
  await signIn(phonePage, ADMIN_EMAIL);
  await fill(phonePage);
  await phonePage.screenshot({ path: screenshotPath("campaign-confirm-zh-CN-390.png"), fullPage: true });
  await phoneZh.close();
});

test("the import page keeps polling after a failed status poll and shows the report", async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await signedIn(browser, ADMIN_EMAIL, "zh-CN");
  const tag = unique("poll");
  const lines = ["email,name"];
  for (let i = 0; i < 20_000; i += 1) lines.push(`${tag}-${i}@example.com,客户${i}`);
  let failed = 0;
  await page.route("**/contacts/import/*/status", async (route) => {
    if (failed < 2) {
      failed += 1;
      await route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "busy" } }) });
      return;
    }
    await route.continue();
  });
  await page.goto("/contacts/import");
  await page.locator("#import-file").setInputFiles({ name: "contacts.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\r\n"), "utf-8") });
  await page.getByTestId("import-upload-form").locator("button[type=submit]:enabled").click();
  await expect(page.getByTestId("import-mapping")).toBeVisible({ timeout: 60_000 });
  await page.getByTestId("import-start").click();
  await page.waitForURL(/\/contacts\/import\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-to-contacts")).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId("import-status")).toHaveText(zh("contacts.import.status.DONE"));
  await expect(page.getByTestId("import-created")).toHaveText((20_000).toLocaleString("zh-CN"));
  const [{ n } = { n: 0 }] = await queryE2eDatabase<{ n: number }>(`SELECT count(*)::int AS n FROM "Contact" WHERE "email" LIKE $1`, [`${tag}-%`]);
  expect(n).toBe(20_000);
  // The import page polled (the import was still running when it loaded) and went on after the failed polls.
  expect(failed).toBe(2);
  await page.context().close();
});
