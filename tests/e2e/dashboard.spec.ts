/**
 * The CX manager's dashboard on the seeded demo data: filter by a zh-CN attribute value, group by branch,
 * see suppressed rows, and every figure equals src/lib/nps.ts applied to the raw rows in the database.
 */
import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { addDays, todayIn } from "../../src/lib/date-range";
import { formatNps, formatNumber } from "../../src/lib/format";
import { npsFromScores, sampleStatus } from "../../src/lib/nps";
import { e2eDatabaseUrl, en, expectHeadline, signIn } from "./helpers";

test.use({ locale: "en-US" });

const MANAGER = "manager@demo-bank.example";
const TZ = "Asia/Shanghai";

type Row = { score: number; region: string | null; branch: string | null; day: string };

/** The demo organisation's counted responses, straight from the database. */
async function demoRows(): Promise<Row[]> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<Row>(
      `SELECT r.score, r.attributes->>'region' AS region, r.attributes->>'branch' AS branch,
              to_char((r."createdAt" AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS day
       FROM "Response" r JOIN "Organization" o ON o.id = r."organizationId"
       WHERE o.slug = 'demo-bank' AND NOT r.excluded AND r.score IS NOT NULL`,
      [TZ],
    );
    return rows;
  } finally {
    await client.end();
  }
}

async function openMenu(page: Page, label: string) {
  const menu = page.getByTestId("filter-bar").locator("details").filter({ has: page.locator(`input[name="${label}"]`) });
  await menu.locator("summary").click();
  return menu;
}

