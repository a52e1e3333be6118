/**
 * Historical response import (a previous tool's export): column mapping and row validation. Pure and
 * isomorphic — the import wizard marks preview rows with it in the browser, the server checks every row of
 * the file with it, so both agree. The file handling (encodings, delimiters, headers) is the contact import's
 * (src/lib/contact-import.ts, src/server/imports/).
 */
import type { Locale } from "@/i18n/locales";
import { ALL_TIME_FROM } from "./date-range";
import { attributeKeyOf, FIELD_LIMITS, normalizeEmail, normalizeLocale, resolveColumnMapping, suggestColumnMapping } from "./contact-import";

/** Response fields a column can be mapped to; `attributes.<key>` maps to an attribute of the response. */
export const RESPONSE_FIELDS = ["score", "date", "comment", "email", "customerId", "locale", "touchpoint", "responseId"] as const;
export type ResponseField = (typeof RESPONSE_FIELDS)[number];
export type ResponseMappingTarget = ResponseField | `attributes.${string}`;
/** Header → target. Columns not named here are ignored. */
export type ResponseColumnMapping = Record<string, ResponseMappingTarget>;
/** Fields every mapping needs. */
export const REQUIRED_RESPONSE_FIELDS = ["score", "date"] as const satisfies readonly ResponseField[];

export const RESPONSE_FIELD_LIMITS = { comment: 2000, touchpoint: 120, responseId: 200, customerId: FIELD_LIMITS.externalId } as const;

export const RESPONSE_ROW_ERROR_CODES = [
  "malformed",
  "score_missing",
  "score_invalid",
  "date_missing",
  "date_invalid",
  "date_future",
  "date_too_early",
  "email_invalid",
  "locale_unknown",
  "too_long",
  "invalid_characters",
] as const;
export type ResponseRowErrorCode = (typeof RESPONSE_ROW_ERROR_CODES)[number];

/** A valid row, ready to be written. Empty cells are null. */
export type ImportedResponse = {
  score: number;
  /** The original answer time, milliseconds since the epoch. */
  answeredAt: number;
  comment: string | null;
  email: string | null;
  customerId: string | null;
  locale: Locale | null;
  touchpoint: string | null;
  responseId: string | null;
  attributes: Record<string, string>;
};

export type ResolvedResponseColumn = { index: number; target: ResponseMappingTarget };

export type ResponseMappingProblem =
  | { code: "score_required" }
  | { code: "date_required" }
  | { code: "field_twice"; field: string }
  | { code: "unknown_column"; column: string }
  | { code: "attribute_key_invalid"; column: string };

/** Checks a mapping against the file's headers and resolves it to column indexes (score and date are required). */
export function resolveResponseMapping(
  headers: readonly string[],
  mapping: ResponseColumnMapping,
): { columns: ResolvedResponseColumn[] } | { problem: ResponseMappingProblem } {
  const resolved = resolveColumnMapping(headers, mapping, RESPONSE_FIELDS, REQUIRED_RESPONSE_FIELDS);
  if (!("problem" in resolved)) return resolved;
  const { problem } = resolved;
  if (problem.code === "field_required") return { problem: { code: problem.field === "score" ? "score_required" : "date_required" } };
  if (problem.code === "email_required") return { problem: { code: "score_required" } };
  return { problem };
}

