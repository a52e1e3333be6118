import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { RoleName } from "@/lib/roles";
import type { CaseSettingsActor } from "@/server/cases/case-settings-actor";
import { deleteCaseRule } from "@/server/cases/delete-case-rule";
import { deleteReplyTemplate } from "@/server/cases/delete-reply-template";
import { deleteRootCause } from "@/server/cases/delete-root-cause";
import { getCaseSettings } from "@/server/cases/get-case-settings";
import { moveCaseRule } from "@/server/cases/move-case-rule";
import { saveCaseRule } from "@/server/cases/save-case-rule";
import { saveReplyTemplate } from "@/server/cases/save-reply-template";
import { saveRootCause } from "@/server/cases/save-root-cause";
import { setCaseRuleActive } from "@/server/cases/set-case-rule-active";
import { setRootCauseActive } from "@/server/cases/set-root-cause-active";
import { updateCaseSettings } from "@/server/cases/update-case-settings";
import { db } from "@/server/db";
import { createInvitation } from "@/server/distribution/create-invitation";
import { submitResponse } from "@/server/responses/submit-response";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization, expectAppError } from "./support/fixtures";

let organizationId: string;
let otherOrgId: string;
let surveyId: string;
let transactionalId: string;
let branchId: string;
let otherUnitId: string;
const users: Record<string, string> = {};

async function addUser(key: string, role: RoleName, org: string) {
  const user = await db.user.create({ data: { email: `${key}-${randomUUID()}@settings.example`, name: `User ${key}`, passwordHash: "x" } });
  await db.membership.create({ data: { organizationId: org, userId: user.id, role } });
  users[key] = user.id;
  return user.id;
}

function uid(key: string): string {
  const id = users[key];
  if (!id) throw new Error(`no user ${key}`);
  return id;
}

function as(key: string, role: RoleName, org = organizationId): CaseSettingsActor {
  return { organizationId: org, userId: uid(key), role };
}

const admin = () => as("admin", "ADMIN");
const owner = () => as("owner", "OWNER");

async function answer(options: { score: number; survey?: string; attributes?: Record<string, string> }) {
  const { invitation } = await createInvitation({
    organizationId,
    surveyId: options.survey ?? surveyId,
    contact: { email: `c-${randomUUID()}@example.com`, name: "王芳", attributes: options.attributes },
  });
  const result = await submitResponse({ token: invitation.token, input: { score: options.score } });
  const response = await db.response.findFirstOrThrow({ where: { id: result.responseId }, select: { createdAt: true } });
  const c = await db.case.findUnique({ where: { organizationId_responseId: { organizationId, responseId: result.responseId } } });
  return { responseId: result.responseId, createdAt: response.createdAt, case: c };
}

const rule = (overrides: Record<string, unknown> = {}) => ({
  name: "Rule",
  match: { categories: ["DETRACTOR"] },
  ownerId: null,
  ownerUnitId: null,
  priority: "NORMAL",
  active: true,
  ...overrides,
});

async function ruleOrder(org = organizationId) {
  const rules = await db.caseRule.findMany({ where: { organizationId: org }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { name: true, position: true } });
  return rules.map((r) => `${r.position}:${r.name}`);
}

beforeAll(async () => {
  organizationId = (await createOrganization("Case Settings Bank")).id;
  otherOrgId = (await createOrganization("Other Settings Bank")).id;
  await addUser("owner", "OWNER", organizationId);
  await addUser("admin", "ADMIN", organizationId);
  await addUser("manager", "MANAGER", organizationId);
  await addUser("viewer", "VIEWER", organizationId);
  await addUser("vipDesk", "MANAGER", organizationId);
  await addUser("branchMgr", "MANAGER", organizationId);
  await addUser("stranger", "ADMIN", otherOrgId);
  await addUser("strangerMgr", "MANAGER", otherOrgId);
  branchId = (await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "BJ-1", name: "北京一支行", managerId: uid("branchMgr") } })).id;
  otherUnitId = (await db.orgUnit.create({ data: { organizationId: otherOrgId, kind: "BRANCH", code: "BJ-1", name: "别家支行", managerId: uid("strangerMgr") } })).id;
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "演示银行" } })).id;
  transactionalId = (await createSurvey({ organizationId, userId: null, input: { name: "Opening", brandName: "Demo Bank", kind: "TRANSACTIONAL", touchpoint: "开户" } })).id;
});

