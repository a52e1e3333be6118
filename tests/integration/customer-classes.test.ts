import { beforeAll, describe, expect, it } from "vitest";
import { classifyCustomer, DEFAULT_CLASS_RULES, type ClassRule, type CustomerFacts } from "@/lib/customer-classes";
import { classifyScore } from "@/lib/nps";
import { seededRandom } from "@/lib/random";
import type { ClassActor } from "@/server/customer-classes/class-actor";
import { classifiedContactsSql } from "@/server/customer-classes/classify-contacts-sql";
import { getClassOverview } from "@/server/customer-classes/get-class-overview";
import { getClassSettings } from "@/server/customer-classes/get-class-settings";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization } from "./support/fixtures";
import { insertResponses } from "./support/responses";

const DAY = 86_400_000;
const NOW = new Date("2026-11-20T08:00:00Z");
const TYPES = ["churned", "purchased", "revenue", "complaint", "vip_upgrade"] as const;

let organizationId: string;
let foreignId: string;
/** The facts each contact of the organisation has, as the engine takes them (at NOW). */
const facts = new Map<string, CustomerFacts>();
let erasedId: string;

type Row = { contactId: string; classKey: string | null };

async function sqlClasses(rules: readonly ClassRule[], now = NOW, orgId = organizationId): Promise<Map<string, string | null>> {
  const rows = await db.$queryRaw<Row[]>(classifiedContactsSql({ organizationId: orgId, rules, now }));
  return new Map(rows.map((r) => [r.contactId, r.classKey]));
}

function engineClasses(rules: readonly ClassRule[], now = NOW): Map<string, string | null> {
  return new Map([...facts].map(([id, f]) => [id, classifyCustomer(f, rules, now)]));
}

/** Random rules over every feature the engine has: categories, score ranges, present / absent, amounts, all / any. */
function randomRules(random: () => number, count: number): ClassRule[] {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const test = () => {
    const present = random() < 0.7;
    return {
      type: pick(TYPES),
      present,
      windowDays: pick([1, 30, 90, 180, 365]),
      ...(present && random() < 0.4 ? { minTotal: pick([0, 100, 500, 1500]) } : {}),
    };
  };
  return Array.from({ length: count }, (_, i) => {
    const rule: ClassRule = { classKey: `c${i % 4}` };
    if (random() < 0.4) rule.categories = (["PROMOTER", "PASSIVE", "DETRACTOR"] as const).filter(() => random() < 0.5);
    if (random() < 0.3) rule.scoreMin = Math.floor(random() * 8);
    if (random() < 0.3) rule.scoreMax = Math.min(10, (rule.scoreMin ?? 0) + Math.floor(random() * 6));
    if (random() < 0.6) rule.all = Array.from({ length: 1 + Math.floor(random() * 2) }, test);
    if (random() < 0.4) rule.any = Array.from({ length: Math.floor(random() * 3) }, test);
    return rule;
  });
}

beforeAll(async () => {
  organizationId = (await createOrganization("Classes Bank")).id;
  foreignId = (await createOrganization("Classes Foreign")).id;
  const surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  const random = seededRandom(15_2026);
  const contacts = await db.contact.createManyAndReturn({
    data: Array.from({ length: 400 }, (_, i) => ({ organizationId, email: `c${i}@classes.example`, name: `客户${i}` })),
    select: { id: true },
  });
  const responses: Parameters<typeof insertResponses>[0] = [];
  const events: { organizationId: string; contactId: string; type: string; occurredAt: Date; amount: number | null; externalId: string }[] = [];
  let ms = 0;
  for (const [index, { id }] of contacts.entries()) {
    // Answers: none, or up to three at distinct moments (some after NOW, some excluded, some without a score).
    let latest: { at: number; score: number } | null = null;
    const answers = random() < 0.15 ? 0 : 1 + Math.floor(random() * 3);
    for (let a = 0; a < answers; a += 1) {
      ms += 1;
      const at = NOW.getTime() - Math.floor(random() * 500) * DAY + (random() < 0.08 ? 40 * DAY : 0) + ms;
      const score = random() < 0.08 ? null : Math.floor(random() * 11);
      const excluded = random() < 0.07;
      responses.push({
        organizationId,
        surveyId,
        contactId: id,
        score,
        category: score === null ? null : classifyScore(score),
        locale: "zh-CN",
        channel: "EMAIL",
        completed: true,
        excluded,
        createdAt: new Date(at),
      });
      if (score !== null && !excluded && at <= NOW.getTime() && (latest === null || at > latest.at)) latest = { at, score };
    }
    const own: CustomerFacts["events"][number][] = [];
    const eventCount = Math.floor(random() * 5);
    for (let e = 0; e < eventCount; e += 1) {
      const type = TYPES[Math.floor(random() * TYPES.length)] ?? "churned";
      // Whole days (on the window's edge too), a few in the future.
      const occurredAt = new Date(NOW.getTime() - (Math.floor(random() * 420) - 10) * DAY - (random() < 0.5 ? 0 : 3_600_000));
      const amount = random() < 0.3 ? null : Math.floor(random() * 900);
      events.push({ organizationId, contactId: id, type, occurredAt, amount, externalId: `e-${index}-${e}` });
      own.push({ type, occurredAt, amount });
    }
    facts.set(id, { score: latest?.score ?? null, events: own });
  }
  await insertResponses(responses);
  await db.outcomeEvent.createMany({ data: events });
  // An erased contact has no class (its events are no longer linked to it); another organisation's contact is not listed.
  const erased = await db.contact.create({ data: { organizationId, erasedAt: NOW } });
  erasedId = erased.id;
  await insertResponses([{ organizationId, surveyId, contactId: erased.id, score: 2, category: "DETRACTOR", locale: "en", channel: "EMAIL", createdAt: new Date(NOW.getTime() - DAY) }]);
  const foreignContact = await db.contact.create({ data: { organizationId: foreignId, email: "x@foreign.example" } });
  await db.outcomeEvent.create({ data: { organizationId: foreignId, contactId: foreignContact.id, type: "churned", occurredAt: new Date(NOW.getTime() - DAY), externalId: "f-1" } });
}, 120_000);

