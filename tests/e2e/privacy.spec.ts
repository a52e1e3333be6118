/**
 * Consent and personal data end to end (issue 12, PIPL), in real Chromium against the production build:
 * - a detractor who does not tick "may contact me" is not promised contact; their case page explains why no reply
 *   can go out, and the case is still worked (note, status); a consenting detractor is promised contact, the case
 *   page shows the consent as given, and the reply arrives in the mail catcher — and the server refuses the reply
 *   by itself when consent is missing, whatever the page offered;
 * - the "Move to" select offers only the other statuses, starting from a placeholder;
 * - a viewer sees contacts masked and every contact page view is recorded in the audit log.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { brandIn } from "../../src/lib/brand";
import { ADMIN_EMAIL, createSurvey, en, queryE2eDatabase, screenshotPath, signIn, unique, zh } from "./helpers";

test.use({ locale: "en-US" });

const BRAND = "Consent Bank";

type Invited = { email: string; link: string };

/** A contact with a personal link to the survey, written straight into the e2e database (the invite form is not under test here). */
async function invite(surveyId: string, name: string): Promise<Invited> {
  const email = `${unique("consent")}@example.com`.toLowerCase();
  const token = randomBytes(32).toString("base64url");
  await queryE2eDatabase(
    `WITH s AS (SELECT "organizationId" FROM "Survey" WHERE "id" = $1::uuid),
          c AS (INSERT INTO "Contact" ("id", "organizationId", "email", "name", "phone", "locale", "attributes", "updatedAt")
                SELECT gen_random_uuid(), s."organizationId", $2, $3, '13812345678', 'en', '{"region":"华东"}', now() FROM s RETURNING "id", "organizationId")
     INSERT INTO "Invitation" ("id", "organizationId", "surveyId", "contactId", "token", "channel", "locale")
     SELECT gen_random_uuid(), c."organizationId", $1::uuid, c."id", $4, 'LINK', 'en' FROM c`,
    [surveyId, email, name, token],
  );
  return { email, link: `/s/${token}` };
}

/** Answers the personal link as a detractor in a fresh browser (no session) and returns the thank-you text. */
async function answerAsDetractor(browser: Browser, baseURL: string, link: string, consent: boolean): Promise<string> {
  const context = await browser.newContext({ locale: "en-US", baseURL });
  try {
    const page = await context.newPage();
    await page.goto(link);
    await page.locator("label").filter({ hasText: /^2$/ }).click();
    await page.locator("#comment").fill(`Nobody explained the fee (${unique("c")})`);
    const box = page.locator("input[name=consent]");
    await expect(box).not.toBeChecked();
    if (consent) await box.check();
    await page.getByRole("button", { name: en("respondent.submit") }).click();
    await page.waitForURL(/\/s\/[^/?]+\?.*done=1/);
    const thanks = page.getByTestId("thanks");
    await expect(thanks).toBeVisible();
    return (await thanks.locator("p").first().innerText()).trim();
  } finally {
    await context.close();
  }
}

async function caseIdOf(email: string): Promise<string> {
  const rows = await queryE2eDatabase<{ id: string }>(
    `SELECT k."id"::text AS "id" FROM "Case" k
     JOIN "Response" r ON r."organizationId" = k."organizationId" AND r."id" = k."responseId"
     JOIN "Contact" c ON c."organizationId" = r."organizationId" AND c."id" = r."contactId"
     WHERE c."email" = $1`,
    [email],
  );
  expect(rows).toHaveLength(1);
  return rows[0]?.id ?? "";
}

async function mailsTo(email: string): Promise<number> {
  const rows = await queryE2eDatabase<{ n: string }>(`SELECT count(*)::text AS "n" FROM "DevMail" WHERE "to" LIKE $1`, [`%${email}%`]);
  return Number(rows[0]?.n ?? "0");
}

async function setConsent(email: string, consent: boolean): Promise<void> {
  await queryE2eDatabase(
    `UPDATE "Response" r SET "contactConsent" = $2 FROM "Contact" c
     WHERE c."organizationId" = r."organizationId" AND c."id" = r."contactId" AND c."email" = $1`,
    [email, consent],
  );
}

async function sendReply(page: Page): Promise<void> {
  const reply = page.getByTestId("case-reply-form");
  await expect(reply.locator("#reply-subject")).not.toHaveValue("");
  await reply.getByRole("button", { name: en("cases.reply.submit") }).click();
}

