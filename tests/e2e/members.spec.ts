/**
 * Issue 16 on the demo server: a user with two memberships switches organisation in the header (the choice is
 * kept in the session and re-checked), password reset by email (read in the dev mailbox), and members settings
 * refused to non-admins.
 */
import { expect, test, type Browser } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../src/lib/demo-accounts";
import { ADMIN_EMAIL, en, queryE2eDatabase, screenshotPath, signIn, unique, zh } from "./helpers";

async function newPage(browser: Browser, locale: "en-US" | "zh-CN", width: number) {
  const context = await browser.newContext({ locale, viewport: { width, height: width < 500 ? 844 : 900 } });
  return context.newPage();
}

/** A user who signs in with the demo password (its hash copied from a demo account), member of the demo organisation. */
async function demoOrgUser(email: string, name: string, role: string): Promise<{ userId: string; demoOrgId: string }> {
  const [user] = await queryE2eDatabase<{ id: string }>(
    `INSERT INTO "User" ("id", "email", "name", "passwordHash", "locale", "updatedAt")
     SELECT gen_random_uuid(), $1, $2, "passwordHash", 'en', now() FROM "User" WHERE "email" = $3 RETURNING "id"`,
    [email, name, DEMO_ACCOUNTS[3].email],
  );
  const [org] = await queryE2eDatabase<{ id: string }>(`SELECT "id" FROM "Organization" WHERE "slug" = 'demo-bank'`);
  if (!user || !org) throw new Error("demo data missing");
  await queryE2eDatabase(
    `INSERT INTO "Membership" ("id", "organizationId", "userId", "role", "createdAt") VALUES (gen_random_uuid(), $1, $2, $3::"Role", now() - interval '1 day')`,
    [org.id, user.id, role],
  );
  return { userId: user.id, demoOrgId: org.id };
}

test("a consultant with two memberships switches organisation in the header, and back", async ({ browser }) => {
  test.setTimeout(120_000);
  const email = `${unique("consultant")}@advisors.example`;
  const { userId } = await demoOrgUser(email, "周咨询 Zhou", "VIEWER");
  const otherName = `${unique("Huaxin")} 华信银行`;
  const [other] = await queryE2eDatabase<{ id: string }>(
    `INSERT INTO "Organization" ("id", "name", "slug", "updatedAt") VALUES (gen_random_uuid(), $1, $2, now()) RETURNING "id"`,
    [otherName, unique("huaxin")],
  );
  await queryE2eDatabase(`INSERT INTO "Membership" ("id", "organizationId", "userId", "role") VALUES (gen_random_uuid(), $1, $2, 'ADMIN')`, [other?.id, userId]);

  const page = await newPage(browser, "en-US", 1280);
  await signIn(page, email);
  const switcher = page.getByTestId("organization-switcher");
  await expect(switcher.locator("option")).toHaveCount(2);
  await expect(page.getByTestId("signed-in-as")).toContainText(en("role.VIEWER"));
  await page.screenshot({ path: screenshotPath("org-switch-en-desktop.png") });

  await switcher.selectOption({ label: otherName });
  await expect(page.getByTestId("signed-in-as")).toContainText(en("role.ADMIN"), { timeout: 20_000 });
  await expect(switcher).toHaveValue(other?.id ?? "");
  // As an admin there: Settings is theirs; reloading keeps the choice (it lives in the session).
  await page.goto("/settings/members");
  await expect(page.getByTestId("members-table")).toContainText(email);
  await page.reload();
  await expect(page.getByTestId("organization-switcher")).toHaveValue(other?.id ?? "");

  // Membership there removed: the switched session is refused at the next request.
  await queryE2eDatabase(`UPDATE "Membership" SET "deactivatedAt" = now() WHERE "organizationId" = $1 AND "userId" = $2`, [other?.id, userId]);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login/);
  await queryE2eDatabase(`UPDATE "Membership" SET "deactivatedAt" = NULL WHERE "organizationId" = $1 AND "userId" = $2`, [other?.id, userId]);

  // zh-CN phone: switch back to the demo bank from the header.
  const phone = await newPage(browser, "zh-CN", 390);
  await signIn(phone, email);
  await phone.getByTestId("organization-switcher").selectOption({ label: otherName });
  await phone.getByTestId("menu-button").click();
  await expect(phone.getByTestId("menu-panel")).toContainText(zh("role.ADMIN"), { timeout: 20_000 });
  await phone.screenshot({ path: screenshotPath("org-switch-zh-phone.png"), fullPage: true });
  await phone.getByTestId("organization-switcher").selectOption({ index: 0 });
  await phone.getByTestId("menu-button").click();
  await expect(phone.getByTestId("menu-panel")).toContainText(zh("role.VIEWER"), { timeout: 20_000 });
  await phone.context().close();
  await page.context().close();
});

