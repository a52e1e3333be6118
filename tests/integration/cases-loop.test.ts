import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { NpsCategory } from "@/lib/nps";
import { caseActorFor, type CaseActor } from "@/server/cases/case-actor";
import { exportLoopContacts } from "@/server/cases/export-loop-contacts";
import { listLoopContacts, loopExportQuerySchema } from "@/server/cases/list-loop-contacts";
import { markLoopMessageSent } from "@/server/cases/mark-loop-message-sent";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization, expectAppError } from "./support/fixtures";

type Role = "OWNER" | "ADMIN" | "MANAGER" | "VIEWER";

let organizationId: string;
let otherOrgId: string;
let surveyId: string;
let otherSurveyId: string;
let branchA: string;
let branchB: string;
let teamA1: string;
const users: Record<string, string> = {};
const responses: Record<string, string> = {};

const HEADER = { name: "Name", email: "Email", score: "Score", comment: "Comment", survey: "Survey", unit: "Unit", respondedAt: "Answered", sentAt: "Sent" };

function uid(key: string): string {
  const id = users[key];
  if (!id) throw new Error(`no user ${key}`);
  return id;
}

function rid(key: string): string {
  const id = responses[key];
  if (!id) throw new Error(`no response ${key}`);
  return id;
}

async function addUser(key: string, role: Role, options: { scopeUnitId?: string; org?: string } = {}) {
  const user = await db.user.create({ data: { email: `${key}-${randomUUID()}@loop.example`, name: `User ${key}`, passwordHash: "x" } });
  await db.membership.create({ data: { organizationId: options.org ?? organizationId, userId: user.id, role, scopeUnitId: options.scopeUnitId ?? null } });
  users[key] = user.id;
}

async function actor(key: string, org = organizationId): Promise<CaseActor> {
  const membership = await db.membership.findFirstOrThrow({ where: { userId: uid(key), organizationId: org } });
  return caseActorFor({ organizationId: org, userId: uid(key), role: membership.role });
}

async function respond(
  key: string,
  options: { score: number; consent: boolean; unitId?: string | null; name?: string; comment?: string; excluded?: boolean; org?: string; survey?: string; createdAt?: Date },
) {
  const org = options.org ?? organizationId;
  const contact = await db.contact.create({ data: { organizationId: org, email: `${key}-${randomUUID()}@customer.example`, name: options.name ?? `Customer ${key}` } });
  const category: NpsCategory = options.score >= 9 ? "PROMOTER" : options.score >= 7 ? "PASSIVE" : "DETRACTOR";
  const response = await db.response.create({
    data: {
      organizationId: org,
      surveyId: options.survey ?? surveyId,
      contactId: contact.id,
      score: options.score,
      category,
      comment: options.comment ?? null,
      locale: "zh-CN",
      channel: "EMAIL",
      completed: true,
      contactConsent: options.consent,
      excluded: options.excluded ?? false,
      unitId: options.unitId ?? null,
      ...(options.createdAt ? { createdAt: options.createdAt } : {}),
    },
  });
  responses[key] = response.id;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  organizationId = (await createOrganization("Loop Bank")).id;
  otherOrgId = (await createOrganization("Other Loop Bank")).id;
  await addUser("admin", "ADMIN");
  await addUser("manager", "MANAGER");
  await addUser("viewer", "VIEWER");
  await addUser("otherAdmin", "ADMIN", { org: otherOrgId });
  const region = await db.orgUnit.create({ data: { organizationId, kind: "REGION", code: "R", name: "华东" } });
  branchA = (await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "A", name: "A 支行", parentId: region.id } })).id;
  branchB = (await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "B", name: "B 支行", parentId: region.id } })).id;
  teamA1 = (await db.orgUnit.create({ data: { organizationId, kind: "TEAM", code: "A1", name: "A 一组", parentId: branchA } })).id;
  await addUser("managerA", "MANAGER", { scopeUnitId: branchA });
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "演示银行" } })).id;
  otherSurveyId = (await createSurvey({ organizationId: otherOrgId, userId: null, input: { name: "Other", brandName: "Other" } })).id;

  await respond("promoterA", { score: 10, consent: true, unitId: teamA1, name: "=HYPERLINK(\"http://evil\")", comment: "+1 great", createdAt: new Date("2026-11-01T00:00:00Z") });
  await respond("promoterB", { score: 9, consent: true, unitId: branchB, comment: "@SUM(A1)", createdAt: new Date("2026-11-02T00:00:00Z") });
  await respond("promoterNoUnit", { score: 9, consent: true, unitId: null, name: "-2+3", createdAt: new Date("2026-11-03T00:00:00Z") });
  await respond("promoterNoConsent", { score: 10, consent: false, unitId: branchA });
  await respond("promoterExcluded", { score: 10, consent: true, unitId: branchA, excluded: true });
  await respond("passiveA", { score: 7, consent: true, unitId: branchA, createdAt: new Date("2026-11-04T00:00:00Z") });
  await respond("passiveB", { score: 8, consent: true, unitId: branchB, createdAt: new Date("2026-11-05T00:00:00Z") });
  await respond("passiveNoConsent", { score: 8, consent: false, unitId: branchB });
  await respond("detractorA", { score: 3, consent: true, unitId: branchA });
  await respond("otherPromoter", { score: 10, consent: true, org: otherOrgId, survey: otherSurveyId });
});

