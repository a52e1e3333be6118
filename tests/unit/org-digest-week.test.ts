import { describe, expect, it } from "vitest";
import { digestWeek, isoWeekday } from "@/lib/org-digest-week";

describe("digestWeek", () => {
  it("reports the last full Monday–Sunday week in the organisation's time zone", () => {
    // Wednesday 2026-11-18 10:00 in Shanghai.
    expect(digestWeek("Asia/Shanghai", new Date("2026-11-18T02:00:00Z"))).toEqual({
      weekStart: "2026-11-09",
      week: { from: "2026-11-09", to: "2026-11-15" },
      previous: { from: "2026-11-02", to: "2026-11-08" },
    });
  });

  it("waits until Monday 08:00 local time, then moves to the week just ended", () => {
    // Monday 2026-11-16 07:59 Shanghai = Sunday 23:59 UTC.
    expect(digestWeek("Asia/Shanghai", new Date("2026-11-15T23:59:00Z"))).toBeNull();
    expect(digestWeek("Asia/Shanghai", new Date("2026-11-16T00:00:00Z"))?.weekStart).toBe("2026-11-09");
    // Same instant in New York is still Sunday: the week before.
    expect(digestWeek("America/New_York", new Date("2026-11-16T00:00:00Z"))?.weekStart).toBe("2026-11-02");
    // Sunday late in Shanghai still reports the previous week.
    expect(digestWeek("Asia/Shanghai", new Date("2026-11-22T15:00:00Z"))?.weekStart).toBe("2026-11-09");
  });

  it("isoWeekday", () => {
    expect(isoWeekday("2026-11-16")).toBe(1);
    expect(isoWeekday("2026-11-22")).toBe(7);
  });
});
