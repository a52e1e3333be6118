import { describe, expect, it } from "vitest";
import { caseRuleMatchSchema, fillReplyTemplate } from "@/lib/case-rules";
import {
  CASE_SLA_HOURS_MAX,
  caseRuleFormSchema,
  caseRuleInputSchema,
  caseSlaSettingsSchema,
  formatAttributeLines,
  hasCondition,
  mergeRuleMatch,
  parseAttributeLines,
  REPLY_TEMPLATE_PLACEHOLDERS,
  replyTemplateInputSchema,
  rootCauseInputSchema,
  rootCauseRenameSchema,
  ruleMatchProblem,
  splitList,
  unknownPlaceholders,
} from "@/schemas/case-settings";

const USER = "0195f0a0-0000-7000-8000-0000000000a1";
const UNIT = "0195f0a0-0000-7000-8000-0000000000b1";

const form = (overrides: Record<string, unknown> = {}) => ({
  id: "",
  name: "VIP detractors",
  categories: ["DETRACTOR"],
  maxScore: "",
  touchpoints: "",
  attributes: "",
  ownerKind: "user",
  ownerId: USER,
  ownerUnitId: "",
  priority: "HIGH",
  active: "on",
  ...overrides,
});

describe("SLA settings", () => {
  const sla = (hours: Record<string, unknown>, fallbackOwnerId: unknown = "") => caseSlaSettingsSchema.safeParse({ slaHours: { URGENT: 4, HIGH: 24, NORMAL: 72, LOW: 168, ...hours }, fallbackOwnerId });

  it("takes whole hours from 1 to a year, also as form strings, and an empty fallback owner as none", () => {
    const parsed = sla({ NORMAL: "48" });
    expect(parsed.success && parsed.data).toEqual({ slaHours: { URGENT: 4, HIGH: 24, NORMAL: 48, LOW: 168 }, fallbackOwnerId: null });
    expect(sla({ LOW: String(CASE_SLA_HOURS_MAX) }).success).toBe(true);
    expect(sla({}, USER).success && sla({}, USER).data?.fallbackOwnerId).toBe(USER);
  });

  it.each([0, -1, "", "abc", 1.5, "2.5", CASE_SLA_HOURS_MAX + 1])("refuses %s hours", (value) => {
    const parsed = sla({ NORMAL: value });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["slaHours", "NORMAL"]);
  });

  it("refuses a fallback owner that is not an id", () => {
    expect(sla({}, "someone").success).toBe(false);
  });
});

describe("list and attribute text", () => {
  it("splits touchpoints on latin and Chinese separators, trims and de-duplicates", () => {
    expect(splitList(" 开户, 理赔、挂失，开户;\nsupport call ")).toEqual(["开户", "理赔", "挂失", "support call"]);
    expect(splitList(" , ,")).toEqual([]);
  });

  it("reads one attribute per line with = or : and merges repeated keys", () => {
    expect(parseAttributeLines("region = 华东, 华南\n\ntier: vip\nregion：华北")).toEqual({ ok: true, value: { region: ["华东", "华南", "华北"], tier: ["vip"] } });
    expect(parseAttributeLines("")).toEqual({ ok: true, value: {} });
  });

  it("names the first line without a key or values", () => {
    expect(parseAttributeLines("tier = vip\nregion")).toEqual({ ok: false, line: 2 });
    expect(parseAttributeLines("= vip")).toEqual({ ok: false, line: 1 });
    expect(parseAttributeLines("tier = , ")).toEqual({ ok: false, line: 1 });
  });

  it("formats attributes so that they read back the same", () => {
    const attributes = { region: ["华东", "华南"], tier: ["vip"] };
    expect(parseAttributeLines(formatAttributeLines(attributes))).toEqual({ ok: true, value: attributes });
    expect(formatAttributeLines(undefined)).toBe("");
  });
});

