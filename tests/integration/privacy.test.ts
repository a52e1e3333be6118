/**
 * Consent and personal data (PIPL, issue 12): consent recorded with its wording, version, language and time; the
 * thank-you page promises contact only with consent; no reply to a customer who did not agree (the case is still
 * worked); contact details masked for roles that do not need them; contact page views and exports recorded in the
 * audit log.
 */
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTranslator } from "@/i18n/translate";
import type { Viewer } from "@/server/auth/session";
import { addCaseNote } from "@/server/cases/add-case-note";
import { caseActorFor, type CaseActor } from "@/server/cases/case-actor";
import { changeCaseStatus } from "@/server/cases/change-case-status";
import { getCase } from "@/server/cases/get-case";
import { sendCaseReply } from "@/server/cases/send-case-reply";
import { exportContact } from "@/server/contacts/export-contact";
import { listContacts } from "@/server/contacts/list-contacts";
import { viewContact } from "@/server/contacts/view-contact";
import { db } from "@/server/db";
import { createInvitation } from "@/server/distribution/create-invitation";
import { createSmtpTransport, type MailTransport } from "@/server/email/transport";
import { consentRecord } from "@/server/privacy/consent-record";
import { submitResponse } from "@/server/responses/submit-response";
import { createSurvey } from "@/server/surveys/create-survey";
import { viewerFor } from "./support/authoring";
import { SETTINGS, startSmtp } from "./distribution-support";
import { createOrganization, expectAppError } from "./support/fixtures";

// The export route reads the session and the request's language; outside a Next.js request both come from here.
const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/server/auth/session", async () => {
  const { AppError } = await import("@/lib/errors");
  const { hasRole } = await import("@/lib/roles");
  return {
    getViewer: () => Promise.resolve(session.viewer),
    requireUser: () => (session.viewer ? Promise.resolve(session.viewer) : Promise.reject(new AppError("unauthorized", "Sign in first."))),
    requireRole: (role: Viewer["role"]) => {
      const viewer = session.viewer;
      if (!viewer) return Promise.reject(new AppError("unauthorized", "Sign in first."));
      if (!hasRole(viewer.role, role)) return Promise.reject(new AppError("forbidden", "Role too low."));
      return Promise.resolve(viewer);
    },
  };
});
vi.mock("@/server/i18n/request-locale", async () => {
  const { createTranslator: translator } = await import("@/i18n/translate");
  return { getTranslator: () => Promise.resolve({ locale: "en", t: translator("en") }), getRequestLocale: () => Promise.resolve("en") };
});
const { GET: pageGet } = await import("@/app/s/[token]/route");
const { NextRequest } = await import("next/server");
const { GET: exportGet } = await import("@/app/(app)/dashboard/export/route");
const { GET: contactExportGet } = await import("@/app/(app)/contacts/[id]/export/route");

const en = createTranslator("en");
const BRAND = "Privacy Bank";

let organizationId: string;
let otherOrganizationId: string;
let surveyId: string;
const users: Record<"admin" | "manager" | "viewer" | "other", string> = { admin: "", manager: "", viewer: "", other: "" };
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let transport: MailTransport;

async function addUser(role: "ADMIN" | "MANAGER" | "VIEWER", org: string): Promise<string> {
  const user = await db.user.create({ data: { email: `${role.toLowerCase()}-${randomUUID()}@bank.example`, name: `User ${role}`, passwordHash: "x" } });
  await db.membership.create({ data: { organizationId: org, userId: user.id, role } });
  return user.id;
}

async function actor(key: keyof typeof users, org = organizationId): Promise<CaseActor> {
  const membership = await db.membership.findFirstOrThrow({ where: { userId: users[key], organizationId: org } });
  return caseActorFor({ organizationId: org, userId: users[key], role: membership.role });
}

async function detractor(options: { consent: boolean; locale?: "en" | "zh-CN" }) {
  const { invitation, contact } = await createInvitation({
    organizationId,
    surveyId,
    contact: {
      email: `zhang.${randomUUID().slice(0, 8)}@example.com`,
      name: "张伟",
      phone: "13812345678",
      locale: options.locale ?? "en",
      attributes: { region: "华东", customer_id: "C00012345" },
    },
  });
  const result = await submitResponse({
    token: invitation.token,
    input: { score: 2, comment: "Nobody called back", locale: options.locale ?? "en", ...(options.consent ? { consent: "on" } : {}) },
  });
  const c = await db.case.findUniqueOrThrow({ where: { organizationId_responseId: { organizationId, responseId: result.responseId } } });
  return { token: invitation.token, contact, responseId: result.responseId, caseId: c.id };
}

