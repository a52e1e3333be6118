import { z } from "zod";

/**
 * Closed-loop case logic without I/O: which rule a response matches, what happens when none does, when a
 * case is due and whom an overdue case escalates to. src/server/cases/* feeds it rows from the database.
 */

export const CASE_PRIORITIES = ["LOW", "NORMAL", "HIGH", "URGENT"] as const;
export type CasePriorityName = (typeof CASE_PRIORITIES)[number];

export const CASE_STATUSES = ["OPEN", "CONTACTED", "RESOLVED", "CLOSED"] as const;
export type CaseStatusName = (typeof CASE_STATUSES)[number];

export type ResponseCategory = "PROMOTER" | "PASSIVE" | "DETRACTOR";

const stringList = z.array(z.string().trim().min(1).max(200)).max(200);

/** CaseRule.match. Every present condition must hold; absent conditions match anything. */
export const caseRuleMatchSchema = z
  .object({
    categories: z.array(z.enum(["PROMOTER", "PASSIVE", "DETRACTOR"])).max(3).optional(),
    minScore: z.number().int().min(0).max(10).optional(),
    maxScore: z.number().int().min(0).max(10).optional(),
    touchpoints: stringList.optional(),
    surveyIds: z.array(z.uuid()).max(200).optional(),
    /** {"region":["华东","华南"]}: the response's attribute must be one of the values. */
    attributes: z.record(z.string().trim().min(1).max(100), stringList).optional(),
    /** Codes of the unit that served the customer (OrgUnit.code). */
    unitCodes: stringList.optional(),
  })
  .strict();
export type CaseRuleMatch = z.infer<typeof caseRuleMatchSchema>;

/** What a rule is matched against. */
export type CaseCandidate = {
  score: number | null;
  category: ResponseCategory | null;
  touchpoint: string | null;
  surveyId: string;
  attributes: unknown;
  unitCode: string | null;
};

export type CaseRuleLike = {
  id: string;
  position: number;
  active: boolean;
  match: unknown;
  priority: CasePriorityName;
  ownerId: string | null;
  ownerUnitId: string | null;
};

/** A rule's match, or null when the stored JSON is not a valid match (such a rule never matches). */
export function parseRuleMatch(match: unknown): CaseRuleMatch | null {
  const parsed = caseRuleMatchSchema.safeParse(match ?? {});
  return parsed.success ? parsed.data : null;
}

function attributeValue(attributes: unknown, key: string): string | null {
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) return null;
  if (!Object.prototype.hasOwnProperty.call(attributes, key)) return null;
  const value = (attributes as Record<string, unknown>)[key];
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** Does the response satisfy every condition of the match? */
export function matchesRule(match: CaseRuleMatch, candidate: CaseCandidate): boolean {
  if (match.categories && (candidate.category === null || !match.categories.includes(candidate.category))) return false;
  if (match.minScore !== undefined && (candidate.score === null || candidate.score < match.minScore)) return false;
  if (match.maxScore !== undefined && (candidate.score === null || candidate.score > match.maxScore)) return false;
  if (match.touchpoints && (candidate.touchpoint === null || !match.touchpoints.includes(candidate.touchpoint))) return false;
  if (match.surveyIds && !match.surveyIds.includes(candidate.surveyId)) return false;
  if (match.unitCodes && (candidate.unitCode === null || !match.unitCodes.includes(candidate.unitCode))) return false;
  if (match.attributes) {
    for (const [key, values] of Object.entries(match.attributes)) {
      const value = attributeValue(candidate.attributes, key);
      if (value === null || !values.includes(value)) return false;
    }
  }
  return true;
}

/** The first active rule, by position (then id, for a stable order), whose match the response satisfies. */
export function firstMatchingRule<R extends CaseRuleLike>(rules: readonly R[], candidate: CaseCandidate): R | null {
  const ordered = [...rules].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  for (const rule of ordered) {
    if (!rule.active) continue;
    const match = parseRuleMatch(rule.match);
    if (match && matchesRule(match, candidate)) return rule;
  }
  return null;
}

export type CaseDecision =
  | { open: false }
  | { open: true; ruleId: string | null; priority: CasePriorityName; ownerId: string | null; ownerUnitId: string | null };

/**
 * Whether a response opens a case and how: the first matching rule decides; without one a DETRACTOR opens a
 * NORMAL case for the fallback owner (ownerId null here: the caller resolves it), anything else none.
 */
export function decideCase(rules: readonly CaseRuleLike[], candidate: CaseCandidate): CaseDecision {
  const rule = firstMatchingRule(rules, candidate);
  if (rule) return { open: true, ruleId: rule.id, priority: rule.priority, ownerId: rule.ownerId, ownerUnitId: rule.ownerUnitId };
  if (candidate.category === "DETRACTOR") return { open: true, ruleId: null, priority: "NORMAL", ownerId: null, ownerUnitId: null };
  return { open: false };
}

