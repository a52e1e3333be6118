/**
 * The respondent page as customers meet it: on a phone, in Chinese, with JavaScript off; by keyboard only;
 * plus the screenshots reviewed by a human (test-results/screenshots/).
 */
import { expect, test, devices, type Page } from "@playwright/test";
import { npsFromScores } from "../../src/lib/nps";
import {
  ADMIN_EMAIL,
  createSurvey,
  en,
  expectHeadline,
  expectNoHorizontalOverflow,
  inviteContact,
  screenshotPath,
  signIn,
  unique,
  zh,
} from "./helpers";

test.use({ locale: "en-US" });

const BRAND = "示例银行";
const iPhone = devices["iPhone 13"];

/** A fresh survey with one personal link per given contact, created by the admin in `page`. */
async function surveyWithLinks(page: Page, contacts: { name: string; locale: "zh-CN" | "en" | "" }[], defaultLocale: "zh-CN" | "en" = "zh-CN") {
  await signIn(page, ADMIN_EMAIL);
  const surveyId = await createSurvey(page, { name: unique("Respondent"), brandName: BRAND, defaultLocale });
  const links: string[] = [];
  for (const contact of contacts) {
    links.push(await inviteContact(page, { email: `${unique("resp")}@example.com`, name: contact.name, locale: contact.locale }));
  }
  return { surveyId, links };
}

test("on a phone, in Chinese, with JavaScript off, the answer still lands", async ({ page: admin, browser }) => {
  // Survey default English, the contact (so the invitation) Chinese, the phone's browser English: the invitation's
  // language decides, as its email was written in it (issue 12).
  const { surveyId, links } = await surveyWithLinks(admin, [{ name: "陈晨", locale: "zh-CN" }], "en");
  const link = links[0] ?? "";

  const context = await browser.newContext({
    viewport: iPhone.viewport,
    deviceScaleFactor: iPhone.deviceScaleFactor,
    isMobile: iPhone.isMobile,
    hasTouch: iPhone.hasTouch,
    userAgent: iPhone.userAgent,
    locale: "en-US",
    javaScriptEnabled: false,
  });
  const phone = await context.newPage();
  await phone.goto(link);
  await expect(phone.locator("main")).toHaveAttribute("lang", "zh-CN");
  await expect(phone.locator("legend")).toHaveText(zh("respondent.question", { brand: BRAND }));
  await expect(phone.getByText(`0 · ${zh("respondent.notLikely")}`)).toBeVisible();
  await expect(phone.getByText(`${zh("respondent.extremelyLikely")} · 10`)).toBeVisible();
  // Before a score is chosen the follow-up shows its general wording (the per-category ones are hidden by CSS).
  await expect(phone.locator("label[for=comment] .r-fu-any")).toHaveText(zh("respondent.commentLabel"));
  await expect(phone.locator("label[for=comment] .r-fu-any")).toBeVisible();
  await expect(phone.locator("label[for=comment] .r-fu-passive")).toBeHidden();
  await expectNoHorizontalOverflow(phone);

  // Touch targets: every score is at least 44 × 44 CSS pixels and inside the screen.
  const viewportWidth = iPhone.viewport.width;
  for (let score = 0; score <= 10; score++) {
    const box = await phone.locator("label").filter({ hasText: new RegExp(`^${score}$`) }).boundingBox();
    expect(box, `score ${score} is laid out`).not.toBeNull();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(viewportWidth);
  }

  await phone.locator("label").filter({ hasText: /^8$/ }).tap();
  await expect(phone.locator("input[name=score][value='8']")).toBeChecked();
  await phone.locator("#comment").fill("手机上填写很方便。Easy on the phone.");
  await phone.screenshot({ path: screenshotPath("respondent-zh-mobile.png"), fullPage: true });

  await phone.getByRole("button", { name: zh("respondent.submit") }).tap();
  await phone.waitForURL(/done=1/);
  const thanks = phone.getByTestId("thanks");
  await expect(thanks).toContainText(zh("respondent.thanks.title"));
  await expect(thanks).toContainText(zh("respondent.thanks.PASSIVE", { brand: BRAND }));
  await expectNoHorizontalOverflow(phone);
  await phone.screenshot({ path: screenshotPath("respondent-thanks.png"), fullPage: true });
  await context.close();

  await admin.goto(`/surveys/${surveyId}`);
  await expectHeadline(admin, npsFromScores([8]), "en");
});

