/**
 * Export of the filtered responses: a CX manager downloads the demo organisation's 华东 responses as XLSX
 * and CSV; the file holds only those rows and its summary sheet is the NPS of exactly those rows. Viewers and
 * strangers get JSON errors, bad filters a 422.
 */
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { expect, test, type APIResponse } from "@playwright/test";
import { npsFromScores, toApiStats } from "../../src/lib/nps";
import { en, signIn, zh } from "./helpers";

test.use({ locale: "en-US" });

const MANAGER = "manager@demo-bank.example";
const VIEWER = "viewer@demo-bank.example";
const EXPORT = "/dashboard/export?format=xlsx&range=all&attr.region=%E5%8D%8E%E4%B8%9C"; // 华东

async function expectJsonError(response: APIResponse, status: number, code: string) {
  expect(response.status()).toBe(status);
  expect(response.headers()["content-type"]).toContain("application/json");
  const body = (await response.json()) as { error?: { code?: string; message?: string } };
  expect(body.error?.code).toBe(code);
  expect(typeof body.error?.message).toBe("string");
}

test("a CX manager exports the 华东 responses as XLSX: only 华东 rows, summary = NPS of the rows", async ({ page }) => {
  await signIn(page, MANAGER);
  const response = await page.request.get(EXPORT);
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  expect(headers["content-disposition"]).toMatch(/^attachment; filename="nps-responses-2000-01-01_\d{4}-\d{2}-\d{2}\.xlsx"$/);
  expect(headers["cache-control"]).toContain("no-store");

  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await response.body()) as unknown as ArrayBuffer);
  expect(workbook.worksheets).toHaveLength(2);
  const [sheet, summary] = workbook.worksheets;
  if (!sheet || !summary) throw new Error("the workbook needs a data and a summary sheet");
  expect([en("export.sheet.responses"), zh("export.sheet.responses")]).toContain(sheet.name);
  expect([en("export.sheet.summary"), zh("export.sheet.summary")]).toContain(summary.name);

  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  // The region column is headed by the dimension's display name in the manager's language (Settings → Attributes).
  const regionColumn = header.findIndex((name) => name === "区域" || name === "Region") + 1;
  expect(regionColumn).toBeGreaterThan(0);
  const regions: unknown[] = [];
  const scores: (number | null)[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    regions.push(row.getCell(regionColumn).value);
    const score = row.getCell(3).value;
    scores.push(typeof score === "number" ? score : null);
  });
  expect(regions.length).toBeGreaterThan(0);
  expect(regions.every((region) => region === "华东")).toBe(true);

  const figures = new Map<unknown, unknown>();
  summary.eachRow((row) => figures.set(row.getCell(1).value, row.getCell(2).value));
  const figure = (key: "export.summary.n" | "export.summary.nps" | "export.summary.ciLow" | "export.summary.ciHigh" | "export.summary.rows") =>
    figures.has(en(key)) ? figures.get(en(key)) : figures.get(zh(key));
  const expected = toApiStats(npsFromScores(scores));
  expect(expected.n).toBeGreaterThan(0);
  expect(figure("export.summary.rows")).toBe(scores.length);
  expect(figure("export.summary.n")).toBe(expected.n);
  expect(figure("export.summary.nps")).toBe(expected.nps);
  expect(figure("export.summary.ciLow")).toBe(expected.ciLow);
  expect(figure("export.summary.ciHigh")).toBe(expected.ciHigh);
});

test("the CSV export has a BOM, CRLF line ends and the same 华东 rows", async ({ page }) => {
  await signIn(page, MANAGER);
  const xlsx = await page.request.get(EXPORT);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
  const xlsxRows = (workbook.worksheets[0]?.rowCount ?? 0) - 1;

  const response = await page.request.get(EXPORT.replace("format=xlsx", "format=csv"));
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(response.headers()["content-disposition"]).toMatch(/filename="nps-responses-2000-01-01_\d{4}-\d{2}-\d{2}\.csv"$/);
  const bytes = await response.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString("utf8")).toContain("\r\n");
  const records = parse(bytes, { bom: true }) as string[][];
  const header = records[0] ?? [];
  const regionColumn = header.findIndex((name) => name === "区域" || name === "Region");
  expect(regionColumn).toBeGreaterThan(0);
  const body = records.slice(1);
  expect(body.length).toBe(xlsxRows);
  expect(body.every((cells) => cells[regionColumn] === "华东")).toBe(true);
});

test("a viewer gets 403, a stranger 401, bad input 422 — always JSON", async ({ page, playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  await expectJsonError(await anonymous.get(EXPORT), 401, "unauthorized");
  await anonymous.dispose();

  await signIn(page, VIEWER);
  await expectJsonError(await page.request.get(EXPORT), 403, "forbidden");

  await page.context().clearCookies();
  await signIn(page, MANAGER);
  await expectJsonError(await page.request.get("/dashboard/export?format=pdf&range=all"), 422, "validation_failed");
  await expectJsonError(await page.request.get("/dashboard/export?format=csv&range=custom&from=2026-13-01&to=2026-01-01"), 422, "validation_failed");
  await expectJsonError(await page.request.get("/dashboard/export?format=csv&range=forever"), 422, "validation_failed");
});
