import { addDays, type DateRange } from "./date-range";

/** The first day of the month of `date`. */
export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** The first day of the month after the month of `date`. */
export function nextMonthStart(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
}

export type MonthSplit = {
  /** Whole calendar months inside the range, as [first month's first day, last month's first day]. */
  months: DateRange | null;
  /** The remaining days (at most two pieces: before and after the whole months). */
  days: DateRange[];
};

/**
 * Splits an inclusive date range into whole calendar months and the partial days around them, so a long
 * range can read monthly pre-aggregates plus a few daily ones and still count every day exactly once.
 */
export function splitByMonths(range: DateRange): MonthSplit {
  const firstWhole = range.from === monthStart(range.from) ? range.from : nextMonthStart(range.from);
  const afterRange = addDays(range.to, 1);
  // The last whole month ends on range.to exactly when the day after range.to starts a month.
  const endWhole = afterRange === monthStart(afterRange) ? afterRange : monthStart(range.to);
  if (firstWhole >= endWhole) return { months: null, days: [range] };
  const lastWholeStart = monthStart(addDays(endWhole, -1));
  const days: DateRange[] = [];
  if (range.from < firstWhole) days.push({ from: range.from, to: addDays(firstWhole, -1) });
  if (endWhole <= range.to) days.push({ from: endWhole, to: range.to });
  return { months: { from: firstWhole, to: lastWholeStart }, days };
}
