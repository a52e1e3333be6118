/**
 * Outcome (behaviour event) import from a file: column mapping, type-value mapping and row validation. Pure and
 * isomorphic — the import wizard marks preview rows with it in the browser, the server checks every row of the
 * file with it, so both agree. The file handling (encodings, delimiters, headers, jobs) is the shared import's
 * (src/lib/contact-import.ts, src/server/imports/); dates are read as the historical response import reads them.
 */
import { FIELD_LIMITS, normalizeEmail, resolveColumnMapping, suggestColumnMapping } from "./contact-import";
import { parseResponseDate } from "./response-import";

/** Fields a column can be mapped to (no attributes: an event has none). */
export const OUTCOME_IMPORT_FIELDS = ["externalId", "customerId", "email", "type", "occurredAt", "amount", "currency"] as const;
export type OutcomeImportField = (typeof OUTCOME_IMPORT_FIELDS)[number];
/** Header → field. Columns not named here are ignored. */
export type OutcomeColumnMapping = Record<string, OutcomeImportField>;
/** A type value as written in the file (trimmed) → the stored type key; "" skips the rows with that value (reported). */
export type OutcomeTypeValues = Record<string, string>;

export const REQUIRED_OUTCOME_FIELDS = ["externalId", "type", "occurredAt"] as const satisfies readonly OutcomeImportField[];

/** The stored type keys every organisation has (as src/schemas/outcome.ts OUTCOME_BASE_TYPES). */
export const OUTCOME_IMPORT_BASE_TYPES = ["churned", "purchased", "revenue", "complaint"] as const;

/** An organisation-defined type key: as the API accepts it (src/schemas/outcome.ts outcomeTypeSchema). */
export const OUTCOME_TYPE_KEY = /^[a-z][a-z0-9_]{0,39}$/;

export const OUTCOME_FIELD_LIMITS = { externalId: 200, customerId: FIELD_LIMITS.externalId, typeValue: 100 } as const;

/** Amounts the API accepts (src/schemas/outcome.ts): |amount| ≤ 10^13. */
const MAX_AMOUNT = 1e13;

export const OUTCOME_ROW_ERROR_CODES = [
  "malformed",
  "external_id_missing",
  "contact_missing",
  "email_invalid",
  "type_missing",
  "type_unknown",
  "type_skipped",
  "date_missing",
  "date_invalid",
  "date_future",
  "date_too_early",
  "amount_invalid",
  "currency_invalid",
  "too_long",
  "invalid_characters",
  /** Server only: no contact of this organisation has the customer id / email. */
  "contact_not_found",
] as const;
export type OutcomeRowErrorCode = (typeof OUTCOME_ROW_ERROR_CODES)[number];

/** A valid row, ready to be matched and written. */
export type ImportedOutcome = {
  externalId: string;
  customerId: string | null;
  email: string | null;
  type: string;
  /** Milliseconds since the epoch. */
  occurredAt: number;
  /** A decimal string with at most 4 decimals ("1200.5000"), or null. */
  amount: string | null;
  currency: string | null;
};

export type ResolvedOutcomeColumn = { index: number; target: OutcomeImportField };

export type OutcomeMappingProblem =
  | { code: "external_id_required" }
  | { code: "type_required" }
  | { code: "occurred_at_required" }
  | { code: "contact_required" }
  | { code: "field_twice"; field: string }
  | { code: "unknown_column"; column: string };

const REQUIRED_PROBLEM: Record<(typeof REQUIRED_OUTCOME_FIELDS)[number], OutcomeMappingProblem> = {
  externalId: { code: "external_id_required" },
  type: { code: "type_required" },
  occurredAt: { code: "occurred_at_required" },
};

