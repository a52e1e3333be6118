import { describe, expect, it } from "vitest";
import { formatNps } from "@/lib/format";
import { escapeHtml } from "@/lib/html";
import { ROLES, hasRole, type RoleName } from "@/lib/roles";
import { AppError, ERROR_STATUS, isAppError } from "@/lib/errors";
import { contactInputSchema } from "@/schemas/contact";
import { COMMENT_MAX_LENGTH, submitResponseSchema, tokenSchema } from "@/schemas/response";
import { createSurveySchema, surveyIdSchema } from "@/schemas/survey";
import { generateToken } from "@/server/distribution/token";

describe("submitResponseSchema — score", () => {
  it.each([
    ["0", 0],
    ["10", 10],
    [7, 7],
    [" 8 ", 8],
    [0, 0],
    [10, 10],
    ["05", 5],
  ] as const)("accepts %j as %i", (score, expected) => {
    const parsed = submitResponseSchema.safeParse({ score });
    expect(parsed.success).toBe(true);
    expect(parsed.data?.score).toBe(expected);
  });

  it.each([11, -1, "11", "-1", "abc", "7.5", 7.5, "", " ", null, true, "1e1", "0x5", Number.NaN, Number.POSITIVE_INFINITY, [7], { value: 7 }])(
    "rejects %j",
    (score) => {
      const parsed = submitResponseSchema.safeParse({ score });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["score"]);
    },
  );

  it("rejects a missing score and a body that is not an object", () => {
    expect(submitResponseSchema.safeParse({}).success).toBe(false);
    expect(submitResponseSchema.safeParse({ comment: "great" }).success).toBe(false);
    expect(submitResponseSchema.safeParse(null).success).toBe(false);
    expect(submitResponseSchema.safeParse(undefined).success).toBe(false);
    expect(submitResponseSchema.safeParse("7").success).toBe(false);
  });
});

describe("submitResponseSchema — comment and locale", () => {
  it("trims the comment, normalises CRLF and turns a blank comment into undefined", () => {
    expect(submitResponseSchema.parse({ score: 9, comment: "  great service \n" }).comment).toBe("great service");
    expect(submitResponseSchema.parse({ score: 9, comment: "line 1\r\nline 2\r\n\r\nline 4" }).comment).toBe("line 1\nline 2\n\nline 4");
    expect(submitResponseSchema.parse({ score: 9, comment: "   \r\n\t " }).comment).toBeUndefined();
    expect(submitResponseSchema.parse({ score: 9, comment: "" }).comment).toBeUndefined();
    expect(submitResponseSchema.parse({ score: 9 }).comment).toBeUndefined();
  });

  it(`accepts a comment of exactly ${COMMENT_MAX_LENGTH} characters and rejects ${COMMENT_MAX_LENGTH + 1}`, () => {
    expect(COMMENT_MAX_LENGTH).toBe(2000);
    const max = "服".repeat(2000);
    expect(submitResponseSchema.parse({ score: 5, comment: max }).comment).toBe(max);
    const tooLong = submitResponseSchema.safeParse({ score: 5, comment: "a".repeat(2001) });
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues.map((i) => i.path.join("."))).toEqual(["comment"]);
  });

  it("counts the comment after normalising CRLF and trimming, as the textarea counts it", () => {
    // 1,990 characters and 5 line breaks: 2,005 as sent by a browser (CRLF), 2,000 after normalising.
    const sent = `${"a".repeat(398)}\r\n`.repeat(5).slice(0, -2) + "a".repeat(2) + "  ";
    const parsed = submitResponseSchema.safeParse({ score: 5, comment: sent });
    expect(sent.length).toBeGreaterThan(COMMENT_MAX_LENGTH);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.comment?.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH);
  });

  it("rejects a comment that is not a string", () => {
    expect(submitResponseSchema.safeParse({ score: 5, comment: 5 }).success).toBe(false);
    expect(submitResponseSchema.safeParse({ score: 5, comment: ["a"] }).success).toBe(false);
  });

  it("passes a short locale through and rejects a long one", () => {
    expect(submitResponseSchema.parse({ score: 5, locale: "en" }).locale).toBe("en");
    expect(submitResponseSchema.safeParse({ score: 5, locale: "x".repeat(11) }).success).toBe(false);
  });
});

