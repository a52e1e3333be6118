import { beforeAll, describe, expect, it } from "vitest";
import { getNpsSummary } from "@/server/analytics/get-nps-summary";
import { listContacts } from "@/server/contacts/list-contacts";
import { db } from "@/server/db";
import { createInvitation } from "@/server/distribution/create-invitation";
import { listInvitations } from "@/server/distribution/list-invitations";
import { submitResponse } from "@/server/responses/submit-response";
import { createSurvey } from "@/server/surveys/create-survey";
import { getSurvey } from "@/server/surveys/get-survey";
import { listSurveys } from "@/server/surveys/list-surveys";
import { createOrganization, expectAppError, rowCounts } from "./support/fixtures";

type Tenant = {
  organizationId: string;
  surveyIds: string[];
  contactIds: string[];
  invitationIds: string[];
  emails: string[];
};

let a: Tenant;
let b: Tenant;

/** One organisation with two surveys, `scores.length` invited-and-answered contacts and one unanswered invitation. */
async function seedTenant(label: string, scores: number[]): Promise<Tenant> {
  const org = await createOrganization(`Tenancy ${label}`);
  const organizationId = org.id;
  const surveyIds: string[] = [];
  for (const name of [`${label} relationship`, `${label} claims`]) {
    const survey = await createSurvey({
      organizationId,
      userId: null,
      input: name.endsWith("claims")
        ? { name, brandName: `${label} Insurance`, kind: "TRANSACTIONAL", touchpoint: "claim settled" }
        : { name, brandName: `${label} Insurance` },
    });
    surveyIds.push(survey.id);
  }
  const tenant: Tenant = { organizationId, surveyIds, contactIds: [], invitationIds: [], emails: [] };
  const all = [...scores, null];
  for (const [i, score] of all.entries()) {
    // The same email in both organisations must make two separate contacts.
    const email = i === 0 ? "shared.person@example.com" : `${label.toLowerCase()}-${i}@example.com`;
    const surveyId = surveyIds[i % 2] ?? "";
    const { invitation, contact } = await createInvitation({
      organizationId,
      surveyId,
      contact: { email, attributes: { org: label } },
    });
    tenant.invitationIds.push(invitation.id);
    if (!tenant.contactIds.includes(contact.id)) tenant.contactIds.push(contact.id);
    tenant.emails.push(email);
    if (score !== null) await submitResponse({ token: invitation.token, input: { score } });
  }
  return tenant;
}

beforeAll(async () => {
  a = await seedTenant("Alpha", [10, 10, 9, 9, 8]); // NPS +80
  b = await seedTenant("Beta", [0, 1, 2, 7, 10, 3, 4]); // NPS −57.1
});

