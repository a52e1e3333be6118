import { describe, expect, it } from "vitest";
import {
  OPEN_TEXT_MAX_LENGTH,
  SCALES,
  canonicalJson,
  driverQuestions,
  fieldName,
  followUpWording,
  lockViolations,
  missingTranslations,
  parseDriverAnswers,
  textIn,
} from "@/lib/survey-content";
import {
  MAX_CHOICE_OPTIONS,
  MAX_QUESTIONS,
  questionKeySchema,
  questionSchema,
  surveyContentSchema,
  thankYouSchema,
  type SurveyContent,
  type SurveyContentInput,
  type SurveyQuestion,
  type SurveyQuestionInput,
} from "@/schemas/survey-content";

const both = (zh: string, en: string) => ({ "zh-CN": zh, en });
const LOCALES = ["zh-CN", "en"] as const;

function q(input: SurveyQuestionInput): SurveyQuestion {
  return questionSchema.parse(input);
}

const NPS: SurveyQuestionInput = {
  key: "nps",
  type: "NPS",
  required: true,
  text: both("您有多大可能向朋友推荐{brand}？", "How likely are you to recommend {brand}?"),
  settings: { lowLabel: both("不可能", "Not likely"), highLabel: both("极有可能", "Extremely likely") },
};
const REASON: SurveyQuestionInput = {
  key: "reason",
  type: "OPEN_TEXT",
  text: both("请告诉我们原因", "Tell us why"),
  settings: { byCategory: { PROMOTER: both("您最喜欢什么？", "What do you like most?"), PASSIVE: {}, DETRACTOR: {} } },
};

function content(overrides: Partial<SurveyContentInput> = {}): SurveyContentInput {
  return {
    name: "Relationship 2026",
    brandName: "演示银行",
    kind: "RELATIONSHIP",
    defaultLocale: "zh-CN",
    followUpEnabled: true,
    thankYou: { promoterAsk: {} },
    questions: [NPS, REASON],
    ...overrides,
  };
}

function parsed(overrides: Partial<SurveyContentInput> = {}): SurveyContent {
  return surveyContentSchema.parse(content(overrides));
}

