/**
 * Settings → General (issue 16, "Organisation settings"): an admin in zh-CN refuses-then-corrects a threshold, changes
 * the brand and the time zone, and sees the recomputation of the dashboard's figures in the worker: waiting, then
 * claimed by the worker (which waits on the organisation's aggregate lock, held by this spec, so this state is seen
 * every time), while the dashboard still answers with the previous figures; then done, every local day's aggregate
 * equal to the raw responses counted in the new zone. The page's polling is recorded: the states it showed, in order.
 * "Running x of y" is rendered from the rebuild's row (the worker writes it as it goes; here the spec writes it, so
 * the step is seen whatever the machine's speed) and the page follows the row to done without a reload. The page in
 * English and zh-CN at 1280 and 390 px (the settings tabs scroll sideways on a phone), axe without serious findings,
 * 404 for a manager and a viewer. Its own organisation and admin, so no other spec's data changes.
 */
import { expect, test, type Browser } from "@playwright/test";
import pg from "pg";
import { e2eDatabaseUrl, en, expectNoSeriousAxe, queryE2eDatabase, readHeadlineCounts, screenshotPath, signIn, unique, zh } from "./helpers";

// Sign-ins and page loads take seconds each on the busy 2-core machine the full suite runs on.
test.describe.configure({ timeout: 600_000 });

const RESPONSES = 6000;
const run = unique("orgset");
const email = `${run}@settings-bank.example`;
let organizationId = "";
/**
 * Holds the organisation's aggregate lock from before its answers exist until the spec has seen the rebuild claimed:
 * taken first, so no compaction of the new answers (the worker's minute job, which takes the same lock) can be
 * holding it when the spec wants it; the rebuild and any compaction wait behind it.
 */
let holder: pg.Client | null = null;

async function releaseAggregateLock(): Promise<void> {
  const client = holder;
  holder = null;
  if (!client) return;
  await client.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
  await client.end().catch(() => undefined);
}

async function adminPage(browser: Browser, locale: "zh-CN" | "en-US", width = 1280) {
  const context = await browser.newContext({ locale, viewport: { width, height: width < 500 ? 844 : 900 } });
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

/** Local days whose aggregate (all responses, daily grain) differs from the raw responses counted in `timeZone`. */
async function daysDifferingFromRaw(timeZone: string): Promise<number> {
  const rows = await queryE2eDatabase<{ differing: string }>(
    `WITH agg AS (
       SELECT "day", SUM(n)::int AS n FROM "ResponseAggregate"
       WHERE "organizationId" = $1 AND "grain" = 'D' AND "dimension" = '' AND "scope" = '' GROUP BY 1 HAVING SUM(n) <> 0),
     raw AS (
       SELECT ("createdAt" AT TIME ZONE $2)::date AS "day", COUNT(*)::int AS n FROM "Response"
       WHERE "organizationId" = $1 AND NOT "excluded" AND "score" IS NOT NULL GROUP BY 1)
     SELECT COUNT(*)::text AS differing FROM agg FULL JOIN raw USING ("day") WHERE agg.n IS DISTINCT FROM raw.n`,
    [organizationId, timeZone],
  );
  return Number(rows[0]?.differing ?? -1);
}

test.beforeAll(async () => {
  // An organisation of its own (Shanghai time), its admin signing in with the demo password, and two years of answers.
  const [org] = await queryE2eDatabase<{ id: string }>(
    `INSERT INTO "Organization" ("id", "name", "slug", "timeZone", "defaultLocale", "brandNames", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, 'Asia/Shanghai', 'zh-CN', '{"zh-CN": "设置银行", "en": "Settings Bank"}', now()) RETURNING "id"`,
    [`设置银行 ${run}`, run],
  );
  organizationId = org?.id ?? "";
  holder = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await holder.connect();
  await holder.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [`aggregates:${organizationId}`]);
  const [user] = await queryE2eDatabase<{ id: string }>(
    `INSERT INTO "User" ("id", "email", "name", "passwordHash", "locale", "updatedAt")
     SELECT gen_random_uuid(), $1, '设置管理员', "passwordHash", 'zh-CN', now() FROM "User" WHERE "email" = 'admin@demo-bank.example' RETURNING "id"`,
    [email],
  );
  await queryE2eDatabase(`INSERT INTO "Membership" ("id", "organizationId", "userId", "role") VALUES (gen_random_uuid(), $1, $2, 'ADMIN')`, [organizationId, user?.id]);
  const [survey] = await queryE2eDatabase<{ id: string }>(
    `INSERT INTO "Survey" ("id", "organizationId", "name", "brandName", "updatedAt") VALUES (gen_random_uuid(), $1, '关系 NPS', '设置银行', now()) RETURNING "id"`,
    [organizationId],
  );
  // Every ~2.9 hours, so many answers change local day (and some month) with the zone.
  await queryE2eDatabase(
    `INSERT INTO "Response" ("id", "organizationId", "surveyId", "score", "category", "locale", "channel", "completed", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), $1, $2, s, (CASE WHEN s >= 9 THEN 'PROMOTER' WHEN s >= 7 THEN 'PASSIVE' ELSE 'DETRACTOR' END)::"NpsCategory",
            'zh-CN', 'EMAIL', true, now() - (i * interval '173 minutes'), now()
     FROM generate_series(1, $3::int) i, LATERAL (SELECT ((i * 7) % 11)::smallint AS s) x`,
    [organizationId, survey?.id, RESPONSES],
  );
  await queryE2eDatabase(`SELECT rebuild_response_aggregates($1::uuid)`, [organizationId]);
  expect(await daysDifferingFromRaw("Asia/Shanghai")).toBe(0);
});

