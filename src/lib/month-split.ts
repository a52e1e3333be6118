import { addDays, daysInRange, type DateRange } from "./date-range";

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

/** How to count one partial month at an end of a range: its raw days, or its whole month's pre-aggregated rows less the raw rows of its days outside the range. */
export type PartialMonthRead = { days: DateRange } | { month: DateRange; minus: DateRange[] };

/**
 * The partial months of `split.days` (each piece cut at month edges), each read the way that reads fewer raw
 * rows: the month's pre-aggregated row less the raw rows of the month's days outside the range, when those days
 * are fewer than the days inside; else the days inside. Days after `today` hold no answers yet, so they count as
 * none (the current month is then its month row less nearly nothing); without `today` every day counts. Either
 * way every day of the range is counted exactly once; the choice only changes how many raw rows are read.
 */
export function partialMonthReads(days: DateRange[], today?: string): PartialMonthRead[] {
  const rawDays = (range: DateRange) => {
    if (today === undefined || range.to <= today) return daysInRange(range);
    return range.from > today ? 0 : daysInRange({ from: range.from, to: today });
  };
  const reads: PartialMonthRead[] = [];
  for (const range of days) {
    for (let from = range.from; from <= range.to; from = nextMonthStart(from)) {
      const monthEnd = addDays(nextMonthStart(from), -1);
      const piece = { from, to: monthEnd < range.to ? monthEnd : range.to };
      const month = { from: monthStart(from), to: monthEnd };
      const minus = [
        ...(month.from < piece.from ? [{ from: month.from, to: addDays(piece.from, -1) }] : []),
        ...(piece.to < month.to ? [{ from: addDays(piece.to, 1), to: month.to }] : []),
      ];
      const outside = minus.reduce((sum, r) => sum + rawDays(r), 0);
      reads.push(outside < rawDays(piece) ? { month, minus } : { days: piece });
    }
  }
  return reads;
}
