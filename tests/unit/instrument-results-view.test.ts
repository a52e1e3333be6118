import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { InstrumentResults } from "@/components/surveys/instrument-results";
import { createTranslator } from "@/i18n/translate";
import { summarizeKanoCategories } from "@/lib/kano";
import { assembleKano, assembleServqual, type InstrumentResults as Results } from "@/server/analytics/get-instrument-results";

const questions = [
  { questionId: "q1", key: "rel_1", text: { "zh-CN": "按时办理业务", en: "Services on time" }, dimension: "reliability" as const, scale: 7 },
  { questionId: "q2", key: "emp_1", text: { "zh-CN": "关心客户" }, dimension: "empathy" as const, scale: 7 },
];
const servqual = assembleServqual(
  questions,
  [
    { questionId: "q1", expectation: 7, perception: 5, count: 3 },
    { questionId: "q1", expectation: 6, perception: 6, count: 1 },
    { questionId: "q2", expectation: 5, perception: 6, count: 2 },
  ],
  [
    { dimension: "reliability", n: 4, mean: -1.5, sd: 1 },
    { dimension: "empathy", n: 2, mean: 1, sd: 0 },
    { dimension: null, n: 4, mean: null, sd: null },
  ],
);
const kano = assembleKano(
  [
    { questionId: "k1", key: "login", text: { en: "Mobile login", "zh-CN": "手机登录" } },
    { questionId: "k2", key: "alerts", text: { en: "Alerts" } },
  ],
  [{ questionId: "k1", functional: "neutral", dysfunctional: "dislike", count: 5 }],
);

function render(locale: "en" | "zh-CN", results: Results = { servqual, kano }) {
  return renderToStaticMarkup(
    createElement(InstrumentResults, { results, t: createTranslator(locale), locale, fallbackLocale: "zh-CN", minN: 30 }),
  );
}

describe("InstrumentResults", () => {
  it("shows SERVQUAL items and Kano features in the reader's language", () => {
    const en = render("en");
    expect(en).toContain("Services on time");
    expect(en).toContain("关心客户"); // no English text: falls back to the survey's default locale
    expect(en).toContain("Reliability");
    expect(en).toContain("−1.50"); // reliability item gap (5 − 7) × 3 and (6 − 6) → −1.50
    expect(en).toContain("Must-be");
    expect(en).toContain("Mobile login");
    expect(en).toContain("Fewer than 30 answers");
    const zh = render("zh-CN");
    expect(zh).toContain("可靠性");
    expect(zh).toContain("必备型");
    expect(zh).toContain("手机登录");
  });

  it("shows empty states without answers, and nothing without instruments", () => {
    const empty = render("en", {
      servqual: assembleServqual(questions, [], []),
      kano: { features: [{ questionId: "k", key: "k", text: {}, summary: summarizeKanoCategories({ M: 0, O: 0, A: 0, I: 0, R: 0, Q: 0 }) }] },
    });
    expect(empty).toContain("No SERVQUAL answers yet.");
    expect(empty).toContain("No Kano answers yet.");
    expect(render("en", { servqual: null, kano: null })).toBe("");
  });
});
