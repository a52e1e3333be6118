/**
 * The closed loop end to end: a detractor answers a personal link, a case opens; the admin finds it, sends the
 * prefilled reply, tries to resolve without a root cause (refused), picks a root cause and resolves it; the
 * case dashboard counts one more resolved case and one more case for that root cause.
 */
import { expect, test, type Page } from "@playwright/test";
import { ADMIN_EMAIL, createSurvey, en, inviteContact, signIn, unique } from "./helpers";

test.use({ locale: "en-US" });

const BRAND = "Demo Bank";

async function dashboardFigures(page: Page, rootCause: string | null): Promise<{ resolved: number; causeCount: number }> {
  await page.goto("/cases/dashboard");
  const resolvedText = (await page.getByTestId("case-dashboard-resolved-value").textContent()) ?? "";
  expect(resolvedText).toMatch(/^\d+$/);
  let causeCount = 0;
  if (rootCause !== null) {
    const row = page.getByTestId("case-dashboard-root-causes").locator("tbody tr").filter({ has: page.getByTestId("root-cause-label").getByText(rootCause, { exact: true }) });
    if ((await row.count()) > 0) causeCount = Number((await row.getByTestId("root-cause-count").textContent()) ?? "");
  }
  return { resolved: Number(resolvedText), causeCount };
}

test("a detractor's case is answered, resolved with a root cause, and counted on the case dashboard", async ({ page: admin, browser }) => {
  await signIn(admin, ADMIN_EMAIL);
  const surveyName = unique("Cases NPS");
  await createSurvey(admin, { name: surveyName, brandName: BRAND, defaultLocale: "en" });
  const customer = { email: `${unique("detractor")}@example.com`, name: "Jane Detractor", locale: "en" as const };
  const link = await inviteContact(admin, customer);

  // --- the customer answers 2 in a fresh browser (no session) ----------------------------------------------
  const context = await browser.newContext({ locale: "en-US" });
  const r = await context.newPage();
  await r.goto(link);
  await r.locator("label").filter({ hasText: /^2$/ }).click();
  await expect(r.locator("input[name=score][value='2']")).toBeChecked();
  const comment = `Nobody called me back (${unique("c")})`;
  await r.locator("#comment").fill(comment);
  // The customer agrees to be contacted: without it no reply may go out (privacy.spec.ts).
  await r.locator("input[name=consent]").check();
  await r.getByRole("button", { name: en("respondent.submit") }).click();
  await r.waitForURL(/\/s\/[^/?]+\?.*done=1/);
  await expect(r.getByTestId("thanks")).toBeVisible();
  await context.close();

  // --- the admin finds the case ---------------------------------------------------------------------------
  await admin.goto("/cases?view=all&status=OPEN");
  const row = admin.getByTestId("cases-table").locator("tbody tr").filter({ hasText: surveyName });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(comment);
  await expect(row.getByTestId("case-link")).toHaveText("2");
  await row.getByTestId("case-link").click();
  await admin.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  await expect(admin.getByTestId("case-score")).toHaveText("2");
  await expect(admin.getByTestId("case-comment")).toHaveText(comment);
  await expect(admin.getByTestId("case-facts")).toHaveAttribute("data-status", "OPEN");

  // The dashboard before resolving, with the root cause that will be picked.
  const caseUrl = admin.url();
  const rootCauseSelect = admin.getByTestId("case-root-cause-form").locator("#rootCauseId");
  const option = rootCauseSelect.locator("option:not([disabled])").first();
  const rootCauseLabel = ((await option.textContent()) ?? "").trim();
  const rootCauseId = (await option.getAttribute("value")) ?? "";
  expect(rootCauseLabel).not.toBe("");
  const before = await dashboardFigures(admin, rootCauseLabel);
  await admin.goto(caseUrl);

  // --- reply to the customer with the prefilled template ------------------------------------------------------
  const reply = admin.getByTestId("case-reply-form");
  await expect(reply.locator("#reply-subject")).not.toHaveValue("");
  await expect(reply.locator("textarea[name=body]")).not.toHaveValue("");
  await reply.getByRole("button", { name: en("cases.reply.submit") }).click();
  await expect(admin.getByTestId("case-reply-form-done")).toHaveText(en("cases.reply.sent"));
  await expect(admin.getByTestId("case-facts")).toHaveAttribute("data-status", "CONTACTED");
  await expect(admin.getByTestId("case-timeline").locator("li[data-kind=REPLY_SENT]")).toHaveCount(1);

  // --- resolving needs a root cause -------------------------------------------------------------------------
  const statusForm = admin.getByTestId("case-status-form");
  await statusForm.locator("#status").selectOption("RESOLVED");
  await statusForm.locator("button[type=submit]").click();
  await expect(admin.getByTestId("case-status-form-error")).toHaveText(en("cases.rootCause.required"));
  await expect(admin.getByTestId("case-facts")).toHaveAttribute("data-status", "CONTACTED");

  await rootCauseSelect.selectOption(rootCauseId);
  await admin.getByTestId("case-root-cause-form").locator("button[type=submit]").click();
  await expect(admin.getByTestId("case-root-cause-form-done")).toBeVisible();

  await statusForm.locator("#status").selectOption("RESOLVED");
  await statusForm.locator("button[type=submit]").click();
  await expect(admin.getByTestId("case-facts")).toHaveAttribute("data-status", "RESOLVED");

  // --- the case dashboard counts it --------------------------------------------------------------------------
  const after = await dashboardFigures(admin, rootCauseLabel);
  expect(after.resolved).toBe(before.resolved + 1);
  expect(after.causeCount).toBe(before.causeCount + 1);
  await expect(admin.getByTestId("root-cause-chart")).toBeVisible();
  await expect(admin.getByTestId("root-cause-chart")).toHaveAttribute("aria-label", new RegExp(rootCauseLabel.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
});

test("the promoter and passive lists render, mark as sent, and export as CSV; bad parameters are a 4xx", async ({ page: admin }) => {
  await signIn(admin, ADMIN_EMAIL);
  await admin.goto("/cases");
  await admin.getByRole("link", { name: en("cases.loopLink") }).click();
  await admin.waitForURL(/\/cases\/loop$/);
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(en("cases.loop.title"));

  // The demo data has consented promoters without their ask sent: mark the first as sent.
  const unsent = admin.getByTestId("loop-table-promoters").getByTestId("loop-mark-sent");
  await expect(unsent.first()).toBeVisible();
  const before = await unsent.count();
  await unsent.first().getByRole("button", { name: en("cases.loop.markSent") }).click();
  await expect(unsent).toHaveCount(before - 1);

  const csv = await admin.request.get("/cases/loop/export?list=promoters&sent=all", { headers: { "accept-language": "en-US" } });
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const body = await csv.text();
  expect(body.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe(
    [en("cases.loop.name"), en("cases.loop.email"), en("cases.loop.score"), en("cases.loop.comment"), en("cases.loop.survey"), en("cases.loop.unit"), en("cases.loop.respondedAt"), en("cases.loop.csv.sentAt")].join(","),
  );
  expect(body).not.toMatch(/(^|\r\n|,)[=+@]/);

  const bad = await admin.request.get("/cases/loop/export?list=detractors", { headers: { "accept-language": "en-US" } });
  expect(bad.status()).toBeGreaterThanOrEqual(400);
  expect(bad.status()).toBeLessThan(500);
});