function issuesOf(input: SurveyContentInput) {
  const result = surveyContentSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

const rating = (key: string, required = false): SurveyQuestion =>
  q({ key, type: "RATING", required, text: both("评分", "Rate"), settings: { lowLabel: both("差", "Poor"), highLabel: both("好", "Good") } });
const csat = (key: string, required = false) => q({ key, type: "CSAT", required, text: both("满意度", "Satisfaction") });
const ces = (key: string, required = false) => q({ key, type: "CES", required, text: both("省力", "Effort") });
const options = [
  { key: "speed", label: both("速度", "Speed") },
  { key: "staff", label: both("员工", "Staff") },
  { key: "price", label: both("价格", "Price") },
];
const single = (key: string, required = false) => q({ key, type: "SINGLE_CHOICE", required, text: both("单选", "Pick one"), settings: { options } });
const multiple = (key: string, required = false) => q({ key, type: "MULTIPLE_CHOICE", required, text: both("多选", "Pick all"), settings: { options } });
const open = (key: string, required = false) => q({ key, type: "OPEN_TEXT", required, text: both("其他", "Anything else") });
const servqual = (key: string, required = false, dimension: "reliability" | "empathy" = "reliability") =>
  q({ key, type: "SERVQUAL", required, text: both("可靠", "Reliable"), settings: { dimension } });
const kano = (key: string, required = false) =>
  q({ key, type: "KANO", required, text: both("指纹登录", "Fingerprint login"), settings: { functional: both("有", "If present"), dysfunctional: both("无", "If absent") } });

/** A form reader over a fixed set of posted fields. */
function form(fields: Record<string, string | string[]>): (name: string) => string[] {
  return (name) => {
    const value = fields[name];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
}

function parse(questions: SurveyQuestion[], fields: Record<string, string | string[]>) {
  const result = parseDriverAnswers(questions, form(fields));
  return { answers: Object.fromEntries(result.answers), errors: Object.fromEntries(result.errors) };
}

describe("questionSchema: every type parses with its defaults", () => {
  it("NPS needs its settings object; the end labels default to empty text", () => {
    expect(q({ key: "nps", type: "NPS", text: both("a", "b"), settings: {} })).toEqual({
      key: "nps",
      type: "NPS",
      required: false,
      text: both("a", "b"),
      settings: { lowLabel: {}, highLabel: {} },
    });
    expect(questionSchema.safeParse({ key: "nps", type: "NPS", text: {} }).success).toBe(false);
  });

  it("OPEN_TEXT defaults its per-category wordings to empty texts", () => {
    expect(q({ key: "reason", type: "OPEN_TEXT", text: both("a", "b") }).settings).toEqual({ byCategory: { PROMOTER: {}, PASSIVE: {}, DETRACTOR: {} } });
    expect(q({ key: "reason", type: "OPEN_TEXT", text: {}, settings: { byCategory: { PASSIVE: both("p", "P") } } }).settings).toEqual({
      byCategory: { PROMOTER: {}, PASSIVE: both("p", "P"), DETRACTOR: {} },
    });
  });

  it("RATING carries end labels; CSAT and CES carry empty settings", () => {
    expect(rating("r").settings).toEqual({ lowLabel: both("差", "Poor"), highLabel: both("好", "Good") });
    expect(q({ key: "r", type: "RATING", text: {}, settings: {} }).settings).toEqual({ lowLabel: {}, highLabel: {} });
    expect(csat("c").settings).toEqual({});
    expect(ces("e").settings).toEqual({});
  });

  it("choice questions need 2 to MAX_CHOICE_OPTIONS options with valid keys", () => {
    for (const type of ["SINGLE_CHOICE", "MULTIPLE_CHOICE"] as const) {
      expect(q({ key: "c", type, text: {}, settings: { options } }).settings).toEqual({ options });
      const make = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `o${i}`, label: both(`选${i}`, `O${i}`) }));
      expect(questionSchema.safeParse({ key: "c", type, text: {}, settings: { options: make(1) } }).success).toBe(false);
      expect(questionSchema.safeParse({ key: "c", type, text: {}, settings: { options: make(2) } }).success).toBe(true);
      expect(questionSchema.safeParse({ key: "c", type, text: {}, settings: { options: make(MAX_CHOICE_OPTIONS) } }).success).toBe(true);
      expect(questionSchema.safeParse({ key: "c", type, text: {}, settings: { options: make(MAX_CHOICE_OPTIONS + 1) } }).success).toBe(false);
      expect(questionSchema.safeParse({ key: "c", type, text: {}, settings: { options: [{ key: "Bad Key", label: {} }, { key: "ok", label: {} }] } }).success).toBe(false);
      expect(questionSchema.safeParse({ key: "c", type, text: {} }).success).toBe(false);
    }
  });

  it("SERVQUAL needs a known dimension; the scale is always 7", () => {
    expect(servqual("s").settings).toEqual({ dimension: "reliability", scale: 7 });
    expect(questionSchema.safeParse({ key: "s", type: "SERVQUAL", text: {}, settings: { dimension: "speed" } }).success).toBe(false);
    expect(questionSchema.safeParse({ key: "s", type: "SERVQUAL", text: {}, settings: { dimension: "empathy", scale: 5 } }).success).toBe(false);
    expect(questionSchema.safeParse({ key: "s", type: "SERVQUAL", text: {}, settings: { dimension: "empathy", scale: 7 } }).success).toBe(true);
  });

  it("KANO carries the functional and dysfunctional wordings", () => {
    expect(kano("k").settings).toEqual({ functional: both("有", "If present"), dysfunctional: both("无", "If absent") });
    expect(q({ key: "k", type: "KANO", text: {}, settings: {} }).settings).toEqual({ functional: {}, dysfunctional: {} });
  });

  it("rejects unknown types, unknown locales and texts over 2000 characters", () => {
    expect(questionSchema.safeParse({ key: "x", type: "SLIDER", text: {}, settings: {} }).success).toBe(false);
    expect(questionSchema.safeParse({ key: "x", type: "CSAT", text: { fr: "Bonjour" } }).success).toBe(false);
    expect(questionSchema.safeParse({ key: "x", type: "CSAT", text: { en: "a".repeat(2000) } }).success).toBe(true);
    expect(questionSchema.safeParse({ key: "x", type: "CSAT", text: { en: "a".repeat(2001) } }).success).toBe(false);
  });

  it("question keys: lower-case letter first, then a-z 0-9 _, at most 40 characters", () => {
    for (const good of ["a", "nps", "driver_1", `a${"b".repeat(39)}`]) expect(questionKeySchema.safeParse(good).success, good).toBe(true);
    for (const bad of ["", "1a", "_a", "A", "aB", "a-b", "a b", "问题", `a${"b".repeat(40)}`]) expect(questionKeySchema.safeParse(bad).success, bad).toBe(false);
  });
});

