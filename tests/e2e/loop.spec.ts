/**
 * The walking skeleton: an admin creates a survey and a personal link, a customer answers it without an
 * account, and the answer shows up — with the right NPS, CI and counts — on the survey page and the dashboard.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { npsFromScores } from "../../src/lib/nps";
import {
  ADMIN_EMAIL,
  createSurvey,
  en,
  expectHeadline,
  invitationRow,
  inviteContact,
  signIn,
  unique,
  zh,
} from "./helpers";

test.use({ locale: "en-US" });

const BRAND = "演示银行";

/** Opens a personal link in a brand-new browser context: no cookies, no session. */
async function openAsRespondent(browser: Browser, link: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto(link);
  return { page, close: () => context.close() };
}

async function expectSurveyFigures(admin: Page, surveyId: string, scores: number[]) {
  const stats = npsFromScores(scores);
  await admin.goto(`/surveys/${surveyId}`);
  await expectHeadline(admin, stats, "en");
  await admin.goto(`/dashboard?survey=${surveyId}`);
  // The survey filter (a checkbox in the filter bar) shows this survey as the one selected.
  await expect(admin.getByTestId("filter-bar").locator(`input[name=survey][value="${surveyId}"]`)).toBeChecked();
  await expectHeadline(admin, stats, "en");
}

test("admin creates a survey, a customer answers the personal link, the dashboard shows it", async ({ page: admin, browser }) => {
  // The whole loop (survey, three respondents, figures after each, campaign funnel): more than a minute on a busy machine.
  test.setTimeout(180_000);
  await signIn(admin, ADMIN_EMAIL);
  const surveyName = unique("Loop NPS");
  const surveyId = await createSurvey(admin, { name: surveyName, brandName: BRAND, defaultLocale: "zh-CN" });
  await expect(admin.getByTestId("no-responses")).toBeVisible();

  // --- first contact: Chinese name, zh-CN ---------------------------------------------------------------
  const first = { email: `${unique("wei")}@example.com`, name: "张伟", locale: "zh-CN" as const };
  const firstLink = await inviteContact(admin, first);
  await expect(invitationRow(admin, first.email)).toContainText(first.name);
  await expect(invitationRow(admin, first.email).locator("td").nth(1)).toHaveText(en("survey.invitations.pending"));

  // The contact exists with its name and language.
  await admin.goto("/contacts");
  const contactRow = admin.locator("tbody tr").filter({ hasText: first.email });
  await expect(contactRow).toContainText(first.name);
  await expect(contactRow).toContainText("zh-CN");

  // --- the customer answers (fresh context, no session) -----------------------------------------------------
  const respondent = await openAsRespondent(browser, firstLink);
  const r = respondent.page;
  await expect(r.locator("main")).toHaveAttribute("lang", "zh-CN");
  await expect(r.locator("legend")).toHaveText(zh("respondent.question", { brand: BRAND }));
  await expect(r.getByRole("button", { name: zh("respondent.submit") })).toBeVisible();
  // Pick 3 by clicking the visible digit (the radio itself is visually hidden).
  await r.locator("label").filter({ hasText: /^3$/ }).click();
  await expect(r.locator("input[name=score][value='3']")).toBeChecked();
  await r.locator("#comment").fill("柜台排队太久了。The queue at the counter was far too long.");
  // The customer agrees to be contacted: only then is a follow-up promised (issue 12).
  await r.locator("input[name=consent]").check();
  await r.getByRole("button", { name: zh("respondent.submit") }).click();

  await r.waitForURL(/\/s\/[^/?]+\?.*done=1/);
  expect(new URL(r.url()).searchParams.get("lang")).toBe("zh-CN");
  const thanks = r.getByTestId("thanks");
  await expect(thanks).toContainText(zh("respondent.thanks.title"));
  await expect(thanks).toContainText(zh("respondent.thanks.DETRACTOR", { brand: BRAND }));
  // Switching language on the thank-you page keeps the thank-you page.
  await r.getByRole("link", { name: "English" }).click();
  await expect(r.getByTestId("thanks")).toContainText(en("respondent.thanks.DETRACTOR", { brand: BRAND }));

  // The link is single-use: a later visit says so and shows no form.
  await r.goto(firstLink);
  await expect(r.getByTestId("already-answered")).toContainText(zh("respondent.already.title"));
  await expect(r.locator("input[name=score]")).toHaveCount(0);
  await respondent.close();

  // --- back in the admin's browser --------------------------------------------------------------------------
  await expectSurveyFigures(admin, surveyId, [3]);
  await admin.goto(`/surveys/${surveyId}`);
  await expect(admin.getByTestId("count-detractors").getByTestId("share")).toHaveText("100%");
  // One answer is below the suppression threshold: the figure is greyed and the page says why.
  await expect(admin.getByTestId("low-n")).toHaveText(en("dashboard.fewerThan", { suppressN: 5, minN: 30 }));
  await expect(invitationRow(admin, first.email).locator("td").nth(1)).toHaveText(en("survey.invitations.responded"));

  // --- two more customers: 10 the ordinary way, 9 through a one-click link ----------------------------------
  const second = { email: `${unique("li")}@example.com`, name: "李娜", locale: "zh-CN" as const };
  const third = { email: `${unique("smith")}@example.com`, name: "Jane Smith", locale: "en" as const };
  const secondLink = await inviteContact(admin, second);
  const thirdLink = await inviteContact(admin, third);
  expect(thirdLink).not.toBe(secondLink);

  const answer10 = await openAsRespondent(browser, secondLink);
  await answer10.page.locator("label").filter({ hasText: /^10$/ }).click();
  await answer10.page.getByRole("button", { name: zh("respondent.submit") }).click();
  await expect(answer10.page.getByTestId("thanks")).toContainText(zh("respondent.thanks.PROMOTER", { brand: BRAND }));
  await answer10.close();
  await expectSurveyFigures(admin, surveyId, [3, 10]);

  // One-click link from the email: opening it preselects 9 and records nothing (mail scanners prefetch links).
  const oneClick = await openAsRespondent(browser, `${thirdLink}?score=9`);
  const o = oneClick.page;
  await expect(o.locator("main")).toHaveAttribute("lang", "en");
  await expect(o.locator("legend")).toHaveText(en("respondent.question", { brand: BRAND }));
  await expect(o.getByRole("radio", { name: "9", exact: true })).toBeChecked();
  await expect(o.locator("input[name=score]:checked")).toHaveCount(1);

  await expectSurveyFigures(admin, surveyId, [3, 10]);
  await admin.goto(`/surveys/${surveyId}`);
  await expect(invitationRow(admin, third.email).locator("td").nth(1)).toHaveText(en("survey.invitations.pending"));

  await o.getByRole("button", { name: en("respondent.submit") }).click();
  await expect(o.getByTestId("thanks")).toContainText(en("respondent.thanks.PROMOTER", { brand: BRAND }));
  expect(new URL(o.url()).searchParams.get("lang")).toBe("en");
  await oneClick.close();

  await expectSurveyFigures(admin, surveyId, [3, 9, 10]);
  await admin.goto(`/surveys/${surveyId}`);
  for (const contact of [first, second, third]) {
    await expect(invitationRow(admin, contact.email).locator("td").nth(1)).toHaveText(en("survey.invitations.responded"));
  }
});
