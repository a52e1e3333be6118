import { describe, expect, it } from "vitest";
import {
  parseAmount,
  parseCurrency,
  resolveOutcomeMapping,
  resolveOutcomeType,
  suggestOutcomeMapping,
  suggestOutcomeType,
  validateOutcomeRow,
} from "@/lib/outcome-import";
import { zonedToInstant, zoneOffset } from "@/lib/response-import";
import { runOutcomeImportSchema } from "@/schemas/outcome-import";

const HEADERS = ["事件编号", "客户编号", "邮箱", "类型", "日期", "金额", "币种", "备注"];
const NOW = Date.parse("2026-12-01T00:00:00Z");

describe("outcome import mapping", () => {
  it("suggests the fields from Chinese and English headers and ignores other columns", () => {
    expect(suggestOutcomeMapping(HEADERS)).toEqual({ 事件编号: "externalId", 客户编号: "customerId", 邮箱: "email", 类型: "type", 日期: "occurredAt", 金额: "amount", 币种: "currency" });
    expect(suggestOutcomeMapping(["Event ID", "Email", "Type", "Date", "Amount"])).toEqual({ "Event ID": "externalId", Email: "email", Type: "type", Date: "occurredAt", Amount: "amount" });
  });

  it("requires event id, type, date and a customer id or an email; refuses attributes and a field twice", () => {
    expect(resolveOutcomeMapping(HEADERS, { 客户编号: "customerId", 类型: "type", 日期: "occurredAt" })).toEqual({ problem: { code: "external_id_required" } });
    expect(resolveOutcomeMapping(HEADERS, { 事件编号: "externalId", 客户编号: "customerId", 日期: "occurredAt" })).toEqual({ problem: { code: "type_required" } });
    expect(resolveOutcomeMapping(HEADERS, { 事件编号: "externalId", 客户编号: "customerId", 类型: "type" })).toEqual({ problem: { code: "occurred_at_required" } });
    expect(resolveOutcomeMapping(HEADERS, { 事件编号: "externalId", 类型: "type", 日期: "occurredAt" })).toEqual({ problem: { code: "contact_required" } });
    expect(resolveOutcomeMapping(HEADERS, { 事件编号: "externalId", 邮箱: "email", 类型: "type", 日期: "occurredAt", 备注: "attributes.note" })).toEqual({
      problem: { code: "unknown_column", column: "备注" },
    });
    expect(resolveOutcomeMapping(HEADERS, { 事件编号: "externalId", 邮箱: "email", 客户编号: "email", 类型: "type", 日期: "occurredAt" })).toEqual({
      problem: { code: "field_twice", field: "email" },
    });
    const ok = resolveOutcomeMapping(HEADERS, { 事件编号: "externalId", 邮箱: "email", 类型: "type", 日期: "occurredAt" });
    expect("columns" in ok && ok.columns.map((c) => c.index)).toEqual([0, 2, 3, 4]);
  });

  it("the run schema accepts type choices (a key or \"\" to skip) and refuses a key the API would refuse", () => {
    expect(runOutcomeImportSchema.safeParse({ mapping: { a: "type" }, typeValues: { 流失: "churned", 其他: "" } }).success).toBe(true);
    expect(runOutcomeImportSchema.safeParse({ mapping: { a: "type" } }).data?.typeValues).toEqual({});
    expect(runOutcomeImportSchema.safeParse({ mapping: { a: "type" }, typeValues: { 流失: "Churned!" } }).success).toBe(false);
    expect(runOutcomeImportSchema.safeParse({ mapping: { a: "attributes.x" } }).success).toBe(false);
  });
});

describe("outcome type values", () => {
  it("reads the standard types in Chinese and English, keeps valid own keys, refuses the rest", () => {
    expect(["流失", "销户", "退保", "Churned", " closed "].map(suggestOutcomeType)).toEqual(["churned", "churned", "churned", "churned", "churned"]);
    expect(["续约", "购买", "Renewal"].map(suggestOutcomeType)).toEqual(["purchased", "purchased", "purchased"]);
    expect(["投诉", "收入"].map(suggestOutcomeType)).toEqual(["complaint", "revenue"]);
    expect(suggestOutcomeType("Referral")).toBe("referral");
    expect(suggestOutcomeType("网点转介")).toBeNull();
    expect(suggestOutcomeType("")).toBeNull();
  });

  it("the admin's choice wins; \"\" skips; a chosen key must be valid", () => {
    expect(resolveOutcomeType("网点转介", { 网点转介: "referral" })).toBe("referral");
    expect(resolveOutcomeType("流失", { 流失: "" })).toBe("");
    expect(resolveOutcomeType("流失", { 流失: "Bad Key" })).toBeNull();
    expect(resolveOutcomeType(" 投诉 ", {})).toBe("complaint");
  });
});

