/**
 * The cases list that scales (issue 12): viewers see every case in their scope, search (comment, customer, case
 * number), sorting, page numbers with counts, bulk assign / close checked by role, organisation and scope on the
 * server; and the loop lists in pages.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { caseRef } from "@/lib/case-ref";
import { bulkUpdateCases } from "@/server/cases/bulk-update-cases";
import { caseActorFor, type CaseActor } from "@/server/cases/case-actor";
import { ensureCaseDefaults } from "@/server/cases/ensure-case-defaults";
import { listCasePage } from "@/server/cases/list-cases";
import { listLoopContacts } from "@/server/cases/list-loop-contacts";
import { db } from "@/server/db";
import { createInvitation } from "@/server/distribution/create-invitation";
import { submitResponse } from "@/server/responses/submit-response";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization, expectAppError } from "./support/fixtures";

type Role = "OWNER" | "ADMIN" | "MANAGER" | "VIEWER";

let organizationId: string;
let otherOrganizationId: string;
let surveyId: string;
let branchA: string;
let branchB: string;
const users: Record<string, string> = {};
/** Case ids in the order their responses were given. */
const aCases: string[] = [];
const bCases: string[] = [];
let crashCase = "";

async function addUser(key: string, role: Role, options: { scopeUnitId?: string; org?: string } = {}) {
  const user = await db.user.create({ data: { email: `${key}-${randomUUID()}@list.example`, name: `User ${key}`, passwordHash: "x", locale: "zh-CN" } });
  await db.membership.create({ data: { organizationId: options.org ?? organizationId, userId: user.id, role, scopeUnitId: options.scopeUnitId ?? null } });
  users[key] = user.id;
  return user.id;
}

function uid(key: string): string {
  const id = users[key];
  if (!id) throw new Error(`no user ${key}`);
  return id;
}

async function actor(key: string, org = organizationId): Promise<CaseActor> {
  const membership = await db.membership.findFirstOrThrow({ where: { userId: uid(key), organizationId: org } });
  return caseActorFor({ organizationId: org, userId: uid(key), role: membership.role });
}

async function answer(options: { score: number; unitId: string; name: string; comment: string; consent?: boolean }) {
  const { invitation } = await createInvitation({ organizationId, surveyId, contact: { email: `c-${randomUUID()}@example.com`, name: options.name } });
  await db.invitation.updateMany({ where: { id: invitation.id }, data: { unitId: options.unitId } });
  const result = await submitResponse({ token: invitation.token, input: { score: options.score, comment: options.comment, ...(options.consent ? { consent: "on" } : {}) } });
  const c = await db.case.findUnique({ where: { organizationId_responseId: { organizationId, responseId: result.responseId } }, select: { id: true } });
  return { responseId: result.responseId, caseId: c?.id ?? null };
}

