/**
 * The respondent's answer when the database is briefly unavailable (issue 11): the form post gets a 503 retry
 * page keeping the score and comment; with JavaScript it sends them again by itself after Retry-After, without
 * it a "send again" button does; either way the answer is stored exactly once. The database is made
 * unavailable for real: connections to it are refused and the app's sessions terminated.
 */
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { e2eDatabaseUrl, en, queryE2eDatabase } from "./helpers";

function adminUrl(): string {
  const url = new URL(e2eDatabaseUrl());
  url.pathname = "/postgres";
  return url.toString();
}

/** Refuses (or allows again) every connection to the app's database; refusing also ends the open ones. */
async function setDatabaseAvailable(available: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE nps_e2e ALLOW_CONNECTIONS ${available ? "true" : "false"}`);
    if (!available) await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'nps_e2e' AND pid <> pg_backend_pid()`);
  } finally {
    await client.end();
  }
}

/** An unanswered personal link of an open survey without driver questions (the demo seed has them). */
async function freshToken(): Promise<string> {
  const rows = await queryE2eDatabase<{ token: string }>(
    `SELECT i.token FROM "Invitation" i JOIN "Survey" s ON s.id = i."surveyId"
     WHERE i."respondedAt" IS NULL AND s.status = 'ACTIVE'
       AND NOT EXISTS (SELECT 1 FROM "Question" q WHERE q."surveyId" = s.id AND q.type <> 'NPS' AND q.key <> 'reason')
       AND NOT EXISTS (SELECT 1 FROM "Response" r WHERE r."invitationId" = i.id)
     ORDER BY i."createdAt" DESC LIMIT 1 OFFSET floor(random() * 20)::int`,
  );
  const token = rows[0]?.token;
  if (!token) throw new Error("no unanswered invitation in the demo data");
  return token;
}

async function storedFor(token: string) {
  return queryE2eDatabase<{ score: number; comment: string | null }>(
    `SELECT r.score, r.comment FROM "Response" r JOIN "Invitation" i ON i.id = r."invitationId" WHERE i.token = $1`,
    [token],
  );
}

async function answerWhileDown(page: Page, token: string, comment: string) {
  await page.goto(`/s/${token}?lang=en`);
  await page.locator("label.r-score", { hasText: /^3$/ }).click();
  await page.locator("#comment").fill(comment);
  await setDatabaseAvailable(false);
  try {
    await page.locator("button[type=submit]").click();
    await expect(page.getByTestId("retry-form")).toBeVisible();
  } catch (error) {
    await setDatabaseAvailable(true);
    throw error;
  }
  await expect(page.locator("h1")).toHaveText(en("respond.retry.title"));
  await expect(page.locator('input[name="score"][value="3"]')).toBeChecked();
  await expect(page.locator("#comment")).toHaveValue(comment);
}

test.afterEach(async () => {
  await setDatabaseAvailable(true);
});

test("with JavaScript, the retry page sends the kept answer again by itself, stored once", async ({ page }) => {
  const token = await freshToken();
  const comment = "网点排队太久 — queue too long";
  let status = 0;
  page.on("response", (response) => {
    if (response.url().endsWith("/answer") && status === 0) status = response.status();
  });
  await answerWhileDown(page, token, comment);
  expect(status).toBe(503);
  await expect(page.locator("[data-retry-auto]")).toBeVisible();

  await setDatabaseAvailable(true);
  // Retry-After is 2–4 s; the page counts down and posts again, then shows the thank-you.
  await expect(page.getByTestId("thanks")).toBeVisible({ timeout: 30_000 });
  expect(await storedFor(token)).toEqual([{ score: 3, comment }]);
});

test("without JavaScript, the retry page's button sends the kept answer again, stored once", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-CN" });
  const page = await context.newPage();
  const token = await freshToken();
  const comment = "柜员态度好，但是系统太慢";
  await answerWhileDown(page, token, comment);
  await expect(page.locator("[data-retry-auto]")).toBeHidden();
  await setDatabaseAvailable(true);
  await page.getByRole("button", { name: en("respond.retry.button") }).click();
  await expect(page.getByTestId("thanks")).toBeVisible();
  expect(await storedFor(token)).toEqual([{ score: 3, comment }]);
  await context.close();
});
