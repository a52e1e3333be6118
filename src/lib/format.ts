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
