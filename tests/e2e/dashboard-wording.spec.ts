/**
 * What a newcomer reads on the dashboard and the survey pages: a reversed period is an error (not a silent 90
 * days), filters that match nothing say so, the response rate says which invitations it counts, the surveys
 * list shows each survey's NPS with its n and period, a survey page says which period its NPS covers, and the
 * heavy pages show a skeleton while they load.
 */
import { expect, test } from "@playwright/test";
import type { Locale } from "../../src/i18n/locales";
import { formatNps, formatNumber } from "../../src/lib/format";
import { npsFromScores } from "../../src/lib/nps";
import { ADMIN_EMAIL, queryE2eDatabase, signIn, translatorFor } from "./helpers";

for (const locale of ["en", "zh-CN"] as const satisfies readonly Locale[]) {
  test(`dashboard (${locale}): a from-date after the to-date is an error shown to the user; no match is not 'no responses yet'`, async ({ browser }) => {
    const t = translatorFor(locale);
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await signIn(page, ADMIN_EMAIL);

    await page.goto("/dashboard?range=custom&from=2026-06-30&to=2026-06-01");
    const error = page.getByTestId("range-error");
    await expect(error).toHaveText(t("analytics.error.rangeOrder", { from: "2026-06-30", to: "2026-06-01" }));
    await expect(page.getByTestId("nps-headline")).toHaveCount(0);
    // The typed dates stay in the form to be corrected.
    await expect(page.getByTestId("filter-bar").locator('input[name="from"]')).toHaveValue("2026-06-30");

    await page.goto(`/dashboard?range=all&touchpoint=${encodeURIComponent("no-such-touchpoint")}`);
    await expect(page.getByTestId("no-match")).toBeVisible();
    await expect(page.getByTestId("no-responses")).toHaveCount(0);

    await page.goto("/dashboard?range=12m");
    await expect(page.getByTestId("nps-headline")).toBeVisible();
    await expect(page.getByTestId("response-rate-scope")).toBeVisible();
    await expect(page.getByTestId("response-rate")).toContainText(
      (await page.getByTestId("response-rate-scope").innerText()).trim(),
    );
    expect(await page.getByTestId("response-rate").innerText()).toMatch(locale === "en" ? /QR/ : /二维码/);
    await expect(page.locator("body")).not.toContainText("= <");
    await context.close();
  });
}

test("surveys list: each survey's NPS with its n and period; the survey page says which period its NPS covers", async ({ page }) => {
  const t = translatorFor("en");
  await page.context().setExtraHTTPHeaders({ "Accept-Language": "en-US" });
  await signIn(page, ADMIN_EMAIL);
  const surveys = await queryE2eDatabase<{ id: string; name: string }>(
    `SELECT s.id, s.name FROM "Survey" s JOIN "Organization" o ON o.id = s."organizationId" WHERE o.slug = 'demo-bank' ORDER BY s."createdAt"`,
  );
  await page.goto("/surveys");
  await expect(page.getByRole("columnheader", { name: new RegExp(t("analytics.surveyPeriod.all")) })).toBeVisible();
  for (const survey of surveys.slice(0, 3)) {
    const scores = await queryE2eDatabase<{ score: number }>(
      `SELECT score FROM "Response" WHERE "surveyId" = $1 AND NOT excluded AND score IS NOT NULL`,
      [survey.id],
    );
    const row = page.locator("tbody tr").filter({ has: page.getByRole("link", { name: survey.name, exact: true }) });
    const cell = row.getByTestId("survey-nps");
    if (scores.length === 0) {
      await expect(cell).toHaveText(t("surveys.npsNone"));
      continue;
    }
    const stats = npsFromScores(scores.map((r) => r.score));
    await expect(cell).toContainText(formatNps(stats.nps, "en"));
    await expect(cell).toContainText(t("surveys.npsN", { n: formatNumber(stats.n, "en") }));
  }
  const first = surveys[0];
  if (!first) throw new Error("no demo survey");
  await page.goto(`/surveys/${first.id}`);
  await expect(page.getByTestId("results-period")).toHaveText(t("analytics.surveyPeriod.all"));
});

test("heavy pages show a skeleton while they load", async ({ page }) => {
  // Hold the server's answer for the page itself a moment (not the router's prefetch, which brings the loading
  // state along): the route's loading.tsx shows at once meanwhile.
  await page.route("**/accountability**", async (route) => {
    if (!route.request().headers()["next-router-prefetch"]) await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await signIn(page, ADMIN_EMAIL);
  await page.waitForLoadState("networkidle");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: translatorFor("zh-CN")("nav.accountability") }).or(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: translatorFor("en")("nav.accountability") }),
  ).click();
  await expect(page.getByTestId("page-skeleton")).toBeVisible();
  await page.waitForURL(/\/accountability$/);
  await expect(page.getByTestId("page-skeleton")).toHaveCount(0);
});