/** Checks a mapping against the file's headers: externalId, type, occurredAt and customerId or email are required. */
export function resolveOutcomeMapping(
  headers: readonly string[],
  mapping: Readonly<Record<string, string>>,
): { columns: ResolvedOutcomeColumn[] } | { problem: OutcomeMappingProblem } {
  for (const [column, target] of Object.entries(mapping)) {
    if (!(OUTCOME_IMPORT_FIELDS as readonly string[]).includes(target)) return { problem: { code: "unknown_column", column } };
  }
  const resolved = resolveColumnMapping(headers, mapping as OutcomeColumnMapping, OUTCOME_IMPORT_FIELDS, REQUIRED_OUTCOME_FIELDS);
  if ("problem" in resolved) {
    const { problem } = resolved;
    if (problem.code === "field_required") return { problem: REQUIRED_PROBLEM[problem.field as keyof typeof REQUIRED_PROBLEM] };
    if (problem.code === "field_twice") return { problem };
    return { problem: { code: "unknown_column", column: "column" in problem ? problem.column : "" } };
  }
  if (!resolved.columns.some((column) => column.target === "customerId" || column.target === "email")) return { problem: { code: "contact_required" } };
  return { columns: resolved.columns };
}

const TYPE_SYNONYMS: [RegExp, (typeof OUTCOME_IMPORT_BASE_TYPES)[number]][] = [
  [/^(churn|churned|lost|closed|cancel(l)?ed|lapsed|attrition|流失|销户|销卡|退保|解约|退订|注销|离网|断保|关户|取消)$/i, "churned"],
  [/^(purchase|purchased|buy|bought|renewal|renewed|repurchase|upsell|购买|购入|续约|续保|续费|复购|新购|加购|开户|办理)$/i, "purchased"],
  [/^(revenue|income|sales|spend|收入|营收|收益|消费|交易额|金额|贡献)$/i, "revenue"],
  [/^(complaint|complain|complained|投诉|抱怨|申诉|客诉)$/i, "complaint"],
];

/**
 * The stored type a file value is read as when the admin has not chosen one: a base type by its name in English or
 * Chinese (流失 → churned, 续约 → purchased, 投诉 → complaint …), else the value itself when it is a valid
 * organisation key (lower-cased), else null (the admin must map it).
 */
export function suggestOutcomeType(value: string): string | null {
  const text = value.trim();
  if (text === "") return null;
  const base = TYPE_SYNONYMS.find(([pattern]) => pattern.test(text))?.[1];
  if (base) return base;
  const key = text.toLowerCase();
  return OUTCOME_TYPE_KEY.test(key) ? key : null;
}

/** The stored type of a file value under the admin's choices: their choice, else the suggestion. "" = skipped. */
export function resolveOutcomeType(value: string, typeValues: Readonly<OutcomeTypeValues>): string | null {
  const text = value.trim();
  if (Object.prototype.hasOwnProperty.call(typeValues, text)) {
    const chosen = typeValues[text] ?? "";
    return chosen === "" || OUTCOME_TYPE_KEY.test(chosen) ? chosen : null;
  }
  return suggestOutcomeType(text);
}

