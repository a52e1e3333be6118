import { describe, expect, it } from "vitest";
import {
  excelSerialToWall,
  parseResponseDate,
  parseScore,
  resolveResponseMapping,
  suggestResponseMapping,
  validateResponseRow,
  zonedToInstant,
} from "@/lib/response-import";

const NOW = Date.parse("2026-06-30T12:00:00Z");
const SHANGHAI = "Asia/Shanghai";
const iso = (value: string, timeZone = SHANGHAI, now = NOW) => {
  const parsed = parseResponseDate(value, timeZone, now);
  return "ms" in parsed ? new Date(parsed.ms).toISOString() : parsed.reason;
};

describe("parseScore", () => {
  it("takes whole scores 0–10, also written as 10.0", () => {
    expect(["0", "7", " 10 ", "10.0", "9.00", "08"].map(parseScore)).toEqual([0, 7, 10, 10, 9, 8]);
  });
  it("refuses anything else", () => {
    expect(["11", "-1", "7.5", "ten", "", "1e1", "10.", "9,0", "100"].map(parseScore)).toEqual(Array(9).fill(null));
  });
});

describe("parseResponseDate", () => {
  it("reads local dates and times in the organisation's time zone", () => {
    expect(iso("2024/03/05 14:22")).toBe("2024-03-05T06:22:00.000Z");
    expect(iso("2024-03-05")).toBe("2024-03-04T16:00:00.000Z");
    expect(iso("2024-3-5 8:05:09")).toBe("2024-03-05T00:05:09.000Z");
    expect(iso("2024-03-05T14:22:00.250")).toBe("2024-03-05T06:22:00.250Z");
    expect(iso("2024年3月5日 14:22")).toBe("2024-03-05T06:22:00.000Z");
    expect(iso("2024.03.05")).toBe("2024-03-04T16:00:00.000Z");
  });
  it("honours an explicit zone", () => {
    expect(iso("2024-03-05T14:22:00Z")).toBe("2024-03-05T14:22:00.000Z");
    expect(iso("2024-03-05T14:22:00+01:00")).toBe("2024-03-05T13:22:00.000Z");
    expect(iso("2024-03-05 14:22 -0500")).toBe("2024-03-05T19:22:00.000Z");
  });
  it("follows daylight saving time in zones that have it", () => {
    expect(iso("2024-07-01 12:00", "Europe/Berlin")).toBe("2024-07-01T10:00:00.000Z");
    expect(iso("2024-01-15 12:00", "Europe/Berlin")).toBe("2024-01-15T11:00:00.000Z");
    expect(iso("2024-07-01 12:00", "America/New_York")).toBe("2024-07-01T16:00:00.000Z");
    // 02:30 on the spring-forward night does not exist in Berlin: moved forward by the gap.
    expect(iso("2024-03-31 02:30", "Europe/Berlin")).toBe("2024-03-31T01:30:00.000Z");
  });
  it("refuses impossible, future, too early and unreadable dates", () => {
    expect(iso("2023-02-29")).toBe("date_invalid");
    expect(iso("2024-02-30")).toBe("date_invalid");
    expect(iso("2024-13-01")).toBe("date_invalid");
    expect(iso("2024-03-05 24:00")).toBe("date_invalid");
    expect(iso("2024-03-05 12:60")).toBe("date_invalid");
    expect(iso("05/03/2024")).toBe("date_invalid");
    expect(iso("yesterday")).toBe("date_invalid");
    expect(iso("")).toBe("date_missing");
    expect(iso("2026-07-01")).toBe("date_future");
    // 2026-06-30 20:30 local is 12:30 UTC: after "now" (12:00 UTC).
    expect(iso("2026-06-30 20:30")).toBe("date_future");
    expect(iso("2026-06-30 19:30")).toBe("2026-06-30T11:30:00.000Z");
    expect(iso("1999-12-31")).toBe("date_too_early");
  });
  it("reads Excel serial dates only from workbooks", () => {
    expect(new Date(excelSerialToWall(45356.6)).toISOString()).toBe("2024-03-05T14:24:00.000Z");
    const parsed = parseResponseDate("45356.6", SHANGHAI, NOW, { excelSerials: true });
    expect("ms" in parsed && new Date(parsed.ms).toISOString()).toBe("2024-03-05T06:24:00.000Z");
    expect(parseResponseDate("45356.6", SHANGHAI, NOW)).toEqual({ reason: "date_invalid" });
  });
  it("converts wall-clock time to an instant", () => {
    expect(new Date(zonedToInstant(Date.UTC(2024, 0, 1), "UTC")).toISOString()).toBe("2024-01-01T00:00:00.000Z");
    expect(new Date(zonedToInstant(Date.UTC(2024, 0, 1), SHANGHAI)).toISOString()).toBe("2023-12-31T16:00:00.000Z");
  });
});

