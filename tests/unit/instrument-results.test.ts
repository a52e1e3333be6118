import { describe, expect, it } from "vitest";
import { KANO_ANSWERS, summarizeKano, summarizeKanoCategories, summarizeKanoCounts, type KanoPair } from "@/lib/kano";
import { servqualGaps, tCritical95, type ServqualAnswer } from "@/lib/servqual";
import { assembleKano, assembleServqual, meanInterval, type ServqualQuestion } from "@/server/analytics/get-instrument-results";

describe("summarizeKanoCounts", () => {
  it("equals summarizeKano over the expanded pairs", () => {
    const counted = KANO_ANSWERS.flatMap((functional, i) =>
      KANO_ANSWERS.map((dysfunctional, j) => ({ functional, dysfunctional, count: (i * 5 + j * 3) % 7 })),
    );
    const expanded: KanoPair[] = counted.flatMap(({ functional, dysfunctional, count }) =>
      Array.from({ length: count }, () => ({ functional, dysfunctional })),
    );
    expect(summarizeKanoCounts(counted)).toEqual(summarizeKano(expanded));
  });

  it("adds up repeated pairs and is empty without answers", () => {
    expect(summarizeKanoCounts([{ functional: "like", dysfunctional: "dislike", count: 2 }, { functional: "like", dysfunctional: "dislike", count: 3 }])).toEqual(
      summarizeKano(Array.from({ length: 5 }, () => ({ functional: "like" as const, dysfunctional: "dislike" as const }))),
    );
    expect(summarizeKanoCounts([])).toEqual({ n: 0, counts: { M: 0, O: 0, A: 0, I: 0, R: 0, Q: 0 }, mode: null, better: null, worse: null });
  });

  it("rejects unknown answers and counts that are not non-negative integers", () => {
    expect(() => summarizeKanoCounts([{ functional: "like", dysfunctional: "maybe" as "like", count: 1 }])).toThrow(RangeError);
    expect(() => summarizeKanoCounts([{ functional: "like", dysfunctional: "like", count: -1 }])).toThrow(RangeError);
    expect(() => summarizeKanoCounts([{ functional: "like", dysfunctional: "like", count: 1.5 }])).toThrow(RangeError);
    expect(() => summarizeKanoCategories({ M: 1, O: 0, A: 0, I: Number.NaN, R: 0, Q: 0 })).toThrow(RangeError);
  });

  it("summarises category counts: Better = (A+O)/(A+O+M+I), Worse = −(O+M)/(A+O+M+I), ties M > O > A", () => {
    expect(summarizeKanoCategories({ M: 3, O: 3, A: 2, I: 2, R: 1, Q: 1 })).toEqual({
      n: 12,
      counts: { M: 3, O: 3, A: 2, I: 2, R: 1, Q: 1 },
      mode: "M",
      better: 0.5,
      worse: -0.6,
    });
  });
});

describe("meanInterval", () => {
  it("is the 95 % t interval, null below n = 2", () => {
    const half = tCritical95(9) * (2 / Math.sqrt(10));
    expect(meanInterval(10, -1, 2)).toEqual({ lower: -1 - half, upper: -1 + half });
    expect(meanInterval(1, -1, null)).toBeNull();
    expect(meanInterval(0, null, null)).toBeNull();
  });
});

