import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/surveys/[id]/invitations/route";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import { FULL_READ_SCOPES } from "@/lib/api-scopes";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { db } from "@/server/db";
import { createCampaign } from "@/server/distribution/create-campaign";
import { fanOutCampaign } from "@/server/distribution/fan-out-campaign";
import { triggerInvitations } from "@/server/distribution/trigger-invitations";
import { createSurvey } from "@/server/surveys/create-survey";
import { addContacts, recordingEnqueuer } from "./distribution-support";
import { createOrganization, expectAppError } from "./support/fixtures";

let org: { id: string };
let other: { id: string };
let surveyId: string;
let key: string;
const ids = { region: "", branch: "", team: "", otherBranch: "", employee: "", otherEmployee: "", foreignUnit: "" };

beforeAll(async () => {
  org = await createOrganization("Trigger Units Bank");
  other = await createOrganization("Trigger Units Other");
  surveyId = (await createSurvey({ organizationId: org.id, userId: null, input: { name: "Account opening", brandName: "Bank" } })).id;
  key = (await createApiKey({ actor: { organizationId: org.id, userId: null, role: "ADMIN" }, input: { name: "CRM", scopes: [...FULL_READ_SCOPES, "campaigns:write"] } })).key;
  const region = await db.orgUnit.create({ data: { organizationId: org.id, kind: "REGION", code: "EAST", name: "华东" } });
  const branch = await db.orgUnit.create({ data: { organizationId: org.id, kind: "BRANCH", code: "SH-LJZ", name: "上海陆家嘴支行", parentId: region.id } });
  const team = await db.orgUnit.create({ data: { organizationId: org.id, kind: "TEAM", code: "SH-LJZ-T1", name: "柜面一组", parentId: branch.id } });
  const otherBranch = await db.orgUnit.create({ data: { organizationId: org.id, kind: "BRANCH", code: "HZ-XH", name: "杭州西湖支行", parentId: region.id } });
  const employee = await db.employee.create({ data: { organizationId: org.id, unitId: team.id, code: "E-117", name: "王芳" } });
  const otherEmployee = await db.employee.create({ data: { organizationId: org.id, unitId: otherBranch.id, code: "E-200", name: "赵强" } });
  const foreignUnit = await db.orgUnit.create({ data: { organizationId: other.id, kind: "BRANCH", code: "FOREIGN", name: "别家支行" } });
  await db.employee.create({ data: { organizationId: other.id, unitId: foreignUnit.id, code: "E-999", name: "外人" } });
  Object.assign(ids, { region: region.id, branch: branch.id, team: team.id, otherBranch: otherBranch.id, employee: employee.id, otherEmployee: otherEmployee.id, foreignUnit: foreignUnit.id });
});

function call(body: unknown) {
  return POST(
    new NextRequest(`http://localhost:3000/api/v1/surveys/${surveyId}/invitations`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ id: surveyId }) },
  );
}

async function counts() {
  const [contacts, invitations, skips] = await Promise.all([
    db.contact.count({ where: { organizationId: org.id } }),
    db.invitation.count({ where: { organizationId: org.id } }),
    db.invitationSkip.count({ where: { organizationId: org.id } }),
  ]);
  return { contacts, invitations, skips };
}

async function invitationOf(email: string) {
  const contact = await db.contact.findFirstOrThrow({ where: { organizationId: org.id, email } });
  return db.invitation.findFirstOrThrow({ where: { organizationId: org.id, contactId: contact.id } });
}

