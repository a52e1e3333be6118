import { describe, expect, it } from "vitest";
import { KANO_ANSWERS, classifyKano, isKanoAnswer, summarizeKano, type KanoAnswer, type KanoCategory, type KanoPair } from "@/lib/kano";

// Standard Kano evaluation table: rows = functional, columns = dysfunctional (like, must-be, neutral, live-with, dislike).
const TABLE: [KanoAnswer, KanoAnswer, KanoCategory][] = [
  ["like", "like", "Q"],
  ["like", "must-be", "A"],
  ["like", "neutral", "A"],
  ["like", "live-with", "A"],
  ["like", "dislike", "O"],
  ["must-be", "like", "R"],
  ["must-be", "must-be", "I"],
  ["must-be", "neutral", "I"],
  ["must-be", "live-with", "I"],
  ["must-be", "dislike", "M"],
  ["neutral", "like", "R"],
  ["neutral", "must-be", "I"],
  ["neutral", "neutral", "I"],
  ["neutral", "live-with", "I"],
  ["neutral", "dislike", "M"],
  ["live-with", "like", "R"],
  ["live-with", "must-be", "I"],
  ["live-with", "neutral", "I"],
  ["live-with", "live-with", "I"],
  ["live-with", "dislike", "M"],
  ["dislike", "like", "R"],
  ["dislike", "must-be", "R"],
  ["dislike", "neutral", "R"],
  ["dislike", "live-with", "R"],
  ["dislike", "dislike", "Q"],
];

/** A pair known to classify as `category`. */
const PAIR: Record<KanoCategory, KanoPair> = {
  A: { functional: "like", dysfunctional: "neutral" },
  O: { functional: "like", dysfunctional: "dislike" },
  M: { functional: "neutral", dysfunctional: "dislike" },
  I: { functional: "neutral", dysfunctional: "neutral" },
  R: { functional: "dislike", dysfunctional: "like" },
  Q: { functional: "like", dysfunctional: "like" },
};

function pairs(counts: Partial<Record<KanoCategory, number>>): KanoPair[] {
  return Object.entries(counts).flatMap(([category, count]) => Array.from({ length: count }, () => PAIR[category as KanoCategory]));
}

describe("classifyKano", () => {
  it("covers all 25 cells of the table", () => {
    expect(TABLE).toHaveLength(25);
    expect(new Set(TABLE.map(([f, d]) => `${f}/${d}`)).size).toBe(25);
  });

  it.each(TABLE)("functional %s, dysfunctional %s → %s", (functional, dysfunctional, expected) => {
    expect(classifyKano(functional, dysfunctional)).toBe(expected);
  });

  it("throws RangeError on unknown answers", () => {
    expect(() => classifyKano("love" as KanoAnswer, "dislike")).toThrow(RangeError);
    expect(() => classifyKano("like", "hate" as KanoAnswer)).toThrow(/dysfunctional/);
    expect(() => classifyKano("" as KanoAnswer, "like")).toThrow(/functional/);
    expect(() => classifyKano(undefined as unknown as KanoAnswer, "like")).toThrow(RangeError);
  });

  it("recognises exactly the five answer codes", () => {
    expect(KANO_ANSWERS).toEqual(["like", "must-be", "neutral", "live-with", "dislike"]);
    for (const answer of KANO_ANSWERS) expect(isKanoAnswer(answer)).toBe(true);
    expect(isKanoAnswer("Like")).toBe(false);
    expect(isKanoAnswer(1)).toBe(false);
  });
});

describe("summarizeKano", () => {
  it("counts categories and computes Better–Worse", () => {
    const summary = summarizeKano(pairs({ A: 3, O: 2, M: 4, I: 1, R: 1, Q: 1 }));
    expect(summary.n).toBe(12);
    expect(summary.counts).toEqual({ A: 3, O: 2, M: 4, I: 1, R: 1, Q: 1 });
    expect(summary.mode).toBe("M");
    expect(summary.better).toBeCloseTo(5 / 10, 12);
    expect(summary.worse).toBeCloseTo(-6 / 10, 12);
  });

  it("returns empty counts and null mode/coefficients for no pairs", () => {
    expect(summarizeKano([])).toEqual({ n: 0, counts: { M: 0, O: 0, A: 0, I: 0, R: 0, Q: 0 }, mode: null, better: null, worse: null });
  });

  it("breaks ties M > O > A > I > R > Q", () => {
    expect(summarizeKano(pairs({ A: 2, O: 2, M: 2, I: 2 })).mode).toBe("M");
    expect(summarizeKano(pairs({ A: 2, O: 2, I: 2 })).mode).toBe("O");
    expect(summarizeKano(pairs({ A: 2, I: 2, R: 2, Q: 2 })).mode).toBe("A");
    expect(summarizeKano(pairs({ I: 1, R: 1, Q: 1 })).mode).toBe("I");
    expect(summarizeKano(pairs({ R: 3, Q: 3 })).mode).toBe("R");
    expect(summarizeKano(pairs({ Q: 3, M: 2 })).mode).toBe("Q");
    // A strict majority wins over priority.
    expect(summarizeKano(pairs({ M: 1, I: 2 })).mode).toBe("I");
  });

  it("gives null coefficients when every answer is R or Q", () => {
    const allQ = summarizeKano(pairs({ Q: 4 }));
    expect(allQ).toMatchObject({ n: 4, mode: "Q", better: null, worse: null });
    const allR = summarizeKano(pairs({ R: 3 }));
    expect(allR).toMatchObject({ n: 3, mode: "R", better: null, worse: null });
    const mixed = summarizeKano(pairs({ R: 2, Q: 2 }));
    expect(mixed).toMatchObject({ mode: "R", better: null, worse: null });
  });

  it("ignores R and Q in the Better–Worse denominator and keeps worse = 0 positive", () => {
    const summary = summarizeKano(pairs({ A: 1, I: 1, R: 5, Q: 5 }));
    expect(summary.better).toBe(0.5);
    expect(summary.worse).toBe(0);
    expect(Object.is(summary.worse, -0)).toBe(false);
    expect(summarizeKano(pairs({ O: 2 }))).toMatchObject({ better: 1, worse: -1 });
    expect(summarizeKano(pairs({ I: 2 }))).toMatchObject({ better: 0, worse: 0 });
  });

  it("throws RangeError when any pair is invalid", () => {
    expect(() => summarizeKano([PAIR.A, { functional: "like", dysfunctional: "maybe" as KanoAnswer }])).toThrow(RangeError);
  });
});
