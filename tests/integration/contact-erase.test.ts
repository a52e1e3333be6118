import { beforeAll, describe, expect, it } from "vitest";
import { getNpsSummary } from "@/server/analytics/get-nps-summary";
import type { ContactActor } from "@/server/contacts/actor";
import { eraseContact } from "@/server/contacts/erase-contact";
import { exportContact } from "@/server/contacts/export-contact";
import { getContact } from "@/server/contacts/get-contact";
import { listContacts } from "@/server/contacts/list-contacts";
import { db } from "@/server/db";
import { createInvitation } from "@/server/distribution/create-invitation";
import { submitResponse } from "@/server/responses/submit-response";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization, expectAppError } from "./support/fixtures";

let admin: ContactActor;
let other: ContactActor;
let surveyId: string;

beforeAll(async () => {
  const org = await createOrganization("Erase Insurance");
  const second = await createOrganization("Erase Other");
  admin = { organizationId: org.id, userId: null, role: "ADMIN" };
  other = { organizationId: second.id, userId: null, role: "OWNER" };
  surveyId = (await createSurvey({ organizationId: org.id, userId: null, input: { name: "Claims", brandName: "Safe Insurance" } })).id;
});

/** A contact who was invited twice and answered both times (score + comment). */
async function answeredContact(email: string, scores: [number, number]) {
  let contactId = "";
  for (const [index, score] of scores.entries()) {
    const { invitation, contact } = await createInvitation({
      organizationId: admin.organizationId,
      surveyId,
      contact: { email, name: "欧阳娜娜", phone: "13800000000", externalId: `CRM-${email}`, locale: "zh-CN", attributes: { region: "华东", tier: "金卡" } },
    });
    contactId = contact.id;
    await submitResponse({ token: invitation.token, input: { score, comment: `我是欧阳娜娜，电话 13800000000（第 ${index + 1} 次）` } });
  }
  return contactId;
}

describe("contact page data", () => {
  it("shows the contact with their invitations and responses (scores with category)", async () => {
    const id = await answeredContact("page@example.com", [9, 4]);
    const detail = await getContact({ organizationId: admin.organizationId, contactId: id });
    expect(detail.contact).toMatchObject({ email: "page@example.com", name: "欧阳娜娜", phone: "13800000000", attributes: { region: "华东", tier: "金卡" } });
    expect(detail.invitationCount).toBe(2);
    expect(detail.responseCount).toBe(2);
    expect(detail.responses.map((response) => [response.score, response.category]).sort()).toEqual([
      [4, "DETRACTOR"],
      [9, "PROMOTER"],
    ]);
    expect(detail.invitations.every((invitation) => invitation.respondedAt !== null)).toBe(true);
    await expectAppError(getContact({ organizationId: other.organizationId, contactId: id }), "not_found");
  });

  it("lists, searches and paginates within the organisation only", async () => {
    await answeredContact("search-me@example.com", [7, 8]);
    const found = await listContacts({ organizationId: admin.organizationId, q: "SEARCH-ME" });
    expect(found.contacts.map((contact) => contact.email)).toEqual(["search-me@example.com"]);
    expect((await listContacts({ organizationId: admin.organizationId, q: "CRM-search-me" })).total).toBe(1);
    expect((await listContacts({ organizationId: other.organizationId, q: "search-me" })).total).toBe(0);
    const page1 = await listContacts({ organizationId: admin.organizationId, take: 1 });
    const page2 = await listContacts({ organizationId: admin.organizationId, take: 1, page: 2 });
    expect(page1.pages).toBe(page1.total);
    expect(page1.contacts[0]?.id).not.toBe(page2.contacts[0]?.id);
  });
});