describe("role checks", () => {
  it("refuses every read and write below ADMIN, and the OWNER may", async () => {
    for (const [key, role] of [
      ["manager", "MANAGER"],
      ["viewer", "VIEWER"],
    ] as const) {
      const actor = as(key, role);
      await expectAppError(getCaseSettings({ actor }), "forbidden");
      await expectAppError(updateCaseSettings({ actor, input: { slaHours: { URGENT: 1, HIGH: 2, NORMAL: 3, LOW: 4 }, fallbackOwnerId: null } }), "forbidden");
      await expectAppError(saveCaseRule({ actor, input: rule() }), "forbidden");
      await expectAppError(moveCaseRule({ actor, input: { id: randomUUID(), direction: "up" } }), "forbidden");
      await expectAppError(setCaseRuleActive({ actor, input: { id: randomUUID(), active: "false" } }), "forbidden");
      await expectAppError(deleteCaseRule({ actor, input: { id: randomUUID() } }), "forbidden");
      await expectAppError(saveRootCause({ actor, input: { key: "x", labelZh: "x", labelEn: "x" } }), "forbidden");
      await expectAppError(setRootCauseActive({ actor, input: { id: randomUUID(), active: "false" } }), "forbidden");
      await expectAppError(deleteRootCause({ actor, input: { id: randomUUID() } }), "forbidden");
      await expectAppError(saveReplyTemplate({ actor, input: { locale: "en", name: "x", subject: "x", body: "x" } }), "forbidden");
      await expectAppError(deleteReplyTemplate({ actor, input: { id: randomUUID() } }), "forbidden");
    }
    expect(await db.caseRule.count({ where: { organizationId } })).toBe(0);
    expect(await db.rootCause.count({ where: { organizationId, key: "x" } })).toBe(0);
    const settings = await getCaseSettings({ actor: owner() });
    expect(settings.slaHours).toEqual({ URGENT: 4, HIGH: 24, NORMAL: 72, LOW: 168 });
    // Defaults are seeded on first read: six root causes, a template per language.
    expect(settings.rootCauses.map((c) => c.key)).toContain("long_wait");
    expect(settings.templates.map((t) => t.locale).sort()).toEqual(["en", "zh-CN"]);
    expect(settings.members.map((m) => m.userId)).toContain(uid("vipDesk"));
    expect(settings.members.map((m) => m.userId)).not.toContain(uid("stranger"));
    expect(settings.units.map((u) => u.id)).toEqual([branchId]);
  });
});

describe("SLA and fallback owner", () => {
  it("saves hours per priority and a member as fallback owner; another organisation's user is refused", async () => {
    await updateCaseSettings({ actor: admin(), input: { slaHours: { URGENT: 2, HIGH: 12, NORMAL: 36, LOW: 100 }, fallbackOwnerId: uid("manager") } });
    const org = await db.organization.findUniqueOrThrow({ where: { id: organizationId } });
    expect(org.caseSlaHours).toEqual({ URGENT: 2, HIGH: 12, NORMAL: 36, LOW: 100 });
    expect(org.fallbackCaseOwnerId).toBe(uid("manager"));

    const error = await expectAppError(
      updateCaseSettings({ actor: admin(), input: { slaHours: { URGENT: 2, HIGH: 12, NORMAL: 36, LOW: 100 }, fallbackOwnerId: uid("stranger") } }),
      "validation_failed",
    );
    expect(error.details).toEqual({ fields: ["fallbackOwnerId"] });
    const bad = await expectAppError(updateCaseSettings({ actor: admin(), input: { slaHours: { URGENT: 0, HIGH: 12, NORMAL: 36, LOW: 9000 }, fallbackOwnerId: "" } }), "validation_failed");
    expect((bad.details as { fields: string[] }).fields.sort()).toEqual(["slaHours.LOW", "slaHours.URGENT"]);
    expect((await db.organization.findUniqueOrThrow({ where: { id: organizationId } })).fallbackCaseOwnerId).toBe(uid("manager"));
    // The other organisation is untouched.
    expect((await db.organization.findUniqueOrThrow({ where: { id: otherOrgId } })).caseSlaHours).toEqual({ URGENT: 4, HIGH: 24, NORMAL: 72, LOW: 168 });

    await updateCaseSettings({ actor: owner(), input: { slaHours: { URGENT: 2, HIGH: 12, NORMAL: 36, LOW: 100 }, fallbackOwnerId: "" } });
    expect((await db.organization.findUniqueOrThrow({ where: { id: organizationId } })).fallbackCaseOwnerId).toBeNull();
    await updateCaseSettings({ actor: owner(), input: { slaHours: { URGENT: 2, HIGH: 12, NORMAL: 36, LOW: 100 }, fallbackOwnerId: uid("manager") } });
  });
});