describe("promoter and passive lists", () => {
  it("lists consented promoters and passives of the organisation, newest first, and nothing else", async () => {
    const admin = await actor("admin");
    const promoters = await listLoopContacts({ actor: admin, list: "promoters" });
    expect(promoters.rows.map((r) => r.responseId)).toEqual([rid("promoterNoUnit"), rid("promoterB"), rid("promoterA")]);
    expect(promoters.total).toBe(3);
    expect(promoters.rows.every((r) => r.sentAt === null)).toBe(true);
    expect(promoters.rows.find((r) => r.responseId === rid("promoterA"))?.unitName).toBe("A 一组");
    const passives = await listLoopContacts({ actor: admin, list: "passives" });
    expect(passives.rows.map((r) => r.responseId)).toEqual([rid("passiveB"), rid("passiveA")]);
  });

  it("a branch-scoped manager sees only responses served in their subtree; another tenant sees its own", async () => {
    const scoped = await actor("managerA");
    expect((await listLoopContacts({ actor: scoped, list: "promoters" })).rows.map((r) => r.responseId)).toEqual([rid("promoterA")]);
    expect((await listLoopContacts({ actor: scoped, list: "passives" })).rows.map((r) => r.responseId)).toEqual([rid("passiveA")]);
    const other = await listLoopContacts({ actor: await actor("otherAdmin", otherOrgId), list: "promoters" });
    expect(other.rows.map((r) => r.responseId)).toEqual([rid("otherPromoter")]);
    await expectAppError(listLoopContacts({ actor: await actor("viewer"), list: "promoters" }), "forbidden");
  });

  it("mark as sent sets the time once and is idempotent; the sent/unsent filters follow", async () => {
    const manager = await actor("manager");
    const first = new Date("2026-11-10T08:00:00.000Z");
    const marked = await markLoopMessageSent({ actor: manager, input: { responseId: rid("promoterB") }, now: first });
    expect(marked).toEqual({ sentAt: first, changed: true });
    const again = await markLoopMessageSent({ actor: manager, input: { responseId: rid("promoterB") }, now: new Date("2026-11-11T08:00:00.000Z") });
    expect(again).toEqual({ sentAt: first, changed: false });
    const stored = await db.response.findFirstOrThrow({ where: { id: rid("promoterB") }, select: { loopMessageSentAt: true } });
    expect(stored.loopMessageSentAt).toEqual(first);

    const passive = await markLoopMessageSent({ actor: manager, input: { responseId: rid("passiveA") }, now: first });
    expect(passive.changed).toBe(true);

    const sent = await listLoopContacts({ actor: manager, list: "promoters", sent: "sent" });
    expect(sent.rows.map((r) => [r.responseId, r.sentAt])).toEqual([[rid("promoterB"), first]]);
    const unsent = await listLoopContacts({ actor: manager, list: "promoters", sent: "unsent" });
    expect(unsent.rows.map((r) => r.responseId)).toEqual([rid("promoterNoUnit"), rid("promoterA")]);
  });

  it("refuses responses that are not on a list for the actor, and viewers", async () => {
    const admin = await actor("admin");
    for (const key of ["detractorA", "promoterNoConsent", "promoterExcluded", "otherPromoter"]) {
      await expectAppError(markLoopMessageSent({ actor: admin, input: { responseId: rid(key) } }), "not_found");
    }
    await expectAppError(markLoopMessageSent({ actor: admin, input: { responseId: "not-a-uuid" } }), "not_found");
    await expectAppError(markLoopMessageSent({ actor: admin, input: {} }), "not_found");
    // Out of the scoped manager's subtree.
    await expectAppError(markLoopMessageSent({ actor: await actor("managerA"), input: { responseId: rid("passiveB") } }), "not_found");
    await expectAppError(markLoopMessageSent({ actor: await actor("viewer"), input: { responseId: rid("promoterA") } }), "forbidden");
    const untouched = await db.response.findMany({
      where: { id: { in: [rid("detractorA"), rid("promoterNoConsent"), rid("passiveB"), rid("promoterA")] } },
      select: { loopMessageSentAt: true },
    });
    expect(untouched.every((r) => r.loopMessageSentAt === null)).toBe(true);
  });

  it("exports a list as CSV with formula cells neutralised, scoped like the page", async () => {
    const csv = await readAll(exportLoopContacts({ actor: await actor("admin"), list: "promoters", sent: "all", header: HEADER }));
    expect(csv.startsWith("\uFEFFName,Email,Score,Comment,Survey,Unit,Answered,Sent\r\n")).toBe(true);
    const lines = csv.slice(1).trim().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain("'+1 great");
    expect(csv).toContain("'@SUM(A1)");
    expect(csv).toContain("'-2+3");
    expect(csv).not.toMatch(/(^|,)[=+@-]/m);
    expect(csv).toContain("2026-11-10T08:00:00.000Z");

    const scoped = await readAll(exportLoopContacts({ actor: await actor("managerA"), list: "passives", sent: "sent", header: HEADER }));
    const scopedLines = scoped.slice(1).trim().split("\r\n");
    expect(scopedLines).toHaveLength(2);
    expect(scopedLines[1]).toContain("A 支行");
    const viewer = await actor("viewer");
    expect(() => exportLoopContacts({ actor: viewer, list: "promoters", sent: "all", header: HEADER })).toThrow(/CX managers/);
  });

  it("validates the export parameters strictly", () => {
    expect(loopExportQuerySchema.safeParse({ list: "promoters" }).data).toEqual({ list: "promoters", sent: "all" });
    expect(loopExportQuerySchema.safeParse({ list: "detractors" }).success).toBe(false);
    expect(loopExportQuerySchema.safeParse({ list: "passives", sent: "maybe" }).success).toBe(false);
  });
});
