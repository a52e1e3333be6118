/**
 * The seeded demo organisation: every role signs in and reads a consistent dashboard; sign-in failures,
 * access control and the language switch.
 */
import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../src/lib/demo-accounts";
import { formatNps } from "../../src/lib/format";
import { rawNps } from "../../src/lib/nps";
import { ADMIN_EMAIL, en, readHeadlineCounts, signIn, zh } from "./helpers";

test.use({ locale: "en-US" });

for (const account of DEMO_ACCOUNTS) {
  test(`${account.role} signs in and sees the demo organisation's NPS`, async ({ page }) => {
    await signIn(page, account.email);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("dashboard.title"));
    await expect(page.getByTestId("signed-in-as")).toHaveText(
      en("nav.signedInAs", { name: account.name, role: en(`role.${account.role}`) }),
    );
    await expect(page.getByText("示例银行 Demo Bank", { exact: true })).toBeVisible();

    const shown = await readHeadlineCounts(page);
    expect(shown.n).toBeGreaterThan(0);
    expect(shown.promoters + shown.passives + shown.detractors).toBe(shown.n);
    // The headline must be the NPS of the counts next to it.
    expect(shown.nps).toBe(formatNps(rawNps({ n: shown.n, promoters: shown.promoters, detractors: shown.detractors }), "en"));
  });
}

test("a wrong password shows the error and stays on /login", async ({ page }) => {
  await page.goto("/login");
  await page.locator("#email").fill(ADMIN_EMAIL);
  await page.locator("#password").fill("not-the-password");
  await page.locator("[data-testid=login-form] button[type=submit]:enabled").click();
  // (Next.js also renders an empty role=alert route announcer, so look inside the form.)
  await expect(page.getByTestId("login-form").getByRole("alert")).toHaveText(en("auth.invalid"));
  expect(new URL(page.url()).pathname).toBe("/login");
  // Still signed out: the dashboard sends us back.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login(\?|$)/);
});

test("an unauthenticated visit to /dashboard redirects to /login", async ({ page }) => {
  const response = await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login(\?|$)/);
  expect(response?.ok()).toBe(true);
  await expect(page.getByTestId("login-form")).toBeVisible();
  await expect(page.getByTestId("nps-headline")).toHaveCount(0);
});

test("an admin sees the create-survey form, a viewer does not", async ({ page, browser }) => {
  await signIn(page, ADMIN_EMAIL);
  await page.goto("/surveys");
  await expect(page.getByTestId("create-survey-form")).toBeVisible();

  const viewerContext = await browser.newContext({ locale: "en-US", baseURL: new URL(page.url()).origin });
  const viewer = await viewerContext.newPage();
  await signIn(viewer, "viewer@demo-bank.example");
  await viewer.goto("/surveys");
  await expect(viewer.getByRole("heading", { level: 1 })).toHaveText(en("surveys.title"));
  // The list is there (the two seeded surveys) …
  await expect(viewer.getByRole("link", { name: "开户体验 · Account opening" })).toBeVisible();
  // … but not the form.
  await expect(viewer.getByTestId("create-survey-form")).toHaveCount(0);
  // Nor the invite form on a survey page.
  await viewer.getByRole("link", { name: "开户体验 · Account opening" }).click();
  await viewer.waitForURL(/\/surveys\/[0-9a-f-]{36}$/);
  await expect(viewer.getByRole("heading", { level: 1 })).toHaveText("开户体验 · Account opening");
  await expect(viewer.getByTestId("invite-form")).toHaveCount(0);
  await viewerContext.close();
});

test("the language switch turns the dashboard into Chinese and back", async ({ page }) => {
  await signIn(page, "manager@demo-bank.example");
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText(en("dashboard.title"));
  const switcher = page.getByRole("group", { name: "Language / 语言" });

  await switcher.getByRole("button", { name: "中文" }).click();
  await expect(heading).toHaveText(zh("dashboard.title"));
  await expect(heading).toHaveText("仪表盘");
  await expect(switcher.getByRole("button", { name: "中文" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText(zh("nav.surveys"));
  // The choice is remembered across pages.
  await page.goto("/surveys");
  await expect(heading).toHaveText(zh("surveys.title"));
  await page.goto("/dashboard");
  await expect(heading).toHaveText("仪表盘");

  await switcher.getByRole("button", { name: "English" }).click();
  await expect(heading).toHaveText(en("dashboard.title"));
  await expect(switcher.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
});
