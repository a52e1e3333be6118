import { describe, expect, it } from "vitest";
import { analyzeText, compileTaxonomy } from "@/lib/text/analyze";
import { normalizeText } from "@/lib/text/normalize";
import { sentiment, POLARITY_THRESHOLD } from "@/lib/text/sentiment";
import { themeTemplate, INDUSTRIES } from "@/lib/text/theme-templates";
import { compileRules, matchThemes, type ThemeRule } from "@/lib/text/themes";
import { contentTokens, stemWord, tokenize } from "@/lib/text/tokenize";
import { CX_WORDS } from "@/lib/text/cx-dictionary";

describe("normalisation", () => {
  it("turns Traditional into Simplified, full-width into ASCII, and lower-cases Latin", () => {
    expect(normalizeText("櫃員服務態度")).toBe("柜员服务态度");
    expect(normalizeText("網銀ＡＰＰ  閃退")).toBe("网银app 闪退");
    expect(normalizeText("  The  App ")).toBe("the app");
  });
});

describe("segmentation", () => {
  it("keeps the CX dictionary's words whole (jieba's own dictionary splits them)", () => {
    const words = tokenize("手机银行老是闪退，客服说理赔要补材料，信用卡额度也不给提").map((t) => t.text);
    for (const w of ["手机银行", "闪退", "客服", "理赔", "信用卡额度"]) expect(words).toContain(w);
  });

  it("segments every dictionary word as one token on its own", () => {
    const chinese = CX_WORDS.filter((w) => /^[\u4e00-\u9fff]+$/u.test(w));
    const split = chinese.filter((w) => tokenize(w).map((t) => t.text).join("|") !== w);
    expect(split).toEqual([]);
  });

  it("lower-cases and stems English, marks stop words of both languages", () => {
    const tokens = tokenize("The app keeps CRASHING and I waited");
    expect(tokens.find((t) => t.text === "crashing")?.stem).toBe("crash");
    expect(tokens.find((t) => t.text === "waited")?.stem).toBe("wait");
    expect(contentTokens(tokens)).not.toContain("the");
    expect(contentTokens(tokenize("我们的网点排队太久了"))).toEqual(expect.arrayContaining(["网点", "排队"]));
    expect(contentTokens(tokenize("我们的网点"))).not.toContain("的");
    expect(stemWord("queues")).toBe(stemWord("queue"));
  });
});

describe("sentiment", () => {
  it("reads plain praise and complaints in both languages", () => {
    expect(sentiment("柜员态度很好，非常满意").polarity).toBe("positive");
    expect(sentiment("手机银行老是闪退，太差了").polarity).toBe("negative");
    expect(sentiment("The staff were friendly and helpful").polarity).toBe("positive");
    expect(sentiment("The app keeps crashing, terrible").polarity).toBe("negative");
  });

  it("flips a negated word (不/没/未/别/无, not/never/n't) and cancels double negation", () => {
    expect(sentiment("不满意").score).toBeLessThan(-POLARITY_THRESHOLD);
    expect(sentiment("不太满意").score).toBeLessThan(-POLARITY_THRESHOLD);
    expect(sentiment("没有排队").score).toBeGreaterThan(POLARITY_THRESHOLD);
    expect(sentiment("服务不好").score).toBeLessThan(-POLARITY_THRESHOLD);
    expect(sentiment("not good").score).toBeLessThan(-POLARITY_THRESHOLD);
    expect(sentiment("wasn't helpful").score).toBeLessThan(-POLARITY_THRESHOLD);
    expect(sentiment("不是不好").score).toBeGreaterThan(sentiment("不好").score);
  });

  it("does not read 不错 as 不 + 错, 别家 as 别 + 家, or 快递 as 快", () => {
    expect(sentiment("服务不错").polarity).toBe("positive");
    expect(sentiment("价格比别家贵").polarity).toBe("negative");
    expect(sentiment("快递员放在门口").polarity).toBe("neutral");
  });

  it("counts a negator with no opinion word after it as a failure (没人接, never answers)", () => {
    expect(sentiment("打了三次都没人接").polarity).toBe("negative");
    expect(sentiment("Support never answers the phone").polarity).toBe("negative");
    // … but not "no need to" (不用): that is no complaint.
    expect(sentiment("不用去营业厅了").polarity).toBe("neutral");
  });

  it("strengthens intensified words (很/太/非常, very/so)", () => {
    expect(sentiment("非常满意").score).toBeGreaterThan(sentiment("满意").score);
    expect(sentiment("太慢了").score).toBeLessThan(sentiment("慢").score);
    expect(sentiment("very slow").score).toBeLessThan(sentiment("slow").score);
    // 好 before an opinion word intensifies it: 好慢 is very slow, not "good + slow".
    expect(sentiment("好慢").polarity).toBe("negative");
  });

  it("weighs what follows a contrast more (但是/不过, but)", () => {
    expect(sentiment("柜员态度还行，不过排队实在太久了").polarity).toBe("negative");
    expect(sentiment("虽然排了一会儿队，但是柜员态度很好").polarity).toBe("positive");
    expect(sentiment("The app is nice but it crashes constantly").polarity).toBe("negative");
    expect(sentiment("It crashed once but support fixed it quickly, excellent").polarity).toBe("positive");
  });

  it("stays within −1 … 1 and is neutral without opinion words", () => {
    const s = sentiment("太太太太非常非常非常好好好好好满意满意满意满意").score;
    expect(s).toBeLessThanOrEqual(1);
    expect(sentiment("请问上个月的账单在哪里查").polarity).toBe("neutral");
    expect(sentiment("").score).toBe(0);
  });
});

