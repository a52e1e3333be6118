/**
 * The closed loop as the branch owner sees it: a CRM triggers a survey for a customer served by 上海陆家嘴支行
 * (the trigger API with unitCode SH-LJZ, with a key the admin creates in Settings); the customer follows the
 * link in the invitation email and answers 2 with a comment (no session). The branch's manager
 * (branch.lujiazui@demo-bank.example, a MANAGER scoped to the branch, in zh-CN) gets the case: the branch's
 * leaderboard figure counts one more answer with the NPS recomputed; the case is in "my cases"; the reply
 * reaches the customer's mailbox; resolving needs a root cause; the case dashboard counts one more resolved
 * case and one more for that root cause; the case alert email reached the branch manager. A case of another
 * branch (杭州西湖支行) is neither listed nor reachable.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { fillReplyTemplate } from "../../src/lib/case-rules";
import { formatNps } from "../../src/lib/format";
import { rawNps } from "../../src/lib/nps";
import { BRANCH_MANAGER_EMAIL } from "../../prisma/seed-accountability";
import { ADMIN_EMAIL, createSurvey, en, queryE2eDatabase, screenshotPath, signIn, unique, zh } from "./helpers";

test.use({ locale: "en-US" });

const BRAND = "Demo Bank";
const BRANCH_CODE = "SH-LJZ";
const BRANCH_NAME = "上海陆家嘴支行";
const OWNER_NAME = "林晓东 Lin Xiaodong";
const RANGE = "90d";

const sql = queryE2eDatabase;

type BranchFigure = { n: number; promoters: number; passives: number; detractors: number };

type BoardJson = {
  thresholds: { minN: number; suppressN: number };
  units: { code: string; name: string; kind: string; stats: (BranchFigure & { nps: number | null }) | null }[];
};

/** The branch's counts as the leaderboard's JSON gives them to the signed-in member (null when suppressed). */
async function branchJson(page: Page): Promise<{ figure: BranchFigure | null; suppressN: number; codes: string[] }> {
  const response = await page.request.get(`/accountability/data?range=${RANGE}`);
  expect(response.status()).toBe(200);
  const board = (await response.json()) as BoardJson;
  const unit = board.units.find((u) => u.code === BRANCH_CODE);
  expect(unit, `${BRANCH_CODE} is on the branch owner's board`).toBeDefined();
  const stats = unit?.stats ?? null;
  return {
    figure: stats && { n: stats.n, promoters: stats.promoters, passives: stats.passives, detractors: stats.detractors },
    suppressN: board.thresholds.suppressN,
    codes: board.units.map((u) => u.code),
  };
}

