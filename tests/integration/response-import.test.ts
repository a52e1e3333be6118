import { beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@/lib/errors";
import { readAnalyticsParams } from "@/schemas/analytics";
import { resolveFilter, type AnalyticsFilter } from "@/server/analytics/filter";
import { getHeadline } from "@/server/analytics/get-headline";
import { getTrend } from "@/server/analytics/get-trend";
import type { ContactActor } from "@/server/contacts/actor";
import { db } from "@/server/db";
import { createResponseImport } from "@/server/imports/create-response-import";
import { getResponseImport } from "@/server/imports/get-response-import";
import type { ImportProblemDetails } from "@/server/imports/import-source";
import { startResponseImport } from "@/server/imports/run-response-import";
import { createSurvey } from "@/server/surveys/create-survey";
import { csvFile } from "../fixtures/contacts-files";
import { createOrganization, expectAppError } from "./support/fixtures";

const NOW = new Date("2026-06-30T12:00:00Z");
let admin: ContactActor;
let viewer: ContactActor;
let other: ContactActor;
let surveyId: string;

beforeAll(async () => {
  const org = await createOrganization("History Bank");
  const second = await createOrganization("History Other");
  admin = { organizationId: org.id, userId: null, role: "ADMIN" };
  viewer = { organizationId: org.id, userId: null, role: "VIEWER" };
  other = { organizationId: second.id, userId: null, role: "OWNER" };
  surveyId = (await createSurvey({ organizationId: org.id, userId: null, input: { name: "History", brandName: "Bank" } })).id;
  await db.contact.create({ data: { organizationId: org.id, email: "known@example.com", externalId: "C-77" } });
});

const body = (bytes: Buffer) => new Blob([new Uint8Array(bytes)]).stream();

async function importFile(actor: ContactActor, bytes: Buffer, options: { encoding?: string; fileName?: string; mapping?: Record<string, string>; survey?: string } = {}) {
  const preview = await createResponseImport({
    actor,
    surveyId: options.survey ?? surveyId,
    body: body(bytes),
    fileName: options.fileName ?? "history.csv",
    format: { encoding: options.encoding ?? "auto", delimiter: "auto" },
  });
  await startResponseImport({ actor, importId: preview.id, input: { mapping: options.mapping ?? preview.mapping }, background: false, now: NOW });
  return { preview, result: await getResponseImport({ actor, importId: preview.id }) };
}

const imported = () => db.response.findMany({ where: { organizationId: admin.organizationId, channel: "IMPORT" }, include: { answers: true }, orderBy: { createdAt: "asc" } });

const filterFor = (params: Record<string, string>): AnalyticsFilter => {
  const parsed = readAnalyticsParams(params);
  if (!parsed.success) throw new Error(parsed.error.message);
  return resolveFilter(parsed.data, { organizationId: admin.organizationId, timeZone: "Asia/Shanghai" }, NOW);
};

const HEADER = ["日期", "评分", "评论", "邮箱", "客户编号", "区域"];
const GOOD = [
  ["2024/03/05 14:22", "10", "手机银行很好用", "KNOWN@example.com", "", "华东"],
  ["2024-03-05", "9.0", "", "", "C-77", "华北"],
  // 00:30 in Shanghai is the previous day in UTC: it must count on 2024-03-06 local.
  ["2024-03-06 00:30", "3", "理赔太慢", "stranger@example.com", "", "华东"],
  ["2024-04-01T10:00:00Z", "7", "", "", "", ""],
  ["2024年4月2日 09:15", "0", "Terrible", "", "", "华南"],
];
const BAD = [
  ["2024/03/05 14:22", "11", "", "", "", ""],
  ["2024/03/05 14:22", "7.5", "", "", "", ""],
  ["2024/03/05 14:22", "", "", "", "", ""],
  ["2023-02-29", "8", "", "", "", ""],
  ["2024-03-05 25:00", "8", "", "", "", ""],
  ["2027-01-01", "8", "", "", "", ""],
  ["yesterday", "8", "", "", "", ""],
  ["2024-03-05", "8", "x".repeat(2001), "", "", ""],
];

describe("historical response import", () => {
  it("imports a GBK CSV's good rows at their original times, reports each bad row, and a re-run skips them all", async () => {
    const bytes = csvFile([HEADER, ...GOOD, ...BAD], { encoding: "gbk" });
    const { preview, result } = await importFile(admin, bytes);
    expect(preview.encoding).toBe("gb18030");
    expect(preview.mapping).toEqual({ 日期: "date", 评分: "score", 评论: "comment", 邮箱: "email", 客户编号: "customerId", 区域: "attributes.region" });
    expect(result).toMatchObject({ status: "DONE", kind: "RESPONSES", surveyId, totalRows: 13, processedRows: 13, createdCount: 5, skippedCount: 8, duplicateCount: 0 });
    expect(result.rowErrors).toEqual([
      { row: 7, reason: "score_invalid", field: "score" },
      { row: 8, reason: "score_invalid", field: "score" },
      { row: 9, reason: "score_missing", field: "score" },
      { row: 10, reason: "date_invalid", field: "date" },
      { row: 11, reason: "date_invalid", field: "date" },
      { row: 12, reason: "date_future", field: "date" },
      { row: 13, reason: "date_invalid", field: "date" },
      { row: 14, reason: "too_long", field: "comment" },
    ]);

    const rows = await imported();
    expect(rows.map((r) => [r.createdAt.toISOString(), r.score, r.category, r.comment])).toEqual([
      ["2024-03-04T16:00:00.000Z", 9, "PROMOTER", null],
      ["2024-03-05T06:22:00.000Z", 10, "PROMOTER", "手机银行很好用"],
      ["2024-03-05T16:30:00.000Z", 3, "DETRACTOR", "理赔太慢"],
      ["2024-04-01T10:00:00.000Z", 7, "PASSIVE", null],
      ["2024-04-02T01:15:00.000Z", 0, "DETRACTOR", "Terrible"],
    ]);
    const known = await db.contact.findFirstOrThrow({ where: { organizationId: admin.organizationId, email: "known@example.com" } });
    expect(rows.map((r) => r.contactId)).toEqual([known.id, known.id, null, null, null]);
    expect(await db.contact.count({ where: { organizationId: admin.organizationId } })).toBe(1);
    for (const r of rows) {
      expect(r).toMatchObject({ completed: true, excluded: false, surveyId, locale: "zh-CN" });
      expect(r.completedAt?.getTime()).toBe(r.createdAt.getTime());
      expect(r.answers.length).toBe(r.comment ? 2 : 1);
      expect(r.answers.map((a) => a.value)).toContain(r.score);
    }
    expect(rows[1]?.attributes).toEqual({ region: "华东" });
    expect(await db.case.count({ where: { organizationId: admin.organizationId } })).toBe(0);
    const definition = await db.attributeDefinition.findFirst({ where: { organizationId: admin.organizationId, key: "region" } });
    expect(definition?.role).toBe("DIMENSION");

    // The same file again: nothing doubles.
    const again = await importFile(admin, bytes);
    expect(again.result).toMatchObject({ status: "DONE", createdCount: 0, duplicateCount: 5, skippedCount: 8 });
    // The file with its bad rows corrected: only those are new.
    const fixed = csvFile([HEADER, ...GOOD, ["2024/03/05 14:22", "8", "", "", "", ""]], { encoding: "gbk" });
    const third = await importFile(admin, fixed);
    expect(third.result).toMatchObject({ createdCount: 1, duplicateCount: 5, skippedCount: 0 });
    expect(await db.response.count({ where: { organizationId: admin.organizationId } })).toBe(6);
  });

  it("counts the imported responses in the dashboard's figures on their original local dates", async () => {
    const march = await getHeadline(filterFor({ range: "custom", from: "2024-03-01", to: "2024-03-31" }));
    expect(march.stats).toMatchObject({ n: 4, promoters: 2, passives: 1, detractors: 1 });
    const trend = await getTrend(filterFor({ range: "custom", from: "2024-03-01", to: "2024-04-30" }), "day");
    expect(trend.points.map((p) => [p.period, p.stats.n])).toEqual([
      ["2024-03-05", 3],
      ["2024-03-06", 1],
      ["2024-04-01", 1],
      ["2024-04-02", 1],
    ]);
    const months = await getTrend(filterFor({ range: "custom", from: "2024-01-01", to: "2024-12-31" }), "month");
    expect(months.points.map((p) => [p.period, p.stats.n])).toEqual([
      ["2024-03-01", 4],
      ["2024-04-01", 2],
    ]);
    const byChannel = await getHeadline(filterFor({ range: "custom", from: "2024-01-01", to: "2024-12-31", channel: "IMPORT" }));
    expect(byChannel.stats.n).toBe(6);
  });

  it("dedupes by a mapped response id, within the file and across runs; XLSX dates and times are local", async () => {
    // exceljs writes JS Dates as Excel dates; their UTC fields are the wall time.
    const ExcelJS = (await import("exceljs")).default;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("export");
    sheet.addRow(["Response ID", "Score", "Date", "Comment"]);
    sheet.addRow(["r-1", 10, new Date(Date.UTC(2023, 5, 1, 9, 30)), "good"]);
    sheet.addRow(["r-2", 6, new Date(Date.UTC(2023, 5, 2)), ""]);
    sheet.addRow(["r-1", 10, new Date(Date.UTC(2023, 5, 1, 9, 30)), "good again"]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const before = await db.response.count({ where: { organizationId: admin.organizationId } });
    const { result } = await importFile(admin, bytes, { fileName: "export.xlsx" });
    expect(result).toMatchObject({ status: "DONE", createdCount: 2, duplicateCount: 1, skippedCount: 0 });
    const written = await db.response.findMany({ where: { organizationId: admin.organizationId, importKey: { contains: ":id:r-" } }, orderBy: { createdAt: "asc" } });
    expect(written.map((r) => r.createdAt.toISOString())).toEqual(["2023-06-01T01:30:00.000Z", "2023-06-01T16:00:00.000Z"]);
    const again = await importFile(admin, bytes, { fileName: "export.xlsx" });
    expect(again.result).toMatchObject({ createdCount: 0, duplicateCount: 3 });
    expect(await db.response.count({ where: { organizationId: admin.organizationId } })).toBe(before + 2);
  });

  it("refuses a wrong encoding choice and a mapping without score or date before writing anything", async () => {
    const before = await db.response.count({ where: { organizationId: admin.organizationId } });
    const gbk = csvFile([HEADER, ...GOOD], { encoding: "gbk" });
    const error = await expectAppError(
      createResponseImport({ actor: admin, surveyId, body: body(gbk), fileName: "h.csv", format: { encoding: "utf-8", delimiter: "auto" } }),
      "validation_failed",
    );
    expect((error.details as ImportProblemDetails).problem).toBe("not_utf8");
    const preview = await createResponseImport({ actor: admin, surveyId, body: body(gbk), fileName: "h.csv", format: { encoding: "auto", delimiter: "auto" } });
    const noDate = await expectAppError(
      startResponseImport({ actor: admin, importId: preview.id, input: { mapping: { 评分: "score" } }, background: false, now: NOW }),
      "validation_failed",
    );
    expect(((noDate as AppError).details as ImportProblemDetails).problem).toBe("mapping_date_required");
    expect((await getResponseImport({ actor: admin, importId: preview.id })).status).toBe("PENDING");
    expect(await db.response.count({ where: { organizationId: admin.organizationId } })).toBe(before);
  });

  it("is for admins of the survey's organisation only", async () => {
    const bytes = csvFile([HEADER, ...GOOD]);
    await expectAppError(createResponseImport({ actor: viewer, surveyId, body: body(bytes), fileName: "h.csv", format: { encoding: "auto", delimiter: "auto" } }), "forbidden");
    await expectAppError(createResponseImport({ actor: other, surveyId, body: body(bytes), fileName: "h.csv", format: { encoding: "auto", delimiter: "auto" } }), "not_found");
    const preview = await createResponseImport({ actor: admin, surveyId, body: body(bytes), fileName: "h.csv", format: { encoding: "auto", delimiter: "auto" } });
    await expectAppError(getResponseImport({ actor: other, importId: preview.id }), "not_found");
  });
});
