import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCases } from "@/server/cases/list-cases";
import { addCaseNote } from "@/server/cases/add-case-note";
import { caseActorFor, type CaseActor } from "@/server/cases/case-actor";
import { changeCaseStatus } from "@/server/cases/change-case-status";
import { deliverCaseNotifications } from "@/server/cases/deliver-case-notifications";
import { ensureCaseDefaults } from "@/server/cases/ensure-case-defaults";
import { escalateOverdueCases } from "@/server/cases/escalate-overdue-cases";
import { getCase } from "@/server/cases/get-case";
import { sendCaseReply } from "@/server/cases/send-case-reply";
import { setCaseRootCause } from "@/server/cases/set-case-root-cause";
import { db } from "@/server/db";
import { createInvitation } from "@/server/distribution/create-invitation";
import { createSmtpTransport, type MailTransport } from "@/server/email/transport";
import { unitSubtreeIds } from "@/server/org/unit-scope";
import { submitResponse } from "@/server/responses/submit-response";
import { createSurvey } from "@/server/surveys/create-survey";
import { SETTINGS, startSmtp } from "./distribution-support";
import { createOrganization, expectAppError } from "./support/fixtures";

type Role = "OWNER" | "ADMIN" | "MANAGER" | "VIEWER";

let organizationId: string;
let surveyId: string;
let transactionalId: string;
const users: Record<string, string> = {};
let regionId: string;
let branchA: string;
let branchB: string;
let teamA1: string;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let transport: MailTransport;

async function addUser(key: string, role: Role, options: { scopeUnitId?: string; locale?: string; org?: string } = {}) {
  const user = await db.user.create({
    data: { email: `${key}-${randomUUID()}@bank.example`, name: `User ${key}`, passwordHash: "x", locale: options.locale ?? "zh-CN" },
  });
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

async function answer(options: {
  score: number;
  unitId?: string;
  survey?: string;
  locale?: "zh-CN" | "en";
  name?: string;
  attributes?: Record<string, string>;
  /** The respondent ticked "may contact me" (a reply needs it). */
  consent?: boolean;
}) {
  const { invitation, contact } = await createInvitation({
    organizationId,
    surveyId: options.survey ?? surveyId,
    contact: { email: `c-${randomUUID()}@example.com`, name: options.name ?? "张伟", locale: options.locale, attributes: options.attributes },
  });
  if (options.unitId) await db.invitation.updateMany({ where: { id: invitation.id }, data: { unitId: options.unitId } });
  const result = await submitResponse({ token: invitation.token, input: { score: options.score, comment: "排队太久了 <b>", locale: options.locale, ...(options.consent ? { consent: "on" } : {}) } });
  return { ...result, token: invitation.token, contact };
}

async function caseOf(responseId: string) {
  return db.case.findUnique({ where: { organizationId_responseId: { organizationId, responseId } } });
}

beforeAll(async () => {
  const org = await createOrganization("Cases Bank");
  organizationId = org.id;
  await addUser("owner", "OWNER");
  await addUser("admin", "ADMIN");
  await addUser("fallback", "MANAGER");
  await addUser("regionMgr", "MANAGER");
  await addUser("branchAMgr", "MANAGER", { locale: "en" });
  await addUser("branchBMgr", "MANAGER");
  await addUser("ruleOwner", "MANAGER");
  await addUser("claimsMgr", "MANAGER");
  regionId = (await db.orgUnit.create({ data: { organizationId, kind: "REGION", code: "EAST", name: "华东", managerId: uid("regionMgr") } })).id;
  branchA = (await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "SH-A", name: "上海 A 支行", parentId: regionId, managerId: uid("branchAMgr") } })).id;
  branchB = (await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "SH-B", name: "上海 B 支行", parentId: regionId, managerId: uid("branchBMgr") } })).id;
  teamA1 = (await db.orgUnit.create({ data: { organizationId, kind: "TEAM", code: "SH-A-1", name: "A 支行一组", parentId: branchA } })).id;
  const claimsUnit = await db.orgUnit.create({ data: { organizationId, kind: "TEAM", code: "CLAIMS", name: "理赔组", parentId: regionId, managerId: uid("claimsMgr") } });
  await addUser("viewerA", "VIEWER", { scopeUnitId: branchA });
  await addUser("managerB", "MANAGER", { scopeUnitId: branchB });
  await db.organization.update({ where: { id: organizationId }, data: { fallbackCaseOwnerId: uid("fallback"), caseSlaHours: { URGENT: 2, HIGH: 24, NORMAL: 48, LOW: 168 } } });
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "演示银行" } })).id;
  transactionalId = (await createSurvey({ organizationId, userId: null, input: { name: "Claims", brandName: "Demo Bank", kind: "TRANSACTIONAL", touchpoint: "理赔", defaultLocale: "en" } }))
    .id;
  await db.caseRule.createMany({
    data: [
      { organizationId, name: "Very angry VIPs", position: 1, match: { categories: ["DETRACTOR"], maxScore: 2, attributes: { tier: ["vip"] } }, ownerId: uid("ruleOwner"), priority: "URGENT" },
      { organizationId, name: "Claims → claims team", position: 2, match: { touchpoints: ["理赔"], maxScore: 6 }, ownerUnitId: claimsUnit.id, priority: "HIGH" },
      { organizationId, name: "Passives of branch B", position: 3, match: { categories: ["PASSIVE"], unitCodes: ["SH-B"] }, priority: "LOW" },
      { organizationId, name: "Inactive catch-all", position: 0, active: false, match: {}, ownerId: uid("owner"), priority: "URGENT" },
    ],
  });
  await ensureCaseDefaults(organizationId);
  smtp = await startSmtp();
  transport = createSmtpTransport(smtp.url, { maxConnections: 1 });
});