test("the score radios have accessible names and work with the keyboard alone", async ({ page: admin, browser }) => {
  const { surveyId, links } = await surveyWithLinks(admin, [{ name: "Alex Keyboard", locale: "en" }]);
  const link = links[0] ?? "";

  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${link}?lang=en`);
  await expect(page.locator("main")).toHaveAttribute("lang", "en");
  const question = en("respondent.question", { brand: BRAND });
  await page.screenshot({ path: screenshotPath("respondent-en-desktop.png"), fullPage: true });

  // A named group of eleven named radios.
  const group = page.getByRole("group", { name: question });
  await expect(group).toBeVisible();
  const radios = group.getByRole("radio");
  await expect(radios).toHaveCount(11);
  for (let score = 0; score <= 10; score++) {
    const name =
      score === 0
        ? `0 – ${en("respondent.notLikely")}`
        : score === 10
          ? `10 – ${en("respondent.extremelyLikely")}`
          : String(score);
    await expect(radios.nth(score)).toHaveAccessibleName(name);
    await expect(radios.nth(score)).toHaveValue(String(score));
  }
  await expect(page.getByRole("textbox", { name: en("respondent.commentLabel") })).toBeVisible();

  // Tab from the top of the page into the radio group.
  let reached = false;
  for (let i = 0; i < 10 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => {
      const el = document.activeElement;
      return el instanceof HTMLInputElement && el.name === "score";
    });
  }
  expect(reached, "Tab reaches the score radios").toBe(true);
  await expect(radios.nth(0)).toBeFocused();
  // The focused score is visibly marked (focus ring on the visible box next to the hidden radio).
  const ring = await radios
    .nth(0)
    .evaluate((input) => (input.nextElementSibling ? getComputedStyle(input.nextElementSibling).boxShadow : "none"));
  expect(ring, "a visible focus indicator").not.toBe("none");

  await page.keyboard.press("Space");
  await expect(radios.nth(0)).toBeChecked();
  for (let i = 0; i < 9; i++) await page.keyboard.press("ArrowRight");
  await expect(radios.nth(9)).toBeChecked();
  await expect(radios.nth(9)).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(radios.nth(8)).toBeChecked();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(radios.nth(10)).toBeChecked();
  await expect(group.locator("input:checked")).toHaveCount(1);

  // Tab on to the comment, the consent box (Space ticks it), then the submit button, and send with Enter.
  await page.keyboard.press("Tab");
  await expect(page.locator("#comment")).toBeFocused();
  await page.keyboard.type("Quick and friendly. 服务很快。");
  await page.keyboard.press("Tab");
  const consent = page.getByRole("checkbox", { name: en("respond.consent", { brand: BRAND }) });
  await expect(consent).toBeFocused();
  await page.keyboard.press("Space");
  await expect(consent).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: en("respondent.submit") })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("thanks")).toContainText(en("respondent.thanks.PROMOTER", { brand: BRAND }));
  await context.close();

  await admin.goto(`/surveys/${surveyId}`);
  await expectHeadline(admin, npsFromScores([10]), "en");
});

test("screenshots of the sign-in page, the dashboard (en, zh-CN) and a survey page", async ({ page, request }) => {
  await page.goto("/login");
  await expect(page.locator("[data-testid=login-form] button[type=submit]:enabled")).toBeVisible();
  await page.screenshot({ path: screenshotPath("login.png"), fullPage: true });

  await signIn(page, ADMIN_EMAIL);
  const surveyId = await createSurvey(page, {
    name: unique("开户体验 Screenshot"),
    brandName: BRAND,
    kind: "TRANSACTIONAL",
    touchpoint: "开户 account opening",
  });
  await expect(page.getByRole("heading", { level: 1 }).locator("xpath=following-sibling::p")).toContainText("开户 account opening");
  const scores = [10, 9, 7, 4];
  const links: string[] = [];
  for (const [i, name] of ["刘洋", "Maria Garcia", "周杰", "Tom Lee", "黄敏"].entries()) {
    links.push(await inviteContact(page, { email: `${unique(`shot${i}`)}@example.com`, name, locale: i % 2 ? "en" : "zh-CN" }));
  }
  for (const [i, score] of scores.entries()) {
    const response = await request.post(`${new URL(links[i] ?? "").pathname}/answer`, { form: { score: String(score) }, maxRedirects: 0 });
    expect(response.status()).toBe(303);
  }
  await page.goto(`/surveys/${surveyId}`);
  await expectHeadline(page, npsFromScores(scores), "en");
  await page.screenshot({ path: screenshotPath("survey-page.png"), fullPage: true });

  await page.goto("/dashboard");
  await expect(page.getByTestId("nps-headline")).toBeVisible();
  await expect(page.locator(".recharts-wrapper").first()).toBeVisible(); // the chart has rendered before the shot
  await page.screenshot({ path: screenshotPath("dashboard-en.png"), fullPage: true });

  await page.getByRole("group", { name: "Language / 语言" }).getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("dashboard.title"));
  await expect(page.getByTestId("nps-headline")).toContainText(zh("dashboard.npsLong"));
  await page.screenshot({ path: screenshotPath("dashboard-zh.png"), fullPage: true });
});
