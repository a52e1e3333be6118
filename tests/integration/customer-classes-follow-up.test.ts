/**
 * Customer classes (issue 15), the missing pieces: a duplicate class key is refused (never a silent rename), and a
 * class opened as a follow-up work list — a case per contact without an open one, owner and due day, audited,
 * idempotent, scoped to the organisation.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ClassActor } from "@/server/customer-classes/class-actor";
import { getClassSettings } from "@/server/customer-classes/get-class-settings";
import { openClassCases } from "@/server/customer-classes/open-class-cases";
import { addCustomerClass, renameCustomerClass } from "@/server/customer-classes/save-class-settings";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { createUser } from "./support/authoring";
import { createOrganization, expectAppError } from "./support/fixtures";
import { insertResponses } from "./support/responses";

const DAY = 86_400_000;
const NOW = new Date("2026-12-07T04:00:00Z"); // 12:00 in Shanghai
let organizationId: string;
let otherOrgId: string;
let managerId: string;
let viewerId: string;
const detractors: string[] = [];
let lostId: string;

const actor = (role: ClassActor["role"], userId: string | null = managerId, org = organizationId): ClassActor => ({ organizationId: org, userId, role, scopeUnitIds: null });

async function detractorsOf(org: string, surveyId: string, n: number, prefix: string): Promise<{ contactId: string; older: string; latest: string }[]> {
  const contacts = await db.contact.createManyAndReturn({
    data: Array.from({ length: n }, (_, i) => ({ organizationId: org, email: `${prefix}${i}@follow.example`, name: `${prefix}${i}` })),
    select: { id: true },
  });
  const out = [];
  for (const [i, { id }] of contacts.entries()) {
    const [older, latest] = await insertResponses([
      { organizationId: org, surveyId, contactId: id, score: 2, category: "DETRACTOR", locale: "zh-CN", channel: "EMAIL", completed: true, createdAt: new Date(NOW.getTime() - (60 + i) * DAY) },
      { organizationId: org, surveyId, contactId: id, score: 4, category: "DETRACTOR", locale: "zh-CN", channel: "EMAIL", completed: true, createdAt: new Date(NOW.getTime() - (10 + i) * DAY) },
    ]);
    if (!older || !latest) throw new Error("responses not written");
    out.push({ contactId: id, older: older.id, latest: latest.id });
  }
  return out;
}

beforeAll(async () => {
  organizationId = (await createOrganization("Classes Follow Up")).id;
  otherOrgId = (await createOrganization("Classes Follow Up Other")).id;
  const manager = await createUser("class-manager");
  const viewer = await createUser("class-viewer");
  managerId = manager.id;
  viewerId = viewer.id;
  await db.membership.createMany({
    data: [
      { organizationId, userId: managerId, role: "MANAGER" },
      { organizationId, userId: viewerId, role: "VIEWER" },
      { organizationId: otherOrgId, userId: managerId, role: "MANAGER" },
    ],
  });
  const surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  const otherSurveyId = (await createSurvey({ organizationId: otherOrgId, userId: null, input: { name: "Relationship", brandName: "Other" } })).id;
  const marginal = await detractorsOf(organizationId, surveyId, 6, "d");
  await detractorsOf(otherOrgId, otherSurveyId, 3, "x");
  detractors.push(...marginal.map((m) => m.contactId));
  const [d0, d1, d2] = marginal;
  if (!d0 || !d1 || !d2) throw new Error("contacts");
  const due = new Date(NOW.getTime() + 3 * DAY);
  await db.case.createMany({
    data: [
      // d0: an open case on the latest answer; d1: a closed case on it; d2: an open case on an older answer.
      { organizationId, responseId: d0.latest, surveyId, status: "OPEN", dueAt: due },
      { organizationId, responseId: d1.latest, surveyId, status: "CLOSED", closedAt: NOW, dueAt: due },
      { organizationId, responseId: d2.older, surveyId, status: "CONTACTED", dueAt: due },
    ],
  });
  // A lost customer classed by behaviour alone: churned, never answered.
  const lost = await db.contact.create({ data: { organizationId, email: "lost@follow.example", name: "流失" } });
  lostId = lost.id;
  await db.outcomeEvent.create({ data: { organizationId, contactId: lost.id, type: "churned", occurredAt: new Date(NOW.getTime() - 20 * DAY), externalId: "churn-1" } });
}, 60_000);

describe("adding a class", () => {
  it("refuses a key the organisation has already as a field error, saving nothing (no silent rename)", async () => {
    const admin = { organizationId, userId: null, role: "ADMIN" as const };
    await getClassSettings(organizationId);
    const auditBefore = await db.auditEvent.count({ where: { organizationId, action: "settings.change" } });
    const error = await expectAppError(addCustomerClass({ actor: admin, input: { key: "loyal", nameZh: "改名了", nameEn: "Renamed" } }), "validation_failed");
    expect(error.details).toEqual({ fields: ["key"], reason: "duplicate" });
    expect(error.message).toMatch(/^key: /);
    const loyal = (await getClassSettings(organizationId)).classes.find((c) => c.key === "loyal");
    expect(loyal).toMatchObject({ nameZh: "忠诚客户", nameEn: "Loyal" });
    expect(await db.customerClass.count({ where: { organizationId } })).toBe(4);
    expect(await db.auditEvent.count({ where: { organizationId, action: "settings.change" } })).toBe(auditBefore);
    // A bad key is a field error too; a new key is added, a rename needs an existing key.
    expect((await expectAppError(addCustomerClass({ actor: admin, input: { key: "VIP!", nameZh: "贵宾", nameEn: "VIP" } }), "validation_failed")).details).toMatchObject({ fields: ["key"] });
    await addCustomerClass({ actor: admin, input: { key: "vip", nameZh: "贵宾", nameEn: "VIP" } });
    expect((await getClassSettings(organizationId)).classes.map((c) => c.key)).toEqual(["loyal", "potential", "marginal", "lost", "vip"]);
    await renameCustomerClass({ actor: admin, input: { key: "vip", nameZh: "贵宾客户", nameEn: "VIP customers" } });
    expect((await getClassSettings(organizationId)).classes.find((c) => c.key === "vip")).toMatchObject({ nameZh: "贵宾客户", nameEn: "VIP customers" });
    await expectAppError(renameCustomerClass({ actor: admin, input: { key: "nosuch", nameZh: "无", nameEn: "None" } }), "not_found");
    await expectAppError(addCustomerClass({ actor: { ...admin, role: "MANAGER" }, input: { key: "other", nameZh: "其他", nameEn: "Other" } }), "forbidden");
  });
});

describe("a class as a follow-up work list", () => {
  it("opens one case per contact without an open one, on their latest answer, with the owner and due day; once", async () => {
    const input = { classKey: "marginal", ownerId: managerId, dueDate: "2026-12-14" };
    const first = await openClassCases({ actor: actor("MANAGER"), input, now: NOW });
    expect(first).toEqual({ members: 6, created: 3, alreadyOpen: 2, answerFollowedUp: 1, noAnswer: 0 });
    const opened = await db.case.findMany({
      where: { organizationId, events: { some: { kind: "OPENED", data: { path: ["customerClass"], equals: "marginal" } } } },
      select: { ownerId: true, dueAt: true, status: true, response: { select: { contactId: true, createdAt: true } } },
    });
    expect(opened).toHaveLength(3);
    for (const c of opened) {
      expect(c).toMatchObject({ ownerId: managerId, status: "OPEN" });
      // The end of 14 December in Shanghai.
      expect(c.dueAt.toISOString()).toBe("2026-12-14T15:59:59.999Z");
      expect(detractors.slice(3)).toContain(c.response.contactId);
    }
    const audit = await db.auditEvent.findMany({ where: { organizationId, action: "cases.open_for_class" }, select: { actorId: true, details: true } });
    expect(audit).toEqual([{ actorId: managerId, details: expect.objectContaining({ customerClass: "marginal", created: 3, ownerId: managerId, dueDate: "2026-12-14" }) }]);
    const eventsBefore = await db.caseEvent.count({ where: { organizationId } });

    // Again: nothing new — every one of them has an open case now (d1's latest answer was followed up already).
    const second = await openClassCases({ actor: actor("MANAGER"), input, now: new Date(NOW.getTime() + 60_000) });
    expect(second).toEqual({ members: 6, created: 0, alreadyOpen: 5, answerFollowedUp: 1, noAnswer: 0 });
    expect(await db.caseEvent.count({ where: { organizationId } })).toBe(eventsBefore);
    expect(await db.case.count({ where: { organizationId } })).toBe(6);
    // Twice at once: still one case per answer.
    await db.case.deleteMany({ where: { organizationId, ownerId: managerId } });
    const both = await Promise.all([openClassCases({ actor: actor("MANAGER"), input, now: NOW }), openClassCases({ actor: actor("MANAGER"), input, now: NOW })]);
    expect(both.reduce((s, r) => s + r.created, 0)).toBe(3);
    expect(await db.case.count({ where: { organizationId } })).toBe(6);
    // The other organisation's detractors were never touched.
    expect(await db.case.count({ where: { organizationId: otherOrgId } })).toBe(0);
  });

  it("counts customers who never answered, and refuses viewers, owners who do not work cases, bad days and unknown classes", async () => {
    const lost = await openClassCases({ actor: actor("MANAGER"), input: { classKey: "lost", ownerId: managerId, dueDate: "2026-12-08" }, now: NOW });
    expect(lost).toEqual({ members: 1, created: 0, alreadyOpen: 0, answerFollowedUp: 0, noAnswer: 1 });
    expect(await db.response.count({ where: { organizationId, contactId: lostId } })).toBe(0);
    const before = await db.case.count({ where: { organizationId } });
    await expectAppError(openClassCases({ actor: actor("VIEWER", viewerId), input: { classKey: "marginal", ownerId: managerId, dueDate: "2026-12-14" }, now: NOW }), "forbidden");
    const owner = await expectAppError(openClassCases({ actor: actor("MANAGER"), input: { classKey: "marginal", ownerId: viewerId, dueDate: "2026-12-14" }, now: NOW }), "validation_failed");
    expect(owner.details).toEqual({ fields: ["ownerId"] });
    const past = await expectAppError(openClassCases({ actor: actor("MANAGER"), input: { classKey: "marginal", ownerId: managerId, dueDate: "2026-12-06" }, now: NOW }), "validation_failed");
    expect(past.details).toEqual({ fields: ["dueDate"] });
    await expectAppError(openClassCases({ actor: actor("MANAGER"), input: { classKey: "marginal", ownerId: managerId, dueDate: "14/12/2026" }, now: NOW }), "validation_failed");
    await expectAppError(openClassCases({ actor: actor("MANAGER"), input: { classKey: "nosuch", ownerId: managerId, dueDate: "2026-12-14" }, now: NOW }), "not_found");
    expect(await db.case.count({ where: { organizationId } })).toBe(before);
  });
});