const AMOUNT = /^([+-])?\s*(?:[¥￥$€£]|CNY|RMB)?\s*(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?\s*(?:元|CNY|RMB)?$/i;

/** "1,200.50", "¥1200", "-35", "1200.5 元" → a decimal string with 4 decimals; anything else → null. */
export function parseAmount(value: string): string | null {
  const match = AMOUNT.exec(value.trim());
  if (!match) return null;
  const [, sign = "", whole = "", fraction = ""] = match;
  if (whole === "" && fraction === "") return null;
  const number = Number(`${sign}${whole.replaceAll(",", "") || "0"}.${fraction || "0"}`);
  if (!Number.isFinite(number) || Math.abs(number) > MAX_AMOUNT) return null;
  // As the API stores an amount (record-outcome-events.ts): rounded to 4 decimals.
  return number.toFixed(4);
}

const CURRENCY_WORDS: Record<string, string> = { "人民币": "CNY", "元": "CNY", rmb: "CNY", "¥": "CNY", "￥": "CNY", "美元": "USD", "港币": "HKD", "港元": "HKD", "欧元": "EUR" };

/** "cny", "人民币", "RMB" → "CNY"; an ISO 4217-looking code upper-cased; anything else → null. */
export function parseCurrency(value: string): string | null {
  const text = value.trim();
  const word = CURRENCY_WORDS[text.toLowerCase()] ?? CURRENCY_WORDS[text];
  if (word) return word;
  return /^[A-Za-z]{3}$/.test(text) ? text.toUpperCase() : null;
}

/** Validates one data row under a resolved mapping and the admin's type choices. */
export function validateOutcomeRow(
  cells: readonly string[],
  columns: readonly ResolvedOutcomeColumn[],
  context: { timeZone: string; now: number; excelSerials?: boolean; typeValues: Readonly<OutcomeTypeValues> },
): { row: ImportedOutcome } | { reason: OutcomeRowErrorCode; field: string } {
  const row: ImportedOutcome = { externalId: "", customerId: null, email: null, type: "", occurredAt: 0, amount: null, currency: null };
  let currencyCell = "";
  for (const { index, target } of columns) {
    const raw = cells[index] ?? "";
    if (raw.includes("\u0000")) return { reason: "invalid_characters", field: target };
    const value = raw.trim();
    switch (target) {
      case "externalId":
        if (value === "") return { reason: "external_id_missing", field: target };
        if (value.length > OUTCOME_FIELD_LIMITS.externalId) return { reason: "too_long", field: target };
        row.externalId = value;
        break;
      case "customerId":
        if (value.length > OUTCOME_FIELD_LIMITS.customerId) return { reason: "too_long", field: target };
        row.customerId = value === "" ? null : value;
        break;
      case "email": {
        if (value === "") break;
        const email = normalizeEmail(value);
        if ("reason" in email) return { reason: email.reason === "too_long" ? "too_long" : "email_invalid", field: target };
        row.email = email.email;
        break;
      }
      case "type": {
        if (value === "") return { reason: "type_missing", field: target };
        if (value.length > OUTCOME_FIELD_LIMITS.typeValue) return { reason: "too_long", field: target };
        const type = resolveOutcomeType(value, context.typeValues);
        if (type === null) return { reason: "type_unknown", field: target };
        if (type === "") return { reason: "type_skipped", field: target };
        row.type = type;
        break;
      }
      case "occurredAt": {
        const date = parseResponseDate(value, context.timeZone, context.now, { excelSerials: context.excelSerials });
        if ("reason" in date) return { reason: date.reason, field: target };
        row.occurredAt = date.ms;
        break;
      }
      case "amount": {
        if (value === "") break;
        const amount = parseAmount(value);
        if (amount === null) return { reason: "amount_invalid", field: target };
        row.amount = amount;
        break;
      }
      case "currency": {
        if (value === "") break;
        const currency = parseCurrency(value);
        if (currency === null) return { reason: "currency_invalid", field: target };
        currencyCell = currency;
        break;
      }
    }
  }
  if (row.customerId === null && row.email === null) return { reason: "contact_missing", field: columns.some((c) => c.target === "customerId") ? "customerId" : "email" };
  // As the API: an amount without a currency is CNY; a currency without an amount is kept.
  row.currency = currencyCell !== "" ? currencyCell : row.amount !== null ? "CNY" : null;
  return { row };
}

const SUGGESTIONS: [RegExp, OutcomeImportField][] = [
  [/^(event ?id|external ?id|outcome ?id|transaction ?id|id|事件编号|事件id|流水号|编号|单号|交易编号)$/i, "externalId"],
  [/^(customer ?id|customer ?no|crm ?id|client ?id|客户编号|客户号|客户id|客户代码)$/i, "customerId"],
  [/^(e-?mail|email address|邮箱|电子邮箱|邮件|电子邮件|邮箱地址)$/i, "email"],
  [/^(type|event|event type|outcome|outcome type|behaviou?r|类型|事件|事件类型|行为|行为类型)$/i, "type"],
  [/^(date|time|occurred|occurred ?at|event date|datetime|日期|时间|发生时间|发生日期|事件日期|交易日期)$/i, "occurredAt"],
  [/^(amount|value|revenue|sum|金额|数额|交易金额|收入)$/i, "amount"],
  [/^(currency|ccy|币种|货币)$/i, "currency"],
];

/** A first guess at the mapping from header names (English and Chinese); other columns are ignored. */
export function suggestOutcomeMapping(headers: readonly string[]): OutcomeColumnMapping {
  const suggested = suggestColumnMapping(headers, SUGGESTIONS);
  const mapping: OutcomeColumnMapping = {};
  for (const [header, target] of Object.entries(suggested)) {
    if ((OUTCOME_IMPORT_FIELDS as readonly string[]).includes(target)) mapping[header] = target as OutcomeImportField;
  }
  return mapping;
}

/** Distinct values kept per column for the type-value step; a column with more is reported as having "many". */
export const MAX_DISTINCT_VALUES = 50;