describe("rule form", () => {
  it("turns the posted form into a rule whose match is a valid CaseRule.match", () => {
    const parsed = caseRuleFormSchema.safeParse(form({ maxScore: "3", touchpoints: "开户、理赔", attributes: "tier = vip", categories: ["DETRACTOR", "PASSIVE"] }));
    expect(parsed.success).toBe(true);
    const rule = parsed.data;
    expect(rule).toEqual({
      id: undefined,
      name: "VIP detractors",
      match: { categories: ["DETRACTOR", "PASSIVE"], maxScore: 3, touchpoints: ["开户", "理赔"], attributes: { tier: ["vip"] } },
      ownerId: USER,
      ownerUnitId: null,
      priority: "HIGH",
      active: true,
    });
    expect(caseRuleMatchSchema.safeParse(rule?.match).success).toBe(true);
    expect(caseRuleInputSchema.safeParse(rule).success).toBe(true);
  });

  it("owner: a unit's manager, or automatic (neither); an unchecked box is inactive", () => {
    const unit = caseRuleFormSchema.parse(form({ ownerKind: "unit", ownerId: USER, ownerUnitId: UNIT, active: "" }));
    expect([unit.ownerId, unit.ownerUnitId, unit.active]).toEqual([null, UNIT, false]);
    const auto = caseRuleFormSchema.parse(form({ ownerKind: "auto", ownerId: USER, ownerUnitId: UNIT }));
    expect([auto.ownerId, auto.ownerUnitId]).toEqual([null, null]);
  });

  it.each([
    [{ name: " " }, "name"],
    [{ maxScore: "11" }, "maxScore"],
    [{ maxScore: "x" }, "maxScore"],
    [{ attributes: "tier" }, "attributes"],
    [{ ownerKind: "user", ownerId: "" }, "ownerId"],
    [{ ownerKind: "unit", ownerUnitId: "nope" }, "ownerUnitId"],
    [{ priority: "CRITICAL" }, "priority"],
    [{ categories: ["ANGRY"] }, "categories"],
  ])("refuses %j naming the field %s", (overrides, field) => {
    const parsed = caseRuleFormSchema.safeParse(form(overrides));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path[0]).toBe(field);
  });

  it("a rule names a member or a unit, not both", () => {
    const both = caseRuleInputSchema.safeParse({ name: "x", match: { categories: ["DETRACTOR"] }, ownerId: USER, ownerUnitId: UNIT, priority: "LOW", active: true });
    expect(both.success).toBe(false);
  });
});

describe("rule match after an edit", () => {
  it("replaces the conditions the form edits and keeps the others", () => {
    const stored = { categories: ["PASSIVE" as const], unitCodes: ["SH-B"], minScore: 1, touchpoints: ["开户"] };
    expect(mergeRuleMatch(stored, { categories: ["DETRACTOR"], maxScore: 6 })).toEqual({ categories: ["DETRACTOR"], maxScore: 6, unitCodes: ["SH-B"], minScore: 1 });
    expect(mergeRuleMatch(null, { touchpoints: [], attributes: {} })).toEqual({});
  });

  it("a match needs a condition, and a max score not below the min score", () => {
    expect(hasCondition({})).toBe(false);
    expect(hasCondition({ touchpoints: [] })).toBe(false);
    expect(hasCondition({ maxScore: 0 })).toBe(true);
    expect(ruleMatchProblem({})).toBe("match");
    expect(ruleMatchProblem({ minScore: 5, maxScore: 3 })).toBe("match.maxScore");
    expect(ruleMatchProblem({ unitCodes: ["SH-B"] })).toBeNull();
  });
});

describe("root causes", () => {
  it("keys are lower-case snake case; names in both languages are required", () => {
    expect(rootCauseInputSchema.safeParse({ key: "queue_time", labelZh: "排队时间", labelEn: "Queue time" }).success).toBe(true);
    expect(rootCauseInputSchema.safeParse({ key: "Queue Time", labelZh: "排队时间", labelEn: "Queue time" }).success).toBe(false);
    expect(rootCauseInputSchema.safeParse({ key: "queue_time", labelZh: "", labelEn: "Queue time" }).success).toBe(false);
    expect(rootCauseRenameSchema.safeParse({ id: USER, labelZh: "排队", labelEn: "Queue" }).success).toBe(true);
    expect(rootCauseRenameSchema.safeParse({ id: "x", labelZh: "排队", labelEn: "Queue" }).success).toBe(false);
  });
});

describe("reply templates", () => {
  it("the placeholders it accepts are exactly the ones the reply sender fills", () => {
    const text = REPLY_TEMPLATE_PLACEHOLDERS.map((name) => `{${name}}`).join(" ");
    const filled = fillReplyTemplate(text, { name: "N", brand: "B" });
    expect(filled).not.toMatch(/\{\w+\}/);
    expect(fillReplyTemplate("{other}", { name: "N", brand: "B" })).toBe("{other}");
  });

  it("finds unknown placeholders once each", () => {
    expect(unknownPlaceholders("Dear {name}, {company} thanks you. {company} {brand}")).toEqual(["company"]);
    expect(unknownPlaceholders("尊敬的{name}：感谢您对{brand}的反馈")).toEqual([]);
  });

  it("refuses an unknown placeholder in subject or body, an unknown locale and empty texts", () => {
    const ok = { locale: "en", name: "Thanks", subject: "About {brand}", body: "Dear {name}" };
    expect(replyTemplateInputSchema.safeParse(ok).success).toBe(true);
    expect(replyTemplateInputSchema.safeParse({ ...ok, id: "" }).data?.id).toBeUndefined();
    expect(replyTemplateInputSchema.safeParse({ ...ok, body: "Dear {customer}" }).error?.issues[0]?.path).toEqual(["body"]);
    expect(replyTemplateInputSchema.safeParse({ ...ok, subject: "{firstName}" }).error?.issues[0]?.path).toEqual(["subject"]);
    expect(replyTemplateInputSchema.safeParse({ ...ok, locale: "fr" }).success).toBe(false);
    expect(replyTemplateInputSchema.safeParse({ ...ok, body: "  " }).success).toBe(false);
  });
});
