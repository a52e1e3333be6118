import { describe, expect, it } from "vitest";
import {
  canMoveStatus,
  decideCase,
  dueDate,
  escalationTarget,
  fillReplyTemplate,
  firstMatchingRule,
  isOverdue,
  matchesRule,
  parseRuleMatch,
  resolveOwner,
  slaHours,
  type CaseCandidate,
  type CaseRuleLike,
} from "@/lib/case-rules";

const SURVEY = "0195f0a0-0000-7000-8000-000000000001";
const OTHER_SURVEY = "0195f0a0-0000-7000-8000-000000000002";

function candidate(overrides: Partial<CaseCandidate> = {}): CaseCandidate {
  return {
    score: 3,
    category: "DETRACTOR",
    touchpoint: "开户",
    surveyId: SURVEY,
    attributes: { region: "华东", tier: "gold", vip: true },
    unitCode: "SH-LJZ",
    ...overrides,
  };
}

function rule(overrides: Partial<CaseRuleLike> & { id: string }): CaseRuleLike {
  return { position: 0, active: true, match: {}, priority: "NORMAL", ownerId: null, ownerUnitId: null, ...overrides };
}

describe("matchesRule", () => {
  it("matches an empty rule to anything", () => {
    expect(matchesRule({}, candidate())).toBe(true);
    expect(matchesRule({}, candidate({ score: null, category: null, touchpoint: null, unitCode: null }))).toBe(true);
  });

  it("checks categories and the score range", () => {
    expect(matchesRule({ categories: ["DETRACTOR"] }, candidate())).toBe(true);
    expect(matchesRule({ categories: ["PASSIVE", "PROMOTER"] }, candidate())).toBe(false);
    expect(matchesRule({ maxScore: 3 }, candidate())).toBe(true);
    expect(matchesRule({ maxScore: 2 }, candidate())).toBe(false);
    expect(matchesRule({ minScore: 3, maxScore: 6 }, candidate())).toBe(true);
    expect(matchesRule({ minScore: 4 }, candidate())).toBe(false);
    expect(matchesRule({ maxScore: 6 }, candidate({ score: null, category: null }))).toBe(false);
  });

  it("checks touchpoints, surveys, unit codes and attributes", () => {
    expect(matchesRule({ touchpoints: ["开户", "理赔"] }, candidate())).toBe(true);
    expect(matchesRule({ touchpoints: ["理赔"] }, candidate())).toBe(false);
    expect(matchesRule({ touchpoints: ["开户"] }, candidate({ touchpoint: null }))).toBe(false);
    expect(matchesRule({ surveyIds: [SURVEY] }, candidate())).toBe(true);
    expect(matchesRule({ surveyIds: [OTHER_SURVEY] }, candidate())).toBe(false);
    expect(matchesRule({ unitCodes: ["SH-LJZ"] }, candidate())).toBe(true);
    expect(matchesRule({ unitCodes: ["BJ-01"] }, candidate())).toBe(false);
    expect(matchesRule({ unitCodes: ["SH-LJZ"] }, candidate({ unitCode: null }))).toBe(false);
    expect(matchesRule({ attributes: { region: ["华东", "华南"] } }, candidate())).toBe(true);
    expect(matchesRule({ attributes: { region: ["华北"] } }, candidate())).toBe(false);
    expect(matchesRule({ attributes: { region: ["华东"], tier: ["silver"] } }, candidate())).toBe(false);
    expect(matchesRule({ attributes: { vip: ["true"] } }, candidate())).toBe(true);
    expect(matchesRule({ attributes: { missing: ["x"] } }, candidate())).toBe(false);
    expect(matchesRule({ attributes: { region: ["华东"] } }, candidate({ attributes: null }))).toBe(false);
  });
});

describe("parseRuleMatch", () => {
  it("accepts the documented shape and rejects anything else", () => {
    expect(parseRuleMatch({ categories: ["DETRACTOR"], maxScore: 6, touchpoints: ["开户"], attributes: { region: ["华东"] } })).toEqual({
      categories: ["DETRACTOR"],
      maxScore: 6,
      touchpoints: ["开户"],
      attributes: { region: ["华东"] },
    });
    expect(parseRuleMatch(null)).toEqual({});
    expect(parseRuleMatch({ maxScore: 11 })).toBeNull();
    expect(parseRuleMatch({ categories: ["ANGRY"] })).toBeNull();
    expect(parseRuleMatch({ unknownKey: 1 })).toBeNull();
    expect(parseRuleMatch("DETRACTOR")).toBeNull();
  });
});