beforeAll(async () => {
  organizationId = (await createOrganization("Case List Bank")).id;
  otherOrganizationId = (await createOrganization("Other List Bank")).id;
  await addUser("admin", "ADMIN");
  await addUser("manager", "MANAGER");
  await addUser("viewer", "VIEWER");
  await addUser("otherAdmin", "ADMIN", { org: otherOrganizationId });
  const region = await db.orgUnit.create({ data: { organizationId, kind: "REGION", code: "R", name: "华东" } });
  branchA = (await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "A", name: "A 支行", parentId: region.id } })).id;
  branchB = (await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "B", name: "B 支行", parentId: region.id } })).id;
  await addUser("viewerA", "VIEWER", { scopeUnitId: branchA });
  await addUser("managerB", "MANAGER", { scopeUnitId: branchB });
  await db.organization.update({ where: { id: organizationId }, data: { fallbackCaseOwnerId: uid("manager") } });
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "演示银行" } })).id;
  await ensureCaseDefaults(organizationId);
  // 28 detractors of branch A (scores 0–6 in turn), one of them "李雷" whose app crashed; 3 of branch B.
  for (let i = 0; i < 28; i += 1) {
    const crash = i === 11;
    const { caseId } = await answer({ score: i % 7, unitId: branchA, name: crash ? "李雷" : "张伟", comment: crash ? "手机银行闪退了三次" : `排队太久 ${i}` });
    if (!caseId) throw new Error("a detractor opens a case");
    aCases.push(caseId);
    if (crash) crashCase = caseId;
  }
  for (let i = 0; i < 3; i += 1) {
    const { caseId } = await answer({ score: 2, unitId: branchB, name: "王芳", comment: `柜员态度差 ${i}` });
    if (!caseId) throw new Error("a detractor opens a case");
    bCases.push(caseId);
  }
  // 27 consenting promoters and 2 passives of branch A for the loop lists.
  for (let i = 0; i < 27; i += 1) await answer({ score: 9 + (i % 2), unitId: branchA, name: `推荐者 ${i}`, comment: "很好", consent: true });
  for (let i = 0; i < 2; i += 1) await answer({ score: 8, unitId: branchA, name: `被动者 ${i}`, comment: "还行", consent: true });
}, 120_000);