describe("amounts and currencies", () => {
  it("reads amounts as the API stores them (4 decimals) and refuses non-amounts", () => {
    expect(parseAmount("1,200.50")).toBe("1200.5000");
    expect(parseAmount("¥1200")).toBe("1200.0000");
    expect(parseAmount("-35")).toBe("-35.0000");
    expect(parseAmount("1200.5 元")).toBe("1200.5000");
    expect(parseAmount(".25")).toBe("0.2500");
    expect(parseAmount("1.23456")).toBe("1.2346");
    for (const bad of ["abc", "1,2,3", "12e5", "", "1..2", "20000000000000"]) expect(parseAmount(bad), bad).toBeNull();
  });

  it("reads currency codes and Chinese names", () => {
    expect(["cny", "人民币", "RMB", "usd", "港币"].map(parseCurrency)).toEqual(["CNY", "CNY", "CNY", "USD", "HKD"]);
    expect(parseCurrency("yuan!")).toBeNull();
  });
});

describe("outcome rows", () => {
  const mapping = resolveOutcomeMapping(HEADERS, { 事件编号: "externalId", 客户编号: "customerId", 邮箱: "email", 类型: "type", 日期: "occurredAt", 金额: "amount", 币种: "currency" });
  if (!("columns" in mapping)) throw new Error("mapping");
  const { columns } = mapping;
  const context = { timeZone: "Asia/Shanghai", now: NOW, typeValues: { 网点转介: "referral", 其他: "" } };
  const check = (cells: string[]) => validateOutcomeRow(cells, columns, context);

  it("a good row: local date in the organisation's zone, email lower-cased, CNY when no currency", () => {
    expect(check(["E1", "", "Li@Example.COM", "流失", "2026-10-01 08:00", "1,200.5", "", ""])).toEqual({
      row: { externalId: "E1", customerId: null, email: "li@example.com", type: "churned", occurredAt: Date.parse("2026-10-01T00:00:00Z"), amount: "1200.5000", currency: "CNY" },
    });
    expect(check(["E2", "C-1", "", "网点转介", "2026-10-01T08:00:00Z", "", "", ""])).toMatchObject({ row: { customerId: "C-1", type: "referral", amount: null, currency: null } });
  });

  it("each bad row has its reason and field", () => {
    const cases: [string[], string, string][] = [
      [["", "C-1", "", "流失", "2026-10-01", "", "", ""], "external_id_missing", "externalId"],
      [["E", "", "", "流失", "2026-10-01", "", "", ""], "contact_missing", "customerId"],
      [["E", "", "not-an-email", "流失", "2026-10-01", "", "", ""], "email_invalid", "email"],
      [["E", "C-1", "", "", "2026-10-01", "", "", ""], "type_missing", "type"],
      [["E", "C-1", "", "网点？", "2026-10-01", "", "", ""], "type_unknown", "type"],
      [["E", "C-1", "", "其他", "2026-10-01", "", "", ""], "type_skipped", "type"],
      [["E", "C-1", "", "流失", "", "", "", ""], "date_missing", "occurredAt"],
      [["E", "C-1", "", "流失", "2026-02-30", "", "", ""], "date_invalid", "occurredAt"],
      [["E", "C-1", "", "流失", "2027-01-01", "", "", ""], "date_future", "occurredAt"],
      [["E", "C-1", "", "流失", "2026-10-01", "lots", "", ""], "amount_invalid", "amount"],
      [["E", "C-1", "", "流失", "2026-10-01", "5", "yuan!", ""], "currency_invalid", "currency"],
      [["E".repeat(201), "C-1", "", "流失", "2026-10-01", "", "", ""], "too_long", "externalId"],
      [["E\u0000", "C-1", "", "流失", "2026-10-01", "", "", ""], "invalid_characters", "externalId"],
    ];
    for (const [cells, reason, field] of cases) expect(check(cells), reason).toEqual({ reason, field });
  });
});

describe("wall-clock dates at import speed", () => {
  // The reference: the offset search per quarter hour that zonedToInstant did for every row before the per-day cache.
  function reference(wall: number, timeZone: string): number {
    const before = wall - zoneOffset(timeZone, wall - 43_200_000);
    const after = wall - zoneOffset(timeZone, wall + 43_200_000);
    const valid = [before, after].filter((candidate) => candidate + zoneOffset(timeZone, candidate) === wall);
    return valid.length ? Math.min(...valid) : before;
  }

  it("the per-day offset cache gives the same instants as the per-time search, across daylight-saving changes", () => {
    const zones = ["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Sao_Paulo", "UTC"];
    let state = 7;
    const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (const zone of zones) {
      // Every quarter hour around the 2024 transitions of the northern and southern zones, plus random times.
      const walls: number[] = [];
      for (const day of [Date.UTC(2024, 2, 10), Date.UTC(2024, 2, 31), Date.UTC(2024, 3, 7), Date.UTC(2024, 9, 6), Date.UTC(2024, 10, 3), Date.UTC(2024, 9, 27)]) {
        for (let q = -96; q < 192; q++) walls.push(day + q * 900_000);
      }
      for (let i = 0; i < 400; i++) walls.push(Date.UTC(2001, 0, 1) + Math.floor(random() * 25 * 365 * 86_400) * 1000);
      const wrong = walls.filter((wall) => zonedToInstant(wall, zone) !== reference(wall, zone)).map((wall) => new Date(wall).toISOString());
      expect(wrong, zone).toEqual([]);
    }
  }, 120_000);
});