describe("surveyContentSchema refinements", () => {
  it("accepts a minimal relationship survey and fills the defaults", () => {
    const value = parsed({ questions: [NPS] });
    expect(value.touchpoint).toBeNull();
    expect(value.thankYou).toEqual({ promoterAsk: {} });
    expect(value.questions).toHaveLength(1);
  });

  it("trims name and brand and rejects them blank", () => {
    expect(parsed({ name: "  N  ", brandName: " B " })).toMatchObject({ name: "N", brandName: "B" });
    expect(issuesOf(content({ name: "   " })).map((i) => i.path)).toContain("name");
    expect(issuesOf(content({ brandName: "" })).map((i) => i.path)).toContain("brandName");
  });

  it("a transactional survey needs its touchpoint (blank counts as missing)", () => {
    expect(issuesOf(content({ kind: "TRANSACTIONAL" }))).toContainEqual({ path: "touchpoint", message: expect.stringMatching(/touchpoint/) });
    expect(issuesOf(content({ kind: "TRANSACTIONAL", touchpoint: "   " })).map((i) => i.path)).toContain("touchpoint");
    expect(parsed({ kind: "TRANSACTIONAL", touchpoint: " 开户 " }).touchpoint).toBe("开户");
    expect(parsed({ kind: "RELATIONSHIP", touchpoint: "" }).touchpoint).toBeNull();
  });

  it("the NPS question with key nps comes first", () => {
    expect(issuesOf(content({ questions: [REASON, NPS] })).map((i) => i.path)).toContain("questions.0");
    expect(issuesOf(content({ questions: [{ ...NPS, key: "score" }] })).map((i) => i.path)).toContain("questions.0");
    expect(issuesOf(content({ questions: [{ key: "nps", type: "CSAT", text: {} }] })).map((i) => i.path)).toContain("questions.0");
    expect(issuesOf(content({ questions: [] })).map((i) => i.path)).toContain("questions");
  });

  it("only one NPS question", () => {
    const issues = issuesOf(content({ questions: [NPS, REASON, { ...NPS, key: "nps2" }] }));
    expect(issues).toContainEqual({ path: "questions.2.type", message: expect.any(String) });
  });

  it("the follow-up key reason must be open text", () => {
    const issues = issuesOf(content({ questions: [NPS, { key: "reason", type: "CSAT", text: both("原因", "Reason") }] }));
    expect(issues).toContainEqual({ path: "questions.1.type", message: expect.stringMatching(/open text/) });
  });

  it("question keys are unique", () => {
    const issues = issuesOf(content({ questions: [NPS, REASON, { key: "speed", type: "CSAT", text: {} }, { key: "speed", type: "CES", text: {} }] }));
    expect(issues).toEqual([{ path: "questions.3.key", message: expect.any(String) }]);
  });

  it("option keys are unique within a choice question", () => {
    for (const type of ["SINGLE_CHOICE", "MULTIPLE_CHOICE"] as const) {
      const issues = issuesOf(
        content({ questions: [NPS, { key: "why", type, text: {}, settings: { options: [{ key: "a", label: {} }, { key: "b", label: {} }, { key: "a", label: {} }] } }] }),
      );
      expect(issues).toEqual([{ path: "questions.1.settings.options", message: expect.any(String) }]);
    }
    // The same option key in two different questions is fine.
    expect(surveyContentSchema.safeParse(content({ questions: [NPS, single("one"), multiple("two")] })).success).toBe(true);
  });

  it("at most MAX_QUESTIONS questions", () => {
    const many = (n: number) => [NPS, ...Array.from({ length: n - 1 }, (_, i): SurveyQuestionInput => ({ key: `q${i}`, type: "CSAT", text: {} }))];
    expect(surveyContentSchema.safeParse(content({ questions: many(MAX_QUESTIONS) })).success).toBe(true);
    expect(surveyContentSchema.safeParse(content({ questions: many(MAX_QUESTIONS + 1) })).success).toBe(false);
  });

  it("default locale is one of the product's locales", () => {
    expect(surveyContentSchema.safeParse({ ...content(), defaultLocale: "fr" }).success).toBe(false);
    expect(parsed({ defaultLocale: "en" }).defaultLocale).toBe("en");
  });
});

describe("thankYouSchema", () => {
  it("accepts http and https addresses, trimmed; blank means none", () => {
    expect(thankYouSchema.parse({ promoterAsk: {}, promoterUrl: " https://reviews.example.com/bank " }).promoterUrl).toBe("https://reviews.example.com/bank");
    expect(thankYouSchema.parse({ promoterAsk: {}, promoterUrl: "http://example.com" }).promoterUrl).toBe("http://example.com");
    expect(thankYouSchema.parse({ promoterAsk: {}, promoterUrl: "" }).promoterUrl).toBeUndefined();
    expect(thankYouSchema.parse({ promoterAsk: {}, promoterUrl: "   " }).promoterUrl).toBeUndefined();
    expect(thankYouSchema.parse(undefined)).toEqual({ promoterAsk: {} });
  });

  it("rejects other schemes and non-addresses", () => {
    for (const bad of ["javascript:alert(1)", "ftp://example.com/file", "data:text/html,hi", "mailto:a@example.com", "example.com", "not a url", `https://example.com/${"a".repeat(500)}`]) {
      expect(thankYouSchema.safeParse({ promoterAsk: {}, promoterUrl: bad }).success, bad).toBe(false);
    }
  });
});

