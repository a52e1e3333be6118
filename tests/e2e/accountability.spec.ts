/**
 * Accountability: an admin imports a small hierarchy CSV (GBK, as Excel in China saves it) and sees the tree;
 * the leaderboard ranks branches by the adjusted estimate with the raw NPS beside it; a viewer scoped to one
 * branch (through Settings → Organisation) sees only that branch and its employees.
 */
import iconv from "iconv-lite";
import { expect, test } from "@playwright/test";
import { formatNps } from "../../src/lib/format";
import { rawNps } from "../../src/lib/nps";
import { ADMIN_EMAIL, en, queryE2eDatabase, signIn, unique } from "./helpers";

test.use({ locale: "en-US" });

const P = unique("ACCT").toUpperCase();
const BRANCH_A = `E2E 陆家嘴 ${P}`;
const BRANCH_B = `E2E 西湖 ${P}`;
const VIEWER_EMAIL = `${P.toLowerCase()}.viewer@demo-bank.example`;

const sql = queryE2eDatabase;

test.describe.configure({ mode: "serial" });

test("admin imports a hierarchy CSV and sees the tree with managers", async ({ page }) => {
  const csv = [
    "type,code,name,kind,parent,manager,email,unit",
    `unit,${P}-R,E2E 区域 ${P},REGION,,,,`,
    `unit,${P}-A,${BRANCH_A},BRANCH,${P}-R,manager@demo-bank.example,,`,
    `unit,${P}-B,${BRANCH_B},BRANCH,${P}-R,,,`,
    `unit,${P}-A-T,E2E 柜面组 ${P},TEAM,${P}-A,,,`,
    `unit,${P}-X,孤儿,TEAM,NOPE,,,`,
    `employee,${P}-E1,王小明,,,,wang@example.com,${P}-A-T`,
    `employee,${P}-E2,李小红,,,,,${P}-B`,
  ].join("\r\n");
  await signIn(page, ADMIN_EMAIL);
  await page.goto("/settings/organization");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("org.title"));
  await page.locator("[data-testid=org-import-form] input[type=file]").setInputFiles({ name: "组织架构.csv", mimeType: "text/csv", buffer: iconv.encode(csv, "gbk") });
  await page.getByRole("button", { name: en("org.import.submit") }).click();
  const report = page.getByTestId("org-import-report");
  await expect(report).toContainText(
    en("org.import.done", { unitsCreated: 4, unitsUpdated: 0, employeesCreated: 2, employeesUpdated: 0, skipped: 1 }),
  );
  await expect(report.getByTestId("org-import-issue")).toHaveText(`${en("org.import.row", { row: 6, reason: en("org.reason.unknown_parent") })} (${P}-X)`);

  await page.reload();
  const branchA = page.locator(`[data-testid=org-unit][data-code="${P}-A"]`);
  await expect(branchA).toContainText(BRANCH_A);
  await expect(branchA).toContainText(en("org.manager", { name: "陈静 Chen Jing" }));
  await expect(branchA.locator(`[data-testid=org-unit][data-code="${P}-A-T"]`)).toContainText(en("org.employeesCount", { count: 1 }));
  await expect(page.locator(`[data-testid=org-unit][data-code="${P}-R"] [data-testid=org-unit][data-code="${P}-B"]`)).toBeVisible();
});