describe("assembleServqual", () => {
  const questions: ServqualQuestion[] = [
    { questionId: "q1", key: "rel_1", text: { en: "On time" }, dimension: "reliability", scale: 7 },
    { questionId: "q2", key: "rel_2", text: { en: "Right first time" }, dimension: "reliability", scale: 7 },
    { questionId: "q3", key: "emp_1", text: { en: "Cares" }, dimension: "empathy", scale: 7 },
  ];
  // Four respondents; respondent-level pairs, and the same data as GROUP BY counts.
  const respondents: ServqualAnswer[][] = [
    [{ itemId: "q1", expectation: 7, perception: 5 }, { itemId: "q2", expectation: 6, perception: 6 }, { itemId: "q3", expectation: 5, perception: 6 }],
    [{ itemId: "q1", expectation: 7, perception: 5 }, { itemId: "q2", expectation: 7, perception: 4 }],
    [{ itemId: "q1", expectation: 6, perception: 6 }, { itemId: "q3", expectation: 4, perception: 6 }],
    [{ itemId: "q2", expectation: 5, perception: 2 }, { itemId: "q3", expectation: 7, perception: 3 }],
  ];
  const pairCounts = [
    { questionId: "q1", expectation: 7, perception: 5, count: 2 },
    { questionId: "q1", expectation: 6, perception: 6, count: 1 },
    { questionId: "q2", expectation: 6, perception: 6, count: 1 },
    { questionId: "q2", expectation: 7, perception: 4, count: 1 },
    { questionId: "q2", expectation: 5, perception: 2, count: 1 },
    { questionId: "q3", expectation: 5, perception: 6, count: 1 },
    { questionId: "q3", expectation: 4, perception: 6, count: 1 },
    { questionId: "q3", expectation: 7, perception: 3, count: 1 },
  ];
  // Respondent-level reliability gaps: r1 (−2+0)/2 = −1, r2 (−2−3)/2 = −2.5, r3 0, r4 −3.
  // Empathy: r1 +1, r3 +2, r4 −4.
  const stats = (gaps: number[]) => {
    const m = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    return { mean: m, sd: Math.sqrt(gaps.reduce((a, d) => a + (d - m) ** 2, 0) / (gaps.length - 1)) };
  };
  const { mean, sd } = stats([-1, -2.5, 0, -3]);
  const dimensionRows = [
    { dimension: "reliability", n: 4, mean, sd },
    { dimension: "empathy", n: 3, ...stats([1, 2, -4]) },
    { dimension: null, n: 4, mean: null, sd: null },
  ];

  it("gives the item, dimension and overall figures of servqualGaps over the respondents", () => {
    const result = assembleServqual(questions, pairCounts, dimensionRows);
    const expected = servqualGaps(
      questions.map((q) => ({ id: q.questionId, dimension: q.dimension })),
      respondents,
    );
    expect(result.items.map(({ questionId, key, text, ...gap }) => [questionId, key, text, gap])).toEqual(
      expected.items.map((gap) => [gap.itemId, questions.find((q) => q.questionId === gap.itemId)?.key, questions.find((q) => q.questionId === gap.itemId)?.text, gap]),
    );
    const servqualPart = (d: (typeof result.dimensions)[number]) => {
      const copy: Partial<typeof d> = { ...d };
      delete copy.respondentGap;
      delete copy.ci95;
      return copy;
    };
    expect(result.dimensions.map(servqualPart)).toEqual(expected.dimensions);
    expect(result.overall).toEqual(expected.overall);
    expect(result.respondents).toBe(4);
    expect(result.scale).toBe(7);
  });

  it("adds respondent-level intervals per dimension", () => {
    const result = assembleServqual(questions, pairCounts, dimensionRows);
    const reliability = result.dimensions.find((d) => d.dimension === "reliability");
    expect(reliability?.respondentGap).toBe(mean);
    expect(reliability?.ci95).toEqual(meanInterval(4, mean, sd));
    const tangibles = result.dimensions.find((d) => d.dimension === "tangibles");
    expect(tangibles).toMatchObject({ n: 0, gap: null, respondentGap: null, ci95: null });
  });

  it("is empty but complete without answers", () => {
    const result = assembleServqual(questions, [], []);
    expect(result.respondents).toBe(0);
    expect(result.items.every((i) => i.n === 0 && i.gap === null)).toBe(true);
    expect(result.dimensions).toHaveLength(5);
    expect(result.overall.unweightedGap).toBeNull();
  });
});

describe("assembleKano", () => {
  it("summarises each feature in question order and ignores unknown answers", () => {
    const result = assembleKano(
      [
        { questionId: "k1", key: "login", text: { en: "Mobile login" } },
        { questionId: "k2", key: "alerts", text: { en: "Alerts" } },
      ],
      [
        { questionId: "k2", functional: "like", dysfunctional: "neutral", count: 4 },
        { questionId: "k1", functional: "neutral", dysfunctional: "dislike", count: 3 },
        { questionId: "k1", functional: "like", dysfunctional: "dislike", count: 1 },
        { questionId: "k1", functional: "love", dysfunctional: "dislike", count: 9 },
        { questionId: "other", functional: "like", dysfunctional: "like", count: 9 },
      ],
    );
    expect(result.features.map((f) => f.key)).toEqual(["login", "alerts"]);
    expect(result.features[0]?.summary).toEqual(
      summarizeKanoCounts([
        { functional: "neutral", dysfunctional: "dislike", count: 3 },
        { functional: "like", dysfunctional: "dislike", count: 1 },
      ]),
    );
    expect(result.features[0]?.summary).toMatchObject({ n: 4, mode: "M" });
    expect(result.features[1]?.summary).toMatchObject({ n: 4, mode: "A", better: 1, worse: 0 });
  });
});
