import { describe, expect, it } from "vitest";
import { adjustBenjaminiHochberg } from "@/lib/multiple-comparisons";
import { highlightSegments } from "@/lib/text/highlight";
import { maskCommentForView } from "@/lib/text/mask-comment";
import { themeTemplate } from "@/lib/text/theme-templates";
import { addKeywordSchema, splitKeywords, themeInputSchema } from "@/schemas/taxonomy";

const join = (segments: { text: string }[]) => segments.map((s) => s.text).join("");
const hits = (segments: { text: string; hit: boolean }[]) => segments.filter((s) => s.hit).map((s) => s.text);

describe("highlightSegments (the theme's keywords in a verbatim)", () => {
  const waiting = themeTemplate("banking").find((t) => t.key === "waiting")!.keywords;

  it("marks Chinese keywords as substrings and gives the comment back unchanged", () => {
    const text = "网点只开了一个窗口，排队等了四十分钟。";
    const segments = highlightSegments(text, waiting);
    expect(join(segments)).toBe(text);
    expect(hits(segments)).toEqual(["排队", "等了", "分钟"]); // 分钟: a part of 等&分钟
  });

  it("marks each part of an A&B keyword", () => {
    expect(hits(highlightSegments("等得太久了", ["等&久"]))).toEqual(["等", "久"]);
  });

  it("marks English keywords by stem, case-insensitively, whole words only", () => {
    const segments = highlightSegments("Waited over an hour in the Queue; the app crashes.", ["wait", "queue", "crash"]);
    expect(hits(segments)).toEqual(["Waited", "Queue", "crashes"]);
    expect(hits(highlightSegments("an online await", ["wait"]))).toEqual([]);
  });

  it("keeps markup as text (nothing is interpreted) and handles no keywords", () => {
    const text = "<script>alert(1)</script> 排队";
    expect(join(highlightSegments(text, ["排队"]))).toBe(text);
    expect(highlightSegments(text, [])).toEqual([{ text, hit: false }]);
    expect(highlightSegments("", ["排队"])).toEqual([]);
  });

  it("does not treat regular-expression characters in a keyword as syntax", () => {
    expect(hits(highlightSegments("a (b) c.*", ["(", ".*"]))).toEqual(["(", ".*"]);
  });
});

describe("maskCommentForView (personal data typed into a comment)", () => {
  const comment = "请回电 138 1234 5678 或发邮件 zhang.san@example.com，谢谢";

  it("masks phone numbers and emails for a masked view", () => {
    const masked = maskCommentForView(comment, "masked");
    expect(masked).not.toContain("1234");
    expect(masked).toContain("138 **** 5678");
    expect(masked).toContain("z***@example.com");
    expect(masked.startsWith("请回电")).toBe(true);
  });

  it("leaves the comment as written for a full view, and short numbers alone", () => {
    expect(maskCommentForView(comment, "full")).toBe(comment);
    expect(maskCommentForView("排队等了 40 分钟，2 个窗口", "masked")).toBe("排队等了 40 分钟，2 个窗口");
  });
});

describe("taxonomy input", () => {
  it("splits keywords on lines and commas of either width, without blanks or repeats", () => {
    expect(splitKeywords("排队, 等候\nqueue，取号、排队\n\n")).toEqual(["排队", "等候", "queue", "取号"]);
  });

  it("refuses keys that are not identifiers, empty names and empty & parts", () => {
    const base = { key: "waiting", labelZh: "排队等待", labelEn: "Waiting", keywords: ["排队"], exclusions: [] };
    expect(themeInputSchema.safeParse(base).success).toBe(true);
    expect(themeInputSchema.safeParse({ ...base, key: "Waiting time" }).success).toBe(false);
    expect(themeInputSchema.safeParse({ ...base, labelZh: " " }).success).toBe(false);
    expect(themeInputSchema.safeParse({ ...base, keywords: [] }).success).toBe(false);
    expect(addKeywordSchema.safeParse({ key: "waiting", keyword: "等&" }).success).toBe(false);
    expect(addKeywordSchema.safeParse({ key: "waiting", keyword: "x".repeat(61) }).success).toBe(false);
  });
});

describe("Benjamini–Hochberg over the themes' p-values (the view's q column)", () => {
  it("adjusts like R's p.adjust(..., 'BH') and leaves untested themes out of m", () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.20), "BH") = 0.04 0.0533 0.0533 0.20
    const q = adjustBenjaminiHochberg([0.01, null, 0.04, 0.03, 0.2]);
    expect(q[0]).toBeCloseTo(0.04, 10);
    expect(q[1]).toBeNull();
    expect(q[2]).toBeCloseTo(0.0533333, 6);
    expect(q[3]).toBeCloseTo(0.0533333, 6);
    expect(q[4]).toBeCloseTo(0.2, 10);
  });
});