test("password reset by email: the same answer for unknown addresses, a single-use link, then sign-in with the new password", async ({ browser }) => {
  test.setTimeout(120_000);
  const email = `${unique("reset")}@demo-bank.example`;
  await demoOrgUser(email, "Reset Person", "VIEWER");
  const page = await newPage(browser, "en-US", 1280);
  await page.goto("/login");
  await page.getByTestId("forgot-password").click();
  await expect(page).toHaveURL(/\/reset-password$/);
  await page.locator("#email").fill(`nobody-${unique()}@demo-bank.example`);
  await page.getByRole("button", { name: en("accounts.reset.send") }).click();
  await expect(page.getByTestId("reset-request-result")).toHaveText(en("accounts.reset.sent"));
  await page.reload();
  await page.locator("#email").fill(email);
  await page.getByRole("button", { name: en("accounts.reset.send") }).click();
  await expect(page.getByTestId("reset-request-result")).toHaveText(en("accounts.reset.sent"));
  await page.screenshot({ path: screenshotPath("reset-request-en-desktop.png") });

  const admin = await newPage(browser, "en-US", 1280);
  await signIn(admin, ADMIN_EMAIL);
  await admin.goto("/dev/mailbox");
  const row = admin.getByTestId("dev-mailbox").getByRole("row").filter({ hasText: email });
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await expect(row).toContainText(en("accounts.email.resetSubject"));
  await row.getByRole("link").first().click();
  const link = /(http:\/\/localhost:\d+\/reset-password\/\S+)/.exec(await admin.getByTestId("mail-text").innerText())?.[1];
  expect(link).toBeTruthy();
  await admin.context().close();

  const phone = await newPage(browser, "zh-CN", 390);
  await phone.goto(link ?? "");
  await expect(phone.getByRole("heading", { name: zh("accounts.reset.title") })).toBeVisible();
  await phone.locator("#password").fill("short");
  await phone.getByRole("button", { name: zh("accounts.reset.submit") }).click();
  await expect(phone.getByText(zh("accounts.password.too_short"))).toBeVisible();
  await phone.screenshot({ path: screenshotPath("reset-password-zh-phone.png"), fullPage: true });
  await phone.locator("#password").fill("bright-orchard-58");
  await phone.getByRole("button", { name: zh("accounts.reset.submit") }).click();
  await expect(phone.getByTestId("reset-done")).toHaveText(zh("accounts.reset.done"));
  await phone.goto(link ?? "");
  await expect(phone.getByTestId("reset-invalid")).toBeVisible();
  await phone.context().close();

  await signIn(page, email, "bright-orchard-58");
  await page.context().close();
});

test("members settings are for admins and owners only", async ({ browser }) => {
  const page = await newPage(browser, "en-US", 1280);
  await signIn(page, DEMO_ACCOUNTS[2].email);
  expect((await page.request.get("/settings/members")).status()).toBe(404);
  await page.context().close();
  const admin = await newPage(browser, "en-US", 1280);
  await signIn(admin, ADMIN_EMAIL);
  await admin.goto("/settings/members");
  await expect(admin.getByTestId("settings-tabs").getByRole("link", { name: en("accounts.members.nav") })).toBeVisible();
  await expect(admin.getByTestId("members-table")).toContainText(DEMO_ACCOUNTS[0].email);
  await admin.context().close();
});