describe("tokenSchema", () => {
  it("accepts generated tokens: 43 base64url characters, all different", () => {
    const tokens = Array.from({ length: 200 }, () => generateToken());
    for (const token of tokens) {
      expect(token).toHaveLength(43);
      expect(tokenSchema.safeParse(token).success).toBe(true);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it.each(["a".repeat(22), "A-_9".repeat(16), "Z".repeat(64)])("accepts %s", (token) => {
    expect(tokenSchema.safeParse(token).success).toBe(true);
  });

  it.each(["", "a".repeat(21), "a".repeat(65), `${"a".repeat(42)}=`, `${"a".repeat(42)}+`, `${"a".repeat(42)}/`, ` ${"a".repeat(43)}`, `${"a".repeat(30)}\n`, "../../../../etc/passwd/xxxxxx"])(
    "rejects %j",
    (token) => {
      expect(tokenSchema.safeParse(token).success).toBe(false);
    },
  );
});

describe("createSurveySchema", () => {
  it("trims, and defaults to a relationship survey in zh-CN", () => {
    expect(createSurveySchema.parse({ name: "  NPS 2026 ", brandName: " 演示银行 " })).toEqual({
      name: "NPS 2026",
      brandName: "演示银行",
      kind: "RELATIONSHIP",
      template: "standard",
      defaultLocale: "zh-CN",
    });
  });

  it("requires a touchpoint for a transactional survey, and a blank one does not count", () => {
    for (const touchpoint of [undefined, "", "   "]) {
      const parsed = createSurveySchema.safeParse({ name: "Claims", brandName: "Ins", kind: "TRANSACTIONAL", touchpoint });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["touchpoint"]);
    }
    expect(
      createSurveySchema.parse({ name: "Claims", brandName: "Ins", kind: "TRANSACTIONAL", touchpoint: " claim settled ", defaultLocale: "en" }),
    ).toEqual({ name: "Claims", brandName: "Ins", kind: "TRANSACTIONAL", touchpoint: "claim settled", defaultLocale: "en", template: "standard" });
  });

  it("enforces the maximum lengths after trimming", () => {
    const ok = { name: "n".repeat(120), brandName: "b".repeat(80), kind: "TRANSACTIONAL", touchpoint: "t".repeat(80) } as const;
    expect(createSurveySchema.safeParse(ok).success).toBe(true);
    expect(createSurveySchema.safeParse({ ...ok, name: ` ${"n".repeat(120)} ` }).success).toBe(true);
    expect(createSurveySchema.safeParse({ ...ok, name: "n".repeat(121) }).success).toBe(false);
    expect(createSurveySchema.safeParse({ ...ok, brandName: "b".repeat(81) }).success).toBe(false);
    expect(createSurveySchema.safeParse({ ...ok, touchpoint: "t".repeat(81) }).success).toBe(false);
  });

  it("rejects blank names, unknown kinds and unsupported locales", () => {
    expect(createSurveySchema.safeParse({ name: "   ", brandName: "B" }).success).toBe(false);
    expect(createSurveySchema.safeParse({ name: "N", brandName: "" }).success).toBe(false);
    expect(createSurveySchema.safeParse({ name: "N", brandName: "B", kind: "PULSE" }).success).toBe(false);
    expect(createSurveySchema.safeParse({ name: "N", brandName: "B", defaultLocale: "fr" }).success).toBe(false);
  });

  it("surveyIdSchema accepts uuids only", () => {
    expect(surveyIdSchema.safeParse("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b").success).toBe(true);
    expect(surveyIdSchema.safeParse("not-a-uuid").success).toBe(false);
    expect(surveyIdSchema.safeParse("").success).toBe(false);
  });
});

describe("contactInputSchema", () => {
  it("trims and lower-cases the email", () => {
    expect(contactInputSchema.parse({ email: "  Wang.Fang@Example.COM " })).toEqual({ email: "wang.fang@example.com" });
  });

  it.each(["", "   ", "not-an-email", "a@", "@example.com", "a b@example.com", "a@b"])("rejects the email %j", (email) => {
    const parsed = contactInputSchema.safeParse({ email });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["email"]);
  });

  it("rejects an email longer than 254 characters", () => {
    const email = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.com`;
    expect(email.length).toBeGreaterThan(254);
    expect(contactInputSchema.safeParse({ email }).success).toBe(false);
  });

  it("trims the name (blank → undefined), checks the locale and the attributes", () => {
    expect(contactInputSchema.parse({ email: "a@example.com", name: "  李雷 ", locale: "en" })).toEqual({
      email: "a@example.com",
      name: "李雷",
      locale: "en",
    });
    expect(contactInputSchema.parse({ email: "a@example.com", name: "  " }).name).toBeUndefined();
    expect(contactInputSchema.safeParse({ email: "a@example.com", locale: "fr" }).success).toBe(false);
    expect(
      contactInputSchema.parse({ email: "a@example.com", attributes: { region: "华东", tenure: 3, vip: true } }).attributes,
    ).toEqual({ region: "华东", tenure: 3, vip: true });
    expect(contactInputSchema.safeParse({ email: "a@example.com", attributes: { nested: { a: 1 } } }).success).toBe(false);
    expect(contactInputSchema.safeParse({ email: "a@example.com", attributes: { region: "x".repeat(201) } }).success).toBe(false);
    expect(contactInputSchema.safeParse({ email: "a@example.com", attributes: { "": "x" } }).success).toBe(false);
  });
});

describe("escapeHtml", () => {
  it("escapes the five HTML-special characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;",
    );
  });

  it("escapes an already escaped entity again and leaves other text alone", () => {
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
    expect(escapeHtml("净推荐值 NPS +25 / −3.5")).toBe("净推荐值 NPS +25 / −3.5");
    expect(escapeHtml("")).toBe("");
  });
});

describe("hasRole", () => {
  it("orders the roles from most to least powerful", () => {
    expect([...ROLES]).toEqual(["OWNER", "ADMIN", "MANAGER", "VIEWER"]);
  });

  it.each([
    ["OWNER", ["OWNER", "ADMIN", "MANAGER", "VIEWER"]],
    ["ADMIN", ["ADMIN", "MANAGER", "VIEWER"]],
    ["MANAGER", ["MANAGER", "VIEWER"]],
    ["VIEWER", ["VIEWER"]],
  ] as const)("%s may act as exactly %j", (actual, allowed) => {
    const granted = ROLES.filter((required: RoleName) => hasRole(actual, required));
    expect(granted).toEqual(allowed);
  });
});

describe("formatNps", () => {
  it.each([
    [25, "en", "+25"],
    [-3.5, "en", "−3.5"],
    [0, "en", "0"],
    [null, "en", "—"],
    [12.34, "en", "+12.3"],
    [-12.36, "en", "−12.4"],
    [100, "en", "+100"],
    [-100, "zh-CN", "−100"],
    [0.04, "en", "0"],
    [-0.04, "en", "0"],
    [25, "zh-CN", "+25"],
    [null, "zh-CN", "—"],
  ] as const)("formatNps(%j, %s) = %s", (value, locale, expected) => {
    expect(formatNps(value, locale)).toBe(expected);
  });

  it("uses the real minus sign (U+2212), not a hyphen", () => {
    expect(formatNps(-7, "en").codePointAt(0)).toBe(0x2212);
  });
});

describe("AppError", () => {
  it("carries the status of its code", () => {
    const error = new AppError("already_answered", "done", { fields: [] });
    expect(error).toBeInstanceOf(Error);
    expect(isAppError(error)).toBe(true);
    expect(isAppError(new Error("x"))).toBe(false);
    expect(error.status).toBe(409);
    expect(error.name).toBe("AppError");
    expect(error.details).toEqual({ fields: [] });
    expect(ERROR_STATUS).toMatchObject({
      validation_failed: 422,
      not_found: 404,
      survey_closed: 410,
      payload_too_large: 413,
      unsupported_media_type: 415,
      bad_request: 400,
    });
    // Every code is a 4xx (the request's own fault) except `unavailable`: the database is down or saturated, the
    // request was fine and should be retried (503 + Retry-After).
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(code === "unavailable" ? 504 : 500);
    }
    expect(ERROR_STATUS.unavailable).toBe(503);
  });
});

describe("submitResponseSchema consent", () => {
  it("reads a checked box (on / true) as consent and anything absent or false as none", async () => {
    const { submitResponseSchema } = await import("@/schemas/response");
    expect(submitResponseSchema.parse({ score: "9", consent: "on" }).consent).toBe(true);
    expect(submitResponseSchema.parse({ score: 9, consent: true }).consent).toBe(true);
    expect(submitResponseSchema.parse({ score: 9, consent: "false" }).consent).toBe(false);
    expect(submitResponseSchema.parse({ score: 9 }).consent).toBeUndefined();
    expect(submitResponseSchema.safeParse({ score: 9, consent: "yes please" }).success).toBe(false);
  });
});