afterAll(async () => {
  transport?.close();
  await smtp?.close();
});

describe("opening cases from step 1", () => {
  it("a detractor of a branch opens exactly one NORMAL case owned by the branch manager, due after the org's SLA", async () => {
    const result = await answer({ score: 4, unitId: teamA1 });
    const c = await caseOf(result.responseId);
    expect(c).not.toBeNull();
    expect(c?.unitId).toBe(teamA1);
    expect(c?.priority).toBe("NORMAL");
    expect(c?.status).toBe("OPEN");
    expect(c?.ruleId).toBeNull();
    // teamA1 has no manager of its own → the nearest manager above it: its branch's.
    expect(c?.ownerId).toBe(uid("branchAMgr"));
    const response = await db.response.findFirstOrThrow({ where: { id: result.responseId } });
    expect(c?.dueAt.getTime()).toBe(response.createdAt.getTime() + 48 * 3_600_000);
    expect(await db.case.count({ where: { responseId: result.responseId } })).toBe(1);
    const events = await db.caseEvent.findMany({ where: { caseId: c?.id } });
    expect(events.map((e) => e.kind)).toEqual(["OPENED"]);
  });

  it("goes to the organisation's fallback owner when no unit up the tree has a manager", async () => {
    const region = await db.orgUnit.create({ data: { organizationId, kind: "REGION", code: "WEST", name: "西部" } });
    const branch = await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "CD-1", name: "成都一支行", parentId: region.id } });
    const result = await answer({ score: 3, unitId: branch.id });
    expect((await caseOf(result.responseId))?.ownerId).toBe(uid("fallback"));
  });

  it("takes the manager of the response's unit as owner when no rule names one", async () => {
    const result = await answer({ score: 0, unitId: branchA });
    const c = await caseOf(result.responseId);
    expect(c?.ownerId).toBe(uid("branchAMgr"));
    expect(c?.unitId).toBe(branchA);
  });

  it("applies the first active rule by position: rule owner, or the manager of the rule's unit, with the rule's priority", async () => {
    const vip = await answer({ score: 1, unitId: branchA, attributes: { tier: "vip" } });
    const vipCase = await caseOf(vip.responseId);
    expect(vipCase?.ownerId).toBe(uid("ruleOwner"));
    expect(vipCase?.priority).toBe("URGENT");
    const response = await db.response.findFirstOrThrow({ where: { id: vip.responseId } });
    expect(vipCase?.dueAt.getTime()).toBe(response.createdAt.getTime() + 2 * 3_600_000);

    const claim = await answer({ score: 5, survey: transactionalId, unitId: branchB, locale: "en" });
    const claimCase = await caseOf(claim.responseId);
    expect(claimCase?.ownerId).toBe(uid("claimsMgr"));
    expect(claimCase?.priority).toBe("HIGH");
  });

  it("a promoter opens no case, a passive only through a rule", async () => {
    const promoter = await answer({ score: 10, unitId: branchB });
    expect(await caseOf(promoter.responseId)).toBeNull();
    const passiveA = await answer({ score: 7, unitId: branchA });
    expect(await caseOf(passiveA.responseId)).toBeNull();
    const passiveB = await answer({ score: 8, unitId: branchB });
    const c = await caseOf(passiveB.responseId);
    expect(c?.priority).toBe("LOW");
    expect(c?.ownerId).toBe(uid("branchBMgr"));
  });

  it("with no unit, no rule and no fallback, the organisation's first OWNER owns the case", async () => {
    await db.organization.update({ where: { id: organizationId }, data: { fallbackCaseOwnerId: null } });
    try {
      const result = await answer({ score: 2 });
      expect((await caseOf(result.responseId))?.ownerId).toBe(uid("owner"));
    } finally {
      await db.organization.update({ where: { id: organizationId }, data: { fallbackCaseOwnerId: uid("fallback") } });
    }
  });

  it("a resubmit never duplicates the case", async () => {
    const first = await answer({ score: 3, unitId: branchB });
    await expectAppError(submitResponse({ token: first.token, input: { score: 3 } }), "already_answered");
    await expectAppError(submitResponse({ token: first.token, input: { score: 1 } }), "already_answered");
    const again = await Promise.allSettled([submitResponse({ token: first.token, input: { score: 2 } }), submitResponse({ token: first.token, input: { score: 2 } })]);
    expect(again.every((outcome) => outcome.status === "rejected")).toBe(true);
    expect(await db.case.count({ where: { responseId: first.responseId } })).toBe(1);
    expect(await db.caseEvent.count({ where: { case: { responseId: first.responseId }, kind: "OPENED" } })).toBe(1);
  });

  it("sends the owner an alert by email after commit, once", async () => {
    const result = await answer({ score: 1, unitId: branchA });
    const before = smtp.received.length;
    const first = await deliverCaseNotifications({ transport, settings: SETTINGS, now: new Date(), organizationId });
    expect(first.sent).toBeGreaterThanOrEqual(1);
    const second = await deliverCaseNotifications({ transport, settings: SETTINGS, now: new Date(), organizationId });
    expect(second.sent).toBe(0);
    const c = await caseOf(result.responseId);
    const alert = smtp.received.slice(before).find((mail) => mail.text?.includes(`/cases/${c?.id ?? "none"}`));
    expect(alert).toBeDefined();
    const manager = await db.user.findUniqueOrThrow({ where: { id: uid("branchAMgr") } });
    expect(alert?.to && "text" in alert.to ? alert.to.text : "").toContain(manager.email);
    // The branch manager reads English; the comment is escaped in the HTML part.
    expect(alert?.subject).toContain("New case: score 1");
    expect(alert?.html).toContain("排队太久了 &lt;b&gt;");
  });
});