export const DEFAULT_SLA_HOURS: Record<CasePriorityName, number> = { URGENT: 4, HIGH: 24, NORMAL: 72, LOW: 168 };

const hoursSchema = z.number().positive().max(24 * 365);

/** Organization.caseSlaHours with the defaults for anything missing or malformed. */
export function slaHours(stored: unknown): Record<CasePriorityName, number> {
  const out = { ...DEFAULT_SLA_HOURS };
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return out;
  for (const priority of CASE_PRIORITIES) {
    const hours = hoursSchema.safeParse((stored as Record<string, unknown>)[priority]);
    if (hours.success) out[priority] = hours.data;
  }
  return out;
}

/** When a case opened at `createdAt` with `priority` is due. */
export function dueDate(createdAt: Date, priority: CasePriorityName, stored: unknown): Date {
  return new Date(createdAt.getTime() + slaHours(stored)[priority] * 3_600_000);
}

/**
 * Who owns a new case: the rule's user, the nearest manager of the rule's unit, the nearest manager of the
 * response's unit (the unit's own, else the first one above it), the fallback owner, the first OWNER.
 */
export function resolveOwner(options: {
  ruleOwnerId: string | null;
  ruleUnitManagerId: string | null;
  responseUnitManagerId: string | null;
  fallbackOwnerId: string | null;
  firstOrgOwnerId: string | null;
}): string | null {
  return (
    options.ruleOwnerId ?? options.ruleUnitManagerId ?? options.responseUnitManagerId ?? options.fallbackOwnerId ?? options.firstOrgOwnerId
  );
}

/**
 * Whom an overdue case escalates to: the manager of the case's unit; if the owner is that manager, the next
 * manager up the tree (`managerChain` = managers from the case's unit upward, nulls for units without one);
 * else the organisation's fallback owner, else an OWNER — always someone other than the owner when possible.
 */
export function escalationTarget(options: {
  ownerId: string | null;
  managerChain: readonly (string | null)[];
  fallbackOwnerId: string | null;
  orgOwnerIds: readonly string[];
}): string | null {
  const others = (id: string | null): id is string => id !== null && id !== options.ownerId;
  for (const manager of options.managerChain) if (others(manager)) return manager;
  if (others(options.fallbackOwnerId)) return options.fallbackOwnerId;
  const owner = options.orgOwnerIds.find(others);
  if (owner) return owner;
  return options.orgOwnerIds[0] ?? options.fallbackOwnerId ?? null;
}

/** Allowed status moves: forward one or more steps (open → contacted → resolved → closed), and reopening. */
export function canMoveStatus(from: CaseStatusName, to: CaseStatusName): boolean {
  if (from === to) return false;
  if (to === "OPEN") return from === "RESOLVED" || from === "CLOSED";
  return CASE_STATUSES.indexOf(to) > CASE_STATUSES.indexOf(from);
}

/** Is the case past due at `now` and not done yet? */
export function isOverdue(c: { status: CaseStatusName; dueAt: Date }, now: Date): boolean {
  return (c.status === "OPEN" || c.status === "CONTACTED") && c.dueAt.getTime() < now.getTime();
}

/** Replaces {name} and {brand} in a reply template; other braces stay as they are. */
export function fillReplyTemplate(template: string, values: { name: string; brand: string }): string {
  return template.replace(/\{(name|brand)\}/g, (_whole, key: "name" | "brand") => values[key]);
}

/** The root-cause list every organisation starts with (label per locale). */
export const DEFAULT_ROOT_CAUSES = [
  { key: "long_wait", label: { "zh-CN": "等待时间过长", en: "Long wait" } },
  { key: "staff_attitude", label: { "zh-CN": "员工态度", en: "Staff attitude" } },
  { key: "complicated_process", label: { "zh-CN": "流程繁琐", en: "Complicated process" } },
  { key: "system_failure", label: { "zh-CN": "系统故障", en: "System failure" } },
  { key: "fees", label: { "zh-CN": "费用", en: "Fees" } },
  { key: "other", label: { "zh-CN": "其他", en: "Other" } },
] as const;

/** The two reply templates every organisation starts with; {name} and {brand} are filled when sending. */
export const DEFAULT_REPLY_TEMPLATES = [
  {
    name: "感谢反馈并告知改进",
    locale: "zh-CN",
    subject: "关于您对{brand}的反馈",
    body: "尊敬的{name}：\n\n感谢您抽出时间告诉我们您的体验。我们认真阅读了您的意见，并已针对您提到的问题采取了改进措施。\n\n如您还有任何想法，直接回复此邮件即可，我们会亲自跟进。\n\n{brand} 客户体验团队",
  },
  {
    name: "Thank you — what we changed",
    locale: "en",
    subject: "About your feedback to {brand}",
    body: "Dear {name},\n\nThank you for taking the time to tell us about your experience. We have read your comments carefully and have acted on the issue you raised.\n\nIf there is anything else, simply reply to this email and we will follow up personally.\n\nThe {brand} customer experience team",
  },
] as const;