/** "9", " 10 ", "10.0", "7.00" → the integer 0–10; anything else (7.5, "ten", 11, -1) → null. */
export function parseScore(value: string): number | null {
  const match = /^\s*(\d{1,2})(?:\.0+)?\s*$/.exec(value);
  if (!match) return null;
  const score = Number(match[1]);
  return score <= 10 ? score : null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds (Asia/Shanghai: +8 h). */
export function zoneOffset(timeZone: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - (ms - (ms % 1000));
}

/**
 * The instant a wall-clock time in `timeZone` names (wall time given as if it were UTC). In a daylight-saving
 * gap the time is moved forward by the gap; in an overlap the earlier instant is taken.
 */
export function zonedToInstant(wallAsUtc: number, timeZone: string): number {
  // Most days have one offset all day (every day in Asia/Shanghai): one lookup per wall-clock day, so a million
  // rows spread over years cost a few thousand offset computations, not one per quarter hour.
  const steady = steadyDayOffset(Math.floor(wallAsUtc / 86_400_000), timeZone);
  if (steady !== null) return wallAsUtc - steady;
  // Zone offsets change on quarter hours: within one quarter hour of wall time the offset is the same.
  const quarter = Math.floor(wallAsUtc / 900_000);
  const cacheKey = `${timeZone} ${quarter}`;
  const cached = offsetCache.get(cacheKey);
  if (cached !== undefined) return wallAsUtc - cached;
  const instant = computeZonedInstant(quarter * 900_000, timeZone);
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(cacheKey, quarter * 900_000 - instant);
  return wallAsUtc - (quarter * 900_000 - instant);
}

const offsetCache = new Map<string, number>();
const dayCache = new Map<string, number | null>();

/**
 * The offset of a wall-clock day (days since the epoch, wall time as if UTC) when it is the same all day, else null
 * (a day with a transition). The day's instants lie within 14 h of its wall times; offsets change at most once in
 * that span (as computeZonedInstant assumes), so equal offsets at both ends mean one offset throughout.
 */
function steadyDayOffset(day: number, timeZone: string): number | null {
  const key = `${timeZone} ${day}`;
  const cached = dayCache.get(key);
  if (cached !== undefined) return cached;
  const start = day * 86_400_000;
  const before = zoneOffset(timeZone, start - 14 * 3_600_000);
  const after = zoneOffset(timeZone, start + 38 * 3_600_000);
  const steady = before === after ? before : null;
  if (dayCache.size > 100_000) dayCache.clear();
  dayCache.set(key, steady);
  return steady;
}

function computeZonedInstant(wallAsUtc: number, timeZone: string): number {
  // Offsets transition at most once within a day: the offsets half a day either side are the candidates.
  const before = wallAsUtc - zoneOffset(timeZone, wallAsUtc - 43_200_000);
  const after = wallAsUtc - zoneOffset(timeZone, wallAsUtc + 43_200_000);
  const valid = [before, after].filter((candidate) => candidate + zoneOffset(timeZone, candidate) === wallAsUtc);
  // None valid: a wall time in the spring-forward gap, read with the offset before it (moved forward by the gap).
  return valid.length ? Math.min(...valid) : before;
}

// 2024-03-05 · 2024/3/5 · 2024.03.05 · 2024-03-05 14:22 · 2024-03-05T14:22:05.123 · … +08:00 / Z / +0800
const DATE_TIME =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;
// 2024年3月5日 14:22
const CHINESE_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:(\d{1,2})[:：时](\d{2})(?:[:：分](\d{2})秒?)?)?$/;

export type ParsedDate = { ms: number } | { reason: "date_missing" | "date_invalid" | "date_future" | "date_too_early" };

/**
 * A date or date-time cell as an instant. A value without a time zone (the usual export: "2024/03/05 14:22",
 * "2024-03-05", an Excel date) is wall-clock time in the organisation's `timeZone`; a date alone is midnight
 * there. With `excelSerials` (an XLSX file, whose date cells are read as numbers) a number like 45356.6 is an
 * Excel date. Impossible dates (2023-02-29, 24:00), dates after `now` and before 2000 are refused.
 */
export function parseResponseDate(value: string, timeZone: string, now: number, options: { excelSerials?: boolean } = {}): ParsedDate {
  const text = value.trim();
  if (text === "") return { reason: "date_missing" };
  if (options.excelSerials && EXCEL_SERIAL.test(text)) return checkInstant(zonedToInstant(excelSerialToWall(Number(text)), timeZone), now);
  const match = DATE_TIME.exec(text) ?? CHINESE_DATE.exec(text);
  if (!match) return { reason: "date_invalid" };
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const millis = Number((fraction + "000").slice(0, 3));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { reason: "date_invalid" };
  }
  let ms: number;
  if (zone === undefined) {
    ms = zonedToInstant(wall, timeZone);
  } else if (/^(z|utc|gmt)$/i.test(zone)) {
    ms = wall;
  } else {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = Number(digits.slice(2) || "0");
    if (offsetHours > 14 || offsetMinutes > 59) return { reason: "date_invalid" };
    ms = wall - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return checkInstant(ms, now);
}