describe("assignment rules", () => {
  it("adds rules at the end; refuses owners and units of another organisation, both at once, and rules without conditions", async () => {
    const a = await saveCaseRule({ actor: admin(), input: rule({ name: "A", ownerId: uid("vipDesk") }) });
    const b = await saveCaseRule({ actor: admin(), input: rule({ name: "B", ownerUnitId: branchId }) });
    const c = await saveCaseRule({ actor: admin(), input: rule({ name: "C" }) });
    expect([a.position, b.position, c.position]).toEqual([0, 1, 2]);

    const foreignUser = await expectAppError(saveCaseRule({ actor: admin(), input: rule({ name: "X", ownerId: uid("stranger") }) }), "validation_failed");
    expect(foreignUser.details).toEqual({ fields: ["ownerId"] });
    const foreignUnit = await expectAppError(saveCaseRule({ actor: admin(), input: rule({ name: "X", ownerUnitId: otherUnitId }) }), "validation_failed");
    expect(foreignUnit.details).toEqual({ fields: ["ownerUnitId"] });
    await expectAppError(saveCaseRule({ actor: admin(), input: rule({ name: "X", ownerId: uid("vipDesk"), ownerUnitId: branchId }) }), "validation_failed");
    const empty = await expectAppError(saveCaseRule({ actor: admin(), input: rule({ name: "X", match: {} }) }), "validation_failed");
    expect(empty.details).toEqual({ fields: ["match"] });
    await expectAppError(saveCaseRule({ actor: admin(), input: rule({ name: "X", match: { maxScore: 11 } }) }), "validation_failed");
    // Another organisation's admin cannot edit this organisation's rule, nor see it.
    await expectAppError(saveCaseRule({ actor: as("stranger", "ADMIN", otherOrgId), input: rule({ id: a.id, name: "hijacked" }) }), "not_found");
    await expectAppError(moveCaseRule({ actor: as("stranger", "ADMIN", otherOrgId), input: { id: a.id, direction: "down" } }), "not_found");
    await expectAppError(setCaseRuleActive({ actor: as("stranger", "ADMIN", otherOrgId), input: { id: a.id, active: "false" } }), "not_found");
    await expectAppError(deleteCaseRule({ actor: as("stranger", "ADMIN", otherOrgId), input: { id: a.id } }), "not_found");
    expect(await ruleOrder()).toEqual(["0:A", "1:B", "2:C"]);
    expect((await getCaseSettings({ actor: as("stranger", "ADMIN", otherOrgId) })).rules).toEqual([]);
  });

  it("moves a rule up and down and renumbers; the ends stay put", async () => {
    const ids = Object.fromEntries((await db.caseRule.findMany({ where: { organizationId }, select: { id: true, name: true } })).map((r) => [r.name, r.id]));
    await moveCaseRule({ actor: admin(), input: { id: ids.C, direction: "up" } });
    expect(await ruleOrder()).toEqual(["0:A", "1:C", "2:B"]);
    await moveCaseRule({ actor: admin(), input: { id: ids.C, direction: "up" } });
    expect(await ruleOrder()).toEqual(["0:C", "1:A", "2:B"]);
    await moveCaseRule({ actor: admin(), input: { id: ids.C, direction: "up" } });
    expect(await ruleOrder()).toEqual(["0:C", "1:A", "2:B"]);
    await moveCaseRule({ actor: admin(), input: { id: ids.B, direction: "down" } });
    expect(await ruleOrder()).toEqual(["0:C", "1:A", "2:B"]);
    await moveCaseRule({ actor: admin(), input: { id: ids.A, direction: "down" } });
    expect(await ruleOrder()).toEqual(["0:C", "1:B", "2:A"]);
    // Ties and gaps left by older data are renumbered on the next move.
    await db.caseRule.updateMany({ where: { organizationId }, data: { position: 5 } });
    const tied = (await db.caseRule.findMany({ where: { organizationId }, orderBy: { id: "asc" }, select: { id: true } })).map((r) => r.id);
    await moveCaseRule({ actor: admin(), input: { id: tied[2] ?? "", direction: "up" } });
    const after = await db.caseRule.findMany({ where: { organizationId }, orderBy: { position: "asc" }, select: { id: true, position: true } });
    expect(after.map((r) => r.position)).toEqual([0, 1, 2]);
    expect(after.map((r) => r.id)).toEqual([tied[0], tied[2], tied[1]]);
  });

  it("deletes an unused rule and closes the gap; deactivates and reactivates", async () => {
    const ids = Object.fromEntries((await db.caseRule.findMany({ where: { organizationId }, select: { id: true, name: true } })).map((r) => [r.name, r.id]));
    await setCaseRuleActive({ actor: admin(), input: { id: ids.B, active: "false" } });
    expect((await db.caseRule.findFirstOrThrow({ where: { id: ids.B } })).active).toBe(false);
    await setCaseRuleActive({ actor: admin(), input: { id: ids.B, active: "true" } });
    expect((await db.caseRule.findFirstOrThrow({ where: { id: ids.B } })).active).toBe(true);
    for (const id of Object.values(ids)) await deleteCaseRule({ actor: admin(), input: { id } });
    expect(await db.caseRule.count({ where: { organizationId } })).toBe(0);
  });

  it("a saved rule is then used by the case opener: owner, priority and due date from the settings", async () => {
    const vip = await saveCaseRule({
      actor: admin(),
      input: rule({ name: "VIP detractors", match: { categories: ["DETRACTOR"], maxScore: 4, attributes: { tier: ["vip"] } }, ownerId: uid("vipDesk"), priority: "URGENT" }),
    });
    await saveCaseRule({ actor: admin(), input: rule({ name: "Account opening", match: { touchpoints: ["开户"] }, ownerUnitId: branchId, priority: "HIGH" }) });

    const angryVip = await answer({ score: 2, attributes: { tier: "vip" } });
    expect(angryVip.case?.ruleId).toBe(vip.id);
    expect(angryVip.case?.ownerId).toBe(uid("vipDesk"));
    expect(angryVip.case?.priority).toBe("URGENT");
    expect(angryVip.case?.dueAt.getTime()).toBe(angryVip.createdAt.getTime() + 2 * 3_600_000);

    // A passive at a touchpoint: the second rule, the manager of its unit, HIGH = 12 h.
    const opening = await answer({ score: 7, survey: transactionalId });
    expect(opening.case?.ownerId).toBe(uid("branchMgr"));
    expect(opening.case?.priority).toBe("HIGH");
    expect(opening.case?.dueAt.getTime()).toBe(opening.createdAt.getTime() + 12 * 3_600_000);

    // No rule: a detractor goes to the fallback owner with the NORMAL SLA, changed in the settings.
    await updateCaseSettings({ actor: admin(), input: { slaHours: { URGENT: 2, HIGH: 12, NORMAL: 50, LOW: 100 }, fallbackOwnerId: uid("manager") } });
    const plain = await answer({ score: 5, attributes: { tier: "standard" } });
    expect(plain.case?.ruleId).toBeNull();
    expect(plain.case?.ownerId).toBe(uid("manager"));
    expect(plain.case?.dueAt.getTime()).toBe(plain.createdAt.getTime() + 50 * 3_600_000);

    // Editing the rule (lower priority, another owner) changes what the next response gets.
    await saveCaseRule({
      actor: admin(),
      input: rule({ id: vip.id, name: "VIP detractors", match: { categories: ["DETRACTOR"], attributes: { tier: ["vip"] } }, ownerId: uid("owner"), priority: "LOW" }),
    });
    const next = await answer({ score: 6, attributes: { tier: "vip" } });
    expect(next.case?.ownerId).toBe(uid("owner"));
    expect(next.case?.priority).toBe("LOW");
    expect(next.case?.dueAt.getTime()).toBe(next.createdAt.getTime() + 100 * 3_600_000);

    // Deactivated: the rule is skipped.
    await setCaseRuleActive({ actor: admin(), input: { id: vip.id, active: "false" } });
    const skipped = await answer({ score: 1, attributes: { tier: "vip" } });
    expect(skipped.case?.ruleId).toBeNull();
    expect(skipped.case?.ownerId).toBe(uid("manager"));

    // Moving the touchpoint rule first makes it win for a VIP detractor at that touchpoint.
    await setCaseRuleActive({ actor: admin(), input: { id: vip.id, active: "true" } });
    const both = await answer({ score: 1, survey: transactionalId, attributes: { tier: "vip" } });
    expect(both.case?.ownerId).toBe(uid("owner"));
    const opener = await db.caseRule.findFirstOrThrow({ where: { organizationId, name: "Account opening" } });
    await moveCaseRule({ actor: admin(), input: { id: opener.id, direction: "up" } });
    const bothAgain = await answer({ score: 1, survey: transactionalId, attributes: { tier: "vip" } });
    expect(bothAgain.case?.ruleId).toBe(opener.id);
    expect(bothAgain.case?.ownerId).toBe(uid("branchMgr"));
  });

  it("a rule that assigned cases cannot be deleted (409), and an edit keeps the conditions the form does not show", async () => {
    const vip = await db.caseRule.findFirstOrThrow({ where: { organizationId, name: "VIP detractors" } });
    await expectAppError(deleteCaseRule({ actor: admin(), input: { id: vip.id } }), "conflict");
    await db.caseRule.updateMany({ where: { id: vip.id }, data: { match: { categories: ["DETRACTOR"], unitCodes: ["BJ-1"], minScore: 1 } } });
    await saveCaseRule({ actor: admin(), input: rule({ id: vip.id, name: "VIP detractors", match: { categories: ["PASSIVE"] }, priority: "HIGH" }) });
    expect((await db.caseRule.findFirstOrThrow({ where: { id: vip.id } })).match).toEqual({ categories: ["PASSIVE"], unitCodes: ["BJ-1"], minScore: 1 });
    const listed = (await getCaseSettings({ actor: admin() })).rules.find((r) => r.id === vip.id);
    expect(listed?.caseCount).toBeGreaterThan(0);
  });
});

