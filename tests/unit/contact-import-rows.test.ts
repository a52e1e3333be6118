import { describe, expect, it } from "vitest";
import {
  normalizeEmail,
  normalizeHeaders,
  normalizeLocale,
  resolveMapping,
  suggestMapping,
  validateRow,
  type ResolvedColumn,
} from "@/lib/contact-import";
import { runImportSchema } from "@/schemas/contact-import";
import { importFormatSchema } from "@/schemas/contact-import";

const HEADERS = ["邮箱", "姓名", "手机", "语言", "客户编号", "区域"];

function columnsFor(mapping: Parameters<typeof resolveMapping>[1]): ResolvedColumn[] {
  const resolved = resolveMapping(HEADERS, mapping);
  if ("problem" in resolved) throw new Error(`unexpected mapping problem ${resolved.problem.code}`);
  return resolved.columns;
}

describe("headers and suggestions", () => {
  it("makes header names unique and non-empty, without a BOM", () => {
    expect(normalizeHeaders(["\uFEFFemail", " name ", "", "name"])).toEqual(["email", "name", "Column 3", "name (2)"]);
  });

  it("suggests core fields from Chinese and English names, attributes for the rest", () => {
    expect(suggestMapping(HEADERS)).toEqual({
      邮箱: "email",
      姓名: "name",
      手机: "phone",
      语言: "locale",
      客户编号: "externalId",
      区域: "attributes.region",
    });
    expect(suggestMapping(["E-mail", "Full name", "Tier", "Email"])).toEqual({ "E-mail": "email", "Full name": "name", Tier: "attributes.tier", Email: "attributes.email" });
  });
});

describe("resolveMapping", () => {
  it("needs exactly one email column and each field at most once", () => {
    expect(resolveMapping(HEADERS, { 姓名: "name" })).toEqual({ problem: { code: "email_required" } });
    expect(resolveMapping(HEADERS, { 邮箱: "email", 姓名: "name", 手机: "name" })).toEqual({ problem: { code: "field_twice", field: "name" } });
    expect(resolveMapping(HEADERS, { 邮箱: "email", 区域: "attributes.region", 姓名: "attributes.region" })).toEqual({
      problem: { code: "field_twice", field: "attributes.region" },
    });
    expect(resolveMapping(HEADERS, { 邮箱: "email", 不存在: "name" })).toEqual({ problem: { code: "unknown_column", column: "不存在" } });
    expect(resolveMapping(HEADERS, { 邮箱: "email", 区域: "attributes. " })).toEqual({ problem: { code: "attribute_key_invalid", column: "区域" } });
    expect(resolveMapping(HEADERS, { 邮箱: "email", 区域: "attributes.region" })).toEqual({
      columns: [
        { index: 0, target: "email" },
        { index: 5, target: "attributes.region" },
      ],
    });
  });
});

describe("validateRow", () => {
  const columns = columnsFor({ 邮箱: "email", 姓名: "name", 手机: "phone", 语言: "locale", 客户编号: "externalId", 区域: "attributes.region" });

  it("trims, lower-cases the email, maps the locale and leaves empty cells out", () => {
    expect(validateRow([" Wang.Fang@Example.COM ", " 王芳 ", "", "中文", "CRM-1", "华东"], columns)).toEqual({
      row: { email: "wang.fang@example.com", name: "王芳", phone: null, locale: "zh-CN", externalId: "CRM-1", attributes: { region: "华东" } },
    });
    expect(validateRow(["a@example.com"], columns)).toEqual({
      row: { email: "a@example.com", name: null, phone: null, locale: null, externalId: null, attributes: {} },
    });
  });

  it("gives the reason and the field of a bad row", () => {
    expect(validateRow(["", "A"], columns)).toEqual({ reason: "email_missing", field: "email" });
    expect(validateRow(["not an email", "A"], columns)).toEqual({ reason: "email_invalid", field: "email" });
    expect(validateRow([`${"a".repeat(250)}@example.com`], columns)).toEqual({ reason: "too_long", field: "email" });
    expect(validateRow(["a@example.com", "名".repeat(121)], columns)).toEqual({ reason: "too_long", field: "name" });
    expect(validateRow(["a@example.com", "", "1".repeat(41)], columns)).toEqual({ reason: "too_long", field: "phone" });
    expect(validateRow(["a@example.com", "", "", "fr"], columns)).toEqual({ reason: "locale_unknown", field: "locale" });
    expect(validateRow(["a@example.com", "", "", "", "", "x".repeat(201)], columns)).toEqual({ reason: "too_long", field: "attributes.region" });
    expect(validateRow(["a@example.com", "A\u0000B"], columns)).toEqual({ reason: "invalid_characters", field: "name" });
  });

  it("accepts the usual ways of writing the two languages", () => {
    for (const value of ["zh", "zh-CN", "zh_cn", "ZH-Hans", "中文", "简体中文", "Chinese"]) expect(normalizeLocale(value)).toBe("zh-CN");
    for (const value of ["en", "EN-us", "en_GB", "English", "英文"]) expect(normalizeLocale(value)).toBe("en");
    for (const value of ["fr", "de-DE", "xx yy", "日本語"]) expect(normalizeLocale(value)).toBeNull();
  });

  it("normalises emails like the contact schema does", () => {
    expect(normalizeEmail("  A@B.CO ")).toEqual({ email: "a@b.co" });
    expect(normalizeEmail("a@b")).toEqual({ reason: "email_invalid" });
  });
});

describe("import schemas", () => {
  it("takes GBK as an alias of GB18030 and delimiter names", () => {
    expect(importFormatSchema.parse({ encoding: "GBK", delimiter: "semicolon" })).toEqual({ encoding: "gb18030", delimiter: ";" });
    expect(importFormatSchema.parse({})).toEqual({ encoding: "auto", delimiter: "auto" });
    expect(importFormatSchema.safeParse({ encoding: "latin1" }).success).toBe(false);
  });

  it("validates the run input", () => {
    expect(runImportSchema.safeParse({ mapping: { 邮箱: "email", 区域: "attributes.region" }, onDuplicate: "skip" }).success).toBe(true);
    expect(runImportSchema.safeParse({ mapping: { 邮箱: "mail" }, onDuplicate: "update" }).success).toBe(false);
    expect(runImportSchema.safeParse({ mapping: { 邮箱: "email" }, onDuplicate: "merge" }).success).toBe(false);
    expect(runImportSchema.safeParse({ mapping: { 区域: `attributes.${"k".repeat(65)}` }, onDuplicate: "update" }).success).toBe(false);
  });
});