describe("export", () => {
  it("is a JSON document of everything we hold: contact, invitations (no tokens), responses with answers", async () => {
    const id = await answeredContact("export@example.com", [10, 6]);
    const data = await exportContact({ actor: admin, contactId: id });
    expect(data.contact).toMatchObject({ id, email: "export@example.com", name: "欧阳娜娜", phone: "13800000000", externalId: "CRM-export@example.com" });
    expect(data.invitations).toHaveLength(2);
    expect(data.responses).toHaveLength(2);
    expect(data.responses.map((response) => response.score).sort()).toEqual([10, 6].sort());
    expect(data.responses[0]?.answers.length).toBeGreaterThan(0);
    const json = JSON.stringify(data);
    expect(json).toContain("我是欧阳娜娜");
    const tokens = await db.invitation.findMany({ where: { contactId: id }, select: { token: true } });
    for (const { token } of tokens) expect(json).not.toContain(token);
    expect(json).not.toContain(admin.organizationId);
  });

  it("is ADMIN+ and tenant-scoped", async () => {
    const id = await answeredContact("export-roles@example.com", [8, 8]);
    await expectAppError(exportContact({ actor: { ...admin, role: "MANAGER" }, contactId: id }), "forbidden");
    await expectAppError(exportContact({ actor: { ...admin, role: "VIEWER" }, contactId: id }), "forbidden");
    await expectAppError(exportContact({ actor: other, contactId: id }), "not_found");
  });
});

describe("erase", () => {
  it("removes personal data in one go and keeps the anonymous scores (NPS unchanged)", async () => {
    const id = await answeredContact("erase@example.com", [3, 10]);
    const before = await getNpsSummary({ organizationId: admin.organizationId, surveyId });
    const result = await eraseContact({ actor: admin, contactId: id });
    expect(result).toEqual({ responsesKept: 2, commentsRemoved: 2, answersRemoved: expect.any(Number) });

    const contact = await db.contact.findFirstOrThrow({ where: { id } });
    expect(contact).toMatchObject({ email: null, name: null, phone: null, externalId: null, attributes: {} });
    expect(contact.erasedAt).toBeInstanceOf(Date);

    const responses = await db.response.findMany({ where: { contactId: id }, include: { answers: { include: { question: true } } } });
    expect(responses.map((response) => response.score).sort()).toEqual([10, 3].sort());
    expect(responses.every((response) => response.comment === null)).toBe(true);
    // The segment snapshot stays (region / tier are not personal), free text is gone.
    for (const response of responses) expect(response.attributes).toEqual({ region: "华东", tier: "金卡" });
    expect(responses.flatMap((response) => response.answers).some((answer) => answer.question.type === "OPEN_TEXT")).toBe(false);
    const everything = JSON.stringify(await exportContact({ actor: admin, contactId: id }));
    for (const personal of ["erase@example.com", "欧阳娜娜", "13800000000", "CRM-erase"]) expect(everything).not.toContain(personal);

    const after = await getNpsSummary({ organizationId: admin.organizationId, surveyId });
    expect(after.stats).toEqual(before.stats);

    // The email is free again: importing or inviting it later creates a new contact.
    const { contact: again } = await createInvitation({ organizationId: admin.organizationId, surveyId, contact: { email: "erase@example.com" } });
    expect(again.id).not.toBe(id);
  });

  it("is ADMIN+ only and tenant-scoped: nothing changes otherwise", async () => {
    const id = await answeredContact("erase-roles@example.com", [5, 5]);
    for (const role of ["MANAGER", "VIEWER"] as const) await expectAppError(eraseContact({ actor: { ...admin, role }, contactId: id }), "forbidden");
    await expectAppError(eraseContact({ actor: other, contactId: id }), "not_found");
    const contact = await db.contact.findFirstOrThrow({ where: { id } });
    expect(contact).toMatchObject({ email: "erase-roles@example.com", name: "欧阳娜娜", erasedAt: null });
    expect(await db.response.count({ where: { contactId: id, comment: { not: null } } })).toBe(2);
    await expect(eraseContact({ actor: { ...admin, role: "OWNER" }, contactId: id })).resolves.toMatchObject({ responsesKept: 2 });
  });
});