describe("theme rules", () => {
  const rules: ThemeRule[] = [
    { key: "waiting", labelZh: "排队等待", labelEn: "Waiting", keywords: ["排队", "等&久", "queue", "on hold"], exclusions: ["等级", "wait list"] },
    { key: "fees", labelZh: "收费", labelEn: "Fees", keywords: ["手续费", "fee"] },
  ];
  const compiled = compileRules(rules);
  const keys = (text: string) => matchThemes(normalizeText(text), compiled).map((m) => m.key);

  it("matches Chinese keywords as substrings and English ones by stem", () => {
    expect(keys("排队等候了一个小时")).toEqual(["waiting"]);
    expect(keys("The queues were long and the fees high")).toEqual(["waiting", "fees"]);
    expect(keys("I was on hold for ages")).toEqual(["waiting"]);
  });

  it("needs every part of an A&B rule in one clause", () => {
    expect(keys("等了很久")).toEqual(["waiting"]);
    expect(keys("等一下，久违了")).toEqual([]);
  });

  it("cuts exclusions out before matching (等级 is not 等 … 久)", () => {
    expect(keys("客户等级很久没升了")).toEqual([]);
    expect(keys("客户等级不高，而且等了很久")).toEqual(["waiting"]);
  });

  it("gives each mention the sentiment of its own clauses", () => {
    const mentions = matchThemes(normalizeText("手续费很合理，但是排队太久了"), compiled);
    expect(mentions.find((m) => m.key === "fees")?.polarity).toBe("positive");
    expect(mentions.find((m) => m.key === "waiting")?.polarity).toBe("negative");
  });
});

describe("industry templates and analyzeText", () => {
  it("every template has unique keys and labels in both languages", () => {
    for (const industry of INDUSTRIES) {
      const template = themeTemplate(industry);
      expect(new Set(template.map((t) => t.key)).size).toBe(template.length);
      for (const t of template) {
        expect(t.labelZh).toMatch(/[\u4e00-\u9fff]/u);
        expect(t.labelEn).toMatch(/[A-Za-z]/u);
        expect(t.keywords.length).toBeGreaterThan(3);
      }
    }
  });

  it("reads a banking complaint: tokens, themes and sentiment", () => {
    const result = analyzeText("網點排隊太久了，手機銀行還老是閃退", compileTaxonomy(themeTemplate("banking")));
    expect(result.tokens).toEqual(expect.arrayContaining(["网点", "排队", "手机银行", "闪退"]));
    expect(result.themes.map((t) => t.key)).toEqual(expect.arrayContaining(["waiting", "mobile_app"]));
    expect(result.polarity).toBe("negative");
    expect(result.sentiment).toBeLessThan(0);
  });
});

describe("distinctive words (weighted log-odds, Monroe et al. 2008)", () => {
  // Worked example computed by hand from the paper's formulas (eq. 16–22) in a separate calculation:
  // detractors {排队 30, 态度 10, 好 5}, promoters {排队 5, 态度 10, 好 40}.
  const detractors = new Map([["排队", 30], ["态度", 10], ["好", 5]]);
  const promoters = new Map([["排队", 5], ["态度", 10], ["好", 40]]);

  it("matches the worked example with the prior from the pooled counts (α₀ = 90)", async () => {
    const { logOdds } = await import("@/lib/text/log-odds");
    const result = logOdds(detractors, promoters);
    expect(result.map((r) => r.word)).toEqual(["排队", "态度", "好"]);
    const by = new Map(result.map((r) => [r.word, r]));
    expect(by.get("排队")!.delta).toBeCloseTo(0.8484133095, 9);
    expect(by.get("排队")!.z).toBeCloseTo(4.2218179041, 9);
    expect(by.get("态度")!.z).toBeCloseTo(0.3229355828, 9);
    expect(by.get("好")!.delta).toBeCloseTo(-0.8360099006, 9);
    expect(by.get("好")!.z).toBeCloseTo(-4.690714511, 8);
  });

  it("a weaker prior (α₀ = 10) shrinks less", async () => {
    const { logOdds } = await import("@/lib/text/log-odds");
    const by = new Map(logOdds(detractors, promoters, 10).map((r) => [r.word, r]));
    expect(by.get("排队")!.delta).toBeCloseTo(2.3376669784, 9);
    expect(by.get("排队")!.z).toBeCloseTo(6.0868116512, 9);
    expect(by.get("好")!.z).toBeCloseTo(-6.5514325892, 9);
  });

  it("is empty without words and symmetric when the groups swap", async () => {
    const { logOdds } = await import("@/lib/text/log-odds");
    expect(logOdds(new Map(), new Map())).toEqual([]);
    const ab = new Map(logOdds(detractors, promoters).map((r) => [r.word, r.z]));
    const ba = new Map(logOdds(promoters, detractors).map((r) => [r.word, r.z]));
    for (const [w, z] of ab) expect(ba.get(w)).toBeCloseTo(-z, 12);
  });
});
