/**
 * Survey authoring, end to end: an admin builds a transactional survey with a per-category follow-up and
 * two driver questions in zh-CN and en, previews it in both languages, publishes it; one customer answers
 * in zh-CN on a phone, another with JavaScript disabled; both responses land with their answers; once
 * responses exist the scale and question types cannot change (the UI locks them and the server refuses).
 */
import { devices, expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { createDraftSurvey, e2eDatabaseUrl, en, inviteContact, publishSurvey, readN, screenshotPath, signIn, unique, zh } from "./helpers";

const BRAND = "示例保险 Demo Insurance";

test.describe.configure({ mode: "serial" });

let surveyId = "";
const links: string[] = [];

async function fillBoth(page: Page, testId: string, zhText: string, enText: string) {
  await page.getByTestId(`${testId}-zh-CN`).fill(zhText);
  await page.getByTestId(`${testId}-en`).fill(enText);
}

test("an admin builds a transactional survey in both languages, previews it and publishes it", async ({ page }) => {
  await signIn(page, "admin@demo-bank.example");
  surveyId = await createDraftSurvey(page, {
    name: unique("理赔回访 Claims"),
    brandName: BRAND,
    kind: "TRANSACTIONAL",
    touchpoint: "理赔结案 claim settlement",
    defaultLocale: "zh-CN",
  });

  // A draft is not open to respondents yet.
  await page.goto(`/surveys/${surveyId}`);
  await expect(page.getByTestId("survey-lifecycle")).toHaveAttribute("data-status", "DRAFT");
  await expect(page.getByTestId("invite-form")).toHaveCount(0);
  await page.getByTestId("edit-survey").click();
  await page.waitForURL(/\/edit$/);

  // Conditional follow-up: the detractors' wording, in both languages.
  await fillBoth(page, "followup-detractor", "哪里让您失望了？请告诉我们理赔中的问题。", "What went wrong with your claim?");
  await fillBoth(page, "followup-promoter", "您最满意理赔的哪一点？", "What did you like most about your claim?");

  // Two driver questions: a required CES statement and a single choice.
  await page.getByTestId("add-type").selectOption("CES");
  await page.getByTestId("add-question").click();
  await fillBoth(page, "text-ces_1", "{brand}让理赔变得很轻松。", "{brand} made settling my claim easy.");
  await page.getByTestId("required-ces_1").check();
  await page.getByTestId("add-type").selectOption("SINGLE_CHOICE");
  await page.getByTestId("add-question").click();
  await fillBoth(page, "text-single_choice_1", "您是通过什么渠道报案的？", "How did you report the claim?");
  await fillBoth(page, "option-single_choice_1-a", "手机 App", "Mobile app");
  await fillBoth(page, "option-single_choice_1-b", "电话", "Phone");
  await expect(page.getByTestId("missing-translations")).toHaveCount(0);
  await page.getByTestId("save-survey").click();
  await expect(page.getByTestId("save-notice")).toHaveText(en("builder.saved", { version: 1 }));
  await page.screenshot({ path: screenshotPath("builder.png"), fullPage: true });

  // Preview exactly as respondents see it: English first, then the driver step in Chinese.
  const frame = page.frameLocator("[data-testid=preview-frame]");
  await page.getByTestId("preview-en").click();
  await expect(frame.locator("legend").first()).toHaveText(`How likely are you to recommend ${BRAND} to a friend or colleague?`);
  await expect(frame.locator(".r-preview")).toHaveText(en("respond.preview.banner"));
  await page.getByTestId("preview-zh-CN").click();
  await page.getByTestId("preview-step").selectOption("drivers");
  await expect(frame.getByTestId("drivers-form")).toContainText(`${BRAND}让理赔变得很轻松。`);
  await expect(frame.getByTestId("drivers-form")).toContainText("手机 App");

  await publishSurvey(page, surveyId);
  links.push(await inviteContact(page, { email: `${unique("phone")}@example.com`, name: "王芳", locale: "zh-CN" }));
  links.push(await inviteContact(page, { email: `${unique("nojs")}@example.com`, name: "Sam NoScript", locale: "en" }));
});

test("a customer answers in zh-CN on a phone: score, follow-up worded for detractors, then the drivers", async ({ browser }) => {
  const context = await browser.newContext({ ...devices["Pixel 7"], locale: "zh-CN" });
  const phone = await context.newPage();
  await phone.goto(`${links[0]}?score=3`);
  await expect(phone.locator("input[name=score][value='3']")).toBeChecked();
  // The follow-up is worded for the chosen category (CSS), not the general wording.
  await expect(phone.locator("label[for=comment] .r-fu-detractor")).toBeVisible();
  await expect(phone.locator("label[for=comment] .r-fu-detractor")).toHaveText("哪里让您失望了？请告诉我们理赔中的问题。");
  await expect(phone.locator("label[for=comment] .r-fu-any")).toBeHidden();
  await expect(phone.getByText(zh("respond.step", { step: 1, total: 2 }))).toBeVisible();
  await phone.screenshot({ path: screenshotPath("authoring-phone-step1.png"), fullPage: true });
  await phone.locator("#comment").fill("审核等了两周，太慢了。");
  // She agrees to be contacted, so the thank-you may promise a follow-up (issue 12: only with consent).
  await phone.locator("input[name=consent]").check();
  await phone.getByRole("button", { name: zh("respond.next") }).tap();

  // Step 2: skipping the required question shows the problem at the question; nothing is lost.
  await expect(phone.getByTestId("drivers-form")).toBeVisible();
  await phone.locator("label.r-option").filter({ hasText: "电话" }).tap();
  await phone.evaluate(() => document.querySelectorAll("[required]").forEach((el) => el.removeAttribute("required")));
  await phone.getByRole("button", { name: zh("respond.drivers.submit") }).tap();
  await expect(phone.getByTestId("answer-errors")).toBeVisible();
  await expect(phone.locator("#q-ces_1 .r-err")).toHaveText(zh("respond.error.required"));
  await expect(phone.locator("input[name=q_single_choice_1][value=b]")).toBeChecked();
  await phone.screenshot({ path: screenshotPath("authoring-phone-step2-error.png"), fullPage: true });

  await phone.locator("#q-ces_1 label.r-score").filter({ hasText: /^2$/ }).tap();
  await phone.getByRole("button", { name: zh("respond.drivers.submit") }).tap();
  const thanks = phone.getByTestId("thanks");
  await expect(thanks).toHaveAttribute("data-category", "DETRACTOR");
  await expect(thanks).toContainText(zh("respondent.thanks.DETRACTOR", { brand: BRAND }));
  await phone.screenshot({ path: screenshotPath("authoring-phone-thanks.png"), fullPage: true });
  await context.close();
});

test("another customer answers with JavaScript disabled", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US", viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();
  await page.goto(links[1] ?? "");
  await expect(page.locator("main")).toHaveAttribute("lang", "en");
  await expect(page.locator("label[for=comment] .r-fu-any")).toBeVisible();
  await page.locator("label.r-score").filter({ hasText: /^9$/ }).click();
  // Even without JavaScript the follow-up switches to the promoters' wording.
  await expect(page.locator("label[for=comment] .r-fu-promoter")).toBeVisible();
  await expect(page.locator("label[for=comment] .r-fu-promoter")).toHaveText("What did you like most about your claim?");
  await page.locator("#comment").fill("Paid within three days.");
  await page.getByRole("button", { name: en("respond.next") }).click();
  await expect(page.getByTestId("drivers-form")).toBeVisible();
  await page.locator("#q-ces_1 label.r-score").filter({ hasText: /^7$/ }).click();
  await page.locator("label.r-option").filter({ hasText: "Mobile app" }).click();
  await page.getByRole("button", { name: en("respond.drivers.submit") }).click();
  await expect(page.getByTestId("thanks")).toHaveAttribute("data-category", "PROMOTER");
  await context.close();
});