describe("missingTranslations", () => {
  it("a fully written survey misses nothing", () => {
    const full = parsed({ questions: [NPS, REASON, rating("r"), single("s"), kano("k"), servqual("sq"), csat("c")] });
    expect(missingTranslations(full, LOCALES)).toEqual([]);
  });

  it("required texts are needed in every locale; blank and whitespace count as missing", () => {
    const value = parsed({
      questions: [
        { ...NPS, text: { "zh-CN": "推荐？", en: "   " }, settings: { lowLabel: { "zh-CN": "低" }, highLabel: both("高", "High") } },
        REASON,
        { key: "r", type: "RATING", text: both("评分", "Rate"), settings: { lowLabel: {}, highLabel: both("好", "Good") } },
        { key: "s", type: "SINGLE_CHOICE", text: both("选", "Pick"), settings: { options: [{ key: "a", label: both("甲", "A") }, { key: "b", label: { en: "B" } }] } },
        { key: "k", type: "KANO", text: both("功能", "Feature"), settings: { functional: { "zh-CN": "有" }, dysfunctional: {} } },
      ],
    });
    expect(missingTranslations(value, LOCALES)).toEqual([
      { path: "questions.0.text", locale: "en" },
      { path: "questions.0.settings.lowLabel", locale: "en" },
      { path: "questions.2.settings.lowLabel", locale: "zh-CN" },
      { path: "questions.2.settings.lowLabel", locale: "en" },
      { path: "questions.3.settings.options.1.label", locale: "zh-CN" },
      { path: "questions.4.settings.functional", locale: "en" },
      { path: "questions.4.settings.dysfunctional", locale: "zh-CN" },
      { path: "questions.4.settings.dysfunctional", locale: "en" },
    ]);
  });

  it("CSAT, CES and SERVQUAL need only their question text", () => {
    const value = parsed({ questions: [NPS, { key: "c", type: "CSAT", text: {} }, { key: "e", type: "CES", text: { en: "E" } }, { key: "sq", type: "SERVQUAL", text: { "zh-CN": "可靠" }, settings: { dimension: "empathy" } }] });
    expect(missingTranslations(value, LOCALES)).toEqual([
      { path: "questions.1.text", locale: "zh-CN" },
      { path: "questions.1.text", locale: "en" },
      { path: "questions.2.text", locale: "zh-CN" },
      { path: "questions.3.text", locale: "en" },
    ]);
  });

  it("per-category follow-up wordings and the promoter ask are optional, but once started needed in all locales", () => {
    const untouched = parsed({ questions: [NPS, { ...REASON, settings: { byCategory: { PROMOTER: {}, PASSIVE: { en: "  " }, DETRACTOR: {} } } }] });
    expect(missingTranslations(untouched, LOCALES)).toEqual([]);

    const started = parsed({
      questions: [NPS, { ...REASON, settings: { byCategory: { PROMOTER: {}, PASSIVE: { en: "What would make it a 10?" }, DETRACTOR: { "zh-CN": "哪里让您失望？", en: "" } } } }],
      thankYou: { promoterAsk: { "zh-CN": "请在应用商店给我们评价" } },
    });
    expect(missingTranslations(started, LOCALES)).toEqual([
      { path: "questions.1.settings.byCategory.PASSIVE", locale: "zh-CN" },
      { path: "questions.1.settings.byCategory.DETRACTOR", locale: "en" },
      { path: "thankYou.promoterAsk", locale: "en" },
    ]);
  });

  it("checks only the locales asked for", () => {
    const value = parsed({ questions: [{ ...NPS, text: { "zh-CN": "推荐？" } }] });
    expect(missingTranslations(value, ["zh-CN"])).toEqual([]);
    expect(missingTranslations(value, ["en"])).toEqual([{ path: "questions.0.text", locale: "en" }]);
  });
});