describe("trigger API: unit and employee codes", () => {
  it("per-contact codes win over top-level ones; an employee alone credits their own unit", async () => {
    const response = await call({
      unitCode: "HZ-XH",
      contacts: [
        { email: "a@example.com", unitCode: "SH-LJZ", employeeCode: "E-117" },
        { email: "b@example.com" },
        { email: "c@example.com", employeeCode: "E-117", unitCode: "SH-LJZ-T1" },
      ],
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ invited: 3, skipped: 0 });
    expect(await invitationOf("a@example.com")).toMatchObject({ unitId: ids.branch, employeeId: ids.employee });
    expect(await invitationOf("b@example.com")).toMatchObject({ unitId: ids.otherBranch, employeeId: null });
    expect(await invitationOf("c@example.com")).toMatchObject({ unitId: ids.team, employeeId: ids.employee });

    const queue = recordingEnqueuer();
    await triggerInvitations({ organizationId: org.id, surveyId, input: { employeeCode: "E-200", contacts: [{ email: "d@example.com" }] }, enqueue: queue.enqueue });
    expect(await invitationOf("d@example.com")).toMatchObject({ unitId: ids.otherBranch, employeeId: ids.otherEmployee });

    await triggerInvitations({ organizationId: org.id, surveyId, input: { contacts: [{ email: "e@example.com" }] }, enqueue: queue.enqueue });
    expect(await invitationOf("e@example.com")).toMatchObject({ unitId: null, employeeId: null });
  });

  it.each([
    ["an unknown unit code", { contacts: [{ email: "x1@example.com", unitCode: "NOPE" }] }, /unitCode "NOPE"/],
    ["an unknown top-level employee code", { employeeCode: "E-404", contacts: [{ email: "x2@example.com" }] }, /employeeCode "E-404"/],
    ["another organisation's unit", { contacts: [{ email: "x3@example.com", unitCode: "FOREIGN" }] }, /unitCode "FOREIGN"/],
    ["another organisation's employee", { contacts: [{ email: "x4@example.com", employeeCode: "E-999" }] }, /employeeCode "E-999"/],
    ["an employee outside the given unit", { contacts: [{ email: "x5@example.com", unitCode: "SH-LJZ", employeeCode: "E-200" }] }, /E-200.*SH-LJZ/],
    ["one bad code among good contacts", { contacts: [{ email: "x6@example.com", unitCode: "SH-LJZ" }, { email: "x7@example.com", unitCode: "BAD" }] }, /BAD/],
  ])("%s → 422 with a clear message, nothing written", async (_name, body, message) => {
    const before = await counts();
    const response = await call(body);
    expect(response.status).toBe(422);
    const json = (await response.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe("validation_failed");
    expect(json.error.message).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it("an empty or over-long code is a 422 from the schema", async () => {
    const before = await counts();
    expect((await call({ contacts: [{ email: "y@example.com", unitCode: " " }] })).status).toBe(422);
    expect((await call({ contacts: [{ email: "y@example.com" }], employeeCode: "x".repeat(65) })).status).toBe(422);
    await expectAppError(
      triggerInvitations({ organizationId: org.id, surveyId, input: { contacts: [{ email: "y@example.com", unitCode: "ZZ" }] }, enqueue: recordingEnqueuer().enqueue }),
      "validation_failed",
    );
    expect(await counts()).toEqual(before);
  });

  it("the OpenAPI document describes unitCode and employeeCode", async () => {
    const doc = (await getOpenApi().json()) as { paths: Record<string, { post: { requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown> } } } } } }> };
    const schema = doc.paths["/api/v1/surveys/{id}/invitations"]?.post.requestBody.content["application/json"].schema;
    expect(Object.keys(schema?.properties ?? {})).toEqual(expect.arrayContaining(["unitCode", "employeeCode", "contacts"]));
    expect(JSON.stringify(schema)).toContain("employeeCode");
  });
});

describe("campaign invitations: the contact's branch attribute", () => {
  it("credits a BRANCH unit matched by code or by a unique name; ambiguous or unknown names stay unlinked", async () => {
    const campaignOrg = await createOrganization("Campaign Units Bank");
    const survey = await createSurvey({ organizationId: campaignOrg.id, userId: null, input: { name: "Relationship", brandName: "Bank" } });
    const region = await db.orgUnit.create({ data: { organizationId: campaignOrg.id, kind: "REGION", code: "R", name: "华东" } });
    const ljz = await db.orgUnit.create({ data: { organizationId: campaignOrg.id, kind: "BRANCH", code: "SH-LJZ", name: "上海陆家嘴支行", parentId: region.id } });
    const xh = await db.orgUnit.create({ data: { organizationId: campaignOrg.id, kind: "BRANCH", code: "HZ-XH", name: "杭州西湖支行", parentId: region.id } });
    await db.orgUnit.create({ data: { organizationId: campaignOrg.id, kind: "BRANCH", code: "DUP-1", name: "同名支行", parentId: region.id } });
    await db.orgUnit.create({ data: { organizationId: campaignOrg.id, kind: "BRANCH", code: "DUP-2", name: "同名支行", parentId: region.id } });
    await db.orgUnit.create({ data: { organizationId: other.id, kind: "BRANCH", code: "OTHER", name: "外行支行" } });
    await addContacts(campaignOrg.id, [
      { email: "by-name@example.com", attributes: { branch: "上海陆家嘴支行" } },
      { email: "by-code@example.com", attributes: { branch: "HZ-XH" } },
      { email: "ambiguous@example.com", attributes: { branch: "同名支行" } },
      { email: "unknown@example.com", attributes: { branch: "外行支行" } },
      { email: "none@example.com", attributes: { tier: "gold" } },
    ]);
    const queue = recordingEnqueuer();
    const campaign = await createCampaign({
      actor: { organizationId: campaignOrg.id, userId: null, role: "ADMIN" },
      input: { surveyId: survey.id, name: "Q4", audience: { kind: "all" } },
      enqueue: queue.enqueue,
    });
    await fanOutCampaign({ organizationId: campaignOrg.id, campaignId: campaign.id, enqueue: queue.enqueue });
    const invitations = await db.invitation.findMany({ where: { organizationId: campaignOrg.id }, include: { contact: true } });
    const unitOf = new Map(invitations.map((i) => [i.contact.email, i.unitId]));
    expect(Object.fromEntries(unitOf)).toEqual({
      "by-name@example.com": ljz.id,
      "by-code@example.com": xh.id,
      "ambiguous@example.com": null,
      "unknown@example.com": null,
      "none@example.com": null,
    });
  });
});