test("consent is honoured: no promise and no reply without it, both with it; the Move-to select starts from a placeholder", async ({ page: admin, browser, baseURL }) => {
  test.setTimeout(360_000);
  await signIn(admin, ADMIN_EMAIL);
  const surveyId = await createSurvey(admin, { name: unique("Consent NPS"), brandName: BRAND, defaultLocale: "en" });
  const [survey] = await queryE2eDatabase<{ brandName: string; brandNames: unknown }>(`SELECT "brandName", "brandNames" FROM "Survey" WHERE "id" = $1::uuid`, [surveyId]);
  const brand = brandIn({ brandName: survey?.brandName ?? BRAND, brandNames: survey?.brandNames }, "en");
  const promise = en("respondent.thanks.DETRACTOR", { brand });
  const noPromise = en("respond.thanks.DETRACTOR.noFollowUp", { brand });

  // --- the respondents: one without consent, one with ---------------------------------------------------------
  const refusing = await invite(surveyId, "Wang Refused");
  const agreeing = await invite(surveyId, "Li Agreed");
  expect(await answerAsDetractor(browser, baseURL ?? "", refusing.link, false)).toBe(noPromise);
  expect(await answerAsDetractor(browser, baseURL ?? "", agreeing.link, true)).toBe(promise);

  // --- the case without consent: the page explains, the case is still worked -------------------------------------
  await admin.goto(`/cases/${await caseIdOf(refusing.email)}`);
  await expect(admin.getByTestId("case-consent")).toHaveAttribute("data-consent", "no");
  await expect(admin.getByTestId("case-reply-form")).toHaveCount(0);
  await expect(admin.getByTestId("case-reply-unavailable")).toHaveText(en("privacy.reply.noConsent"));
  await expect(admin.getByTestId("case-reply-unavailable")).toHaveAttribute("data-reason", "no_consent");
  for (const question of await admin.getByTestId("case-response").locator("dt").allInnerTexts()) expect(question).not.toContain("{brand}");

  // The "Move to" select: a placeholder first, never the current status.
  const statusForm = admin.getByTestId("case-status-form");
  const status = statusForm.locator("#status");
  await expect(status).toHaveValue("");
  await expect(status.locator("option:checked")).toHaveText(en("cases.statusForm.placeholder"));
  await expect(status.locator("option[value=OPEN]")).toHaveCount(0);
  await admin.screenshot({ path: screenshotPath("privacy-case-no-consent-en.png"), fullPage: true });

  const note = admin.getByTestId("case-note-form");
  await note.locator("#note-body").fill("Customer did not agree to be contacted; called the branch instead.");
  await note.locator("button[type=submit]").click();
  await expect(admin.getByTestId("case-note-form-done")).toBeVisible();
  await status.selectOption("CONTACTED");
  await statusForm.locator("button[type=submit]").click();
  await expect(admin.getByTestId("case-facts")).toHaveAttribute("data-status", "CONTACTED");
  // After the move the select starts again from the placeholder and offers neither the old nor the new status.
  await expect(status).toHaveValue("");
  await expect(status.locator("option[value=CONTACTED]")).toHaveCount(0);
  expect(await mailsTo(refusing.email)).toBe(0);

  // --- the case with consent: the consent as given, and the server still checks it itself ----------------------
  const agreeingCase = `/cases/${await caseIdOf(agreeing.email)}`;
  await admin.goto(agreeingCase);
  await expect(admin.getByTestId("case-consent")).toHaveAttribute("data-consent", "yes");
  await expect(admin.getByTestId("case-consent")).toContainText(en("respond.consent", { brand }));
  await expect(admin.getByTestId("case-reply-form")).toBeVisible();
  // The consent is withdrawn while the page is open: the server refuses the reply, nothing is sent.
  await setConsent(agreeing.email, false);
  await sendReply(admin);
  await expect(admin.getByTestId("case-reply-form-error")).toHaveText(en("privacy.reply.refused"));
  expect(await mailsTo(agreeing.email)).toBe(0);
  await expect(admin.getByTestId("case-timeline").locator("li[data-kind=REPLY_SENT]")).toHaveCount(0);

  // With consent the reply goes out and arrives.
  await setConsent(agreeing.email, true);
  await admin.goto(agreeingCase);
  await sendReply(admin);
  await expect(admin.getByTestId("case-reply-form-done")).toHaveText(en("cases.reply.sent"));
  await expect(admin.getByTestId("case-timeline").locator("li[data-kind=REPLY_SENT]")).toHaveCount(1);
  await expect.poll(() => mailsTo(agreeing.email), { timeout: 30_000 }).toBe(1);

  // --- the case page on a phone, in Chinese ----------------------------------------------------------------------
  const phone = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 }, baseURL });
  const mobile = await phone.newPage();
  await signIn(mobile, ADMIN_EMAIL);
  await mobile.goto(`/cases/${await caseIdOf(refusing.email)}`);
  await expect(mobile.getByTestId("case-reply-unavailable")).toBeVisible();
  await mobile.screenshot({ path: screenshotPath("privacy-case-no-consent-zh-phone.png"), fullPage: true });
  await phone.close();
});