describe("customer classes in SQL", () => {
  it("classify every contact as the pure engine does, with the default rules", async () => {
    const sql = await sqlClasses(DEFAULT_CLASS_RULES);
    const engine = engineClasses(DEFAULT_CLASS_RULES);
    expect(sql.has(erasedId)).toBe(false);
    expect(sql.size).toBe(engine.size);
    expect(Object.fromEntries(sql)).toEqual(Object.fromEntries(engine));
    // The data reaches every class, so the comparison means something.
    const used = new Set(sql.values());
    for (const key of ["loyal", "potential", "marginal", "lost", null]) expect(used.has(key)).toBe(true);
  });

  it("agree with the engine on randomised rule sets and moments", async () => {
    const random = seededRandom(7);
    for (let round = 0; round < 12; round += 1) {
      const rules = randomRules(random, 1 + Math.floor(random() * 6));
      const now = round % 3 === 0 ? new Date(NOW.getTime() - Math.floor(random() * 200) * DAY) : NOW;
      // Facts at an earlier moment: the latest answer up to it (recomputed from the stored rows).
      if (now !== NOW) {
        const rows = await db.response.findMany({
          where: { organizationId, excluded: false, score: { not: null }, createdAt: { lte: now }, contactId: { not: null } },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: { contactId: true, score: true },
        });
        const latest = new Map(rows.map((r) => [r.contactId, r.score]));
        const expected = new Map([...facts].map(([id, f]) => [id, classifyCustomer({ score: latest.get(id) ?? null, events: f.events }, rules, now)]));
        expect(Object.fromEntries(await sqlClasses(rules, now)), JSON.stringify(rules)).toEqual(Object.fromEntries(expected));
      } else {
        expect(Object.fromEntries(await sqlClasses(rules)), JSON.stringify(rules)).toEqual(Object.fromEntries(engineClasses(rules)));
      }
    }
  });

  it("lists nobody of another organisation and handles an organisation without rules", async () => {
    const foreign = await sqlClasses(DEFAULT_CLASS_RULES, NOW, foreignId);
    expect([...foreign.values()]).toEqual(["lost"]);
    const none = await sqlClasses([]);
    expect(new Set(none.values())).toEqual(new Set([null]));
  });
});

describe("class settings and overview", () => {
  it("seed the source material's classes and rules once, read back as the engine's defaults", async () => {
    const [first, second] = await Promise.all([getClassSettings(organizationId), getClassSettings(organizationId)]);
    expect(first.classes.map((c) => [c.key, c.nameZh, c.nameEn])).toEqual([
      ["loyal", "忠诚客户", "Loyal"],
      ["potential", "潜在客户", "Potential"],
      ["marginal", "边缘客户", "Marginal"],
      ["lost", "流失客户", "Lost"],
    ]);
    expect(first.rules.map((r) => r.rule)).toEqual(DEFAULT_CLASS_RULES);
    expect(second.rules).toHaveLength(DEFAULT_CLASS_RULES.length);
    expect(await db.customerClassRule.count({ where: { organizationId } })).toBe(DEFAULT_CLASS_RULES.length);
  });

  it("count contacts per class now and month by month, as the engine would at each month's end", async () => {
    const actor: ClassActor = { organizationId, userId: null, role: "MANAGER", scopeUnitIds: null };
    const overview = await getClassOverview({ actor, now: NOW });
    const engine = engineClasses(DEFAULT_CLASS_RULES);
    const expected: Record<string, number> = {};
    for (const key of engine.values()) if (key !== null) expected[key] = (expected[key] ?? 0) + 1;
    expect(overview.counts).toEqual(expected);
    expect(overview.unclassified).toBe([...engine.values()].filter((k) => k === null).length);
    expect(overview.total).toBe(facts.size);
    expect(overview.trend).toHaveLength(12);
    expect(overview.trend.at(-1)?.month).toBe("2026-11");
    expect(overview.trend[0]?.month).toBe("2025-12");
    // October's point: as of the last moment of October in Shanghai (UTC+8).
    const october = overview.trend.find((p) => p.month === "2026-10");
    expect(october?.asOf.toISOString()).toBe("2026-10-31T15:59:59.999Z");
    const atOctober = await sqlClasses(DEFAULT_CLASS_RULES, october!.asOf);
    expect(october?.counts.lost).toBe([...atOctober.values()].filter((k) => k === "lost").length);
  });
});