describe("lockViolations", () => {
  const before = [q(NPS), q(REASON), single("channel"), multiple("reasons"), servqual("sq_rel", false, "reliability"), rating("speed"), kano("login")];

  it("allows wording, order, required flags, new questions and new or reworded options", () => {
    const after = [
      q({ ...NPS, text: both("新的措辞", "New wording"), settings: { lowLabel: both("a", "b"), highLabel: both("c", "d") } }),
      kano("login"),
      rating("speed", true),
      q({ ...REASON, required: true }),
      q({ key: "channel", type: "SINGLE_CHOICE", text: both("渠道", "Channel"), settings: { options: [...options.map((o) => ({ ...o, label: both(`${o.key}!`, `${o.key}!`) })), { key: "other", label: both("其他", "Other") }] } }),
      multiple("reasons"),
      servqual("sq_rel", true, "reliability"),
      csat("new_csat"),
    ];
    expect(lockViolations(before, after)).toEqual([]);
  });

  it("refuses a removed question", () => {
    expect(lockViolations(before, before.filter((question) => question.key !== "speed"))).toEqual([{ key: "speed", reason: "removed" }]);
  });

  it("refuses a renamed key as a removal (the new key is just new)", () => {
    const after = before.map((question) => (question.key === "speed" ? { ...question, key: "speed2" } : question));
    expect(lockViolations(before, after)).toEqual([{ key: "speed", reason: "removed" }]);
  });

  it("refuses a changed type, including single ↔ multiple choice and the NPS question", () => {
    const after = before.map((question) =>
      question.key === "speed" ? csat("speed") : question.key === "channel" ? { ...multiple("channel") } : question.key === "nps" ? rating("nps") : question,
    );
    expect(lockViolations(before, after)).toEqual([
      { key: "nps", reason: "type_changed" },
      { key: "channel", reason: "type_changed" },
      { key: "speed", reason: "type_changed" },
    ]);
  });

  it("refuses removed choice options", () => {
    const after = before.map((question) =>
      question.key === "reasons" ? q({ key: "reasons", type: "MULTIPLE_CHOICE", text: {}, settings: { options: options.slice(0, 2) } }) : question,
    );
    expect(lockViolations(before, after)).toEqual([{ key: "reasons", reason: "options_removed" }]);
  });

  it("refuses a SERVQUAL item moved to another dimension", () => {
    const after = before.map((question) => (question.key === "sq_rel" ? servqual("sq_rel", false, "empathy") : question));
    expect(lockViolations(before, after)).toEqual([{ key: "sq_rel", reason: "dimension_changed" }]);
  });

  it("lists every violation at once", () => {
    const after = [q(NPS), q({ key: "reason", type: "OPEN_TEXT", text: {} }), single("reasons"), servqual("sq_rel", false, "empathy"), rating("speed")];
    expect(lockViolations(before, after)).toEqual([
      { key: "channel", reason: "removed" },
      { key: "reasons", reason: "type_changed" },
      { key: "sq_rel", reason: "dimension_changed" },
      { key: "login", reason: "removed" },
    ]);
  });

  it("nothing before → nothing to violate", () => {
    expect(lockViolations([], before)).toEqual([]);
    expect(lockViolations(before, before)).toEqual([]);
  });
});

describe("canonicalJson", () => {
  it("ignores key order at every depth but keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { y: [1, { d: 2, c: 3 }], x: "s" } })).toBe(canonicalJson({ a: { x: "s", y: [1, { c: 3, d: 2 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it("drops undefined members, keeps null, and distinguishes values", () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
    expect(canonicalJson({ a: "1" })).not.toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: "中文" })).toBe('{"a":"中文"}');
    expect(canonicalJson(undefined)).toBe("null");
    expect(canonicalJson(true)).toBe("true");
  });

  it("the same survey content written in another key order is equal", () => {
    const a = parsed({ questions: [NPS, REASON, single("s")] });
    // The same object built with its keys in reverse order, at every depth.
    const reverse = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverse)
        : value && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverse(v)]))
          : value;
    const reversed = reverse(a);
    expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(a));
    expect(canonicalJson(reversed)).toBe(canonicalJson(a));
    expect(canonicalJson(parsed({ questions: [NPS, single("s"), REASON] }))).not.toBe(canonicalJson(a));
  });
});

