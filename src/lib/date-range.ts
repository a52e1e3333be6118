/**
 * Calendar arithmetic on ISO dates ("2026-11-22"), time-zone free: the organisation's time zone only decides
 * what "today" is (todayIn). Pure; used by the dashboard, the API and their tests.
 */
export const RANGE_PRESETS = ["7d", "30d", "90d", "12m", "ytd", "all"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export type DateRange = { from: string; to: string };
export type Granularity = "day" | "week" | "month";

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  if (!ISO.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`, both included. */
export function daysInRange({ from, to }: DateRange): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Today's date in `timeZone` (e.g. Asia/Shanghai) at `now`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** Earliest date "all" reaches back to. */
export const ALL_TIME_FROM = "2000-01-01";

/**
 * What is wrong with a custom range the user typed, or null: "missing" (a custom range needs both dates),
 * "order" (the first day is after the last). A wrong range is an error shown to the user, never replaced by a default.
 */
export type RangeProblem = "missing" | "order";
export function rangeProblem(from: string | undefined, to: string | undefined, custom: boolean): RangeProblem | null {
  if (custom && (from === undefined || to === undefined)) return "missing";
  if (from !== undefined && to !== undefined && from > to) return "order";
  return null;
}

/** The inclusive range a preset means on `today`. */
export function presetRange(preset: RangePreset, today: string): DateRange {
  switch (preset) {
    case "7d":
      return { from: addDays(today, -6), to: today };
    case "30d":
      return { from: addDays(today, -29), to: today };
    case "90d":
      return { from: addDays(today, -89), to: today };
    case "12m": {
      const d = new Date(`${today}T00:00:00Z`);
      d.setUTCFullYear(d.getUTCFullYear() - 1);
      return { from: addDays(d.toISOString().slice(0, 10), 1), to: today };
    }
    case "ytd":
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case "all":
      return { from: ALL_TIME_FROM, to: today };
  }
}

/** The period of equal length just before `range` (for "change vs previous period"). */
export function previousRange(range: DateRange): DateRange {
  const length = daysInRange(range);
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}

/** Trend buckets that fit the range: days up to 5 weeks, weeks up to ~7 months, months beyond. */
export function granularityFor(range: DateRange): Granularity {
  const days = daysInRange(range);
  if (days <= 35) return "day";
  if (days <= 210) return "week";
  return "month";
}
