/**
 * Accessibility: no serious or critical axe-core findings (WCAG 2 A/AA rules, colour contrast included) on the
 * dashboard, the survey builder, the respondent page, the cases list and a case page, in English and Chinese.
 * axe-core runs inside the page (injected by @axe-core/playwright): nothing is fetched from the network.
 */
import { expect, test } from "@playwright/test";
import type { Locale } from "../../src/i18n/locales";
import { ADMIN_EMAIL, queryE2eDatabase, seriousAxeFindings, signIn, type AxeFinding } from "./helpers";

async function demoIds() {
  const [kase] = await queryE2eDatabase<{ id: string }>(
    `SELECT c.id FROM "Case" c JOIN "Organization" o ON o.id = c."organizationId" WHERE o.slug = 'demo-bank' ORDER BY c."createdAt" DESC LIMIT 1`,
  );
  const [survey] = await queryE2eDatabase<{ id: string }>(
    `SELECT s.id FROM "Survey" s JOIN "Organization" o ON o.id = s."organizationId" WHERE o.slug = 'demo-bank' AND s.status = 'ACTIVE' ORDER BY s."createdAt" LIMIT 1`,
  );
  // An invitation nobody answered yet: looking at its page records nothing.
  const [invitation] = await queryE2eDatabase<{ token: string }>(
    `SELECT i.token FROM "Invitation" i JOIN "Survey" s ON s."organizationId" = i."organizationId" AND s.id = i."surveyId"
     JOIN "Organization" o ON o.id = i."organizationId"
     WHERE o.slug = 'demo-bank' AND s.status = 'ACTIVE' AND i."respondedAt" IS NULL ORDER BY i."createdAt" DESC LIMIT 1`,
  );
  if (!kase || !survey || !invitation) throw new Error("the demo organisation lacks a case, an active survey or an open invitation");
  return { caseId: kase.id, surveyId: survey.id, token: invitation.token };
}

for (const locale of ["en", "zh-CN"] as const satisfies readonly Locale[]) {
  test(`no serious or critical axe findings (${locale}): dashboard, builder, respondent page, cases, case page`, async ({ browser }) => {
    test.setTimeout(240_000);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
    const page = await context.newPage();
    await signIn(page, ADMIN_EMAIL);
    const { caseId, surveyId, token } = await demoIds();
    const pages = [
      ["dashboard", "/dashboard"],
      ["builder", `/surveys/${surveyId}/edit`],
      ["respondent page", `/s/${token}?lang=${locale}`],
      ["cases", "/cases"],
      ["case page", `/cases/${caseId}`],
    ] as const;
    const found: Record<string, AxeFinding[]> = {};
    for (const [name, path] of pages) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      await expect(page.locator("h1, legend").first()).toBeVisible();
      const findings = await seriousAxeFindings(page);
      if (findings.length) found[name] = findings;
    }
    expect(found, JSON.stringify(found, null, 2)).toEqual({});
    await context.close();
  });
}