describe("textIn and followUpWording", () => {
  it("textIn picks the locale, else the fallback, else any written text, else empty", () => {
    expect(textIn(both("中", "En"), "en", "zh-CN")).toBe("En");
    expect(textIn({ "zh-CN": "中", en: "  " }, "en", "zh-CN")).toBe("中");
    expect(textIn({ en: "En" }, "zh-CN", "zh-CN")).toBe("En");
    expect(textIn({}, "en", "zh-CN")).toBe("");
    expect(textIn(undefined, "en", "zh-CN")).toBe("");
  });

  it("uses the category's own wording when written, else the general question text", () => {
    const reason = q({
      key: "reason",
      type: "OPEN_TEXT",
      text: both("请说说原因", "Tell us why"),
      settings: { byCategory: { PROMOTER: both("您最喜欢什么？", "What do you like most?"), PASSIVE: { "zh-CN": "怎样才能打10分？" }, DETRACTOR: {} } },
    });
    expect(followUpWording(reason, "PROMOTER", "en", "zh-CN")).toBe("What do you like most?");
    expect(followUpWording(reason, "PROMOTER", "zh-CN", "zh-CN")).toBe("您最喜欢什么？");
    // Not written in English: the fallback locale's category wording beats the general English text.
    expect(followUpWording(reason, "PASSIVE", "en", "zh-CN")).toBe("怎样才能打10分？");
    expect(followUpWording(reason, "DETRACTOR", "en", "zh-CN")).toBe("Tell us why");
    expect(followUpWording(reason, null, "en", "zh-CN")).toBe("Tell us why");
    // Other question types have no category wording.
    expect(followUpWording(csat("c"), "PROMOTER", "en", "zh-CN")).toBe("Satisfaction");
  });
});

describe("driverQuestions and fieldName", () => {
  it("drivers are everything but the NPS question and the follow-up, in order", () => {
    const questions = [q(NPS), q(REASON), rating("a"), open("b"), csat("c")];
    expect(driverQuestions(questions).map((question) => question.key)).toEqual(["a", "b", "c"]);
    expect(driverQuestions([q(NPS), q(REASON)])).toEqual([]);
  });

  it("field names", () => {
    expect(fieldName("speed")).toBe("q_speed");
    expect(fieldName("sq", "e")).toBe("q_sq_e");
    expect(fieldName("sq", "p")).toBe("q_sq_p");
    expect(fieldName("k", "f")).toBe("q_k_f");
    expect(fieldName("k", "d")).toBe("q_k_d");
  });
});

describe("parseDriverAnswers: scales", () => {
  it("SCALES are RATING 1–5, CSAT 1–5, CES 1–7, SERVQUAL 1–7", () => {
    expect(SCALES).toEqual({ RATING: { min: 1, max: 5 }, CSAT: { min: 1, max: 5 }, CES: { min: 1, max: 7 }, SERVQUAL: { min: 1, max: 7 } });
  });

  for (const [type, make, max] of [
    ["RATING", rating, 5],
    ["CSAT", csat, 5],
    ["CES", ces, 7],
  ] as const) {
    it(`${type}: ${1}…${max} valid as numbers, 0 and ${max + 1} invalid`, () => {
      for (let value = 1; value <= max; value += 1) {
        expect(parse([make("x")], { q_x: String(value) })).toEqual({ answers: { x: value }, errors: {} });
      }
      for (const bad of ["0", String(max + 1), "-1", "5.0", "3.5", "1e0", "abc", "0x3", "+3", "100"]) {
        expect(parse([make("x")], { q_x: bad }), bad).toEqual({ answers: {}, errors: { x: "invalid" } });
      }
    });

    it(`${type}: surrounding spaces are trimmed; two values (even equal) are invalid; blank optional is no answer, blank required is an error`, () => {
      expect(parse([make("x")], { q_x: " 3 " })).toEqual({ answers: { x: 3 }, errors: {} });
      expect(parse([make("x")], { q_x: ["3", "3"] })).toEqual({ answers: {}, errors: { x: "invalid" } });
      expect(parse([make("x")], { q_x: ["2", "4"] })).toEqual({ answers: {}, errors: { x: "invalid" } });
      expect(parse([make("x")], {})).toEqual({ answers: {}, errors: {} });
      expect(parse([make("x")], { q_x: "  " })).toEqual({ answers: {}, errors: {} });
      expect(parse([make("x", true)], {})).toEqual({ answers: {}, errors: { x: "required" } });
      expect(parse([make("x", true)], { q_x: "" })).toEqual({ answers: {}, errors: { x: "required" } });
      expect(parse([make("x", true)], { q_x: "9" })).toEqual({ answers: {}, errors: { x: "invalid" } });
    });
  }

  it("RATING boundaries exactly as documented: 0 and 6 invalid, 1 and 5 valid", () => {
    expect(parse([rating("x")], { q_x: "0" }).errors).toEqual({ x: "invalid" });
    expect(parse([rating("x")], { q_x: "6" }).errors).toEqual({ x: "invalid" });
    expect(parse([rating("x")], { q_x: "1" }).answers).toEqual({ x: 1 });
    expect(parse([rating("x")], { q_x: "5" }).answers).toEqual({ x: 5 });
    expect(parse([rating("x")], { q_x: "5.0" }).errors).toEqual({ x: "invalid" });
  });
});