describe("root causes", () => {
  it("adds one with both names; a duplicate key is a 409 naming the key, also against a default", async () => {
    const created = await saveRootCause({ actor: admin(), input: { key: "card_blocked", labelZh: "卡片被锁", labelEn: "Card blocked" } });
    const row = await db.rootCause.findFirstOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ organizationId, key: "card_blocked", label: { "zh-CN": "卡片被锁", en: "Card blocked" }, active: true });
    const dup = await expectAppError(saveRootCause({ actor: admin(), input: { key: "card_blocked", labelZh: "重复", labelEn: "Dup" } }), "conflict");
    expect(dup.details).toEqual({ fields: ["key"] });
    await expectAppError(saveRootCause({ actor: admin(), input: { key: "long_wait", labelZh: "重复", labelEn: "Dup" } }), "conflict");
    await expectAppError(saveRootCause({ actor: admin(), input: { key: "Card Blocked", labelZh: "x", labelEn: "x" } }), "validation_failed");
    // The same key in another organisation is fine.
    await saveRootCause({ actor: as("stranger", "ADMIN", otherOrgId), input: { key: "card_blocked", labelZh: "卡被锁", labelEn: "Blocked" } });
    expect(await db.rootCause.count({ where: { key: "card_blocked", organizationId: { in: [organizationId, otherOrgId] } } })).toBe(2);
  });

  it("renames (key kept), deactivates and reactivates; another organisation's admin gets 404", async () => {
    const cause = await db.rootCause.findFirstOrThrow({ where: { organizationId, key: "card_blocked" } });
    await saveRootCause({ actor: admin(), input: { id: cause.id, labelZh: "银行卡被冻结", labelEn: "Card frozen" } });
    expect(await db.rootCause.findFirstOrThrow({ where: { id: cause.id } })).toMatchObject({ key: "card_blocked", label: { "zh-CN": "银行卡被冻结", en: "Card frozen" } });
    await setRootCauseActive({ actor: admin(), input: { id: cause.id, active: "false" } });
    expect((await db.rootCause.findFirstOrThrow({ where: { id: cause.id } })).active).toBe(false);
    await setRootCauseActive({ actor: admin(), input: { id: cause.id, active: "true" } });
    expect((await db.rootCause.findFirstOrThrow({ where: { id: cause.id } })).active).toBe(true);
    const stranger = as("stranger", "ADMIN", otherOrgId);
    await expectAppError(saveRootCause({ actor: stranger, input: { id: cause.id, labelZh: "x", labelEn: "x" } }), "not_found");
    await expectAppError(setRootCauseActive({ actor: stranger, input: { id: cause.id, active: "false" } }), "not_found");
    await expectAppError(deleteRootCause({ actor: stranger, input: { id: cause.id } }), "not_found");
    expect((await db.rootCause.findFirstOrThrow({ where: { id: cause.id } })).label).toEqual({ "zh-CN": "银行卡被冻结", en: "Card frozen" });
  });

  it("deletes an unused root cause; one used by a case is refused (409) and stays", async () => {
    const used = await db.rootCause.findFirstOrThrow({ where: { organizationId, key: "card_blocked" } });
    const c = await db.case.findFirstOrThrow({ where: { organizationId } });
    await db.case.updateMany({ where: { id: c.id }, data: { rootCauseId: used.id } });
    await expectAppError(deleteRootCause({ actor: admin(), input: { id: used.id } }), "conflict");
    expect(await db.rootCause.count({ where: { id: used.id } })).toBe(1);
    const unused = await saveRootCause({ actor: admin(), input: { key: "typo_cause", labelZh: "错误", labelEn: "Mistake" } });
    await deleteRootCause({ actor: admin(), input: { id: unused.id } });
    expect(await db.rootCause.count({ where: { id: unused.id } })).toBe(0);
  });
});