/** The branch's row on the leaderboard page (zh-CN): n (without the "too few" badge) and the raw NPS as shown. */
async function branchRow(page: Page): Promise<{ n: number; nps: string }> {
  await page.goto(`/accountability?range=${RANGE}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("acct.title"));
  const row = page.getByTestId("ranking-branch").getByTestId("ranking-row").filter({ has: page.getByTestId("ranking-name").getByText(BRANCH_NAME, { exact: true }) });
  await expect(row).toHaveCount(1);
  const nText = (await row.getByTestId("ranking-n").innerText()).trim();
  const digits = /^[\d,]+/.exec(nText)?.[0] ?? "";
  expect(digits, `"${nText}" starts with n`).not.toBe("");
  return { n: Number(digits.replace(/,/g, "")), nps: (await row.getByTestId("ranking-nps").innerText()).trim() };
}

async function dashboardFigures(page: Page, rootCause: string): Promise<{ resolved: number; causeCount: number }> {
  await page.goto("/cases/dashboard");
  await expect(page.getByTestId("case-dashboard-scope")).toHaveText(zh("cases.dashboard.scopeNote"));
  const resolvedText = ((await page.getByTestId("case-dashboard-resolved-value").textContent()) ?? "").trim();
  expect(resolvedText).toMatch(/^\d+$/);
  const row = page.getByTestId("case-dashboard-root-causes").locator("tbody tr").filter({ has: page.getByTestId("root-cause-label").getByText(rootCause, { exact: true }) });
  const causeCount = (await row.count()) > 0 ? Number(((await row.getByTestId("root-cause-count").textContent()) ?? "").trim()) : 0;
  return { resolved: Number(resolvedText), causeCount };
}

/** A customer answers a personal link in a fresh browser (no session) and sees the thank-you page. */
async function answer(browser: Browser, link: string, score: number, comment?: string, consent = false): Promise<void> {
  const context = await browser.newContext({ locale: "en-US" });
  try {
    const page = await context.newPage();
    await page.goto(link);
    await page.locator("label").filter({ hasText: new RegExp(`^${score}$`) }).click();
    await expect(page.locator(`input[name=score][value='${score}']`)).toBeChecked();
    if (comment) await page.locator("#comment").fill(comment);
    if (consent) await page.locator("input[name=consent]").check();
    await page.getByRole("button", { name: en("respondent.submit") }).click();
    await page.waitForURL(/\/s\/[^/?]+\?.*done=1/);
    await expect(page.getByTestId("thanks")).toBeVisible();
  } finally {
    await context.close();
  }
}

test("the branch owner works a detractor's case of their branch from the leaderboard to the case dashboard", async ({ page: admin, browser, request }) => {
  test.setTimeout(240_000);

  // --- the branch owner signs in (zh-CN) and the board says what the figure needs to be shown ---------------
  const ownerContext = await browser.newContext({ locale: "zh-CN" });
  const owner = await ownerContext.newPage();
  await signIn(owner, BRANCH_MANAGER_EMAIL);
  await expect(owner.getByTestId("signed-in-as")).toContainText(OWNER_NAME);
  await expect(owner.getByTestId("signed-in-as")).toContainText(zh("role.MANAGER"));
  const { suppressN, codes } = await branchJson(owner);
  // Scoped to the branch: its teams, not the region above or another branch.
  expect(codes).toContain(BRANCH_CODE);
  expect(codes).not.toContain("HZ-XH");
  expect(codes).not.toContain("EAST");

  // --- the admin: a transactional survey and an API key for the CRM -----------------------------------------
  await signIn(admin, ADMIN_EMAIL);
  const surveyName = unique("Branch NPS");
  const surveyId = await createSurvey(admin, { name: surveyName, brandName: BRAND, kind: "TRANSACTIONAL", touchpoint: "Account opening", defaultLocale: "en" });
  await admin.goto("/settings/api-keys");
  const keyForm = admin.getByTestId("create-api-key-form");
  await keyForm.locator("#api-key-name").fill(unique("Branch CRM"));
  // Triggering invitations needs campaigns:write (new keys read only by default).
  await keyForm.getByRole("combobox", { name: en("apiScopes.resource.campaigns") }).selectOption("write");
  await keyForm.getByRole("button", { name: en("apiKeys.create") }).click();
  const key = await admin.getByTestId("new-api-key").getByTestId("new-api-key-value").inputValue();
  expect(key).not.toBe("");

  // --- the CRM triggers the survey for customers served by the branch ---------------------------------------
  // Other customers of the branch answer first (promoters and passives: no case), so that the branch's figure is
  // shown whatever the demo data holds (below suppressN answers it is hidden, e.g. after accountability.spec
  // credits the branch's demo answers to its own units).
  // The CRM sends the customers' attributes too: the branch's segment and its unit agree.
  const batch = unique("ljz");
  const attributes = { region: "华东", branch: BRANCH_NAME };
  const detractor = { email: `detractor@${batch}.example`, name: "Jane Customer", locale: "en" as const, attributes };
  const others = Array.from({ length: suppressN }, (_, i) => ({ email: `customer${i + 1}@${batch}.example`, name: `Customer ${i + 1}`, locale: "en" as const, attributes }));
  const trigger = await request.post(`/api/v1/surveys/${surveyId}/invitations`, {
    headers: { Authorization: `Bearer ${key}` },
    data: { unitCode: BRANCH_CODE, context: { touchpoint: "Account opening" }, contacts: [...others, detractor] },
  });
  expect(trigger.status()).toBe(202);
  const triggered = (await trigger.json()) as { invited: number; results: { email: string; status: string; invitationId?: string }[] };
  expect(triggered.invited).toBe(suppressN + 1);
  const invitationIds = new Map(triggered.results.map((r) => [r.email, r.invitationId ?? ""]));
  // The invitations are credited to the branch.
  const credited = await sql<{ code: string }>(
    `SELECT u.code FROM "Invitation" i JOIN "OrgUnit" u ON u."id" = i."unitId" WHERE i."id" = ANY($1::uuid[])`,
    [[...invitationIds.values()]],
  );
  expect(credited.map((row) => row.code)).toEqual(Array.from({ length: suppressN + 1 }, () => BRANCH_CODE));

  // The other customers' personal links (they would click them in their emails; the detractor does below).
  const tokens = await sql<{ id: string; token: string }>(`SELECT "id"::text, "token" FROM "Invitation" WHERE "id" = ANY($1::uuid[])`, [
    others.map((c) => invitationIds.get(c.email) ?? ""),
  ]);
  const baseUrl = new URL(admin.url()).origin;
  for (const [i, row] of tokens.entries()) await answer(browser, `${baseUrl}/s/${row.token}`, [9, 10, 8, 9, 10, 7][i % 6] ?? 9);

  // --- the branch owner reads the branch's figure BEFORE the detractor answers -------------------------------
  const beforeJson = await branchJson(owner);
  const before = beforeJson.figure;
  expect(before, "the branch's figure is shown").not.toBeNull();
  if (!before) return;
  expect(before.n).toBeGreaterThanOrEqual(suppressN);
  const beforeRow = await branchRow(owner);
  expect(beforeRow.n).toBe(before.n);
  expect(beforeRow.nps).toBe(formatNps(rawNps(before), "zh-CN"));
  await expect(owner.getByTestId("acct-scope")).toHaveText(zh("acct.scoped", { unit: BRANCH_NAME }));

  // --- the detractor opens the invitation email and answers 2 with a comment ---------------------------------
  await admin.goto("/dev/mailbox");
  const mailRow = admin.getByTestId("dev-mailbox").getByRole("row").filter({ hasText: detractor.email });
  await expect(async () => {
    await admin.reload();
    await expect(mailRow).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await mailRow.getByRole("link").click();
  await expect(admin.getByTestId("mail-text")).toContainText("?score=2");
  const link = (await admin.frameLocator("[data-testid=mail-html]").locator("a[data-score='2']").getAttribute("href")) ?? "";
  expect(link).toMatch(/\/s\/[A-Za-z0-9_-]{22,64}\?score=2$/);
  const comment = `Waited 40 minutes at the counter and nobody told me why (${unique("c")})`;
  // The detractor agrees to be contacted: the reply below needs it (privacy.spec.ts).
  await answer(browser, link, 2, comment, true);

  // --- the leaderboard AFTER: one more answer, the NPS recomputed with one more detractor --------------------
  const expected: BranchFigure = { ...before, n: before.n + 1, detractors: before.detractors + 1 };
  const afterRow = await branchRow(owner);
  expect(afterRow.n).toBe(before.n + 1);
  expect(afterRow.nps).toBe(formatNps(rawNps(expected), "zh-CN"));
  expect(rawNps(expected) ?? 0).toBeLessThan(rawNps(before) ?? 0);
  expect((await branchJson(owner)).figure).toEqual(expected);
  await owner.screenshot({ path: screenshotPath("branch-owner-leaderboard.png"), fullPage: true });

  // --- "my cases": the case is the branch owner's --------------------------------------------------------------
  await owner.getByRole("navigation", { name: "Main" }).getByRole("link", { name: zh("cases.nav") }).click();
  await owner.waitForURL(/\/cases$/);
  await expect(owner.getByTestId("cases-tab-mine")).toHaveAttribute("aria-current", "page");
  await expect(owner.getByTestId("cases-tab-mine")).toHaveText(zh("cases.view.mine"));
  // The list pages 25 at a time (soonest due first): find the new case by its comment with the list's search.
  await owner.getByTestId("cases-search").fill(comment);
  await owner.getByTestId("cases-search").press("Enter");
  await owner.waitForURL(/\/cases\?.*q=/);
  const row = owner.getByTestId("cases-table").locator("tbody tr").filter({ hasText: surveyName });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(comment);
  await expect(row).toContainText(BRANCH_NAME);
  await expect(row).toContainText(OWNER_NAME);
  await expect(row.getByTestId("case-status")).toHaveText(zh("cases.status.OPEN"));
  await expect(row.getByTestId("case-link")).toHaveText("2");
  await owner.screenshot({ path: screenshotPath("branch-owner-my-cases.png"), fullPage: true });
  const caseId = (await row.getByTestId("case-link").getAttribute("data-case-id")) ?? "";
  await row.getByTestId("case-link").click();
  await owner.waitForURL(new RegExp(`/cases/${caseId}$`));
  const caseUrl = owner.url();
  await expect(owner.getByTestId("case-score")).toHaveText("2");
  await expect(owner.getByTestId("case-comment")).toHaveText(comment);
  await expect(owner.getByTestId("case-facts")).toHaveAttribute("data-status", "OPEN");
  await expect(owner.getByTestId("case-facts")).toContainText(OWNER_NAME);
  await expect(owner.getByTestId("case-facts")).toContainText(BRANCH_NAME);

  // The case dashboard before resolving, with the root cause that will be picked.
  const rootCauseSelect = owner.getByTestId("case-root-cause-form").locator("#rootCauseId");
  const option = rootCauseSelect.locator("option:not([disabled])").first();
  const rootCauseLabel = ((await option.textContent()) ?? "").trim();
  const rootCauseId = (await option.getAttribute("value")) ?? "";
  expect(rootCauseLabel).not.toBe("");
  const dashboardBefore = await dashboardFigures(owner, rootCauseLabel);
  await owner.goto(caseUrl);

  // --- the reply, prefilled in the customer's language, reaches the customer ----------------------------------
  const reply = owner.getByTestId("case-reply-form");
  const subject = await reply.locator("#reply-subject").inputValue();
  const body = await reply.locator("textarea[name=body]").inputValue();
  expect(subject).not.toBe("");
  expect(body).not.toBe("");
  await reply.getByRole("button", { name: zh("cases.reply.submit") }).click();
  await expect(owner.getByTestId("case-reply-form-done")).toHaveText(zh("cases.reply.sent"));
  await expect(owner.getByTestId("case-facts")).toHaveAttribute("data-status", "CONTACTED");
  await expect(owner.getByTestId("case-timeline").locator("li[data-kind=REPLY_SENT]")).toHaveCount(1);
  const values = { name: detractor.name, brand: BRAND };
  const replies = await sql<{ subject: string; text: string | null }>(`SELECT "subject", "text" FROM "DevMail" WHERE "to" LIKE $1 AND "subject" = $2`, [
    `%${detractor.email}%`,
    fillReplyTemplate(subject, values).replace(/[\r\n]+/g, " ").trim(),
  ]);
  expect(replies).toHaveLength(1);
  expect((replies[0]?.text ?? "").trim()).toBe(fillReplyTemplate(body, values).replace(/\r\n?/g, "\n").trim());

  // --- resolving needs a root cause ---------------------------------------------------------------------------
  const statusForm = owner.getByTestId("case-status-form");
  await statusForm.locator("#status").selectOption("RESOLVED");
  await statusForm.locator("button[type=submit]").click();
  await expect(owner.getByTestId("case-status-form-error")).toHaveText(zh("cases.rootCause.required"));
  await expect(owner.getByTestId("case-facts")).toHaveAttribute("data-status", "CONTACTED");

  await rootCauseSelect.selectOption(rootCauseId);
  await owner.getByTestId("case-root-cause-form").locator("button[type=submit]").click();
  await expect(owner.getByTestId("case-root-cause-form-done")).toBeVisible();
  await statusForm.locator("#status").selectOption("RESOLVED");
  await statusForm.locator("button[type=submit]").click();
  await expect(owner.getByTestId("case-facts")).toHaveAttribute("data-status", "RESOLVED");

  // --- the case dashboard, as the branch owner sees it, counts it --------------------------------------------
  const dashboardAfter = await dashboardFigures(owner, rootCauseLabel);
  expect(dashboardAfter.resolved).toBe(dashboardBefore.resolved + 1);
  expect(dashboardAfter.causeCount).toBe(dashboardBefore.causeCount + 1);

  // --- another branch's case is neither listed nor reachable -------------------------------------------------
  const [elsewhere] = await sql<{ id: string }>(
    `SELECT c."id"::text FROM "Case" c JOIN "OrgUnit" u ON u."id" = c."unitId" JOIN "User" o ON o."id" = c."ownerId"
     WHERE (u.code = 'HZ-XH' OR u.code LIKE 'HZ-XH-%') AND o.email <> $1 ORDER BY c."createdAt" DESC LIMIT 1`,
    [BRANCH_MANAGER_EMAIL],
  );
  expect(elsewhere, "the demo data has a case of 杭州西湖支行").toBeDefined();
  // Every page of the list (25 a page): the case is on one of them, the other branch's case on none.
  await owner.goto("/cases?view=all");
  await expect(owner.getByTestId("cases-tab-all")).toHaveAttribute("aria-current", "page");
  const listed: string[] = [];
  for (let pageNumber = 1; pageNumber <= 40; pageNumber++) {
    await owner.goto(`/cases?view=all&page=${pageNumber}`);
    const ids = await owner.getByTestId("case-link").evaluateAll((links) => links.map((a) => a.getAttribute("data-case-id") ?? ""));
    listed.push(...ids);
    if (ids.length < 25) break;
  }
  expect(listed).toContain(caseId);
  expect(listed).not.toContain(elsewhere?.id);
  // Everything listed is the branch's (its subtree) or the branch owner's own.
  const outside = await sql<{ id: string }>(
    `WITH RECURSIVE subtree AS (
       SELECT "id" FROM "OrgUnit" WHERE code = $2
       UNION SELECT child."id" FROM "OrgUnit" child JOIN subtree ON child."parentId" = subtree."id")
     SELECT c."id"::text FROM "Case" c LEFT JOIN "User" o ON o."id" = c."ownerId"
     WHERE c."id" = ANY($1::uuid[]) AND c."unitId" NOT IN (SELECT "id" FROM subtree) AND o.email IS DISTINCT FROM $3`,
    [listed, BRANCH_CODE, BRANCH_MANAGER_EMAIL],
  );
  expect(outside).toEqual([]);
  const forbidden = await owner.goto(`/cases/${elsewhere?.id ?? ""}`);
  expect(forbidden?.status()).toBe(404);
  await expect(owner.getByTestId("case-facts")).toHaveCount(0);

  // --- the branch owner was alerted by email when the case opened (the worker's case tick, every minute) -------
  await expect
    .poll(
      async () =>
        (await sql<{ n: string }>(`SELECT count(*)::text AS n FROM "DevMail" WHERE "to" LIKE $1 AND "text" LIKE $2`, [`%${BRANCH_MANAGER_EMAIL}%`, `%/cases/${caseId}%`]))[0]?.n,
      { timeout: 90_000, intervals: [2_000] },
    )
    .toBe("1");
  await ownerContext.close();
});