function checkInstant(ms: number, now: number): ParsedDate {
  if (ms > now) return { reason: "date_future" };
  if (ms < Date.parse(`${ALL_TIME_FROM}T00:00:00Z`) - 14 * 3_600_000) return { reason: "date_too_early" };
  return { ms };
}

/** An Excel date as a workbook stores it: days since 1899-12-30 (time as the fraction), e.g. 45356.6. */
const EXCEL_SERIAL = /^\d{5}(\.\d+)?$/;

/** An Excel serial date as wall-clock time (as if UTC), rounded to the second. */
export function excelSerialToWall(serial: number): number {
  return Math.round((serial - 25569) * 86_400) * 1000;
}

function limitOf(target: ResponseMappingTarget): number | null {
  if (attributeKeyOf(target) !== null) return FIELD_LIMITS.attributeValue;
  if (target === "comment" || target === "touchpoint" || target === "responseId" || target === "customerId") return RESPONSE_FIELD_LIMITS[target];
  return null;
}

/** Validates one data row under a resolved mapping. `now` and `timeZone` decide what "local" and "future" mean. */
export function validateResponseRow(
  cells: readonly string[],
  columns: readonly ResolvedResponseColumn[],
  context: { timeZone: string; now: number; excelSerials?: boolean },
): { row: ImportedResponse } | { reason: ResponseRowErrorCode; field: string } {
  const row: ImportedResponse = {
    score: 0,
    answeredAt: 0,
    comment: null,
    email: null,
    customerId: null,
    locale: null,
    touchpoint: null,
    responseId: null,
    attributes: {},
  };
  for (const { index, target } of columns) {
    const raw = cells[index] ?? "";
    if (raw.includes("\u0000")) return { reason: "invalid_characters", field: target };
    const value = raw.trim();
    if (target === "score") {
      if (value === "") return { reason: "score_missing", field: target };
      const score = parseScore(value);
      if (score === null) return { reason: "score_invalid", field: target };
      row.score = score;
      continue;
    }
    if (target === "date") {
      const date = parseResponseDate(value, context.timeZone, context.now, { excelSerials: context.excelSerials });
      if ("reason" in date) return { reason: date.reason, field: target };
      row.answeredAt = date.ms;
      continue;
    }
    if (value === "") continue;
    const limit = limitOf(target);
    if (limit !== null && value.length > limit) return { reason: "too_long", field: target };
    if (target === "email") {
      const email = normalizeEmail(value);
      if ("reason" in email) return { reason: email.reason === "too_long" ? "too_long" : "email_invalid", field: target };
      row.email = email.email;
      continue;
    }
    if (target === "locale") {
      const locale = normalizeLocale(value);
      if (!locale) return { reason: "locale_unknown", field: target };
      row.locale = locale;
      continue;
    }
    const key = attributeKeyOf(target);
    if (key !== null) row.attributes[key] = value;
    else if (target === "comment" || target === "touchpoint" || target === "responseId" || target === "customerId") row[target] = value;
  }
  return { row };
}

const SUGGESTIONS: [RegExp, ResponseField][] = [
  [/^(score|nps|nps score|rating|likelihood to recommend|ltr|评分|分数|得分|推荐分|推荐值|打分|nps ?分数|nps ?得分)$/i, "score"],
  [/^(date|time|datetime|created|created at|created_at|submitted|submitted at|response date|responded at|日期|时间|提交时间|回复时间|答卷时间|填写时间|创建时间)$/i, "date"],
  [/^(comment|comments|reason|feedback|verbatim|why|评论|意见|原因|反馈|留言|评价|建议)$/i, "comment"],
  [/^(e-?mail|email address|person email|邮箱|电子邮箱|邮件|电子邮件|邮箱地址)$/i, "email"],
  [/^(customer ?id|external ?id|crm ?id|person id|客户编号|客户号|外部编号|客户id)$/i, "customerId"],
  [/^(locale|language|lang|语言|语种)$/i, "locale"],
  [/^(touchpoint|touch point|触点|接触点|服务环节)$/i, "touchpoint"],
  [/^(response ?id|id|answer id|编号|回复编号|答卷编号)$/i, "responseId"],
];

/** A first guess at the mapping from header names (English and Chinese); everything else becomes an attribute. */
export function suggestResponseMapping(headers: readonly string[]): ResponseColumnMapping {
  return suggestColumnMapping(headers, SUGGESTIONS);
}