async function thanksPage(token: string): Promise<string> {
  const res = await pageGet(new NextRequest(`http://localhost:3000/s/${token}?done=1&lang=en`), { params: Promise.resolve({ token }) });
  return res.text();
}

async function auditRows(action: string, org = organizationId) {
  return db.auditEvent.findMany({ where: { organizationId: org, action }, orderBy: { at: "asc" } });
}

beforeAll(async () => {
  organizationId = (await createOrganization("Privacy")).id;
  otherOrganizationId = (await createOrganization("Privacy other")).id;
  users.admin = await addUser("ADMIN", organizationId);
  users.manager = await addUser("MANAGER", organizationId);
  users.viewer = await addUser("VIEWER", organizationId);
  users.other = await addUser("ADMIN", otherOrganizationId);
  await db.organization.update({ where: { id: organizationId }, data: { fallbackCaseOwnerId: users.manager } });
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: BRAND, defaultLocale: "en" } })).id;
  await db.attributeDefinition.createMany({
    data: [
      { organizationId, key: "region", labelZh: "区域", labelEn: "Region", role: "DIMENSION" },
      { organizationId, key: "customer_id", labelZh: "客户号", labelEn: "Customer id", role: "PERSONAL" },
    ],
    skipDuplicates: true,
  });
  smtp = await startSmtp();
  transport = createSmtpTransport(smtp.url, { maxConnections: 1 });
});

afterAll(async () => {
  transport?.close();
  await smtp?.close();
});

