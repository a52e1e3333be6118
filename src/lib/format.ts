import type { Locale } from "@/i18n/locales";

/** NPS in points with its sign, e.g. "+25", "−3.5", "0". One decimal at most. */
export function formatNps(value: number | null, locale: Locale): string {
  if (value === null) return "—";
  const rounded = Math.round(value * 10) / 10;
  const text = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(Math.abs(rounded));
  if (rounded > 0) return `+${text}`;
  if (rounded < 0) return `−${text}`;
  return text;
}

/** A share in [0, 1] as a percentage, e.g. "42%" / "4.5%". */
export function formatShare(share: number | null, locale: Locale): string {
  if (share === null) return "—";
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: share < 0.1 ? 1 : 0 }).format(share);
}

export function formatNumber(value: number | null, locale: Locale, maximumFractionDigits = 0): string {
  if (value === null) return "—";
  return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);
}

export function formatDateTime(value: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(value);
}

export function formatDate(value: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone }).format(value);
}

/**
 * Whole percentages of `counts` that add up to exactly 100 (largest-remainder rounding), so a
 * 33 / 40 / 28 split is never shown as 101 %. Empty input (total 0) gives undefined entries.
 */
export function roundedPercentages(counts: readonly number[]): (number | undefined)[] {
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total === 0) return counts.map(() => undefined);
  const exact = counts.map((c) => (c / total) * 100);
  const floors = exact.map(Math.floor);
  let remaining = 100 - floors.reduce((sum, f) => sum + f, 0);
  const order = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder);
  for (const { index } of order) {
    if (remaining <= 0) break;
    floors[index] = (floors[index] ?? 0) + 1;
    remaining -= 1;
  }
  return floors;
}

/** The shares of `counts` as percentage strings that add up to 100 % ("—" when there are none). */
export function formatPercentages(counts: readonly number[], locale: Locale): string[] {
  return roundedPercentages(counts).map((pct) => (pct === undefined ? "—" : formatShare(pct / 100, locale)));
}

/**
 * A p-value as people read it, with its relation sign: "p < 0.001" or "p = 0.012". Messages insert it whole
 * ("Significant ({p})"), so a small p is never written "p = < 0.001".
 */
export function formatPValue(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`;
}
