import { describe, expect, it } from "vitest";
import { pickRisingTheme, RISING_THEME_MIN_COUNT } from "@/lib/text/rising-theme";

describe("rising theme of the week", () => {
  it("picks the theme whose share rose most, not the most frequent one", () => {
    const pick = pickRisingTheme(
      [
        { key: "staff", weekCount: 30, baselineCount: 120 }, // 30 % now, 30 % before: steady
        { key: "waiting", weekCount: 20, baselineCount: 40 }, // 20 % now, 10 % before: +10 points
        { key: "app", weekCount: 12, baselineCount: 40 }, // 12 % now, 10 % before
      ],
      { week: 100, baseline: 400 },
    );
    expect(pick).toMatchObject({ key: "waiting", weekCount: 20, weekShare: 0.2, baselineShare: 0.1 });
    expect(pick?.rise).toBeCloseTo(0.1, 10);
  });

  it("a theme below the minimum count never wins, however steep its rise (noise)", () => {
    const counts = [
      { key: "fees", weekCount: RISING_THEME_MIN_COUNT - 1, baselineCount: 0 },
      { key: "waiting", weekCount: RISING_THEME_MIN_COUNT, baselineCount: 20 },
    ];
    expect(pickRisingTheme(counts, { week: 10, baseline: 100 })?.key).toBe("waiting");
    expect(pickRisingTheme([{ key: "fees", weekCount: 4, baselineCount: 0 }], { week: 10, baseline: 100 })).toBeNull();
  });

  it("nothing rose, or no comments this week: no rising theme; no history counts as a share of 0", () => {
    expect(pickRisingTheme([{ key: "staff", weekCount: 10, baselineCount: 50 }], { week: 20, baseline: 100 })).toBeNull();
    expect(pickRisingTheme([], { week: 0, baseline: 100 })).toBeNull();
    expect(pickRisingTheme([{ key: "app", weekCount: 6, baselineCount: 0 }], { week: 12, baseline: 0 })).toMatchObject({ key: "app", baselineShare: 0, weekShare: 0.5 });
  });

  it("ties go to the larger count, then the key", () => {
    const totals = { week: 100, baseline: 100 };
    expect(pickRisingTheme([{ key: "b", weekCount: 10, baselineCount: 5 }, { key: "a", weekCount: 10, baselineCount: 5 }], totals)?.key).toBe("a");
    expect(pickRisingTheme([{ key: "a", weekCount: 10, baselineCount: 5 }, { key: "b", weekCount: 15, baselineCount: 10 }], totals)?.key).toBe("b");
  });
});