describe("SLA escalation", () => {
  it("escalates an overdue case exactly once, to the unit's manager, on a moving clock", async () => {
    const result = await answer({ score: 2, unitId: branchB });
    const c = await caseOf(result.responseId);
    if (!c) throw new Error("no case");
    // Owner is branch B's manager → escalation goes up to the region's manager.
    expect(c.ownerId).toBe(uid("branchBMgr"));
    const justBefore = new Date(c.dueAt.getTime() - 1);
    await escalateOverdueCases({ now: justBefore, organizationId });
    expect((await db.case.findFirstOrThrow({ where: { id: c.id } })).escalatedAt).toBeNull();

    const after = new Date(c.dueAt.getTime() + 60_000);
    const runs = await Promise.all([escalateOverdueCases({ now: after, organizationId }), escalateOverdueCases({ now: after, organizationId })]);
    expect(runs.reduce((sum, run) => sum + run.escalated, 0)).toBeGreaterThanOrEqual(1);
    await escalateOverdueCases({ now: new Date(after.getTime() + 3_600_000), organizationId });
    const escalated = await db.case.findFirstOrThrow({ where: { id: c.id } });
    expect(escalated.escalatedAt?.getTime()).toBe(after.getTime());
    expect(escalated.escalatedToId).toBe(uid("regionMgr"));
    expect(await db.caseEvent.count({ where: { caseId: c.id, kind: "ESCALATED" } })).toBe(1);

    const before = smtp.received.length;
    await deliverCaseNotifications({ transport, settings: SETTINGS, now: after, organizationId });
    const region = await db.user.findUniqueOrThrow({ where: { id: uid("regionMgr") } });
    const mails = smtp.received.slice(before).filter((mail) => mail.text?.includes(`/cases/${c.id}`) && mail.subject?.includes("逾期工单已升级"));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to && "text" in mails[0].to ? mails[0].to.text : "").toContain(region.email);
  });

  it("does not escalate resolved cases, and escalates a case owned by someone else to the unit's manager", async () => {
    const result = await answer({ score: 1, unitId: branchA, attributes: { tier: "vip" } });
    const c = await caseOf(result.responseId);
    if (!c) throw new Error("no case");
    expect(c.ownerId).toBe(uid("ruleOwner"));
    await escalateOverdueCases({ now: new Date(c.dueAt.getTime() + 1), organizationId });
    expect((await db.case.findFirstOrThrow({ where: { id: c.id } })).escalatedToId).toBe(uid("branchAMgr"));

    const other = await answer({ score: 3, unitId: branchA });
    const otherCase = await caseOf(other.responseId);
    if (!otherCase) throw new Error("no case");
    const admin = await actor("admin");
    const cause = await db.rootCause.findFirstOrThrow({ where: { organizationId, key: "long_wait" } });
    await setCaseRootCause({ actor: admin, input: { caseId: otherCase.id, rootCauseId: cause.id } });
    await changeCaseStatus({ actor: admin, input: { caseId: otherCase.id, status: "RESOLVED" } });
    await escalateOverdueCases({ now: new Date(otherCase.dueAt.getTime() + 1), organizationId });
    expect((await db.case.findFirstOrThrow({ where: { id: otherCase.id } })).escalatedAt).toBeNull();
  });
});