describe("tenancy", () => {
  it("getSurvey finds an organisation's own survey only; another organisation's survey is not_found", async () => {
    const [surveyB] = b.surveyIds;
    if (!surveyB) throw new Error("seed failed");
    await expect(getSurvey({ organizationId: b.organizationId, surveyId: surveyB })).resolves.toMatchObject({
      id: surveyB,
      organizationId: b.organizationId,
    });
    const error = await expectAppError(getSurvey({ organizationId: a.organizationId, surveyId: surveyB }), "not_found");
    expect(error.status).toBe(404);
    // The message must not reveal that the survey exists elsewhere.
    expect(error.message).toBe("Survey not found.");
  });

  it.each([
    ["not-a-uuid"],
    [""],
    ["1"],
    ["' OR '1'='1"],
    ["00000000-0000-0000-0000-00000000000g"],
  ])("getSurvey with the non-uuid id %j is not_found, not a database error", async (surveyId) => {
    await expectAppError(getSurvey({ organizationId: a.organizationId, surveyId }), "not_found");
  });

  it("getSurvey with a well-formed but unknown uuid is not_found", async () => {
    await expectAppError(
      getSurvey({ organizationId: a.organizationId, surveyId: "0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee" }),
      "not_found",
    );
  });

  it("createInvitation into another organisation's survey is not_found and writes nothing", async () => {
    const [surveyB] = b.surveyIds;
    if (!surveyB) throw new Error("seed failed");
    const before = await rowCounts();
    await expectAppError(
      createInvitation({
        organizationId: a.organizationId,
        surveyId: surveyB,
        contact: { email: "intruder@example.com", attributes: { region: "华东" } },
      }),
      "not_found",
    );
    // Also with an email that already exists in A (the contact must not be touched either).
    const existing = await db.contact.findFirstOrThrow({ where: { organizationId: a.organizationId, email: "alpha-1@example.com" } });
    await expectAppError(
      createInvitation({
        organizationId: a.organizationId,
        surveyId: surveyB,
        contact: { email: "alpha-1@example.com", name: "Changed", attributes: { org: "Changed" } },
      }),
      "not_found",
    );
    await expectAppError(
      createInvitation({ organizationId: a.organizationId, surveyId: "not-a-uuid", contact: { email: "intruder@example.com" } }),
      "not_found",
    );
    expect(await rowCounts()).toEqual(before);
    expect(await db.contact.count({ where: { email: "intruder@example.com" } })).toBe(0);
    expect(await db.contact.findFirstOrThrow({ where: { id: existing.id } })).toEqual(existing);
  });

  it("keeps the same email in two organisations as two separate contacts", async () => {
    const shared = await db.contact.findMany({ where: { email: "shared.person@example.com", organizationId: { in: [a.organizationId, b.organizationId] } } });
    expect(shared.map((c) => c.organizationId).sort()).toEqual([a.organizationId, b.organizationId].sort());
    expect(shared.map((c) => c.attributes).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([
      { org: "Alpha" },
      { org: "Beta" },
    ]);
  });

  it("listSurveys returns exactly the organisation's own surveys with their own counts", async () => {
    for (const [tenant, answered, invited] of [
      [a, 5, 6],
      [b, 7, 8],
    ] as const) {
      const surveys = await listSurveys({ organizationId: tenant.organizationId });
      expect(surveys.map((s) => s.id).sort()).toEqual([...tenant.surveyIds].sort());
      expect(surveys.reduce((sum, s) => sum + s.responses, 0)).toBe(answered);
      expect(surveys.reduce((sum, s) => sum + s.invitations, 0)).toBe(invited);
    }
  });

  it("listContacts returns exactly the organisation's own contacts", async () => {
    for (const [tenant, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const { total, contacts } = await listContacts({ organizationId: tenant.organizationId });
      expect(total).toBe(tenant.contactIds.length);
      expect(contacts.map((c) => c.id).sort()).toEqual([...tenant.contactIds].sort());
      for (const id of other.contactIds) expect(contacts.map((c) => c.id)).not.toContain(id);
      for (const contact of contacts) expect(contact.attributes).toEqual({ org: tenant === a ? "Alpha" : "Beta" });
    }
  });

  it("listInvitations returns only the organisation's own invitations, and nothing for another organisation's survey", async () => {
    const ownA = (await Promise.all(a.surveyIds.map((surveyId) => listInvitations({ organizationId: a.organizationId, surveyId })))).flat();
    expect(ownA.map((i) => i.id).sort()).toEqual([...a.invitationIds].sort());
    for (const invitation of ownA) expect(invitation.contact.email?.startsWith("beta")).toBe(false);

    for (const surveyId of b.surveyIds) {
      expect(await listInvitations({ organizationId: a.organizationId, surveyId })).toEqual([]);
      const ownB = await listInvitations({ organizationId: b.organizationId, surveyId });
      expect(ownB.length).toBeGreaterThan(0);
      for (const invitation of ownB) expect(b.invitationIds).toContain(invitation.id);
    }
  });

  it("getNpsSummary answers a malformed survey id with not_found, not a database error", async () => {
    await expect(getNpsSummary({ organizationId: a.organizationId, surveyId: "nope" })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("getNpsSummary counts only the organisation's own responses", async () => {
    const summaryA = await getNpsSummary({ organizationId: a.organizationId });
    expect(summaryA.stats).toMatchObject({ n: 5, promoters: 4, passives: 1, detractors: 0, nps: 80 });
    expect(summaryA.histogram).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2]);

    const summaryB = await getNpsSummary({ organizationId: b.organizationId });
    expect(summaryB.stats).toMatchObject({ n: 7, promoters: 1, passives: 1, detractors: 5 });
    expect(summaryB.stats.nps).toBeCloseTo((100 * (1 - 5)) / 7, 10);
    expect(summaryB.histogram).toEqual([1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1]);

    // Asking about another organisation's survey yields nothing, not that survey's figures.
    for (const surveyId of b.surveyIds) {
      const crossed = await getNpsSummary({ organizationId: a.organizationId, surveyId });
      expect(crossed.stats.n).toBe(0);
      expect(crossed.stats.nps).toBeNull();
      expect(crossed.histogram).toEqual(Array.from({ length: 11 }, () => 0));
    }
    // Per own survey, the two surveys add up to the whole organisation.
    const perSurvey = await Promise.all(a.surveyIds.map((surveyId) => getNpsSummary({ organizationId: a.organizationId, surveyId })));
    expect(perSurvey.reduce((sum, s) => sum + s.stats.n, 0)).toBe(5);
  });
});
