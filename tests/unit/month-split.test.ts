import { describe, expect, it } from "vitest";
import { addDays, daysInRange } from "@/lib/date-range";
import { splitByMonths } from "@/lib/month-split";

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