test("the leaderboard ranks branches by the adjusted estimate with the raw NPS beside it", async ({ page }) => {
  // What no screen does: credit the demo answers of two real branches to the imported units and employees.
  await sql(
    `UPDATE "Response" r SET "unitId" = u."id", "employeeId" = e."id"
     FROM "OrgUnit" u, "Employee" e, "Organization" o
     WHERE o.slug = 'demo-bank' AND r."organizationId" = o."id" AND u."organizationId" = o."id" AND e."organizationId" = o."id"
       AND ((r.attributes->>'branch' = '上海陆家嘴支行' AND u.code = $1 AND e.code = $2)
         OR (r.attributes->>'branch' = '杭州西湖支行' AND u.code = $3 AND e.code = $4))`,
    [`${P}-A-T`, `${P}-E1`, `${P}-B`, `${P}-E2`],
  );
  // Rows written straight into "Response" by SQL: the bulk-load path rebuilds the dashboard's aggregates (README).
  await sql(`SELECT rebuild_response_aggregates(o."id") FROM "Organization" o WHERE o.slug = 'demo-bank'`);
  const counts = await sql<{ code: string; n: string; promoters: string; detractors: string }>(
    `SELECT u.code, COUNT(*) AS n, COUNT(*) FILTER (WHERE r.score >= 9) AS promoters, COUNT(*) FILTER (WHERE r.score <= 6) AS detractors
     FROM "Response" r JOIN "OrgUnit" u ON u."id" = r."unitId"
     WHERE u.code IN ($1, $2) AND NOT r.excluded AND r.score IS NOT NULL GROUP BY u.code`,
    [`${P}-A-T`, `${P}-B`],
  );
  expect(counts).toHaveLength(2);

  await signIn(page, ADMIN_EMAIL);
  await page.getByRole("link", { name: en("nav.accountability") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("acct.title"));
  await page.locator("select[name=range]").selectOption("all");
  await page.getByRole("button", { name: en("acct.apply") }).click();
  await expect(page).toHaveURL(/range=all/);
  const branches = page.getByTestId("ranking-branch");
  for (const [code, name] of [[`${P}-A-T`, BRANCH_A], [`${P}-B`, BRANCH_B]] as const) {
    const c = counts.find((row) => row.code === code);
    const n = Number(c?.n);
    const row = branches.getByTestId("ranking-row").filter({ has: page.getByTestId("ranking-name").getByText(name, { exact: true }) });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId("ranking-n")).toContainText(String(n));
    await expect(row.getByTestId("ranking-nps")).toHaveText(formatNps(rawNps({ n, promoters: Number(c?.promoters), detractors: Number(c?.detractors) }), "en"));
    await expect(row.getByTestId("ranking-shrunk")).toHaveText(/^[+−]?\d+(\.\d)?$/);
    if (n >= 30) await expect(row.getByTestId("ranking-rank")).toHaveText(/^\d+$/);
  }
  // Ranked rows are in rank order.
  const ranks = (await branches.getByTestId("ranking-rank").allInnerTexts()).filter((text) => /^\d+$/.test(text)).map(Number);
  expect(ranks).toEqual(ranks.map((_, i) => i + 1));
  await expect(page.getByRole("img", { name: new RegExp(en("acct.chart")) })).toBeVisible();
});

test("a viewer scoped to one branch sees only that branch and its employees", async ({ page }) => {
  await sql(
    `WITH u AS (
       INSERT INTO "User" ("id", "email", "name", "passwordHash", "locale", "updatedAt")
       SELECT gen_random_uuid(), $1, 'E2E Branch Viewer', "passwordHash", 'en', now() FROM "User" WHERE email = 'viewer@demo-bank.example'
       RETURNING "id")
     INSERT INTO "Membership" ("id", "organizationId", "userId", "role")
     SELECT gen_random_uuid(), o."id", u."id", 'VIEWER' FROM u, "Organization" o WHERE o.slug = 'demo-bank'`,
    [VIEWER_EMAIL],
  );
  await signIn(page, ADMIN_EMAIL);
  await page.goto("/settings/organization");
  const member = page.getByTestId("org-scopes").locator("tr").filter({ hasText: VIEWER_EMAIL });
  await member.locator("select[name=scopeUnitId]").selectOption({ label: `${BRANCH_A} (${P}-A)` });
  await member.getByRole("button", { name: en("org.scope.save") }).click();
  await page.waitForLoadState("networkidle");
  await page.reload();
  const [{ label } = { label: "" }] = await page
    .getByTestId("org-scopes")
    .locator("tr")
    .filter({ hasText: VIEWER_EMAIL })
    .locator("select[name=scopeUnitId] option:checked")
    .evaluateAll((options) => options.map((o) => ({ label: o.textContent ?? "" })));
  expect(label).toBe(`${BRANCH_A} (${P}-A)`);

  await page.context().clearCookies();
  await signIn(page, VIEWER_EMAIL);
  await page.goto("/accountability?range=all");
  await expect(page.getByTestId("acct-scope")).toHaveText(en("acct.scopedOwn", { unit: BRANCH_A }));
  const names = await page.getByTestId("ranking-name").allInnerTexts();
  expect(names).toContain(BRANCH_A);
  expect(names).toContain("王小明");
  expect(names).not.toContain(BRANCH_B);
  expect(names).not.toContain("李小红");
  expect(names).not.toContain("上海陆家嘴支行");
  await expect(page.getByTestId("ranking-region")).toHaveCount(0);
  const json = await page.request.get("/accountability/data?range=all");
  expect(json.status()).toBe(200);
  const body = await json.text();
  expect(body).toContain(BRANCH_A);
  expect(body).not.toContain(BRANCH_B);
  // Settings stay closed to viewers.
  const settings = await page.goto("/settings/organization");
  expect(settings?.status()).toBe(404);
});
