/**
 * Which week the weekly digest reports, in the organisation's time zone: the last full week (Monday–Sunday)
 * before the current one, sent from Monday 08:00 local time on. Pure.
 */
import { addDays, todayIn, type DateRange } from "./date-range";

/** Local hour from which Monday's digest goes out. */
export const DIGEST_HOUR = 8;

export type DigestWeek = {
  /** Monday of the reported week (what DigestRun.weekStart stores). */
  weekStart: string;
  week: DateRange;
  previous: DateRange;
};

function localHour(timeZone: string, now: Date): number {
  const hour = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(now);
  return Number.parseInt(hour, 10);
}

/** ISO weekday of an ISO date: Monday 1 … Sunday 7. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The reported week at `now`, or null on Monday before DIGEST_HOUR (last week's digest went out a week ago). */
export function digestWeek(timeZone: string, now: Date): DigestWeek | null {
  const today = todayIn(timeZone, now);
  const weekday = isoWeekday(today);
  if (weekday === 1 && localHour(timeZone, now) < DIGEST_HOUR) return null;
  const currentMonday = addDays(today, 1 - weekday);
  const weekStart = addDays(currentMonday, -7);
  return {
    weekStart,
    week: { from: weekStart, to: addDays(currentMonday, -1) },
    previous: { from: addDays(weekStart, -7), to: addDays(weekStart, -1) },
  };
}
