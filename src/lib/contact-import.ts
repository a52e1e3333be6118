/**
 * Contact import: column mapping and row validation. Pure and isomorphic — the import wizard uses it in the
 * browser to mark preview rows, the server uses it on every row of the file, so both agree.
 */
import { z } from "zod";
import { matchLocale, type Locale } from "@/i18n/locales";

/** Encodings we decode. GBK is a subset of GB18030, so GBK files are decoded as GB18030 (byte-for-byte the same). */
export const IMPORT_ENCODINGS = ["utf-8", "gb18030"] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];
/** What the user may choose on the upload form. */
export const ENCODING_HINTS = ["auto", ...IMPORT_ENCODINGS] as const;
export type EncodingHint = (typeof ENCODING_HINTS)[number];

export const IMPORT_DELIMITERS = [",", ";", "\t"] as const;
export type ImportDelimiter = (typeof IMPORT_DELIMITERS)[number];
export const DELIMITER_HINTS = ["auto", ...IMPORT_DELIMITERS] as const;
export type DelimiterHint = (typeof DELIMITER_HINTS)[number];

/** Contact fields a column can be mapped to; `attributes.<key>` maps to a free attribute. */
export const CORE_FIELDS = ["email", "name", "phone", "locale", "externalId"] as const;
export type CoreField = (typeof CORE_FIELDS)[number];
export const ATTRIBUTE_PREFIX = "attributes.";
export type MappingTarget = CoreField | `attributes.${string}`;
/** Header (as shown in the preview) → target. Columns not named here are ignored. */
export type ColumnMapping = Record<string, MappingTarget>;

export const FIELD_LIMITS = { email: 254, name: 120, phone: 40, externalId: 128, attributeKey: 64, attributeValue: 200 } as const;
/** Rows whose reason we store on the import (all of them are counted). */
export const MAX_STORED_ROW_ERRORS = 1000;
/** Rows written per statement and transaction. */
export const IMPORT_BATCH_SIZE = 1000;

export const ROW_ERROR_CODES = [
  "malformed",
  "email_missing",
  "email_invalid",
  "too_long",
  "locale_unknown",
  "invalid_characters",
  "duplicate_in_file",
  "exists",
  "external_id_taken",
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];
/** One skipped row: its number as a spreadsheet shows it (the header is row 1) and why. */
export type RowError = { row: number; reason: RowErrorCode; field?: string };

/** A valid row, ready to be written. Empty cells are null (an update keeps what the contact had). */
export type ImportRow = {
  email: string;
  name: string | null;
  phone: string | null;
  locale: Locale | null;
  externalId: string | null;
  attributes: Record<string, string>;
};

export type ResolvedColumn = { index: number; target: MappingTarget };

export type MappingProblem =
  | { code: "email_required" }
  | { code: "field_twice"; field: string }
  | { code: "unknown_column"; column: string }
  | { code: "attribute_key_invalid"; column: string };

export function attributeKeyOf(target: string): string | null {
  return target.startsWith(ATTRIBUTE_PREFIX) ? target.slice(ATTRIBUTE_PREFIX.length) : null;
}

export function isValidAttributeKey(key: string): boolean {
  return key.trim() === key && key.length > 0 && key.length <= FIELD_LIMITS.attributeKey && !key.includes("\u0000");
}