test("a manager filters by 华东, groups by branch, sees suppressed rows; figures match the raw rows", async ({ page }) => {
  const rows = await demoRows();
  await signIn(page, MANAGER);
  await page.goto("/dashboard?range=all");

  // Filter by a zh-CN attribute value through the filter bar (a plain GET form: the URL holds the state).
  const region = await openMenu(page, "attr.region");
  await region.getByLabel(/^华东/).check();
  await page.getByTestId("filter-bar").getByRole("button", { name: en("analytics.apply") }).click();
  await page.waitForURL(/attr\.region=%E5%8D%8E%E4%B8%9C/);
  const east = rows.filter((r) => r.region === "华东");
  await expectHeadline(page, npsFromScores(east.map((r) => r.score)), "en");

  // Export what is on screen as XLSX (the link carries the filter): the file opens with the same numbers.
  const download = page.waitForEvent("download");
  await page.getByTestId("export-xlsx").click();
  const file = await (await download).path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const [sheet, summary] = workbook.worksheets;
  if (!sheet || !summary) throw new Error("the export needs a data sheet and a summary sheet");
  const exportedScores: (number | null)[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const score = row.getCell(3).value;
    exportedScores.push(typeof score === "number" ? score : null);
  });
  const exported = npsFromScores(exportedScores);
  expect(exported).toEqual(npsFromScores(east.map((r) => r.score)));
  const figures = new Map<unknown, unknown>();
  summary.eachRow((row) => figures.set(row.getCell(1).value, row.getCell(2).value));
  expect(figures.get(en("export.summary.n"))).toBe(exported.n);
  expect(figures.get(en("export.summary.nps"))).toBeCloseTo(exported.nps ?? Number.NaN, 2);
  await expect(page.getByTestId("nps-n")).toHaveText(formatNumber(exported.n, "en"));

  // Group by branch: one row per 华东 branch, each with its own figures.
  await page.getByTestId("group-by-form").getByLabel(en("analytics.segments.groupBy")).selectOption("attribute:branch");
  await page.getByTestId("group-by-form").getByRole("button", { name: en("analytics.apply") }).click();
  await page.waitForURL(/groupBy=attribute%3Abranch/);
  const table = page.getByTestId("segments");
  const branches = [...new Set(east.map((r) => r.branch ?? ""))];
  await expect(table.getByTestId("segment-row")).toHaveCount(branches.length);
  for (const branch of branches) {
    const stats = npsFromScores(east.filter((r) => r.branch === branch).map((r) => r.score));
    const row = table.getByTestId("segment-row").filter({ has: page.getByTestId("segment-key").getByText(branch, { exact: true }) });
    await expect(row.getByTestId("segment-n")).toHaveText(formatNumber(stats.n, "en"));
    await expect(row.getByTestId("segment-nps")).toContainText(formatNps(stats.nps, "en"));
  }

  // A short custom period: small branches are listed but their figures are suppressed. The period is the
  // longest of a few recent windows in which at least one branch has fewer than 5 responses (read from the
  // rows, so the test does not depend on how the demo data happened to fall).
  const today = todayIn(TZ);
  const windows = [20, 14, 10, 7, 5, 3, 2, 1, 0].map((days) => addDays(today, -days));
  const from = windows.find((start) => {
    const inWindow = east.filter((r) => r.day >= start && r.day <= today);
    const perBranch = new Map<string, number>();
    for (const r of inWindow) perBranch.set(r.branch ?? "", (perBranch.get(r.branch ?? "") ?? 0) + 1);
    return [...perBranch.values()].some((n) => n < 5);
  });
  expect(from, "a recent window with a small branch").toBeDefined();
  await page.goto(`/dashboard?range=custom&from=${from}&to=${today}&attr.region=${encodeURIComponent("华东")}&groupBy=attribute:branch`);
  const recent = east.filter((r) => r.day >= (from ?? today) && r.day <= today);
  await expectHeadline(page, npsFromScores(recent.map((r) => r.score)), "en");
  const recentBranches = [...new Set(recent.map((r) => r.branch ?? ""))];
  await expect(table.getByTestId("segment-row")).toHaveCount(recentBranches.length);
  // Expected statuses: small branches are suppressed; while exactly one is small, or the small ones hold fewer
  // than 5 answers together (issue 13), the smallest other branch (last by n descending, then name) is hidden too,
  // so the small ones cannot be worked out by subtraction.
  const counts = recentBranches.map((branch) => ({ branch, n: recent.filter((r) => r.branch === branch).length }));
  const small = counts.filter((c) => sampleStatus(c.n, { minN: 30, suppressN: 5 }) === "suppressed");
  const visible = counts.filter((c) => !small.includes(c)).sort((a, b) => b.n - a.n || a.branch.localeCompare(b.branch));
  const complementaries = new Set<string>();
  for (;;) {
    const hidden = [...small, ...counts.filter((c) => complementaries.has(c.branch))];
    if (hidden.length === 0 || (hidden.length >= 2 && hidden.reduce((sum, c) => sum + c.n, 0) >= 5)) break;
    const last = visible.pop();
    if (!last) break;
    complementaries.add(last.branch);
  }
  let suppressed = 0;
  for (const { branch, n } of counts) {
    const row = table.getByTestId("segment-row").filter({ has: page.getByTestId("segment-key").getByText(branch, { exact: true }) });
    const status = complementaries.has(branch) ? "suppressed" : sampleStatus(n, { minN: 30, suppressN: 5 });
    await expect(row).toHaveAttribute("data-status", status);
    if (status === "suppressed") {
      suppressed += 1;
      await expect(row.getByTestId("segment-suppressed")).toHaveText(
        complementaries.has(branch) ? en("analytics.segments.complementary") : en("analytics.segments.suppressed", { suppressN: 5 }),
      );
      await expect(row.getByTestId("segment-nps")).toHaveCount(0);
    }
  }
  expect(suppressed).toBeGreaterThan(0);

  // The back button restores the previous filter.
  await page.goBack();
  await page.waitForURL(/groupBy=attribute%3Abranch/);
  await expectHeadline(page, npsFromScores(east.map((r) => r.score)), "en");
});

test("the trend, change card and zh-CN dashboard render with the plain-language help", async ({ page }) => {
  await signIn(page, MANAGER);
  // 90 days: the demo data has responses in the previous 90 days too, so the change card compares.
  await page.goto("/dashboard?range=90d");
  await expect(page.getByText(en("analytics.trend.title"))).toBeVisible();
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  await expect(page.getByTestId("change-significance")).toBeVisible();
  await expect(page.getByTestId("response-rate")).toContainText("%");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("仪表盘");
  await expect(page.getByText("NPS 趋势")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/dashboard-analytics-zh.png", fullPage: true });
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("dashboard.title"));
  await page.screenshot({ path: "test-results/screenshots/dashboard-analytics-en.png", fullPage: true });
});
