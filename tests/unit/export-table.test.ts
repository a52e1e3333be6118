import { describe, expect, it } from "vitest";
import { createTranslator } from "@/i18n/translate";
import { AppError } from "@/lib/errors";
import { npsFromScores, toApiStats } from "@/lib/nps";
import type { AnalyticsFilter } from "@/server/analytics/filter";
import { EXPORT_CONTENT_TYPES, exportFilename, parseExportFormat } from "@/server/export/format";
import type { ExportRow } from "@/server/export/response-rows";
import { createRowMapper, headerRow, ScoreTally, summaryRows } from "@/server/export/table";

const en = createTranslator("en");
const zh = createTranslator("zh-CN");

function row(overrides: Partial<ExportRow> = {}): ExportRow {
  return {
    id: "0190f0a0-0000-7000-8000-000000000001",
    createdAt: new Date("2026-03-01T06:05:00Z"),
    localTime: "2026-03-01 14:05",
    surveyName: "关系型 NPS 2026",
    score: 9,
    comment: "服务很好",
    locale: "zh-CN",
    channel: "EMAIL",
    touchpoint: "开户",
    email: "li@example.com",
    attributes: { region: "华东", branch: "上海陆家嘴支行" },
    ...overrides,
  };
}

const filter: AnalyticsFilter = {
  organizationId: "0190f0a0-0000-7000-8000-0000000000aa",
  timeZone: "Asia/Shanghai",
  range: { from: "2026-08-01", to: "2026-10-30" },
  surveyIds: [],
  channels: ["EMAIL"],
  touchpoints: [],
  attributes: { region: ["华东"] },
  unitIds: null,
};

describe("export table", () => {
  it("translates the fixed headers and appends attribute keys as they are (neutralised)", () => {
    expect(headerRow(zh, ["branch", "region"])).toEqual([
      "回复时间", "问卷", "评分 (0–10)", "类别", "评论", "语言", "渠道", "触点", "联系人邮箱", "branch", "region",
    ]);
    expect(headerRow(en, ["=evil"]).at(-1)).toBe("'=evil");
    expect(headerRow(en, []).slice(0, 4)).toEqual(["Responded at", "Survey", "Score (0–10)", "Category"]);
  });

  it("maps a row: number score, translated category and channel, one cell per attribute key", () => {
    const toCells = createRowMapper(zh, ["branch", "region", "tier"]);
    expect(toCells(row())).toEqual([
      "2026-03-01 14:05", "关系型 NPS 2026", 9, "推荐者", "服务很好", "zh-CN", "邮件", "开户", "li@example.com", "上海陆家嘴支行", "华东", null,
    ]);
    const enCells = createRowMapper(en, [])(row({ score: 7, channel: "QR" }));
    expect(enCells[3]).toBe("Passive");
    expect(enCells[6]).toBe("QR code");
    expect(createRowMapper(en, [])(row({ score: 0 }))[3]).toBe("Detractor");
  });

  it("leaves score and category empty for a skipped answer, and the email empty once erased", () => {
    const cells = createRowMapper(en, [])(row({ score: null, email: null, comment: null, touchpoint: null }));
    expect(cells[2]).toBeNull();
    expect(cells[3]).toBeNull();
    expect(cells[4]).toBeNull();
    expect(cells[7]).toBeNull();
    expect(cells[8]).toBeNull();
  });

  it("neutralises every text cell, keeps numeric attributes numbers", () => {
    const toCells = createRowMapper(en, ["a", "b", "c", "d"]);
    const cells = toCells(
      row({
        surveyName: "+survey",
        comment: "=HYPERLINK(\"http://evil.example\",\"x\")",
        touchpoint: "@touch",
        email: "-x@example.com",
        attributes: { a: "＝1+1", b: -5, c: true, d: { nested: "=x" } },
      }),
    );
    expect(cells[1]).toBe("'+survey");
    expect(cells[4]).toBe("'=HYPERLINK(\"http://evil.example\",\"x\")");
    expect(cells[7]).toBe("'@touch");
    expect(cells[8]).toBe("'-x@example.com");
    expect(cells.slice(9)).toEqual(["'＝1+1", -5, "true", '{"nested":"=x"}']);
  });

  it("copes with attributes that are not an object", () => {
    const toCells = createRowMapper(en, ["region"]);
    expect(toCells(row({ attributes: null })).at(-1)).toBeNull();
    expect(toCells(row({ attributes: ["华东"] })).at(-1)).toBeNull();
  });

  it("summarises the tallied rows with src/lib/nps.ts, rounded like the API", () => {
    const scores = [10, 9, 9, 8, 7, 6, 3, 0, null, 10];
    const tally = new ScoreTally();
    for (const score of scores) tally.add(row({ score }));
    const rows = summaryRows(en, tally, { filter, timeZone: "Asia/Shanghai", surveyNames: [], exportedAt: "2026-11-22 09:30" });
    const value = (label: string) => rows.find((r) => r[0] === label)?.[1];
    const expected = toApiStats(npsFromScores(scores));
    expect(rows[0]).toEqual(["Figure", "Value"]);
    expect(value("Responses exported (including skipped scores)")).toBe(scores.length);
    expect(value("Answered the NPS question (n)")).toBe(expected.n);
    expect(value("Promoters (9–10)")).toBe(expected.promoters);
    expect(value("Passives (7–8)")).toBe(expected.passives);
    expect(value("Detractors (0–6)")).toBe(expected.detractors);
    expect(value("NPS (−100 to +100)")).toBe(expected.nps);
    expect(value("95% confidence interval, low (adjusted Wald)")).toBe(expected.ciLow);
    expect(value("95% confidence interval, high (adjusted Wald)")).toBe(expected.ciHigh);
    expect(value("Mean score")).toBe(expected.mean);
    expect(value("Period")).toBe("2026-08-01 to 2026-10-30");
    expect(value("Filters")).toBe("Channels: Email; region: 华东");
  });

  it("gives empty NPS cells when nobody answered", () => {
    const tally = new ScoreTally();
    tally.add(row({ score: null }));
    const rows = summaryRows(zh, tally, { filter, timeZone: "Asia/Shanghai", surveyNames: ["关系型"], exportedAt: "x" });
    expect(rows.find((r) => r[0] === "净推荐值 NPS（−100 至 +100）")?.[1]).toBeNull();
    expect(rows.find((r) => r[0] === "筛选条件")?.[1]).toBe("问卷: 关系型; 渠道: 邮件; region: 华东");
  });
});

describe("export format", () => {
  it("defaults to csv, accepts xlsx, rejects anything else with a 422", () => {
    expect(parseExportFormat(null)).toBe("csv");
    expect(parseExportFormat("")).toBe("csv");
    expect(parseExportFormat("xlsx")).toBe("xlsx");
    for (const bad of ["pdf", "XLSX", "csv "]) {
      const error = (() => {
        try {
          parseExportFormat(bad);
          return null;
        } catch (caught) {
          return caught;
        }
      })();
      expect(error, bad).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(422);
    }
  });

  it("names the file after the range", () => {
    expect(exportFilename({ from: "2026-08-01", to: "2026-10-30" }, "xlsx")).toBe("nps-responses-2026-08-01_2026-10-30.xlsx");
    expect(EXPORT_CONTENT_TYPES.csv).toBe("text/csv; charset=utf-8");
  });
});
