/**
 * A viewer scoped to one branch (the demo's viewer.lujiazui@demo-bank.example, 上海陆家嘴支行)
 * sees that branch's figures only: the dashboard's headline counts equal the branch subtree's raw rows in the
 * database, its segments hold the branch alone, the survey list counts its responses, and the pages about the
 * whole organisation (contacts, campaigns) are neither linked nor reachable. The admin still sees everything.
 */
import { expect, test } from "@playwright/test";
import { ADMIN_EMAIL, en, queryE2eDatabase, readHeadlineCounts, screenshotPath, signIn, zh } from "./helpers";

test.use({ locale: "en-US" });

const SCOPED_VIEWER = "viewer.lujiazui@demo-bank.example";
const BRANCH = "上海陆家嘴支行";

const sql = queryE2eDatabase;

type Counts = { n: number; promoters: number; passives: number; detractors: number };

/** Counted answers of the demo organisation, of the branch's subtree (`branchOnly`) or of everyone. */
async function countsFromDatabase(branchOnly: boolean): Promise<Counts> {
  const [row] = await sql<Counts>(
    `WITH RECURSIVE org AS (SELECT "id" FROM "Organization" WHERE "slug" = 'demo-bank'),
     subtree AS (
       SELECT u."id" FROM "OrgUnit" u, org WHERE u."organizationId" = org."id" AND u."code" = 'SH-LJZ'
       UNION SELECT c."id" FROM "OrgUnit" c JOIN subtree s ON c."parentId" = s."id"
     )
     SELECT COUNT(*)::int AS n,
            COUNT(*) FILTER (WHERE r."score" >= 9)::int AS promoters,
            COUNT(*) FILTER (WHERE r."score" BETWEEN 7 AND 8)::int AS passives,
            COUNT(*) FILTER (WHERE r."score" <= 6)::int AS detractors
     FROM "Response" r, org
     WHERE r."organizationId" = org."id" AND NOT r."excluded" AND r."score" IS NOT NULL
       AND ($1::boolean IS FALSE OR r."unitId" IN (SELECT "id" FROM subtree))`,
    [branchOnly],
  );
  if (!row) throw new Error("no counts");
  return row;
}

test("a branch-scoped viewer sees their branch's figures only, and not the organisation's people", async ({ page, browser }) => {
  await signIn(page, SCOPED_VIEWER);
  await page.goto("/dashboard?range=all&groupBy=attribute:branch");
  const shown = await readHeadlineCounts(page);
  const branch = await countsFromDatabase(true);
  expect(branch.n).toBeGreaterThan(0);
  expect({ n: shown.n, promoters: shown.promoters, passives: shown.passives, detractors: shown.detractors }).toEqual(branch);

  // Segments by branch: this branch alone; the header says whose figures these are.
  const keys = await page.getByTestId("segments").getByTestId("segment-key").allInnerTexts();
  expect(keys.map((k) => k.trim())).toEqual([BRANCH]);
  await expect(page.getByTestId("signed-in-as")).toContainText(BRANCH);
  await page.screenshot({ path: screenshotPath("scoped-dashboard.png"), fullPage: true });

  // The filter offers this branch's values only.
  const filterText = await page.locator("form").first().innerText();
  expect(filterText).not.toContain("北京国贸支行");

  // Whole-organisation pages: not in the nav, 404 when typed.
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: en("nav.dashboard") })).toBeVisible();
  await expect(nav.getByRole("link", { name: en("nav.contacts") })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: en("nav.campaigns") })).toHaveCount(0);
  expect((await page.goto("/contacts"))?.status()).toBe(404);
  expect((await page.goto("/campaigns"))?.status()).toBe(404);

  // The survey list counts the branch's responses only (all surveys together = the branch's total).
  await page.goto("/surveys");
  const [{ total } = { total: -1 }] = await sql<{ total: number }>(
    `WITH RECURSIVE subtree AS (
       SELECT u."id" FROM "OrgUnit" u JOIN "Organization" o ON o."id" = u."organizationId" WHERE o."slug" = 'demo-bank' AND u."code" = 'SH-LJZ'
       UNION SELECT c."id" FROM "OrgUnit" c JOIN subtree s ON c."parentId" = s."id"
     )
     SELECT COUNT(*)::int AS total FROM "Response" r WHERE NOT r."excluded" AND r."unitId" IN (SELECT "id" FROM subtree)`,
  );
  const cells = await page.getByTestId("survey-responses").allInnerTexts();
  expect(cells.length).toBeGreaterThan(0);
  expect(cells.reduce((sum, text) => sum + Number(text.replace(/[,\s]/g, "")), 0)).toBe(total);

  // The same in Chinese: the header names the branch beside the role.
  const zhContext = await browser.newContext({ locale: "zh-CN" });
  const zhPage = await zhContext.newPage();
  await signIn(zhPage, SCOPED_VIEWER);
  await zhPage.goto("/dashboard?range=all&groupBy=attribute:branch");
  await expect(zhPage.getByTestId("signed-in-as")).toContainText(zh("nav.roleInUnit", { role: zh("role.VIEWER"), unit: BRANCH }));
  expect((await readHeadlineCounts(zhPage)).n).toBe(branch.n);
  await zhPage.screenshot({ path: screenshotPath("scoped-dashboard-zh.png"), fullPage: false });
  await zhContext.close();

  // The admin reads the whole organisation.
  const context = await browser.newContext({ locale: "en-US" });
  const admin = await context.newPage();
  await signIn(admin, ADMIN_EMAIL);
  await admin.goto("/dashboard?range=all");
  const everyone = await countsFromDatabase(false);
  expect((await readHeadlineCounts(admin)).n).toBe(everyone.n);
  expect(everyone.n).toBeGreaterThan(branch.n);
  await context.close();
});
