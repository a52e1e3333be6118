import { describe, expect, it } from "vitest";
import {
  DEFAULT_LOCALE,
  LOCALES,
  isLocale,
  localeFromAcceptLanguage,
  matchLocale,
  pickLocale,
} from "@/i18n/locales";
import { en, type MessageKey } from "@/i18n/messages/en";
import { zhCN } from "@/i18n/messages/zh-cn";
import { createTranslator, interpolate, messagesFor } from "@/i18n/translate";

const enKeys = Object.keys(en) as MessageKey[];

function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ""))].sort();
}

describe("message catalogues", () => {
  it("has a substantial English catalogue", () => {
    expect(enKeys.length).toBeGreaterThan(100);
  });

  it("defines every English key in zh-CN, and no extra keys", () => {
    expect(Object.keys(zhCN).sort()).toEqual([...enKeys].sort());
  });

  it.each(enKeys)("%s has a non-empty text in both languages", (key) => {
    expect(typeof en[key]).toBe("string");
    expect(en[key].trim()).not.toBe("");
    expect(typeof zhCN[key]).toBe("string");
    expect(zhCN[key].trim()).not.toBe("");
  });

  it.each(enKeys)("%s uses the same {placeholders} in zh-CN as in en", (key) => {
    expect(placeholders(zhCN[key])).toEqual(placeholders(en[key]));
  });

  it("really is translated: most user-facing texts differ between the languages", () => {
    const same = enKeys.filter((key) => en[key] === zhCN[key]);
    // A few may legitimately be equal (language names, "—", "NPS" …), but not many.
    expect(same.length).toBeLessThan(enKeys.length / 10);
    expect(zhCN["respondent.question"]).toMatch(/[\u4e00-\u9fff]/);
  });

  it("messagesFor returns the catalogue of each locale", () => {
    expect(messagesFor("en")).toBe(en);
    expect(messagesFor("zh-CN")).toBe(zhCN);
  });
});

describe("interpolate", () => {
  it("replaces placeholders with strings and numbers, every occurrence", () => {
    expect(interpolate("Hello {name}, {name}!", { name: "Li" })).toBe("Hello Li, Li!");
    expect(interpolate("{count} · {share}", { count: 12, share: "40%" })).toBe("12 · 40%");
    expect(interpolate("at most {max}", { max: 0 })).toBe("at most 0");
  });

  it("leaves unknown placeholders visible and returns the template unchanged without params", () => {
    expect(interpolate("Hi {name} from {brand}", { name: "Wang" })).toBe("Hi Wang from {brand}");
    expect(interpolate("Hi {name}")).toBe("Hi {name}");
    expect(interpolate("Hi {name}", {})).toBe("Hi {name}");
  });

  it("does not re-interpolate substituted values nor look up inherited properties", () => {
    expect(interpolate("{a} and {b}", { a: "{b}", b: "B" })).toBe("{b} and B");
    expect(interpolate("{toString} {constructor}", {})).toBe("{toString} {constructor}");
  });

  it("createTranslator interpolates catalogue texts in its locale", () => {
    expect(createTranslator("en")("respondent.question", { brand: "Demo Bank" })).toBe(
      "How likely are you to recommend Demo Bank to a friend or colleague?",
    );
    expect(createTranslator("zh-CN")("respondent.question", { brand: "演示银行" })).toBe("您有多大可能向朋友或同事推荐演示银行？");
    expect(createTranslator("en")("respondent.error.comment", { max: 2000 })).toBe(
      "Your comment is too long (at most 2000 characters).",
    );
  });
});

describe("locales", () => {
  it("supports exactly zh-CN and en, zh-CN by default", () => {
    expect([...LOCALES]).toEqual(["zh-CN", "en"]);
    expect(DEFAULT_LOCALE).toBe("zh-CN");
    expect(isLocale("en")).toBe(true);
    expect(isLocale("zh-CN")).toBe(true);
    expect(isLocale("zh-cn")).toBe(false);
    expect(isLocale("fr")).toBe(false);
    expect(isLocale(null)).toBe(false);
    expect(isLocale(1)).toBe(false);
  });

  it("matchLocale maps loose tags", () => {
    expect(matchLocale("zh")).toBe("zh-CN");
    expect(matchLocale("zh-Hans-CN")).toBe("zh-CN");
    expect(matchLocale(" ZH-cn ")).toBe("zh-CN");
    expect(matchLocale("en-GB")).toBe("en");
    expect(matchLocale("EN")).toBe("en");
    expect(matchLocale("fr-FR")).toBeNull();
    expect(matchLocale("")).toBeNull();
    expect(matchLocale(null)).toBeNull();
    expect(matchLocale(undefined)).toBeNull();
  });

  it.each([
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"],
    ["en-GB,en;q=0.9", "en"],
    ["en-US", "en"],
    ["zh-TW", "zh-CN"],
    ["fr-FR", null],
    ["fr-FR,de;q=0.5", null],
    ["fr;q=1, en;q=0.5, zh;q=0.8", "zh-CN"],
    ["en;q=0.2, zh;q=0.1", "en"],
    ["fr, en;q=0.1", "en"],
    ["zh;q=0, en", "en"],
    ["en;q=0", null],
    ["zh;q=abc, en;q=0.3", "en"],
    ["en, zh", "en"],
    ["zh, en", "zh-CN"],
    ["*", null],
    ["", null],
    [null, null],
    [undefined, null],
  ] as const)("localeFromAcceptLanguage(%j) → %j", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });

  it("pickLocale takes the first supported candidate, then falls back to zh-CN", () => {
    expect(pickLocale()).toBe("zh-CN");
    expect(pickLocale(null, undefined, "")).toBe("zh-CN");
    expect(pickLocale("fr", "de-DE")).toBe("zh-CN");
    expect(pickLocale("en", "zh-CN")).toBe("en");
    expect(pickLocale("zh-CN", "en")).toBe("zh-CN");
    expect(pickLocale(null, "fr", "en-GB", "zh-CN")).toBe("en");
    expect(pickLocale(undefined, "zh-Hant")).toBe("zh-CN");
    expect(pickLocale("EN-us")).toBe("en");
  });
});