describe("reply templates", () => {
  it("adds and edits templates; unknown placeholders are refused", async () => {
    const created = await saveReplyTemplate({ actor: admin(), input: { locale: "en", name: "Apology", subject: "Sorry, {name}", body: "Dear {name},\n\n{brand} apologises." } });
    expect(await db.replyTemplate.findFirstOrThrow({ where: { id: created.id } })).toMatchObject({ organizationId, locale: "en", name: "Apology" });
    const bad = await expectAppError(saveReplyTemplate({ actor: admin(), input: { locale: "en", name: "Bad", subject: "Hi", body: "Dear {customer}" } }), "validation_failed");
    expect(bad.details).toEqual({ fields: ["body"] });
    await saveReplyTemplate({ actor: admin(), input: { id: created.id, locale: "en", name: "Apology v2", subject: "Sorry", body: "{brand} is sorry." } });
    expect(await db.replyTemplate.findFirstOrThrow({ where: { id: created.id } })).toMatchObject({ name: "Apology v2", subject: "Sorry", body: "{brand} is sorry." });
    await expectAppError(saveReplyTemplate({ actor: as("stranger", "ADMIN", otherOrgId), input: { id: created.id, locale: "en", name: "x", subject: "x", body: "x" } }), "not_found");
    await expectAppError(deleteReplyTemplate({ actor: as("stranger", "ADMIN", otherOrgId), input: { id: created.id } }), "not_found");
  });

  it("keeps at least one template per language: the last one can be neither deleted nor moved to the other language", async () => {
    const zh = await db.replyTemplate.findMany({ where: { organizationId, locale: "zh-CN" } });
    expect(zh).toHaveLength(1);
    const last = zh[0];
    if (!last) throw new Error("no zh-CN template");
    const refused = await expectAppError(deleteReplyTemplate({ actor: admin(), input: { id: last.id } }), "conflict");
    expect(refused.details).toMatchObject({ reason: "last_template" });
    await expectAppError(saveReplyTemplate({ actor: admin(), input: { id: last.id, locale: "en", name: last.name, subject: last.subject, body: last.body } }), "conflict");
    expect(await db.replyTemplate.count({ where: { organizationId, locale: "zh-CN" } })).toBe(1);

    const en = await db.replyTemplate.findMany({ where: { organizationId, locale: "en" }, orderBy: { createdAt: "asc" } });
    expect(en.length).toBe(2);
    await deleteReplyTemplate({ actor: admin(), input: { id: en[0]?.id } });
    await expectAppError(deleteReplyTemplate({ actor: admin(), input: { id: en[1]?.id } }), "conflict");
    expect(await db.replyTemplate.count({ where: { organizationId, locale: "en" } })).toBe(1);
  });
});