test("both responses land, complete, with their answers", async ({ page }) => {
  await signIn(page, "admin@demo-bank.example");
  await page.goto(`/surveys/${surveyId}`);
  expect(await readN(page)).toBe(2);
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ score: number; comment: string; locale: string; completed: boolean; answers: Record<string, unknown> }>(
      `SELECT r.score, r.comment, r.locale, r.completed,
              jsonb_object_agg(q.key, a.value) AS answers
         FROM "Response" r JOIN "Answer" a ON a."responseId" = r.id JOIN "Question" q ON q.id = a."questionId"
        WHERE r."surveyId" = $1 GROUP BY r."organizationId", r.id ORDER BY r.score`,
      [surveyId],
    );
    expect(rows).toEqual([
      { score: 3, comment: "审核等了两周，太慢了。", locale: "zh-CN", completed: true, answers: { nps: 3, reason: "审核等了两周，太慢了。", ces_1: 2, single_choice_1: "b" } },
      { score: 9, comment: "Paid within three days.", locale: "en", completed: true, answers: { nps: 9, reason: "Paid within three days.", ces_1: 7, single_choice_1: "a" } },
    ]);
  } finally {
    await client.end();
  }
});

test("once responses exist the scale and question types are locked; wording edits are versioned", async ({ page }) => {
  await signIn(page, "admin@demo-bank.example");
  await page.goto(`/surveys/${surveyId}/edit`);
  await expect(page.getByTestId("locked-notice")).toBeVisible();
  await expect(page.getByTestId("remove-ces_1")).toBeDisabled();
  await expect(page.getByTestId("survey-kind")).toBeDisabled();

  // The server refuses a changed scale even if the UI is bypassed.
  const current = await page.request.get(`/surveys/${surveyId}/content`);
  expect(current.status()).toBe(200);
  const { content } = (await current.json()) as { content: { questions: { key: string; type: string; settings: unknown }[] } };
  const retyped = { ...content, questions: content.questions.map((q) => (q.key === "ces_1" ? { ...q, type: "RATING", settings: { lowLabel: {}, highLabel: {} } } : q)) };
  const refused = await page.request.put(`/surveys/${surveyId}/content`, { data: retyped, headers: { "content-type": "application/json" } });
  expect(refused.status()).toBe(409);
  const body = (await refused.json()) as { error: { code: string; violations: { key: string; reason: string }[] } };
  expect(body.error.code).toBe("survey_locked");
  expect(body.error.violations).toEqual([{ key: "ces_1", reason: "type_changed" }]);
  const npsChanged = { ...content, questions: content.questions.map((q) => (q.key === "nps" ? { ...q, type: "RATING", settings: { lowLabel: {}, highLabel: {} } } : q)) };
  const refusedNps = await page.request.put(`/surveys/${surveyId}/content`, { data: npsChanged, headers: { "content-type": "application/json" } });
  expect(refusedNps.status()).toBe(422);

  // A wording fix is allowed and becomes version 2.
  await page.getByTestId("text-ces_1-en").fill("{brand} made settling my claim simple.");
  await page.getByTestId("save-survey").click();
  await expect(page.getByTestId("save-notice")).toHaveText(en("builder.saved", { version: 2 }));
  await page.goto(`/surveys/${surveyId}`);
  await expect(page.getByTestId("survey-lifecycle")).toContainText(en("survey.lifecycle.version", { version: 2 }));
});