describe("the cases list", () => {
  it("pages with counts: 25 a page, every case exactly once, a page past the end shows the last one", async () => {
    const admin = await actor("admin");
    const first = await listCasePage({ actor: admin, query: { view: "all", overdue: false } });
    expect(first).toMatchObject({ total: 31, page: 1, pageCount: 2, pageSize: 25 });
    expect(first.rows).toHaveLength(25);
    const second = await listCasePage({ actor: admin, query: { view: "all", overdue: false }, page: 2 });
    expect(second.rows).toHaveLength(6);
    const ids = [...first.rows, ...second.rows].map((row) => row.id);
    expect(new Set(ids).size).toBe(31);
    expect(new Set(ids)).toEqual(new Set([...aCases, ...bCases]));
    const beyond = await listCasePage({ actor: admin, query: { view: "all", overdue: false }, page: 99 });
    expect(beyond.page).toBe(2);
    expect(beyond.rows.map((row) => row.id)).toEqual(second.rows.map((row) => row.id));
  });

  it("lets viewers see all cases in their scope (read-only), a scoped viewer only their branch's", async () => {
    const viewer = await listCasePage({ actor: await actor("viewer"), query: { view: "all", overdue: false }, pageSize: 100 });
    expect(viewer.total).toBe(31);
    const viewerA = await listCasePage({ actor: await actor("viewerA"), query: { view: "all", overdue: false }, pageSize: 100 });
    expect(viewerA.total).toBe(28);
    expect(viewerA.rows.every((row) => aCases.includes(row.id))).toBe(true);
    // Viewers do not see customers' names in the list.
    expect(viewerA.rows.every((row) => row.customerName === null)).toBe(true);
    expect((await listCasePage({ actor: await actor("viewerA"), query: { view: "mine", overdue: false } })).total).toBe(0);
    const other = await listCasePage({ actor: await actor("otherAdmin", otherOrganizationId), query: { view: "all", overdue: false } });
    expect(other.total).toBe(0);
  });

  it("searches the comment, the customer's name (managers and above) and the case number", async () => {
    const manager = await actor("manager");
    const search = async (who: CaseActor, q: string) => (await listCasePage({ actor: who, query: { view: "all", overdue: false, q }, pageSize: 100 })).rows.map((row) => row.id);
    expect(await search(manager, "闪退")).toEqual([crashCase]);
    expect(await search(manager, "李雷")).toEqual([crashCase]);
    const ref = caseRef(crashCase);
    expect(ref).toMatch(/^#[0-9A-F]{8}$/);
    expect(await search(manager, ref)).toContain(crashCase);
    expect(await search(manager, ref.slice(1).toLowerCase())).toContain(crashCase);
    expect(await search(manager, "排队太久 2")).toHaveLength(1 + 8); // 2 and 20–27
    expect(await search(manager, "没有这样的评论")).toEqual([]);
    // A viewer searches comments and numbers, not customers.
    const viewer = await actor("viewer");
    expect(await search(viewer, "李雷")).toEqual([]);
    expect(await search(viewer, "闪退")).toEqual([crashCase]);
    // Branch B's manager finds nothing of branch A, even by its number.
    expect(await search(await actor("managerB"), ref)).toEqual([]);
    // The list row carries the number and, for managers, the customer.
    const row = (await listCasePage({ actor: manager, query: { view: "all", overdue: false, q: "闪退" } })).rows[0];
    expect(row).toMatchObject({ ref, customerName: "李雷" });
  });

  it("sorts by score, creation, priority and due date", async () => {
    const admin = await actor("admin");
    const sorted = async (sort: "due" | "created" | "score" | "priority", dir?: "asc" | "desc") =>
      (await listCasePage({ actor: admin, query: { view: "all", overdue: false, sort, dir }, pageSize: 100 })).rows;
    const byScore = (await sorted("score")).map((row) => row.score ?? 99);
    expect(byScore).toEqual([...byScore].sort((a, b) => a - b));
    expect(byScore[0]).toBe(0);
    const byScoreDesc = (await sorted("score", "desc")).map((row) => row.score ?? -1);
    expect(byScoreDesc[0]).toBe(6);
    const created = (await sorted("created")).map((row) => row.createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const due = (await sorted("due")).map((row) => row.dueAt.getTime());
    expect(due).toEqual([...due].sort((a, b) => a - b));
    const first = await listCasePage({ actor: admin, query: { view: "all", overdue: false, sort: "score" } });
    const second = await listCasePage({ actor: admin, query: { view: "all", overdue: false, sort: "score" }, page: 2 });
    expect(new Set([...first.rows, ...second.rows].map((row) => row.id)).size).toBe(31);
  });
});

describe("bulk actions", () => {
  it("assigns selected cases to a member, with an ASSIGNED event each; refuses viewers, other scopes, other organisations and viewers as owners", async () => {
    const picked = aCases.slice(0, 3);
    const manager = await actor("manager");
    expect(await bulkUpdateCases({ actor: manager, input: { action: "assign", caseIds: picked, ownerId: uid("admin") } })).toEqual({ updated: 3, unchanged: 0 });
    const after = await db.case.findMany({ where: { organizationId, id: { in: picked } } });
    expect(after.every((c) => c.ownerId === uid("admin"))).toBe(true);
    const events = await db.caseEvent.findMany({ where: { organizationId, caseId: { in: picked }, kind: "ASSIGNED" } });
    expect(events).toHaveLength(3);
    expect(events[0]?.data).toMatchObject({ from: uid("manager"), to: uid("admin") });
    // Again: nothing to change.
    expect(await bulkUpdateCases({ actor: manager, input: { action: "assign", caseIds: picked, ownerId: uid("admin") } })).toEqual({ updated: 0, unchanged: 3 });

    const before = await db.case.findMany({ where: { organizationId }, orderBy: { id: "asc" }, select: { id: true, ownerId: true, status: true } });
    await expectAppError(bulkUpdateCases({ actor: await actor("viewer"), input: { action: "assign", caseIds: picked, ownerId: uid("manager") } }), "forbidden");
    // One case of another branch in the selection: nothing changes, and nothing tells it exists.
    await expectAppError(
      bulkUpdateCases({ actor: await actor("managerB"), input: { action: "assign", caseIds: [bCases[0] ?? "", aCases[5] ?? ""], ownerId: uid("managerB") } }),
      "not_found",
    );
    await expectAppError(bulkUpdateCases({ actor: await actor("otherAdmin", otherOrganizationId), input: { action: "assign", caseIds: picked, ownerId: uid("otherAdmin") } }), "not_found");
    await expectAppError(bulkUpdateCases({ actor: manager, input: { action: "assign", caseIds: picked, ownerId: uid("viewer") } }), "validation_failed");
    await expectAppError(bulkUpdateCases({ actor: manager, input: { action: "assign", caseIds: picked, ownerId: uid("otherAdmin") } }), "validation_failed");
    await expectAppError(bulkUpdateCases({ actor: manager, input: { action: "assign", caseIds: [], ownerId: uid("admin") } }), "validation_failed");
    await expectAppError(bulkUpdateCases({ actor: manager, input: { action: "assign", caseIds: ["not-a-uuid"], ownerId: uid("admin") } }), "validation_failed");
    expect(await db.case.findMany({ where: { organizationId }, orderBy: { id: "asc" }, select: { id: true, ownerId: true, status: true } })).toEqual(before);

    // Branch B's manager may assign branch B's cases.
    expect(await bulkUpdateCases({ actor: await actor("managerB"), input: { action: "assign", caseIds: bCases, ownerId: uid("managerB") } })).toEqual({ updated: 3, unchanged: 0 });
  });

  it("closes selected cases: a root cause is required for those without one; already closed ones are left alone", async () => {
    const picked = aCases.slice(10, 14);
    const manager = await actor("manager");
    await expectAppError(bulkUpdateCases({ actor: manager, input: { action: "close", caseIds: picked } }), "validation_failed");
    expect(await db.case.count({ where: { organizationId, id: { in: picked }, status: "CLOSED" } })).toBe(0);
    const cause = await db.rootCause.findFirstOrThrow({ where: { organizationId, active: true } });
    const now = new Date();
    expect(await bulkUpdateCases({ actor: manager, input: { action: "close", caseIds: picked, rootCauseId: cause.id }, now })).toEqual({ updated: 4, unchanged: 0 });
    const closed = await db.case.findMany({ where: { organizationId, id: { in: picked } } });
    for (const c of closed) {
      expect(c.status).toBe("CLOSED");
      expect(c.rootCauseId).toBe(cause.id);
      expect(c.closedAt?.getTime()).toBe(now.getTime());
      expect(c.resolvedAt?.getTime()).toBe(now.getTime());
      expect(c.firstContactAt?.getTime()).toBe(now.getTime());
    }
    expect(await db.caseEvent.count({ where: { organizationId, caseId: { in: picked }, kind: "STATUS" } })).toBe(4);
    // Closed ones again, with one open case that already has a root cause: only that one changes.
    await db.case.update({ where: { organizationId_id: { organizationId, id: aCases[20] ?? "" } }, data: { rootCauseId: cause.id } });
    expect(await bulkUpdateCases({ actor: manager, input: { action: "close", caseIds: [...picked, aCases[20] ?? ""] } })).toEqual({ updated: 1, unchanged: 4 });
    // The list filters by status.
    const closedList = await listCasePage({ actor: manager, query: { view: "all", overdue: false, status: "CLOSED" } });
    expect(closedList.total).toBe(5);
  });
});

describe("the loop lists", () => {
  it("page through 27 promoters 25 at a time, with the total; passives on their own page", async () => {
    const manager = await actor("manager");
    const first = await listLoopContacts({ actor: manager, list: "promoters" });
    expect(first).toMatchObject({ total: 27, page: 1, pageCount: 2, pageSize: 25 });
    expect(first.rows).toHaveLength(25);
    const second = await listLoopContacts({ actor: manager, list: "promoters", page: 2 });
    expect(second.rows).toHaveLength(2);
    expect(new Set([...first.rows, ...second.rows].map((row) => row.responseId)).size).toBe(27);
    expect((await listLoopContacts({ actor: manager, list: "promoters", page: 7 })).page).toBe(2);
    const passives = await listLoopContacts({ actor: manager, list: "passives" });
    expect(passives).toMatchObject({ total: 2, page: 1, pageCount: 1 });
  });
});