test("a viewer sees contacts masked, and each contact page view is recorded", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  for (const [locale, t] of [["en-US", en], ["zh-CN", zh]] as const) {
    const context = await browser.newContext({ locale, baseURL });
    const viewer = await context.newPage();
    await signIn(viewer, "viewer@demo-bank.example");
    await viewer.goto("/contacts");
    await expect(viewer.getByTestId("contacts-masked")).toContainText(t("privacy.masked"));
    await expect(viewer.locator("#contact-search")).toHaveCount(0);
    const emails = await viewer.getByTestId("contacts-table").locator("tbody tr td:nth-child(2)").allInnerTexts();
    expect(emails.length).toBeGreaterThan(0);
    for (const email of emails) expect(email === t("common.none") || /^.\*\*\*@\S+$/u.test(email), email).toBe(true);
    await viewer.screenshot({ path: screenshotPath(`privacy-contacts-viewer-${locale}.png`), fullPage: false });

    const before = await queryE2eDatabase<{ n: string }>(
      `SELECT count(*)::text AS "n" FROM "AuditEvent" a JOIN "User" u ON u."id" = a."actorId" WHERE u."email" = 'viewer@demo-bank.example' AND a."action" = 'contact.view'`,
    );
    await viewer.getByTestId("contacts-table").locator("tbody tr a").first().click();
    await viewer.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    const contactId = viewer.url().split("/").pop() ?? "";
    await expect(viewer.getByTestId("contact-fields")).toHaveAttribute("data-personal", "masked");
    await expect(viewer.getByTestId("contact-masked")).toHaveText(t("privacy.masked"));
    await expect(viewer.getByTestId("contact-fields")).not.toContainText(/[A-Za-z0-9._-]{2,}@/);
    await viewer.setViewportSize({ width: 390, height: 844 });
    await viewer.screenshot({ path: screenshotPath(`privacy-contact-viewer-${locale}-phone.png`), fullPage: true });
    const rows = await queryE2eDatabase<{ n: string; target: string | null; personal: string | null }>(
      `SELECT count(*)::text AS "n", max(a."targetId") AS "target", max(a."details"->>'personalData') AS "personal"
       FROM "AuditEvent" a JOIN "User" u ON u."id" = a."actorId"
       WHERE u."email" = 'viewer@demo-bank.example' AND a."action" = 'contact.view' AND a."targetId" = $1`,
      [contactId],
    );
    expect(Number(rows[0]?.n ?? 0)).toBeGreaterThanOrEqual(1);
    expect(rows[0]?.personal).toBe("masked");
    const after = await queryE2eDatabase<{ n: string }>(
      `SELECT count(*)::text AS "n" FROM "AuditEvent" a JOIN "User" u ON u."id" = a."actorId" WHERE u."email" = 'viewer@demo-bank.example' AND a."action" = 'contact.view'`,
    );
    expect(Number(after[0]?.n)).toBe(Number(before[0]?.n) + 1);
    await context.close();
  }

  // An admin sees the same contacts unmasked.
  const context = await browser.newContext({ locale: "en-US", baseURL });
  const admin = await context.newPage();
  await signIn(admin, ADMIN_EMAIL);
  await admin.goto("/contacts");
  await expect(admin.getByTestId("contacts-masked")).toHaveCount(0);
  await expect(admin.locator("#contact-search")).toBeVisible();
  const emails = await admin.getByTestId("contacts-table").locator("tbody tr td:nth-child(2)").allInnerTexts();
  expect(emails.some((email) => /^[^*]+@/.test(email))).toBe(true);
  await context.close();
});