test("a branch counter's QR link collects anonymous answers tagged with the branch", async ({ page, browser }) => {
  await signIn(page, "admin@demo-bank.example");
  await page.goto(`/surveys/${surveyId}/links`);
  const name = unique("柜台 QR");
  await page.locator("#link-name").fill(name);
  await page.locator("#link-channel").selectOption("QR");
  await page.locator("#link-attribute-key").fill("branch");
  await page.locator("#link-attribute-value").fill("浦东支行");
  await page.getByTestId("create-link-form").getByRole("button", { name: en("links.create") }).click();
  const row = page.getByTestId("survey-links").locator("tbody tr").filter({ hasText: name });
  const url = ((await row.getByTestId("link-url").textContent()) ?? "").trim();
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);

  // Two different visitors at the counter, no login, no personal link; a double submit counts once.
  for (const score of [10, 6]) {
    const context = await browser.newContext({ ...devices["Pixel 7"], locale: "zh-CN" });
    const visitor = await context.newPage();
    await visitor.goto(url);
    const key = await visitor.locator("input[name=key]").getAttribute("value");
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await visitor.locator("label.r-score").filter({ hasText: new RegExp(`^${score}$`) }).tap();
    await visitor.getByRole("button", { name: zh("respond.next") }).tap();
    await expect(visitor.getByTestId("drivers-form")).toBeVisible();
    if (score === 6) {
      // The same form posted again (a double submit without JavaScript): its one-time key finds the first
      // response, which continues at step 2; nothing new is recorded.
      const again = await visitor.request.post(`${url}/answer`, { form: { score: "6", locale: "zh-CN", key: key ?? "" }, maxRedirects: 0 });
      expect(again.status()).toBe(303);
      expect(again.headers()["location"]).toContain(`r=${key}`);
    }
    await visitor.locator("#q-ces_1 label.r-score").filter({ hasText: /^4$/ }).tap();
    await visitor.getByRole("button", { name: zh("respond.drivers.submit") }).tap();
    const thanks = visitor.getByTestId("thanks");
    await expect(thanks).toHaveAttribute("data-category", score === 10 ? "PROMOTER" : "DETRACTOR");
    // Anonymous detractors are not promised a follow-up nobody could make.
    if (score === 6) await expect(thanks).toContainText(zh("respond.thanks.DETRACTOR.noFollowUp", { brand: BRAND }));
    await context.close();
  }

  await page.reload();
  await expect(page.getByTestId("survey-links").locator("tbody tr").filter({ hasText: name }).getByTestId("link-responses")).toHaveText("2");
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ score: number; channel: string; attributes: unknown; contact: string | null; completed: boolean }>(
      `SELECT r.score, r.channel, r.attributes, r."contactId" AS contact, r.completed FROM "Response" r
         JOIN "SurveyLink" l ON l.id = r."surveyLinkId" WHERE l.name = $1 ORDER BY r.score`,
      [name],
    );
    expect(rows).toEqual([
      { score: 6, channel: "QR", attributes: { branch: "浦东支行" }, contact: null, completed: true },
      { score: 10, channel: "QR", attributes: { branch: "浦东支行" }, contact: null, completed: true },
    ]);
  } finally {
    await client.end();
  }
});
