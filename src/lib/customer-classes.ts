/**
 * Customer classes from attitude and behaviour (issue 15; the source material's 忠诚 / 潜在 / 边缘 / 流失): an
 * organisation's ordered rules on the customer's latest NPS answer (category, score range) and their behaviour in
 * a window before `now` (an outcome present or absent, a minimum total amount). The first matching rule wins; a
 * customer no rule matches has no class.
 *
 * Pure: the facts come from the database (src/server/outcomes), the rules from the organisation's settings.
 */
import { classifyScore, type NpsCategory } from "./nps";

export type OutcomeTest = {
  /** churned, purchased, revenue, complaint or an organisation-defined type. */
  type: string;
  /** true: at least one such event in the window (and, with minTotal, their amounts add up to it); false: none. */
  present: boolean;
  windowDays: number;
  /** With present: the events' amounts in the window must add up to at least this. */
  minTotal?: number;
};

export type ClassRule = {
  /** The class this rule assigns (several rules may assign the same class). */
  classKey: string;
  /** The latest answer's category must be one of these (omit: any, including customers who never answered). */
  categories?: NpsCategory[];
  /** The latest answer's score must be within (inclusive). */
  scoreMin?: number;
  scoreMax?: number;
  /** Every one of these must hold. */
  all?: OutcomeTest[];
  /** At least one of these must hold (omit or empty: no such condition). */
  any?: OutcomeTest[];
};

export type ClassDefinition = { key: string; label: { "zh-CN": string; en: string } };

export type CustomerFacts = {
  /** The customer's latest answer's score, null when they never answered. */
  score: number | null;
  events: readonly { type: string; occurredAt: Date; amount: number | null }[];
};

const DAY = 86_400_000;

/** The classes of the source material, in both languages. */
export const DEFAULT_CLASSES: readonly ClassDefinition[] = [
  { key: "loyal", label: { "zh-CN": "忠诚客户", en: "Loyal" } },
  { key: "potential", label: { "zh-CN": "潜在客户", en: "Potential" } },
  { key: "marginal", label: { "zh-CN": "边缘客户", en: "Marginal" } },
  { key: "lost", label: { "zh-CN": "流失客户", en: "Lost" } },
];

/**
 * The rules, in order: lost = churned (in the last year); loyal = promoter with a purchase or steady revenue
 * (≥ 1,000 in the window) in the last 180 days and no churn; marginal = detractor not churned, or passive with a
 * complaint; potential = passive or promoter (without recent purchase: those were loyal).
 */
export const DEFAULT_CLASS_RULES: readonly ClassRule[] = [
  { classKey: "lost", all: [{ type: "churned", present: true, windowDays: 365 }] },
  {
    classKey: "loyal",
    categories: ["PROMOTER"],
    all: [{ type: "churned", present: false, windowDays: 365 }],
    any: [
      { type: "purchased", present: true, windowDays: 180 },
      { type: "revenue", present: true, windowDays: 180, minTotal: 1000 },
    ],
  },
  { classKey: "marginal", categories: ["DETRACTOR"] },
  { classKey: "marginal", categories: ["PASSIVE"], all: [{ type: "complaint", present: true, windowDays: 180 }] },
  { classKey: "potential", categories: ["PASSIVE", "PROMOTER"] },
];

function holds(test: OutcomeTest, facts: CustomerFacts, now: Date): boolean {
  const from = now.getTime() - test.windowDays * DAY;
  const inWindow = facts.events.filter((e) => e.type === test.type && e.occurredAt.getTime() > from && e.occurredAt.getTime() <= now.getTime());
  if (!test.present) return inWindow.length === 0;
  if (inWindow.length === 0) return false;
  if (test.minTotal === undefined) return true;
  return inWindow.reduce((s, e) => s + (e.amount ?? 0), 0) >= test.minTotal;
}

export function ruleMatches(rule: ClassRule, facts: CustomerFacts, now: Date): boolean {
  if (rule.categories !== undefined) {
    if (facts.score === null || !rule.categories.includes(classifyScore(facts.score))) return false;
  }
  if (rule.scoreMin !== undefined || rule.scoreMax !== undefined) {
    if (facts.score === null) return false;
    if (rule.scoreMin !== undefined && facts.score < rule.scoreMin) return false;
    if (rule.scoreMax !== undefined && facts.score > rule.scoreMax) return false;
  }
  if (rule.all && !rule.all.every((test) => holds(test, facts, now))) return false;
  if (rule.any && rule.any.length > 0 && !rule.any.some((test) => holds(test, facts, now))) return false;
  return true;
}

/** The class of the first rule the customer matches, or null. */
export function classifyCustomer(facts: CustomerFacts, rules: readonly ClassRule[] = DEFAULT_CLASS_RULES, now: Date = new Date()): string | null {
  return rules.find((rule) => ruleMatches(rule, facts, now))?.classKey ?? null;
}