test("an admin in zh-CN changes the brand and the time zone, sees the figures recomputed (waiting, running, done); the page in both languages and on a phone", async ({ browser }) => {
  const { context, page } = await adminPage(browser, "zh-CN");
  await page.goto("/settings/api-keys");
  await page.getByTestId("settings-tabs").getByRole("link", { name: zh("orgSettings.nav"), exact: true }).click();
  await page.waitForURL(/\/settings\/general$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("orgSettings.title"));
  await expect(page.getByTestId("settings-tabs").getByRole("link", { name: zh("orgSettings.nav"), exact: true })).toHaveAttribute("aria-current", "page");
  await expect(page.locator("#org-time-zone")).toHaveValue("Asia/Shanghai");
  await expectNoSeriousAxe(page);

  // A refused threshold: the reason under the field, in Chinese; what was typed stays.
  await page.locator("#org-min-n").fill("3");
  await page.getByTestId("org-settings-save").click();
  await expect(page.getByText(zh("orgSettings.error.min_below_suppress"))).toBeVisible();
  await expect(page.locator("#org-min-n")).toHaveValue("3");
  await expectNoSeriousAxe(page);
  await page.locator("#org-min-n").fill("30");

  // The dashboard before the change (the organisation's figures, counted by Shanghai's days), over fixed dates: a
  // preset ends "today", which is another date in London than in Shanghai from 16:00 to 24:00 UTC, so its figures
  // move with the zone for that reason alone.
  const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
  const dashboard = await context.newPage();
  await dashboard.goto(`/dashboard?range=custom&from=${day(700)}&to=${day(2)}`);
  const before = await readHeadlineCounts(dashboard);
  expect(before.n).toBeGreaterThan(0);

  // Every state the panel shows, in order, as the page's polling changes it.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { rebuildStates: string[] }).rebuildStates = seen;
    const note = () => {
      const status = document.querySelector("[data-testid=org-rebuild]")?.getAttribute("data-status");
      if (status && seen[seen.length - 1] !== status) seen.push(status);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"] });
  });
  const states = () => page.evaluate(() => (window as unknown as { rebuildStates: string[] }).rebuildStates);

  // The worker's rebuild waits on the organisation's aggregate lock, which this spec holds for now.
  expect(holder).not.toBeNull();
  try {
    await page.locator("#org-brand-zh").fill(`新品牌 ${run.slice(-6)}`);
    await page.locator("#org-time-zone").selectOption("Europe/London");
    await page.getByTestId("org-settings-save").click();
    await expect(page.getByTestId("org-settings-saved")).toHaveText(zh("orgSettings.saved"));
    // The form shows what was saved (React resets a form after its action: the zone must not jump back).
    await expect(page.locator("#org-time-zone")).toHaveValue("Europe/London");
    await expect(page.locator("#org-brand-zh")).toHaveValue(`新品牌 ${run.slice(-6)}`);
    const panel = page.getByTestId("org-rebuild");
    await expect(panel).toHaveAttribute("data-status", /PENDING|RUNNING/);
    await expect(panel).toContainText("Europe/London");
    // The worker claims it (the save woke its queue; the page polls): running, the figures not yet counted while it waits.
    await expect(panel).toHaveAttribute("data-status", "RUNNING", { timeout: 90_000 });
    const [claimed] = await queryE2eDatabase<{ status: string; startedAt: Date | null }>(
      `SELECT "status"::text AS "status", "startedAt" FROM "AggregateRebuild" WHERE "organizationId" = $1 ORDER BY "requestedAt" DESC LIMIT 1`,
      [organizationId],
    );
    expect(claimed?.status).toBe("RUNNING");
    expect(claimed?.startedAt).not.toBeNull();
    await expect(page.getByTestId("org-rebuild-text")).toHaveText(zh("orgSettings.rebuild.starting", { timeZone: "Europe/London" }));
    await expect(panel.getByRole("progressbar")).toBeVisible();
    await expect(panel).toContainText(zh("orgSettings.rebuild.meanwhile"));
    await page.screenshot({ path: screenshotPath("org-settings-zh-desktop-waiting.png"), fullPage: true });
    // Meanwhile the dashboard answers with the previous figures, whole.
    await dashboard.reload();
    expect(await readHeadlineCounts(dashboard)).toEqual(before);
    expect(await daysDifferingFromRaw("Asia/Shanghai")).toBe(0);
  } finally {
    await releaseAggregateLock();
  }
  const panel = page.getByTestId("org-rebuild");
  await expect(panel).toHaveAttribute("data-status", "DONE", { timeout: 240_000 });
  await expect(page.getByTestId("org-rebuild-text")).toContainText("6,000");
  await expect(panel.getByRole("progressbar")).toHaveCount(0);
  // What the page showed, polling, without a reload: waiting (if the worker was not faster), claimed, then done.
  const shown = await states();
  expect(shown.filter((state) => state !== "PENDING")).toEqual(["RUNNING", "DONE"]);
  expect(await daysDifferingFromRaw("Europe/London")).toBe(0);
  const [org] = await queryE2eDatabase<{ timeZone: string; brandNames: Record<string, string> }>(`SELECT "timeZone", "brandNames" FROM "Organization" WHERE "id" = $1`, [organizationId]);
  expect(org).toEqual({ timeZone: "Europe/London", brandNames: { "zh-CN": `新品牌 ${run.slice(-6)}`, en: "Settings Bank" } });
  const audit = await queryE2eDatabase<{ details: { changes: Record<string, { from: unknown; to: unknown }> } }>(
    `SELECT "details" FROM "AuditEvent" WHERE "organizationId" = $1 AND "action" = 'settings.change'`,
    [organizationId],
  );
  expect(audit).toHaveLength(1);
  expect(audit[0]?.details.changes.timeZone).toEqual({ from: "Asia/Shanghai", to: "Europe/London" });
  await page.screenshot({ path: screenshotPath("org-settings-zh-desktop-done.png"), fullPage: true });
  // The dashboard answers after the rebuild too (its days now London's).
  await dashboard.reload();
  expect((await readHeadlineCounts(dashboard)).n).toBeGreaterThan(0);
  await dashboard.close();

  // "Running x of y" as the worker writes it to the row between two months of a long rebuild: a row the spec puts in
  // that state (its updatedAt fresh, so no worker takes it over). The page shows it with its progress bar and follows
  // it to done by polling, without a reload.
  const [progress] = await queryE2eDatabase<{ id: string }>(
    `INSERT INTO "AggregateRebuild" ("organizationId", "id", "reason", "timeZone", "status", "done", "total", "requestedAt", "startedAt", "updatedAt")
     VALUES ($1, gen_random_uuid(), 'time_zone', 'Europe/London', 'RUNNING', 2400, 6000, now(), now(), now()) RETURNING "id"::text AS "id"`,
    [organizationId],
  );
  await page.reload();
  await expect(panel).toHaveAttribute("data-status", "RUNNING");
  await expect(page.getByTestId("org-rebuild-text")).toHaveText(zh("orgSettings.rebuild.RUNNING", { timeZone: "Europe/London", done: "2,400", total: "6,000" }));
  const bar = panel.getByRole("progressbar");
  await expect(bar).toHaveAttribute("value", "2400");
  await expect(bar).toHaveAttribute("max", "6000");
  await expectNoSeriousAxe(page);
  await page.screenshot({ path: screenshotPath("org-settings-zh-desktop-running.png"), fullPage: true });
  await queryE2eDatabase(`UPDATE "AggregateRebuild" SET "done" = 4800, "updatedAt" = now() WHERE "organizationId" = $1 AND "id" = $2::uuid`, [organizationId, progress?.id]);
  await expect(page.getByTestId("org-rebuild-text")).toHaveText(zh("orgSettings.rebuild.RUNNING", { timeZone: "Europe/London", done: "4,800", total: "6,000" }));
  await expect(bar).toHaveAttribute("value", "4800");
  await queryE2eDatabase(
    `UPDATE "AggregateRebuild" SET "status" = 'DONE', "done" = 6000, "finishedAt" = now(), "updatedAt" = now() WHERE "organizationId" = $1 AND "id" = $2::uuid`,
    [organizationId, progress?.id],
  );
  await expect(panel).toHaveAttribute("data-status", "DONE");
  await expect(page.getByTestId("org-rebuild-text")).toContainText("6,000");
  await expect(panel.getByRole("progressbar")).toHaveCount(0);

  // After a reload the page reads what was saved, and the last recomputation.
  await page.reload();
  await expect(page.locator("#org-time-zone")).toHaveValue("Europe/London");
  await expect(page.getByTestId("org-rebuild")).toHaveAttribute("data-status", "DONE");

  // A phone: no sideways scrolling of the page; the tab row scrolls instead, with the current tab in view.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByTestId("org-settings-form")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const tabs = page.getByTestId("settings-tabs");
  expect(await tabs.evaluate((nav) => nav.scrollWidth > nav.clientWidth)).toBe(true);
  await expect(tabs.getByRole("link", { name: zh("orgSettings.nav"), exact: true })).toBeInViewport();
  await page.screenshot({ path: screenshotPath("org-settings-zh-phone.png"), fullPage: true });
  // The last tab is reachable by the row's own scrolling, and opens its page.
  await tabs.getByRole("link", { name: zh("sso.nav"), exact: true }).click();
  await page.waitForURL(/\/settings\/sso$/);
  await expect(page.getByTestId("settings-tabs").getByRole("link", { name: zh("sso.nav"), exact: true })).toBeInViewport();
  await context.close();

  const english = await adminPage(browser, "en-US");
  await english.page.goto("/settings/general");
  await expect(english.page.getByRole("heading", { level: 1 })).toHaveText(en("orgSettings.title"));
  await expect(english.page.getByTestId("org-rebuild-text")).toContainText(en("orgSettings.rebuild.DONE", { timeZone: "Europe/London", total: "6,000", finishedAt: "" }).split(",")[0] ?? "");
  await expectNoSeriousAxe(english.page);
  await english.page.screenshot({ path: screenshotPath("org-settings-en-desktop.png"), fullPage: true });
  await english.page.setViewportSize({ width: 390, height: 844 });
  await english.page.reload();
  await expect(english.page.getByTestId("org-settings-form")).toBeVisible();
  expect(await english.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await english.page.screenshot({ path: screenshotPath("org-settings-en-phone.png"), fullPage: true });
  await english.context.close();
});

test.afterAll(async () => {
  await releaseAggregateLock();
});

test("managers and viewers get 404 on Settings → General and see no settings tabs", async ({ browser }) => {
  for (const who of ["manager@demo-bank.example", "viewer@demo-bank.example"]) {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await signIn(page, who);
    const response = await page.goto("/settings/general");
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId("settings-tabs")).toHaveCount(0);
    await context.close();
  }
});
