import { describe, expect, it } from "vitest";
import { compileTaxonomy } from "@/lib/text/analyze";
import { isTopicWord, joinTermParts, rankNewThemeTerms } from "@/lib/text/new-theme-terms";
import { themeTemplate } from "@/lib/text/theme-templates";

const taxonomy = compileTaxonomy(themeTemplate("banking"));

describe("possible new themes: ranking (rankNewThemeTerms)", () => {
  it("joins Chinese parts directly and English ones with a space", () => {
    expect(joinTermParts(["转账", "限额"])).toBe("转账限额");
    expect(joinTermParts(["transfer", "limit"])).toBe("transfer limit");
    expect(joinTermParts(["app", "转账"])).toBe("app 转账");
  });

  it("keeps topic words only: no stop words, negators, intensifiers, sentiment words, numbers or single characters", () => {
    for (const word of ["转账", "限额", "保管箱", "transfer", "limit"]) expect(isTopicWord(word)).toBe(true);
    for (const word of ["的", "不", "非常", "太低", "很好", "满意", "great", "terrible", "2026", "转", "ok", "not"]) expect(isTopicWord(word)).toBe(false);
  });

  it("scores by TF-IDF against the comparison sample, drops what the taxonomy matches, and shows a phrase instead of its words", () => {
    const ranked = rankNewThemeTerms(
      [
        { parts: ["转账", "限额"], period: 10, background: 0 },
        { parts: ["转账"], period: 11, background: 0 },
        { parts: ["限额"], period: 10, background: 0 },
        // As common before the period as in it: a lower score than a new topic with fewer mentions.
        { parts: ["保管箱"], period: 12, background: 90 },
        { parts: ["兑换"], period: 6, background: 0 },
        // The banking template's words (queues, the app) and sentiment words are never suggested.
        { parts: ["排队"], period: 50, background: 0 },
        { parts: ["手机银行"], period: 40, background: 0 },
        { parts: ["太低"], period: 30, background: 0 },
        // Below the minimum count.
        { parts: ["按揭"], period: 2, background: 0 },
      ],
      taxonomy,
      { periodComments: 100, backgroundComments: 100 },
    );
    const idf = (df: number) => Math.log(101 / (1 + df)) + 1;
    expect(ranked.map((t) => t.term)).toEqual(["转账限额", "兑换", "保管箱"]);
    expect(ranked[0]!.score).toBeCloseTo(10 * idf(0), 3);
    expect(ranked[2]!.score).toBeCloseTo(12 * idf(90), 3);
    expect(ranked[0]!.count).toBe(10);
  });

  it("keeps a word when the phrase accounts for less than 80 % of it", () => {
    const ranked = rankNewThemeTerms(
      [
        { parts: ["转账", "限额"], period: 5, background: 0 },
        { parts: ["转账"], period: 20, background: 0 },
      ],
      taxonomy,
      { periodComments: 50, backgroundComments: 50 },
    );
    expect(ranked.map((t) => t.term)).toEqual(["转账", "转账限额"]);
  });
});