describe("parseDriverAnswers: choices", () => {
  it("single choice: a known option key", () => {
    expect(parse([single("c")], { q_c: "staff" })).toEqual({ answers: { c: "staff" }, errors: {} });
    expect(parse([single("c")], { q_c: " staff " })).toEqual({ answers: { c: "staff" }, errors: {} });
    expect(parse([single("c")], { q_c: "Staff" })).toEqual({ answers: {}, errors: { c: "invalid" } });
    expect(parse([single("c")], { q_c: "unknown" })).toEqual({ answers: {}, errors: { c: "invalid" } });
    expect(parse([single("c")], { q_c: ["speed", "staff"] })).toEqual({ answers: {}, errors: { c: "invalid" } });
    expect(parse([single("c")], {})).toEqual({ answers: {}, errors: {} });
    expect(parse([single("c", true)], {})).toEqual({ answers: {}, errors: { c: "required" } });
  });

  it("multiple choice: known keys, de-duplicated, in the options' order whatever the posted order", () => {
    expect(parse([multiple("m")], { q_m: ["price", "speed"] })).toEqual({ answers: { m: ["speed", "price"] }, errors: {} });
    expect(parse([multiple("m")], { q_m: ["price", "price", " speed "] })).toEqual({ answers: { m: ["speed", "price"] }, errors: {} });
    expect(parse([multiple("m")], { q_m: "staff" })).toEqual({ answers: { m: ["staff"] }, errors: {} });
    expect(parse([multiple("m")], { q_m: ["staff", "bogus"] })).toEqual({ answers: {}, errors: { m: "invalid" } });
    expect(parse([multiple("m")], { q_m: ["", " "] })).toEqual({ answers: {}, errors: {} });
    expect(parse([multiple("m", true)], {})).toEqual({ answers: {}, errors: { m: "required" } });
    expect(parse([multiple("m", true)], { q_m: ["speed", "staff", "price"] })).toEqual({ answers: { m: ["speed", "staff", "price"] }, errors: {} });
  });
});

describe("parseDriverAnswers: open text", () => {
  it("trims, normalises line breaks and keeps the text", () => {
    expect(parse([open("t")], { q_t: "  第一行\r\n第二行\r第三行  " })).toEqual({ answers: { t: "第一行\n第二行\n第三行" }, errors: {} });
    expect(parse([open("t")], { q_t: "   " })).toEqual({ answers: {}, errors: {} });
    expect(parse([open("t", true)], { q_t: " \r\n " })).toEqual({ answers: {}, errors: { t: "required" } });
    expect(parse([open("t")], { q_t: ["a", "b"] })).toEqual({ answers: {}, errors: { t: "invalid" } });
  });

  it(`at most ${OPEN_TEXT_MAX_LENGTH} characters, counted in code points (CJK and emoji count one each)`, () => {
    expect(OPEN_TEXT_MAX_LENGTH).toBe(2000);
    expect(parse([open("t")], { q_t: "a".repeat(2000) }).answers.t).toHaveLength(2000);
    expect(parse([open("t")], { q_t: "a".repeat(2001) })).toEqual({ answers: {}, errors: { t: "too_long" } });
    expect(parse([open("t")], { q_t: "好".repeat(2000) }).errors).toEqual({});
    expect(parse([open("t")], { q_t: "好".repeat(2001) }).errors).toEqual({ t: "too_long" });
    // 2000 emoji are 4000 UTF-16 code units but 2000 characters.
    const emoji = "😀".repeat(2000);
    expect(emoji.length).toBe(4000);
    expect(parse([open("t")], { q_t: emoji })).toEqual({ answers: { t: emoji }, errors: {} });
    expect(parse([open("t")], { q_t: `${emoji}😀` }).errors).toEqual({ t: "too_long" });
    // Surrounding whitespace does not count.
    expect(parse([open("t")], { q_t: `  ${"a".repeat(2000)}\r\n` }).errors).toEqual({});
  });
});