describe("firstMatchingRule / decideCase", () => {
  const rules = [
    rule({ id: "c", position: 3, match: {}, priority: "LOW", ownerId: "u-catch-all" }),
    rule({ id: "a", position: 1, match: { categories: ["DETRACTOR"], maxScore: 2 }, priority: "URGENT", ownerId: "u-urgent" }),
    rule({ id: "b", position: 2, match: { touchpoints: ["开户"] }, priority: "HIGH", ownerUnitId: "unit-1" }),
    rule({ id: "z", position: 0, active: false, match: {}, priority: "URGENT", ownerId: "u-inactive" }),
    rule({ id: "bad", position: 0, match: { maxScore: "six" } }),
  ];

  it("takes the first active matching rule by position, skipping inactive and malformed rules", () => {
    expect(firstMatchingRule(rules, candidate({ score: 1 }))?.id).toBe("a");
    expect(firstMatchingRule(rules, candidate({ score: 5 }))?.id).toBe("b");
    expect(firstMatchingRule(rules, candidate({ score: 5, touchpoint: null }))?.id).toBe("c");
    expect(firstMatchingRule([], candidate())).toBeNull();
  });

  it("opens a NORMAL case for a detractor when no rule matches, and nothing for others", () => {
    expect(decideCase([], candidate())).toEqual({ open: true, ruleId: null, priority: "NORMAL", ownerId: null, ownerUnitId: null });
    expect(decideCase([], candidate({ score: 8, category: "PASSIVE" }))).toEqual({ open: false });
    expect(decideCase([], candidate({ score: 10, category: "PROMOTER" }))).toEqual({ open: false });
    expect(decideCase([], candidate({ score: null, category: null }))).toEqual({ open: false });
  });

  it("opens a case for a passive or promoter only through a rule", () => {
    const passiveRule = rule({ id: "p", match: { categories: ["PASSIVE"] }, priority: "LOW", ownerId: "u-p" });
    expect(decideCase([passiveRule], candidate({ score: 7, category: "PASSIVE" }))).toEqual({
      open: true,
      ruleId: "p",
      priority: "LOW",
      ownerId: "u-p",
      ownerUnitId: null,
    });
    expect(decideCase([passiveRule], candidate({ score: 9, category: "PROMOTER" }))).toEqual({ open: false });
    const rulePicked = decideCase(rules, candidate({ score: 2 }));
    expect(rulePicked).toMatchObject({ open: true, ruleId: "a", priority: "URGENT", ownerId: "u-urgent" });
  });
});

describe("SLA", () => {
  const created = new Date("2026-03-01T08:00:00.000Z");

  it("reads the organisation's hours with defaults for missing or malformed entries", () => {
    expect(slaHours({ URGENT: 2, HIGH: "x", NORMAL: -5 })).toEqual({ URGENT: 2, HIGH: 24, NORMAL: 72, LOW: 168 });
    expect(slaHours(null)).toEqual({ URGENT: 4, HIGH: 24, NORMAL: 72, LOW: 168 });
    expect(slaHours([1, 2])).toEqual({ URGENT: 4, HIGH: 24, NORMAL: 72, LOW: 168 });
  });

  it("computes the due date from the creation time and the priority", () => {
    expect(dueDate(created, "NORMAL", {}).toISOString()).toBe("2026-03-04T08:00:00.000Z");
    expect(dueDate(created, "URGENT", { URGENT: 1.5 }).toISOString()).toBe("2026-03-01T09:30:00.000Z");
    expect(dueDate(created, "LOW", { LOW: 24 }).toISOString()).toBe("2026-03-02T08:00:00.000Z");
  });

  it("is overdue only while open or contacted and past due", () => {
    const dueAt = new Date("2026-03-02T00:00:00.000Z");
    const after = new Date("2026-03-02T00:00:00.001Z");
    expect(isOverdue({ status: "OPEN", dueAt }, after)).toBe(true);
    expect(isOverdue({ status: "CONTACTED", dueAt }, after)).toBe(true);
    expect(isOverdue({ status: "OPEN", dueAt }, dueAt)).toBe(false);
    expect(isOverdue({ status: "RESOLVED", dueAt }, after)).toBe(false);
    expect(isOverdue({ status: "CLOSED", dueAt }, after)).toBe(false);
  });
});

