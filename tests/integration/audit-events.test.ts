/**
 * Issue 16: the security- and data-relevant actions land in the audit log, chained (verify passes): sign-in success
 * and failure (password), API key created / revoked, survey published / closed, contact erased, case settings
 * changed (before → after). Other tenants' logs stay empty.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyOrganizationAuditChain } from "@/server/audit/verify-audit-chain";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { revokeApiKey } from "@/server/api-keys/revoke-api-key";
import { hashPassword } from "@/server/auth/password";
import { signInWithPassword } from "@/server/auth/sign-in";
import { updateCaseSettings } from "@/server/cases/update-case-settings";
import { eraseContact } from "@/server/contacts/erase-contact";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { setSurveyStatus } from "@/server/surveys/set-survey-status";
import { createOrganization } from "./support/fixtures";

const PASSWORD = "audit-events-Password-42";
let org: string;
let other: string;
let adminId: string;
let adminEmail: string;

async function events(action: string) {
  return db.auditEvent.findMany({ where: { organizationId: org, action }, orderBy: { seq: "asc" } });
}

describe("audit events", () => {
  beforeAll(async () => {
    org = (await createOrganization("Audit Events")).id;
    other = (await createOrganization("Audit Events Other")).id;
    adminEmail = `admin-${randomUUID()}@audit.example`;
    const user = await db.user.create({ data: { email: adminEmail, name: "Admin", passwordHash: await hashPassword(PASSWORD) } });
    adminId = user.id;
    await db.membership.create({ data: { organizationId: org, userId: adminId, role: "ADMIN" } });
  });

  it("records password sign-in success and failure with the address", async () => {
    const address = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    expect((await signInWithPassword({ email: adminEmail, password: "wrong-password", address })).ok).toBe(false);
    expect((await signInWithPassword({ email: adminEmail, password: PASSWORD, address })).ok).toBe(true);
    const failed = await events("auth.sign_in_failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ actorId: adminId, targetType: "User", targetId: adminId, ip: address, details: { method: "password", outcome: "wrong_password" } });
    const ok = await events("auth.sign_in");
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ actorId: adminId, ip: address });
    // Unknown accounts have no organisation: nothing in any audit log.
    await signInWithPassword({ email: `nobody-${randomUUID()}@audit.example`, password: "x", address });
    expect(await db.auditEvent.count({ where: { organizationId: other } })).toBe(0);
  });

  it("records API keys created and revoked (once), without the key", async () => {
    const actor = { organizationId: org, userId: adminId, role: "ADMIN" as const };
    const { key, apiKey } = await createApiKey({ actor, input: { name: "CRM" } });
    await revokeApiKey({ actor, apiKeyId: apiKey.id });
    await revokeApiKey({ actor, apiKeyId: apiKey.id });
    const created = await events("api_key.create");
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actorId: adminId, targetType: "ApiKey", targetId: apiKey.id, details: { name: "CRM", prefix: apiKey.prefix } });
    expect(JSON.stringify(created[0]?.details)).not.toContain(key);
    expect(await events("api_key.revoke")).toHaveLength(1);
  });

  it("records a survey published and closed", async () => {
    const survey = await createSurvey({ organizationId: org, userId: adminId, draft: true, input: { name: "Audited", brandName: "Bank", defaultLocale: "en" } });
    await setSurveyStatus({ organizationId: org, surveyId: survey.id, userId: adminId, transition: "publish" });
    await setSurveyStatus({ organizationId: org, surveyId: survey.id, userId: adminId, transition: "close" });
    expect(await events("survey.publish")).toMatchObject([{ targetId: survey.id, details: { before: "DRAFT", after: "ACTIVE" } }]);
    expect(await events("survey.close")).toMatchObject([{ targetId: survey.id, details: { before: "ACTIVE", after: "CLOSED" } }]);
  });

  it("records a contact erased", async () => {
    const contact = await db.contact.create({ data: { organizationId: org, email: `c-${randomUUID()}@x.example`, name: "Zhang" } });
    await eraseContact({ actor: { organizationId: org, userId: adminId, role: "ADMIN" }, contactId: contact.id });
    expect(await events("contact.erase")).toMatchObject([{ actorId: adminId, targetType: "Contact", targetId: contact.id }]);
  });

  it("records settings changed with before and after", async () => {
    await updateCaseSettings({
      actor: { organizationId: org, userId: adminId, role: "ADMIN" },
      input: { slaHours: { URGENT: 2, HIGH: 24, NORMAL: 72, LOW: 168 }, fallbackOwnerId: null },
    });
    const changed = await events("settings.change");
    expect(changed).toHaveLength(1);
    expect(changed[0]?.details).toMatchObject({ section: "cases", before: { slaHours: { URGENT: 4 } }, after: { slaHours: { URGENT: 2 } } });
  });

  it("keeps the chain verifiable across all of them", async () => {
    const report = await verifyOrganizationAuditChain(org);
    expect(report.ok).toBe(true);
    expect(report.checked).toBeGreaterThanOrEqual(8);
  });
});
