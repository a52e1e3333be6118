import { describe, expect, it } from "vitest";
import { createSurveyLinkSchema, qrFormatSchema, surveyLinkFieldProblems, type CreateSurveyLinkInput } from "@/schemas/survey-link";
import { publicLinkUrl, qrContentDisposition } from "@/server/survey-links/link-url";

function problems(input: CreateSurveyLinkInput) {
  const parsed = createSurveyLinkSchema.safeParse(input);
  if (parsed.success) return {};
  return surveyLinkFieldProblems(parsed.error);
}

describe("createSurveyLinkSchema", () => {
  it("accepts a tagged QR link and trims its fields", () => {
    expect(createSurveyLinkSchema.parse({ name: "  浦东支行柜台 ", channel: "QR", attributeKey: " branch ", attributeValue: " 浦东支行 " })).toEqual({
      name: "浦东支行柜台",
      channel: "QR",
      attributeKey: "branch",
      attributeValue: "浦东支行",
    });
  });

  it("defaults to a LINK and treats empty tag fields as no tag", () => {
    expect(createSurveyLinkSchema.parse({ name: "Web", attributeKey: "", attributeValue: "   " })).toEqual({ name: "Web", channel: "LINK" });
  });

  it("needs a name of 1 to 80 characters", () => {
    expect(problems({ name: "   " })).toEqual({ name: "required" });
    expect(problems({ name: "x".repeat(81) })).toEqual({ name: "tooLong" });
    expect(createSurveyLinkSchema.safeParse({ name: "x".repeat(80) }).success).toBe(true);
  });

  it("allows only LINK and QR as channels", () => {
    expect(problems({ name: "x", channel: "EMAIL" as "LINK" })).toEqual({ channel: "invalid" });
  });

  it.each(["Branch", "1branch", "branch-name", "分行", "b".repeat(41), "_branch"])("rejects the tag name %j", (attributeKey) => {
    expect(problems({ name: "x", attributeKey, attributeValue: "v" })).toEqual({ attributeKey: "invalidKey" });
  });

  it.each(["b", "branch", "store_2", "a".repeat(40)])("accepts the tag name %j", (attributeKey) => {
    expect(createSurveyLinkSchema.safeParse({ name: "x", attributeKey, attributeValue: "v" }).success).toBe(true);
  });

  it("limits the tag value to 80 characters", () => {
    expect(problems({ name: "x", attributeKey: "branch", attributeValue: "支".repeat(81) })).toEqual({ attributeValue: "tooLong" });
    expect(createSurveyLinkSchema.safeParse({ name: "x", attributeKey: "branch", attributeValue: "支".repeat(80) }).success).toBe(true);
  });

  it("needs both tag fields or neither", () => {
    expect(problems({ name: "x", attributeKey: "branch" })).toEqual({ attributeValue: "missingPair" });
    expect(problems({ name: "x", attributeValue: "浦东支行" })).toEqual({ attributeKey: "missingPair" });
  });
});

describe("qrFormatSchema", () => {
  it("is svg or png, svg when missing", () => {
    expect(qrFormatSchema.parse(undefined)).toBe("svg");
    expect(qrFormatSchema.parse("png")).toBe("png");
    expect(qrFormatSchema.safeParse("gif").success).toBe(false);
    expect(qrFormatSchema.safeParse("PNG").success).toBe(false);
  });
});

describe("publicLinkUrl", () => {
  it("is <origin>/s/<token>, whatever trailing slashes the origin has", () => {
    expect(publicLinkUrl("https://nps.example.com", "abc_DEF-123")).toBe("https://nps.example.com/s/abc_DEF-123");
    expect(publicLinkUrl("http://localhost:3000/", "t")).toBe("http://localhost:3000/s/t");
  });
});

describe("qrContentDisposition", () => {
  function parse(header: string) {
    const match = /^attachment; filename="([^"]*)"; filename\*=UTF-8''([^\s;]+)$/.exec(header);
    expect(match).not.toBeNull();
    return { ascii: match?.[1] ?? "", unicode: decodeURIComponent(match?.[2] ?? "") };
  }

  it("keeps a Chinese name in filename* and falls back to ASCII in filename", () => {
    const { ascii, unicode } = parse(qrContentDisposition("浦东支行 柜台", "png"));
    expect(ascii).toBe("qr-link.png");
    expect(unicode).toBe("qr-浦东支行-柜台.png");
  });

  it("uses the ASCII letters of a mixed name", () => {
    const { ascii, unicode } = parse(qrContentDisposition("Pudong Branch 浦东", "svg"));
    expect(ascii).toBe("qr-pudong-branch.svg");
    expect(unicode).toBe("qr-Pudong-Branch-浦东.svg");
  });

  it("drops characters that could break the header or a path", () => {
    const header = qrContentDisposition('a"b\\c/d\r\ne;f%g..', "png");
    expect(header).not.toMatch(/[\r\n]/);
    const { ascii, unicode } = parse(header);
    expect(ascii).toBe("qr-a-b-c-d-e-f-g.png");
    expect(unicode).not.toMatch(/["\\/;%\r\n]/);
    expect(qrContentDisposition("../../etc/passwd", "svg")).not.toContain("/");
  });

  it("has a name even when nothing usable is left", () => {
    expect(parse(qrContentDisposition('""//', "svg"))).toEqual({ ascii: "qr-link.svg", unicode: "qr-link.svg" });
  });

  it("keeps file names short", () => {
    const { ascii, unicode } = parse(qrContentDisposition("x".repeat(200), "png"));
    expect(ascii.length).toBeLessThanOrEqual(70);
    expect(unicode.length).toBeLessThanOrEqual(70);
  });
});