describe("owners and escalation", () => {
  it("resolves the owner in order: rule user, rule unit manager, response unit manager, fallback, first OWNER", () => {
    const all = { ruleOwnerId: "r", ruleUnitManagerId: "ru", responseUnitManagerId: "u", fallbackOwnerId: "f", firstOrgOwnerId: "o" };
    expect(resolveOwner(all)).toBe("r");
    expect(resolveOwner({ ...all, ruleOwnerId: null })).toBe("ru");
    expect(resolveOwner({ ...all, ruleOwnerId: null, ruleUnitManagerId: null })).toBe("u");
    expect(resolveOwner({ ...all, ruleOwnerId: null, ruleUnitManagerId: null, responseUnitManagerId: null })).toBe("f");
    expect(resolveOwner({ ruleOwnerId: null, ruleUnitManagerId: null, responseUnitManagerId: null, fallbackOwnerId: null, firstOrgOwnerId: "o" })).toBe("o");
    expect(resolveOwner({ ruleOwnerId: null, ruleUnitManagerId: null, responseUnitManagerId: null, fallbackOwnerId: null, firstOrgOwnerId: null })).toBeNull();
  });

  it("escalates to the unit's manager, or up the tree when the owner is that manager, else fallback, else an OWNER", () => {
    expect(escalationTarget({ ownerId: "emp", managerChain: ["branch-mgr", "region-mgr"], fallbackOwnerId: "f", orgOwnerIds: ["o"] })).toBe("branch-mgr");
    expect(escalationTarget({ ownerId: "branch-mgr", managerChain: ["branch-mgr", "region-mgr"], fallbackOwnerId: "f", orgOwnerIds: ["o"] })).toBe(
      "region-mgr",
    );
    expect(escalationTarget({ ownerId: "branch-mgr", managerChain: ["branch-mgr", null], fallbackOwnerId: "f", orgOwnerIds: ["o"] })).toBe("f");
    expect(escalationTarget({ ownerId: "f", managerChain: [], fallbackOwnerId: "f", orgOwnerIds: ["f", "o2"] })).toBe("o2");
    expect(escalationTarget({ ownerId: null, managerChain: [], fallbackOwnerId: null, orgOwnerIds: ["o"] })).toBe("o");
    expect(escalationTarget({ ownerId: "o", managerChain: [], fallbackOwnerId: null, orgOwnerIds: ["o"] })).toBe("o");
    expect(escalationTarget({ ownerId: null, managerChain: [], fallbackOwnerId: null, orgOwnerIds: [] })).toBeNull();
  });
});

describe("status moves", () => {
  it("moves forward, reopens resolved or closed cases, never stays or goes back otherwise", () => {
    expect(canMoveStatus("OPEN", "CONTACTED")).toBe(true);
    expect(canMoveStatus("OPEN", "RESOLVED")).toBe(true);
    expect(canMoveStatus("CONTACTED", "RESOLVED")).toBe(true);
    expect(canMoveStatus("RESOLVED", "CLOSED")).toBe(true);
    expect(canMoveStatus("RESOLVED", "OPEN")).toBe(true);
    expect(canMoveStatus("CLOSED", "OPEN")).toBe(true);
    expect(canMoveStatus("OPEN", "OPEN")).toBe(false);
    expect(canMoveStatus("RESOLVED", "CONTACTED")).toBe(false);
    expect(canMoveStatus("CONTACTED", "OPEN")).toBe(false);
    expect(canMoveStatus("CLOSED", "RESOLVED")).toBe(false);
  });
});

describe("fillReplyTemplate", () => {
  it("fills {name} and {brand} and leaves other braces alone", () => {
    expect(fillReplyTemplate("Dear {name}, {brand} thanks you. {other}", { name: "Li <Lei>", brand: "Demo Bank" })).toBe(
      "Dear Li <Lei>, Demo Bank thanks you. {other}",
    );
    expect(fillReplyTemplate("{name}{name}", { name: "$&", brand: "" })).toBe("$&$&");
  });
});
