/**
 * What step 1 records beyond the score: the respondent's consent to be contacted (personal links only) and
 * the unit and employee who served them (from the invitation, for accountability).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { POST as answer } from "@/app/s/[token]/answer/route";
import { db } from "@/server/db";
import { submitResponse } from "@/server/responses/submit-response";
import { answerRequest, createLink, createPublishedSurvey, invite } from "./support/authoring";
import { createOrganization } from "./support/fixtures";

let organizationId: string;
let surveyId: string;

beforeAll(async () => {
  organizationId = (await createOrganization("Consent")).id;
  surveyId = await createPublishedSurvey({ organizationId, drivers: [] });
});

describe("consent to be contacted", () => {
  it("is stored when the box is ticked on a personal link, and false when it is not", async () => {
    const ticked = await invite(organizationId, surveyId);
    const res = await answer(answerRequest(ticked.token, { score: "3", consent: "on", locale: "zh-CN" }), { params: Promise.resolve({ token: ticked.token }) });
    expect(res.status).toBe(303);
    const plain = await invite(organizationId, surveyId);
    await submitResponse({ token: plain.token, input: { score: 3 } });
    const rows = await db.response.findMany({
      where: { organizationId, invitationId: { in: [ticked.invitation.id, plain.invitation.id] } },
      select: { invitationId: true, contactConsent: true },
    });
    expect(Object.fromEntries(rows.map((r) => [r.invitationId, r.contactConsent]))).toEqual({
      [ticked.invitation.id]: true,
      [plain.invitation.id]: false,
    });
  });

  it("is never asked on a public link (no contact to reach), and the page offers no box there", async () => {
    const { invitation, token } = await invite(organizationId, surveyId);
    const personal = await (await import("@/app/s/[token]/route")).GET(
      new (await import("next/server")).NextRequest(`http://localhost:3000/s/${token}`),
      { params: Promise.resolve({ token }) },
    );
    expect(await personal.text()).toContain('name="consent"');
    expect(invitation.id).toBeTruthy();
    const link = await createLink(organizationId, surveyId);
    const page = await (await import("@/app/s/[token]/route")).GET(
      new (await import("next/server")).NextRequest(`http://localhost:3000/s/${link.token}`),
      { params: Promise.resolve({ token: link.token }) },
    );
    expect(await page.text()).not.toContain('name="consent"');
  });

  it("refuses a consent value that is not a checkbox's", async () => {
    const { token } = await invite(organizationId, surveyId);
    const res = await answer(answerRequest(token, { score: "9", consent: "maybe" }, { accept: "application/json" }), { params: Promise.resolve({ token }) });
    expect(res.status).toBe(422);
    expect(await db.response.count({ where: { organizationId, invitation: { token } } })).toBe(0);
  });
});

describe("the unit and employee who served the customer", () => {
  it("are copied from the invitation into the response", async () => {
    const unit = await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "SH-PD", name: "浦东支行" } });
    const employee = await db.employee.create({ data: { organizationId, unitId: unit.id, code: "E1001", name: "王芳" } });
    const { token, invitation } = await invite(organizationId, surveyId);
    await db.invitation.updateMany({ where: { id: invitation.id }, data: { unitId: unit.id, employeeId: employee.id } });
    await submitResponse({ token, input: { score: 10 } });
    const response = await db.response.findFirstOrThrow({ where: { organizationId, invitationId: invitation.id } });
    expect({ unitId: response.unitId, employeeId: response.employeeId }).toEqual({ unitId: unit.id, employeeId: employee.id });
  });
});

describe("a draft survey", () => {
  it("takes no invitations until it is published", async () => {
    const { createInvitation } = await import("@/server/distribution/create-invitation");
    const { expectAppError } = await import("./support/fixtures");
    const draft = await createPublishedSurvey({ organizationId, drivers: [], publish: false, name: "Draft" });
    const before = await db.invitation.count({ where: { organizationId } });
    await expectAppError(createInvitation({ organizationId, surveyId: draft, contact: { email: "early@example.com" } }), "survey_not_open");
    expect(await db.invitation.count({ where: { organizationId } })).toBe(before);
  });
});