describe("consent to be contacted", () => {
  it("is recorded with the wording shown, its version, the language and the time; nothing without consent", async () => {
    const before = Date.now();
    const given = await detractor({ consent: true });
    const refused = await detractor({ consent: false });
    const [a, b] = await Promise.all([
      db.response.findUniqueOrThrow({ where: { organizationId_id: { organizationId, id: given.responseId } } }),
      db.response.findUniqueOrThrow({ where: { organizationId_id: { organizationId, id: refused.responseId } } }),
    ]);
    expect(a.contactConsent).toBe(true);
    expect(a.consentText).toBe(en("respond.consent", { brand: BRAND }));
    expect(a.consentLocale).toBe("en");
    expect(a.consentVersion).toMatch(/^respond\.consent@[0-9a-f]{12}$/);
    expect(a.consentVersion).toBe(consentRecord({ locale: "en", brand: BRAND, at: new Date() }).consentVersion);
    expect(a.consentAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(b.contactConsent).toBe(false);
    expect([b.consentText, b.consentVersion, b.consentLocale, b.consentAt]).toEqual([null, null, null, null]);
    // Each language's wording has its own version.
    expect(consentRecord({ locale: "zh-CN", brand: BRAND, at: new Date() }).consentVersion).not.toBe(a.consentVersion);
  });

  it("the detractor's thank-you promises a follow-up only with consent", async () => {
    const promise = en("respondent.thanks.DETRACTOR", { brand: BRAND });
    const noPromise = en("respond.thanks.DETRACTOR.noFollowUp", { brand: BRAND });
    const without = await thanksPage((await detractor({ consent: false })).token);
    expect(without).toContain(noPromise);
    expect(without).not.toContain(promise);
    const withConsent = await thanksPage((await detractor({ consent: true })).token);
    expect(withConsent).toContain(promise);
  });
});

describe("replying to the customer", () => {
  it("is refused by the server without consent — no mail, no event — while notes and status still work", async () => {
    const { caseId } = await detractor({ consent: false });
    const manager = await actor("manager");
    const detail = await getCase({ actor: manager, caseId, locale: "en" });
    expect(detail.response.canReply).toBe(false);
    const template = detail.templates.find((t) => t.locale === "en");
    if (!template) throw new Error("no template");
    const sent = smtp.received.length;
    const error = await expectAppError(
      sendCaseReply({ actor: manager, input: { caseId, templateId: template.id, locale: "en", subject: template.subject, body: template.body }, transport, settings: SETTINGS }),
      "forbidden",
    );
    expect(error.details).toEqual({ reason: "no_consent" });
    expect(smtp.received.length).toBe(sent);
    expect(await db.caseEvent.count({ where: { organizationId, caseId, kind: "REPLY_SENT" } })).toBe(0);
    await addCaseNote({ actor: manager, input: { caseId, body: "Called the branch instead." } });
    await changeCaseStatus({ actor: manager, input: { caseId, status: "CONTACTED" } });
    expect((await db.case.findUniqueOrThrow({ where: { organizationId_id: { organizationId, id: caseId } } })).status).toBe("CONTACTED");
  });

  it("goes out with consent, and the case page shows the consent as given", async () => {
    const { caseId, contact } = await detractor({ consent: true });
    const manager = await actor("manager");
    const detail = await getCase({ actor: manager, caseId, locale: "en" });
    expect(detail.response.canReply).toBe(true);
    expect(detail.response.consent?.text).toBe(en("respond.consent", { brand: BRAND }));
    expect(detail.response.consent?.locale).toBe("en");
    const sent = smtp.received.length;
    await sendCaseReply({ actor: manager, input: { caseId, locale: "en", subject: "About {brand}", body: "Dear {name}" }, transport, settings: SETTINGS });
    expect(smtp.received.length).toBe(sent + 1);
    const mail = smtp.received[sent];
    expect(mail?.to && "text" in mail.to ? mail.to.text : "").toContain(contact.email ?? "none");
  });
});

describe("the case page", () => {
  it("fills {brand} in the question text, in the page's language", async () => {
    const { caseId } = await detractor({ consent: false });
    const detail = await getCase({ actor: await actor("manager"), caseId, locale: "en" });
    expect(detail.response.answers.length).toBeGreaterThan(0);
    for (const answer of detail.response.answers) expect(answer.question).not.toContain("{brand}");
    expect(detail.response.answers.some((answer) => answer.question.includes(BRAND))).toBe(true);
    // In the page's language, with the survey's brand in that language.
    await db.survey.update({ where: { organizationId_id: { organizationId, id: surveyId } }, data: { brandNames: { "zh-CN": "隐私银行", en: BRAND } } });
    const zh = await getCase({ actor: await actor("manager"), caseId, locale: "zh-CN" });
    expect(zh.response.answers.some((answer) => answer.question.includes("隐私银行"))).toBe(true);
    for (const answer of zh.response.answers) expect(answer.question).not.toContain("{brand}");
    await db.survey.update({ where: { organizationId_id: { organizationId, id: surveyId } }, data: { brandNames: {} } });
  });

  it("masks the contact for a viewer, not for a manager, and not for a viewer who owns the case", async () => {
    const { caseId, contact } = await detractor({ consent: true });
    const managerView = await getCase({ actor: await actor("manager"), caseId, locale: "en" });
    expect(managerView.response.personalData).toBe("full");
    expect(managerView.response.contact).toEqual({ name: "张伟", email: contact.email, phone: "13812345678" });
    const viewerView = await getCase({ actor: await actor("viewer"), caseId, locale: "en" });
    expect(viewerView.response.personalData).toBe("masked");
    expect(viewerView.response.contact).toEqual({ name: "张*", email: "z***@example.com", phone: "138****5678" });
    await db.case.update({ where: { organizationId_id: { organizationId, id: caseId } }, data: { ownerId: users.viewer } });
    const ownerView = await getCase({ actor: await actor("viewer"), caseId, locale: "en" });
    expect(ownerView.response.contact?.email).toBe(contact.email);
  });
});

describe("contacts", () => {
  it("a viewer sees masked details and personal attributes, cannot search by them; a manager sees them", async () => {
    const { contact } = await detractor({ consent: false });
    const viewerList = await listContacts({ organizationId, personalData: "masked", take: 500 });
    const masked = viewerList.contacts.find((c) => c.id === contact.id);
    expect(masked?.email).toBe("z***@example.com");
    expect(masked?.phone).toBe("138****5678");
    expect(masked?.attributes).toEqual({ region: "华东", customer_id: "C******5" });
    expect(JSON.stringify(viewerList)).not.toContain(contact.email ?? "none");
    // A search by email would tell who holds it: the masked view ignores it.
    const searched = await listContacts({ organizationId, personalData: "masked", q: contact.email ?? "" });
    expect(searched.total).toBe(viewerList.total);
    const full = await listContacts({ organizationId, q: contact.email ?? "" });
    expect(full.contacts.map((c) => c.email)).toEqual([contact.email]);
    expect(full.contacts[0]?.attributes).toEqual({ region: "华东", customer_id: "C00012345" });
  });

  it("every contact page view is recorded (who, when, which, masked or not, from where); another tenant's is not_found and unrecorded", async () => {
    const { contact } = await detractor({ consent: false });
    const before = (await auditRows("contact.view")).length;
    const asViewer = await viewContact({ actor: { organizationId, userId: users.viewer, role: "VIEWER" }, contactId: contact.id, ip: "203.0.113.7" });
    expect(asViewer.contact.email).toBe("z***@example.com");
    expect(asViewer.contact.attributes).toEqual({ region: "华东", customer_id: "C******5" });
    const asAdmin = await viewContact({ actor: { organizationId, userId: users.admin, role: "ADMIN" }, contactId: contact.id, ip: null });
    expect(asAdmin.contact.email).toBe(contact.email);
    const rows = (await auditRows("contact.view")).slice(before);
    expect(rows.map((r) => [r.actorId, r.targetType, r.targetId, r.ip, (r.details as { personalData?: string }).personalData])).toEqual([
      [users.viewer, "Contact", contact.id, "203.0.113.7", "masked"],
      [users.admin, "Contact", contact.id, null, "full"],
    ]);
    await expectAppError(viewContact({ actor: { organizationId: otherOrganizationId, userId: users.other, role: "ADMIN" }, contactId: contact.id }), "not_found");
    expect(await db.auditEvent.count({ where: { organizationId: otherOrganizationId } })).toBe(0);
  });

  it("the contact's data export is recorded", async () => {
    const { contact } = await detractor({ consent: false });
    session.viewer = viewerFor(organizationId, users.admin, "ADMIN");
    const res = await contactExportGet(new Request(`http://localhost:3000/contacts/${contact.id}/export`, { headers: { "x-forwarded-for": "198.51.100.4" } }), {
      params: Promise.resolve({ id: contact.id }),
    });
    expect(res.status).toBe(200);
    const rows = await db.auditEvent.findMany({ where: { organizationId, action: "contact.export", targetId: contact.id } });
    expect(rows.map((r) => [r.actorId, r.ip])).toEqual([[users.admin, "198.51.100.4"]]);
    expect(await exportContact({ actor: { organizationId, userId: users.admin, role: "ADMIN" }, contactId: contact.id }).then((d) => d.contact.email)).toBe(contact.email);
  });
});

describe("exports", () => {
  it("an export of responses is recorded with its filter; a manager's holds the emails", async () => {
    const { contact } = await detractor({ consent: false });
    session.viewer = viewerFor(organizationId, users.manager, "MANAGER");
    const before = (await auditRows("responses.export")).length;
    const res = await exportGet(new NextRequest(`http://localhost:3000/dashboard/export?format=csv&range=30d`, { headers: { "x-forwarded-for": "192.0.2.10" } }));
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv).toContain(contact.email ?? "none");
    const rows = (await auditRows("responses.export")).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.actorId).toBe(users.manager);
    expect(rows[0]?.ip).toBe("192.0.2.10");
    expect(rows[0]?.details).toMatchObject({ format: "csv", personalData: "full", query: "format=csv&range=30d" });
  });

  it("a masked export masks emails and personal attributes, and keeps scores and dimensions", async () => {
    const { contact } = await detractor({ consent: false });
    const { exportResponses } = await import("@/server/analytics/export-responses");
    const { resolveFilter } = await import("@/server/analytics/filter");
    const { readAnalyticsParams } = await import("@/schemas/analytics");
    const query = readAnalyticsParams(new URLSearchParams("range=30d"));
    if (!query.success) throw new Error("bad query");
    const filter = resolveFilter(query.data, { organizationId, timeZone: "Asia/Shanghai", unitIds: null });
    const stream = await exportResponses({ filter, format: "csv", locale: "en", personalData: "masked" });
    const text = await new Response(stream).text();
    expect(text).not.toContain(contact.email ?? "none");
    expect(text).not.toContain("C00012345");
    const rows = parse(text.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    const emails = rows.map((row) => row[en("export.column.contactEmail")]);
    expect(emails).toContain("z***@example.com");
    expect(rows.every((row) => row.Region === "华东")).toBe(true);
    expect(rows.every((row) => row["Customer id"] === "C******5")).toBe(true);
  });
});