describe("parseDriverAnswers: SERVQUAL", () => {
  it("both halves on 1–7 → {expectation, perception}", () => {
    expect(parse([servqual("s")], { q_s_e: "7", q_s_p: "1" })).toEqual({ answers: { s: { expectation: 7, perception: 1 } }, errors: {} });
    expect(parse([servqual("s", true)], { q_s_e: " 6 ", q_s_p: "5" })).toEqual({ answers: { s: { expectation: 6, perception: 5 } }, errors: {} });
  });

  it("out of range or malformed in either half → invalid", () => {
    for (const [e, p] of [["0", "3"], ["3", "8"], ["3.0", "3"], ["x", "3"], ["8", ""]] as const) {
      expect(parse([servqual("s")], { q_s_e: e, q_s_p: p }), `${e}/${p}`).toEqual({ answers: {}, errors: { s: "invalid" } });
    }
    expect(parse([servqual("s")], { q_s_e: ["3", "4"], q_s_p: "3" })).toEqual({ answers: {}, errors: { s: "invalid" } });
  });

  it("optional: blank is no answer, one half answered is kept with null for the other", () => {
    expect(parse([servqual("s")], {})).toEqual({ answers: {}, errors: {} });
    expect(parse([servqual("s")], { q_s_e: "5" })).toEqual({ answers: { s: { expectation: 5, perception: null } }, errors: {} });
    expect(parse([servqual("s")], { q_s_p: "4" })).toEqual({ answers: { s: { expectation: null, perception: 4 } }, errors: {} });
  });

  it("required: blank → required, one half → incomplete", () => {
    expect(parse([servqual("s", true)], {})).toEqual({ answers: {}, errors: { s: "required" } });
    expect(parse([servqual("s", true)], { q_s_e: "5" })).toEqual({ answers: {}, errors: { s: "incomplete" } });
    expect(parse([servqual("s", true)], { q_s_p: "5", q_s_e: " " })).toEqual({ answers: {}, errors: { s: "incomplete" } });
  });
});

describe("parseDriverAnswers: KANO", () => {
  it("both halves → {functional, dysfunctional}", () => {
    expect(parse([kano("k")], { q_k_f: "like", q_k_d: "dislike" })).toEqual({ answers: { k: { functional: "like", dysfunctional: "dislike" } }, errors: {} });
    expect(parse([kano("k")], { q_k_f: " must-be ", q_k_d: "live-with" })).toEqual({ answers: { k: { functional: "must-be", dysfunctional: "live-with" } }, errors: {} });
  });

  it("one half only → incomplete, required or not", () => {
    expect(parse([kano("k")], { q_k_f: "like" })).toEqual({ answers: {}, errors: { k: "incomplete" } });
    expect(parse([kano("k")], { q_k_d: "neutral" })).toEqual({ answers: {}, errors: { k: "incomplete" } });
    expect(parse([kano("k", true)], { q_k_f: "like" })).toEqual({ answers: {}, errors: { k: "incomplete" } });
  });

  it("blank → nothing (optional) or required; unknown answers → invalid", () => {
    expect(parse([kano("k")], {})).toEqual({ answers: {}, errors: {} });
    expect(parse([kano("k", true)], {})).toEqual({ answers: {}, errors: { k: "required" } });
    expect(parse([kano("k")], { q_k_f: "love", q_k_d: "dislike" })).toEqual({ answers: {}, errors: { k: "invalid" } });
    expect(parse([kano("k")], { q_k_f: "like", q_k_d: "Dislike" })).toEqual({ answers: {}, errors: { k: "invalid" } });
    expect(parse([kano("k")], { q_k_f: ["like", "neutral"], q_k_d: "dislike" })).toEqual({ answers: {}, errors: { k: "invalid" } });
    expect(parse([kano("k")], { q_k_f: "love" })).toEqual({ answers: {}, errors: { k: "invalid" } });
  });
});

describe("parseDriverAnswers: the whole form", () => {
  const questions = [q(NPS), q(REASON), rating("speed", true), csat("csat"), ces("ces"), single("channel"), multiple("why"), open("more"), servqual("sq"), kano("login")];

  it("reads every driver, ignores the NPS, follow-up and unknown fields", () => {
    const result = parse(questions, {
      score: "3",
      q_nps: "10",
      q_reason: "ignored",
      comment: "ignored",
      q_unknown: "x",
      q_speed: "4",
      q_csat: "5",
      q_ces: "7",
      q_channel: "speed",
      q_why: ["price", "staff"],
      q_more: "谢谢",
      q_sq_e: "6",
      q_sq_p: "4",
      q_login_f: "like",
      q_login_d: "dislike",
    });
    expect(result.errors).toEqual({});
    expect(result.answers).toEqual({
      speed: 4,
      csat: 5,
      ces: 7,
      channel: "speed",
      why: ["staff", "price"],
      more: "谢谢",
      sq: { expectation: 6, perception: 4 },
      login: { functional: "like", dysfunctional: "dislike" },
    });
  });

  it("collects an error per question and still reads the good ones", () => {
    const result = parse(questions, { q_csat: "6", q_ces: "4", q_why: ["nope"], q_more: "x".repeat(2001), q_login_f: "like" });
    expect(result.errors).toEqual({ speed: "required", csat: "invalid", why: "invalid", more: "too_long", login: "incomplete" });
    expect(result.answers).toEqual({ ces: 4 });
  });

  it("an empty optional form is valid and answers nothing", () => {
    const optional = questions.map((question) => ({ ...question, required: false }));
    expect(parse(optional, {})).toEqual({ answers: {}, errors: {} });
  });
});
