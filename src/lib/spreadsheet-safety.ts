/**
 * Spreadsheet (CSV / formula) injection defence for exported cells — OWASP "CSV Injection":
 * a text cell must not begin with `=`, `+`, `-`, `@`, a tab or a carriage return; such a cell is prefixed with
 * a single quote `'`, which spreadsheet programs read as "this is text".
 *
 * Beyond the OWASP list we also neutralise
 * - the fullwidth forms ＝ ＋ － ＠ (U+FF1D, U+FF0B, U+FF0D, U+FF20), which Chinese input methods produce and
 *   some spreadsheet programs normalise to their ASCII twins;
 * - a trigger that follows leading whitespace (spaces, NBSP, ideographic space U+3000, BOM), since some
 *   importers trim before evaluating;
 * - a leading line feed or NUL (ASVS 1.2.10 lists NUL).
 *
 * Numbers stay numbers: a numeric cell is never touched, and neither is text that is nothing but a plain
 * decimal number ("-5", "+3.5", "1e3") — it cannot carry a formula and a quote would only make it unreadable.
 *
 * Pure and isomorphic.
 */

/** Characters that start a formula (ASCII and fullwidth). */
const FORMULA_TRIGGER = "=+\\-@\uFF1D\uFF0B\uFF0D\uFF20";
/** Whitespace a spreadsheet program might skip before looking for a formula trigger. */
const LEADING_SPACE = "\\s\\u00A0\\u3000\\uFEFF";

const DANGEROUS_START = new RegExp(`^(?:[\\t\\r\\n\\0]|[${LEADING_SPACE}]*[${FORMULA_TRIGGER}])`, "u");
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The prefix that makes a spreadsheet program treat a cell as text. */
export const TEXT_PREFIX = "'";

/** True when `value`, written into a spreadsheet cell as text, could be evaluated as a formula. */
export function isDangerousCell(value: string): boolean {
  return DANGEROUS_START.test(value) && !PLAIN_NUMBER.test(value);
}

/** `value` with a leading `'` when it could be read as a formula; otherwise unchanged. Idempotent. */
export function neutralizeCell(value: string): string {
  return isDangerousCell(value) ? `${TEXT_PREFIX}${value}` : value;
}

export type CellValue = string | number | null;

/** Neutralises text, passes numbers (finite) and empty cells through; non-finite numbers become empty cells. */
export function neutralizeValue(value: CellValue): CellValue {
  if (typeof value === "string") return neutralizeCell(value);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  return null;
}