describe("mapping and rows", () => {
  const headers = ["日期", "评分", "评论", "邮箱", "客户编号", "回复编号", "触点", "区域"];
  it("suggests a mapping from Chinese and English headers", () => {
    expect(suggestResponseMapping(headers)).toEqual({
      日期: "date",
      评分: "score",
      评论: "comment",
      邮箱: "email",
      客户编号: "customerId",
      回复编号: "responseId",
      触点: "touchpoint",
      区域: "attributes.region",
    });
    expect(suggestResponseMapping(["Date", "NPS", "Comment", "Email", "Tier"])).toEqual({
      Date: "date",
      NPS: "score",
      Comment: "comment",
      Email: "email",
      Tier: "attributes.tier",
    });
  });
  it("requires score and date, each field once", () => {
    expect(resolveResponseMapping(headers, { 日期: "date" })).toEqual({ problem: { code: "score_required" } });
    expect(resolveResponseMapping(headers, { 评分: "score" })).toEqual({ problem: { code: "date_required" } });
    expect(resolveResponseMapping(headers, { 评分: "score", 日期: "score" })).toEqual({ problem: { code: "field_twice", field: "score" } });
    expect(resolveResponseMapping(headers, { 评分: "score", 日期: "date", 无此列: "comment" })).toEqual({ problem: { code: "unknown_column", column: "无此列" } });
  });
  it("validates a row and names the field at fault", () => {
    const resolved = resolveResponseMapping(headers, suggestResponseMapping(headers));
    if (!("columns" in resolved)) throw new Error("mapping");
    const context = { timeZone: SHANGHAI, now: NOW };
    const row = (cells: string[]) => validateResponseRow(cells, resolved.columns, context);
    expect(row(["2024/03/05 14:22", "10.0", " 很好 ", "A@Example.com", "C-1", "r1", "柜面", "华东"])).toEqual({
      row: {
        score: 10,
        answeredAt: Date.parse("2024-03-05T06:22:00Z"),
        comment: "很好",
        email: "a@example.com",
        customerId: "C-1",
        locale: null,
        touchpoint: "柜面",
        responseId: "r1",
        attributes: { region: "华东" },
      },
    });
    expect(row(["2024/03/05", "", "", "", "", "", "", ""])).toEqual({ reason: "score_missing", field: "score" });
    expect(row(["2024/03/05", "7.5", "", "", "", "", "", ""])).toEqual({ reason: "score_invalid", field: "score" });
    expect(row(["2099/03/05", "7", "", "", "", "", "", ""])).toEqual({ reason: "date_future", field: "date" });
    expect(row(["2024/03/05", "7", "x".repeat(2001), "", "", "", "", ""])).toEqual({ reason: "too_long", field: "comment" });
    expect(row(["2024/03/05", "7", "", "not-an-email", "", "", "", ""])).toEqual({ reason: "email_invalid", field: "email" });
    expect(row(["2024/03/05", "7", "a\u0000b", "", "", "", "", ""])).toEqual({ reason: "invalid_characters", field: "comment" });
  });
});