/** Header cells made unique and non-empty ("Column 3" for an empty one, "email (2)" for a repeat). */
export function normalizeHeaders(cells: readonly string[], emptyLabel: (column: number) => string = (n) => `Column ${n}`): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, index) => {
    const base = cell.replace(/^\uFEFF/, "").trim() || emptyLabel(index + 1);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

/**
 * Checks a mapping against the file's headers and resolves it to column indexes: one implementation for every
 * import (contacts, historical responses), each with its own `fields` and `required` fields.
 */
export function resolveColumnMapping<T extends string>(
  headers: readonly string[],
  mapping: Readonly<Record<string, T>>,
  fields: readonly string[],
  required: readonly string[],
): { columns: { index: number; target: T }[] } | { problem: MappingProblem | { code: "field_required"; field: string } } {
  const columns: { index: number; target: T }[] = [];
  const used = new Set<string>();
  for (const [column, target] of Object.entries(mapping)) {
    const index = headers.indexOf(column);
    if (index === -1) return { problem: { code: "unknown_column", column } };
    const key = attributeKeyOf(target);
    if (key !== null && !isValidAttributeKey(key)) return { problem: { code: "attribute_key_invalid", column } };
    if (key === null && !fields.includes(target)) return { problem: { code: "unknown_column", column } };
    if (used.has(target)) return { problem: { code: "field_twice", field: target } };
    used.add(target);
    columns.push({ index, target });
  }
  const missing = required.find((field) => !used.has(field));
  if (missing !== undefined) return { problem: { code: "field_required", field: missing } };
  return { columns };
}

/** Checks a contact mapping against the file's headers and resolves it to column indexes. */
export function resolveMapping(headers: readonly string[], mapping: ColumnMapping): { columns: ResolvedColumn[] } | { problem: MappingProblem } {
  const resolved = resolveColumnMapping(headers, mapping, CORE_FIELDS, ["email"]);
  if ("problem" in resolved && resolved.problem.code === "field_required") return { problem: { code: "email_required" } };
  return resolved as { columns: ResolvedColumn[] } | { problem: MappingProblem };
}

const LOCALE_WORDS: Record<string, Locale> = {
  中文: "zh-CN",
  简体中文: "zh-CN",
  汉语: "zh-CN",
  chinese: "zh-CN",
  英文: "en",
  英语: "en",
  english: "en",
};

/** "zh", "zh_CN", "zh-Hans", "中文", "English", "en-GB" … → a supported locale; null for anything else. */
export function normalizeLocale(value: string): Locale | null {
  const trimmed = value.trim();
  const word = LOCALE_WORDS[trimmed.toLowerCase()];
  if (word) return word;
  if (!/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/.test(trimmed)) return null;
  return matchLocale(trimmed.replace(/_/g, "-"));
}

const emailSchema = z.email();

/** Lower-cased, trimmed email, or why not. */
export function normalizeEmail(value: string): { email: string } | { reason: "email_missing" | "email_invalid" | "too_long" } {
  const email = value.trim().toLowerCase();
  if (email === "") return { reason: "email_missing" };
  if (email.length > FIELD_LIMITS.email) return { reason: "too_long" };
  if (!emailSchema.safeParse(email).success) return { reason: "email_invalid" };
  return { email };
}

function limitOf(target: MappingTarget): number {
  if (attributeKeyOf(target) !== null) return FIELD_LIMITS.attributeValue;
  return FIELD_LIMITS[target as Exclude<CoreField, "locale">];
}

/** Validates one data row under a resolved mapping. */
export function validateRow(cells: readonly string[], columns: readonly ResolvedColumn[]): { row: ImportRow } | { reason: RowErrorCode; field: string } {
  const row: ImportRow = { email: "", name: null, phone: null, locale: null, externalId: null, attributes: {} };
  for (const { index, target } of columns) {
    const value = (cells[index] ?? "").trim();
    if (value.includes("\u0000")) return { reason: "invalid_characters", field: target };
    if (target === "email") {
      const email = normalizeEmail(value);
      if ("reason" in email) return { reason: email.reason, field: target };
      row.email = email.email;
      continue;
    }
    if (value === "") continue;
    if (target === "locale") {
      const locale = normalizeLocale(value);
      if (!locale) return { reason: "locale_unknown", field: target };
      row.locale = locale;
      continue;
    }
    if (value.length > limitOf(target)) return { reason: "too_long", field: target };
    const key = attributeKeyOf(target);
    if (key !== null) row.attributes[key] = value;
    else if (target === "name" || target === "phone" || target === "externalId") row[target] = value;
  }
  return { row };
}

const SUGGESTIONS: [RegExp, CoreField][] = [
  [/^(e-?mail|email address|邮箱|电子邮箱|邮件|电子邮件|邮箱地址)$/i, "email"],
  [/^(name|full ?name|customer name|姓名|名字|客户姓名|客户名称)$/i, "name"],
  [/^(phone|mobile|telephone|tel|手机|手机号|手机号码|电话|联系电话)$/i, "phone"],
  [/^(locale|language|lang|语言|语种)$/i, "locale"],
  [/^(external ?id|customer ?id|crm ?id|id|客户编号|客户号|编号|外部编号)$/i, "externalId"],
];

const ATTRIBUTE_WORDS: Record<string, string> = {
  区域: "region",
  地区: "region",
  大区: "region",
  分行: "branch",
  支行: "branch",
  网点: "branch",
  等级: "tier",
  客户等级: "tier",
  产品: "product",
  客龄: "tenure",
};

/** The attribute key a column becomes by default: a known Chinese word's key ("区域" → region), else its lower-cased name. */
export function suggestAttributeKey(header: string): string {
  return (ATTRIBUTE_WORDS[header.trim()] ?? header.trim().toLowerCase()).slice(0, FIELD_LIMITS.attributeKey).trim();
}

/**
 * A first guess at a mapping from header names: the first column matching a field's pattern gets the field,
 * everything else becomes an attribute. One implementation for every import, each with its own `suggestions`.
 */
export function suggestColumnMapping<F extends string>(headers: readonly string[], suggestions: readonly (readonly [RegExp, F])[]): Record<string, F | `attributes.${string}`> {
  const mapping: Record<string, F | `attributes.${string}`> = {};
  const used = new Set<string>();
  for (const header of headers) {
    const field = suggestions.find(([pattern]) => pattern.test(header.trim()))?.[1];
    if (field && !used.has(field)) {
      mapping[header] = field;
      used.add(field);
      continue;
    }
    const key = suggestAttributeKey(header);
    const target = `attributes.${key}` as const;
    if (isValidAttributeKey(key) && !used.has(target)) {
      mapping[header] = target;
      used.add(target);
    }
  }
  return mapping;
}

/** A first guess at the contact mapping from header names (English and Chinese); everything else becomes an attribute. */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  return suggestColumnMapping(headers, SUGGESTIONS);
}
