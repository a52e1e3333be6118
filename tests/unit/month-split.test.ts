import { describe, expect, it } from "vitest";
import { addDays, daysInRange } from "@/lib/date-range";
import { partialMonthReads, splitByMonths, type PartialMonthRead } from "@/lib/month-split";

/** Every day the split covers, monthly pieces expanded to their days. */
function coveredDays(split: ReturnType<typeof splitByMonths>): string[] {
  const days: string[] = [];
  for (const piece of split.days) for (let d = piece.from; d <= piece.to; d = addDays(d, 1)) days.push(d);
  if (split.months) {
    for (let m = split.months.from; m <= split.months.to; ) {
      const next = m.slice(5, 7) === "12" ? `${Number(m.slice(0, 4)) + 1}-01-01` : `${m.slice(0, 4)}-${String(Number(m.slice(5, 7)) + 1).padStart(2, "0")}-01`;
      for (let d = m; d < next; d = addDays(d, 1)) days.push(d);
      m = next;
    }
  }
  return days.sort();
}

describe("splitByMonths", () => {
  it("uses whole months in the middle and days at both ends", () => {
    expect(splitByMonths({ from: "2025-11-24", to: "2026-11-23" })).toEqual({
      months: { from: "2025-12-01", to: "2026-10-01" },
      days: [
        { from: "2025-11-24", to: "2025-11-30" },
        { from: "2026-11-01", to: "2026-11-23" },
      ],
    });
  });

  it("needs no days when the range is whole months, and no months when it is inside one", () => {
    expect(splitByMonths({ from: "2026-01-01", to: "2026-03-31" })).toEqual({ months: { from: "2026-01-01", to: "2026-03-01" }, days: [] });
    expect(splitByMonths({ from: "2026-02-03", to: "2026-02-20" })).toEqual({ months: null, days: [{ from: "2026-02-03", to: "2026-02-20" }] });
    expect(splitByMonths({ from: "2026-01-15", to: "2026-02-10" })).toEqual({ months: null, days: [{ from: "2026-01-15", to: "2026-02-10" }] });
    expect(splitByMonths({ from: "2024-02-01", to: "2024-02-29" })).toEqual({ months: { from: "2024-02-01", to: "2024-02-01" }, days: [] });
  });

  it("covers every day of many ranges exactly once", () => {
    const starts = ["2023-12-31", "2024-01-01", "2024-02-28", "2024-02-29", "2025-06-15", "2025-12-01"];
    for (const from of starts) {
      for (const length of [1, 2, 28, 29, 31, 32, 59, 60, 90, 365, 366, 400]) {
        const range = { from, to: addDays(from, length - 1) };
        const days = coveredDays(splitByMonths(range));
        expect(days.length, `${range.from}..${range.to}`).toBe(daysInRange(range));
        expect(new Set(days).size).toBe(days.length);
        expect(days[0]).toBe(range.from);
        expect(days[days.length - 1]).toBe(range.to);
      }
    }
  });
});

/** Signed day counts of the reads: +1 per day of a raw piece or of a month, −1 per day subtracted. */
function countedDays(reads: PartialMonthRead[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (from: string, to: string, sign: number) => {
    for (let d = from; d <= to; d = addDays(d, 1)) counts.set(d, (counts.get(d) ?? 0) + sign);
  };
  for (const read of reads) {
    if ("days" in read) add(read.days.from, read.days.to, 1);
    else {
      add(read.month.from, read.month.to, 1);
      for (const minus of read.minus) add(minus.from, minus.to, -1);
    }
  }
  for (const [day, n] of counts) if (n === 0) counts.delete(day);
  return counts;
}

describe("partialMonthReads", () => {
  it("reads a mostly covered month as the month less the days outside, a little covered one as raw days", () => {
    // The dashboard's "12 months" on 7 December: 8–31 December of last year, 1–7 December of this year.
    const split = splitByMonths({ from: "2025-12-08", to: "2026-12-07" });
    expect(partialMonthReads(split.days)).toEqual([
      { month: { from: "2025-12-01", to: "2025-12-31" }, minus: [{ from: "2025-12-01", to: "2025-12-07" }] },
      { days: { from: "2026-12-01", to: "2026-12-07" } },
    ]);
    // Days after today hold no answers: the current month is its month row less (empty) days to come.
    expect(partialMonthReads(split.days, "2026-12-07")).toEqual([
      { month: { from: "2025-12-01", to: "2025-12-31" }, minus: [{ from: "2025-12-01", to: "2025-12-07" }] },
      { month: { from: "2026-12-01", to: "2026-12-31" }, minus: [{ from: "2026-12-08", to: "2026-12-31" }] },
    ]);
  });

  it("cuts a piece that spans a month edge, and keeps raw days on a tie", () => {
    expect(partialMonthReads([{ from: "2026-01-30", to: "2026-02-02" }])).toEqual([
      { days: { from: "2026-01-30", to: "2026-01-31" } },
      { days: { from: "2026-02-01", to: "2026-02-02" } },
    ]);
    // 15 of 30 days inside: equal, so raw days (no month row).
    expect(partialMonthReads([{ from: "2026-04-01", to: "2026-04-15" }])).toEqual([{ days: { from: "2026-04-01", to: "2026-04-15" } }]);
    expect(partialMonthReads([{ from: "2026-04-02", to: "2026-04-29" }])).toEqual([
      { month: { from: "2026-04-01", to: "2026-04-30" }, minus: [{ from: "2026-04-01", to: "2026-04-01" }, { from: "2026-04-30", to: "2026-04-30" }] },
    ]);
  });

  it("counts every day of the range exactly once, whatever the range and today", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 500; i += 1) {
      const from = addDays("2024-01-01", Math.floor(random() * 900));
      const to = addDays(from, Math.floor(random() * 500));
      const today = random() < 0.5 ? undefined : addDays(from, Math.floor(random() * 600) - 50);
      const split = splitByMonths({ from, to });
      const counted = countedDays(partialMonthReads(split.days, today));
      const expected = new Map<string, number>();
      for (const piece of split.days) for (let d = piece.from; d <= piece.to; d = addDays(d, 1)) expected.set(d, 1);
      expect(counted).toEqual(expected);
      for (const read of partialMonthReads(split.days, today)) {
        if ("month" in read) expect(daysInRange(read.month)).toBeGreaterThanOrEqual(28);
      }
    }
  });
});