describe("working a case", () => {
  it("replies to the customer through a real SMTP server, in the customer's language, with both parts", async () => {
    const result = await answer({ score: 2, unitId: branchA, locale: "en", name: "Alice <Admin>", consent: true });
    const c = await caseOf(result.responseId);
    if (!c) throw new Error("no case");
    const owner = await actor("branchAMgr");
    const detail = await getCase({ actor: owner, caseId: c.id, locale: "en" });
    const template = detail.templates.find((t) => t.locale === "en");
    if (!template) throw new Error("no en template");
    expect(detail.templates.map((t) => t.locale).sort()).toEqual(["en", "zh-CN"]);
    const before = smtp.received.length;
    await sendCaseReply({
      actor: owner,
      input: { caseId: c.id, templateId: template.id, locale: "en", subject: template.subject, body: `${template.body}\n\nP.S. <script>alert(1)</script>` },
      transport,
      settings: SETTINGS,
    });
    const mail = smtp.received[before];
    expect(smtp.received).toHaveLength(before + 1);
    expect(mail?.subject).toBe("About your feedback to 演示银行");
    expect(mail?.to && "text" in mail.to ? mail.to.text : "").toContain(result.contact.email ?? "none");
    expect(mail?.text).toContain("Dear Alice <Admin>,");
    expect(mail?.text).toContain("<script>alert(1)</script>");
    expect(mail?.html).toContain("Dear Alice &lt;Admin&gt;,");
    expect(mail?.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail?.html).not.toContain("<script>");
    expect(mail?.html).toContain('lang="en"');
    const replyTo = mail?.replyTo && "text" in mail.replyTo ? mail.replyTo.text : "";
    const ownerUser = await db.user.findUniqueOrThrow({ where: { id: uid("branchAMgr") } });
    expect(replyTo).toContain(ownerUser.email);

    const after = await db.case.findFirstOrThrow({ where: { id: c.id } });
    expect(after.status).toBe("CONTACTED");
    expect(after.firstContactAt).not.toBeNull();
    const events = await db.caseEvent.findMany({ where: { caseId: c.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.kind)).toEqual(["OPENED", "REPLY_SENT", "STATUS"]);
    // The reply does not create a response.
    expect(await db.response.count({ where: { contactId: result.contact.id } })).toBe(1);

    const zhTemplate = detail.templates.find((t) => t.locale === "zh-CN");
    if (!zhTemplate) throw new Error("no zh template");
    await sendCaseReply({ actor: owner, input: { caseId: c.id, templateId: zhTemplate.id, locale: "zh-CN", subject: zhTemplate.subject, body: zhTemplate.body }, transport, settings: SETTINGS });
    const zhMail = smtp.received[before + 1];
    expect(zhMail?.subject).toBe("关于您对演示银行的反馈");
    expect(zhMail?.html).toContain('lang="zh-CN"');
    expect(zhMail?.text).toContain("尊敬的Alice <Admin>：");
  });

  it("rejects a bad reply without sending anything", async () => {
    const result = await answer({ score: 2, unitId: branchA });
    const c = await caseOf(result.responseId);
    if (!c) throw new Error("no case");
    const owner = await actor("branchAMgr");
    const before = smtp.received.length;
    await expectAppError(sendCaseReply({ actor: owner, input: { caseId: c.id, locale: "fr", subject: "x", body: "y" }, transport, settings: SETTINGS }), "validation_failed");
    await expectAppError(sendCaseReply({ actor: owner, input: { caseId: c.id, locale: "en", subject: "", body: "y" }, transport, settings: SETTINGS }), "validation_failed");
    await expectAppError(
      sendCaseReply({ actor: owner, input: { caseId: c.id, locale: "en", templateId: randomUUID(), subject: "s", body: "b" }, transport, settings: SETTINGS }),
      "validation_failed",
    );
    expect(smtp.received.length).toBe(before);
  });

  it("enforces the status flow: a root cause before resolving, first contact and resolution times, notes", async () => {
    const result = await answer({ score: 4, unitId: branchB });
    const c = await caseOf(result.responseId);
    if (!c) throw new Error("no case");
    const owner = await actor("branchBMgr");
    const t1 = new Date("2030-01-01T10:00:00Z");
    await changeCaseStatus({ actor: owner, input: { caseId: c.id, status: "CONTACTED" }, now: t1 });
    await changeCaseStatus({ actor: owner, input: { caseId: c.id, status: "CONTACTED" } }).then(
      () => {
        throw new Error("expected a conflict");
      },
      (error: unknown) => expect((error as { code?: string }).code).toBe("conflict"),
    );
    await expectAppError(changeCaseStatus({ actor: owner, input: { caseId: c.id, status: "RESOLVED" } }), "validation_failed");
    await expectAppError(changeCaseStatus({ actor: owner, input: { caseId: c.id, status: "DONE" } }), "validation_failed");
    await expectAppError(setCaseRootCause({ actor: owner, input: { caseId: c.id, rootCauseId: randomUUID() } }), "validation_failed");
    const cause = await db.rootCause.findFirstOrThrow({ where: { organizationId, key: "staff_attitude" } });
    await setCaseRootCause({ actor: owner, input: { caseId: c.id, rootCauseId: cause.id } });
    const t2 = new Date("2030-01-02T10:00:00Z");
    await changeCaseStatus({ actor: owner, input: { caseId: c.id, status: "RESOLVED" }, now: t2 });
    await addCaseNote({ actor: owner, input: { caseId: c.id, body: "Called the customer; waiting times explained." } });
    await expectAppError(addCaseNote({ actor: owner, input: { caseId: c.id, body: "   " } }), "validation_failed");
    await changeCaseStatus({ actor: owner, input: { caseId: c.id, status: "CLOSED" }, now: t2 });
    const done = await db.case.findFirstOrThrow({ where: { id: c.id } });
    expect(done).toMatchObject({ status: "CLOSED", rootCauseId: cause.id });
    expect(done.firstContactAt?.toISOString()).toBe(t1.toISOString());
    expect(done.resolvedAt?.toISOString()).toBe(t2.toISOString());
    const kinds = (await db.caseEvent.findMany({ where: { caseId: c.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((e) => e.kind);
    expect(kinds).toContain("ROOT_CAUSE");
    expect(kinds).toContain("NOTE");
    expect(kinds.filter((k) => k === "STATUS")).toHaveLength(3);
  });
});

describe("scopes and tenants", () => {
  it("unitSubtreeIds returns the unit and everything below it, nothing of another organisation", async () => {
    expect((await unitSubtreeIds(organizationId, branchA)).sort()).toEqual([branchA, teamA1].sort());
    expect(await unitSubtreeIds(organizationId, regionId)).toHaveLength(5);
    const other = await createOrganization("Other Scope Bank");
    expect(await unitSubtreeIds(other.id, branchA)).toEqual([]);
  });

  it("a branch-scoped viewer sees their branch's cases read-only and never another branch's", async () => {
    const aCase = await caseOf((await answer({ score: 1, unitId: teamA1 })).responseId);
    const bCase = await caseOf((await answer({ score: 1, unitId: branchB })).responseId);
    if (!aCase || !bCase) throw new Error("no case");
    const viewerA = await actor("viewerA");
    const detail = await getCase({ actor: viewerA, caseId: aCase.id, locale: "zh-CN" });
    expect(detail.canAct).toBe(false);
    await expectAppError(getCase({ actor: viewerA, caseId: bCase.id, locale: "zh-CN" }), "not_found");
    await expectAppError(addCaseNote({ actor: viewerA, input: { caseId: aCase.id, body: "hi" } }), "forbidden");
    await expectAppError(addCaseNote({ actor: viewerA, input: { caseId: bCase.id, body: "hi" } }), "not_found");
    // Issue 12: a viewer's list is every case in their scope (read-only), never another branch's.
    const viewerAll = await listCases({ actor: viewerA, query: { view: "all", overdue: false } });
    expect(viewerAll.some((row) => row.id === aCase.id)).toBe(true);
    expect(viewerAll.some((row) => row.id === bCase.id)).toBe(false);

    const managerB = await actor("managerB");
    const all = await listCases({ actor: managerB, query: { view: "all", overdue: false } });
    expect(all.some((row) => row.id === bCase.id)).toBe(true);
    expect(all.some((row) => row.id === aCase.id)).toBe(false);
    await expectAppError(getCase({ actor: managerB, caseId: aCase.id, locale: "en" }), "not_found");
    await addCaseNote({ actor: managerB, input: { caseId: bCase.id, body: "On it." } });

    const mine = await listCases({ actor: await actor("branchAMgr"), query: { view: "mine", overdue: false } });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((row) => row.ownerId === uid("branchAMgr"))).toBe(true);
    const overdue = await listCases({ actor: await actor("admin"), query: { view: "all", overdue: true }, now: new Date("2100-01-01") });
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((row) => row.overdue)).toBe(true);
  });

  it("another organisation's members see none of these cases", async () => {
    const other = await createOrganization("Other Case Bank");
    await addUser("otherAdmin", "ADMIN", { org: other.id });
    const outsider = await actor("otherAdmin", other.id);
    const any = await db.case.findFirstOrThrow({ where: { organizationId } });
    await expectAppError(getCase({ actor: outsider, caseId: any.id, locale: "en" }), "not_found");
    await expectAppError(addCaseNote({ actor: outsider, input: { caseId: any.id, body: "x" } }), "not_found");
    await expectAppError(changeCaseStatus({ actor: outsider, input: { caseId: any.id, status: "CONTACTED" } }), "not_found");
    expect(await listCases({ actor: outsider, query: { view: "all", overdue: false } })).toEqual([]);
    await expectAppError(getCase({ actor: outsider, caseId: "not-a-uuid", locale: "en" }), "not_found");
  });
});

describe("seedClosedLoop (demo data)", () => {
  it("adds defaults and one case per recent detractor response, with resolved, contacted and overdue ones", async () => {
    const { seedClosedLoop } = await import("../../prisma/seed-closed-loop");
    const org = await createOrganization("Seed Loop Bank");
    const owner = await addUser("seedOwner", "OWNER", { org: org.id });
    const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Seeded", brandName: "Seed Bank" } });
    const now = new Date("2030-06-01T00:00:00Z");
    const days = [50, 40, 30, 20, 12, 9, 3, 1, 70];
    for (const [i, d] of days.entries()) {
      await db.response.create({
        data: { organizationId: org.id, surveyId: survey.id, score: i % 2 === 0 ? 2 : 5, category: "DETRACTOR", locale: "zh-CN", channel: "LINK", completed: true, createdAt: new Date(now.getTime() - d * 86_400_000) },
      });
    }
    await db.response.create({ data: { organizationId: org.id, surveyId: survey.id, score: 10, category: "PROMOTER", locale: "zh-CN", channel: "LINK", createdAt: new Date(now.getTime() - 86_400_000) } });
    const result = await db.$transaction((tx) => seedClosedLoop(tx, { organizationId: org.id, ownerId: owner, now }));
    expect(result.cases).toBe(8);
    expect(await db.rootCause.count({ where: { organizationId: org.id } })).toBe(6);
    expect(await db.replyTemplate.count({ where: { organizationId: org.id } })).toBe(2);
    const cases = await db.case.findMany({ where: { organizationId: org.id } });
    expect(cases.filter((c) => c.status === "RESOLVED" || c.status === "CLOSED").every((c) => c.rootCauseId !== null && c.resolvedAt !== null)).toBe(true);
    expect(cases.some((c) => c.status === "RESOLVED")).toBe(true);
    expect(cases.some((c) => c.escalatedAt !== null && c.dueAt < now)).toBe(true);
    // Seeded alerts count as delivered: nothing is mailed for history.
    expect((await deliverCaseNotifications({ transport, settings: SETTINGS, now, organizationId: org.id })).sent).toBe(0);
    // Idempotent: a second run adds nothing.
    expect((await db.$transaction((tx) => seedClosedLoop(tx, { organizationId: org.id, ownerId: owner, now }))).cases).toBe(0);
  });
});
