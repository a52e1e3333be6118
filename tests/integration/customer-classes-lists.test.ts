import type { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { classRuleFromForm, classRuleInputSchema } from "@/schemas/customer-classes";
import type { ClassActor } from "@/server/customer-classes/class-actor";
import { getClassSettings } from "@/server/customer-classes/get-class-settings";
import { exportClassContacts, listClassContacts } from "@/server/customer-classes/list-class-contacts";
import { moveCustomerClassRule, saveCustomerClassRule } from "@/server/customer-classes/save-class-settings";
import { db } from "@/server/db";
import { createCampaign, previewCampaign } from "@/server/distribution/create-campaign";
import { fanOutCampaign } from "@/server/distribution/fan-out-campaign";
import { createSurvey } from "@/server/surveys/create-survey";
import { recordingEnqueuer } from "./distribution-support";
import { createOrganization, expectAppError } from "./support/fixtures";
import { insertResponses } from "./support/responses";

const DAY = 86_400_000;
let organizationId: string;
let surveyId: string;
const marginalIds: string[] = [];

const actor = (role: ClassActor["role"]): ClassActor => ({ organizationId, userId: null, role, scopeUnitIds: null });
const HEADER = { name: "Name", email: "Email", phone: "Phone", customerId: "Id", score: "Score", answeredAt: "At", unsubscribed: "Unsub", yes: "yes" };

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  organizationId = (await createOrganization("Classes Lists")).id;
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  await db.survey.updateMany({ where: { organizationId, id: surveyId }, data: { status: "ACTIVE" } });
  // 30 detractors (marginal), one with a formula as name, one unsubscribed, one invited yesterday (throttled); 5 promoters.
  const contacts = await db.contact.createManyAndReturn({
    data: Array.from({ length: 35 }, (_, i) => ({
      organizationId,
      email: `m${i}@lists.example`,
      name: i === 0 ? "=HYPERLINK(\"http://x\")" : `边缘${i}`,
      phone: "13812345678",
      unsubscribedAt: i === 1 ? new Date() : null,
      lastInvitedAt: i === 2 ? new Date(Date.now() - DAY) : null,
    })),
    select: { id: true },
  });
  await insertResponses(
    contacts.map(({ id }, i) => ({
      organizationId,
      surveyId,
      contactId: id,
      score: i < 30 ? 3 : 10,
      category: i < 30 ? ("DETRACTOR" as const) : ("PROMOTER" as const),
      locale: "zh-CN",
      channel: "EMAIL" as const,
      completed: true,
      createdAt: new Date(Date.now() - (40 - i) * DAY),
    })),
  );
  marginalIds.push(...contacts.slice(0, 30).map((c) => c.id));
}, 60_000);

describe("a class's list", () => {
  it("pages the class's contacts, latest answer first, and masks personal data for viewers", async () => {
    const page1 = await listClassContacts({ actor: actor("MANAGER"), classKey: "marginal", page: 1, pageSize: 25 });
    expect(page1.total).toBe(30);
    expect(page1.pageCount).toBe(2);
    expect(page1.rows).toHaveLength(25);
    expect(page1.rows[0]?.name).toBe("边缘29");
    expect(page1.rows[0]?.email).toBe("m29@lists.example");
    const page2 = await listClassContacts({ actor: actor("MANAGER"), classKey: "marginal", page: 9, pageSize: 25 });
    expect(page2.page).toBe(2);
    expect(new Set([...page1.rows, ...page2.rows].map((r) => r.id))).toEqual(new Set(marginalIds));
    const masked = await listClassContacts({ actor: actor("VIEWER"), classKey: "marginal", page: 1 });
    expect(masked.view).toBe("masked");
    expect(masked.rows[0]?.email).toBe("m***@lists.example");
    expect(masked.rows[0]?.phone).toBe("138****5678");
    expect(masked.rows[0]?.name).not.toContain("29");
    await expectAppError(listClassContacts({ actor: actor("MANAGER"), classKey: "nosuch" }), "not_found");
  });

  it("exports the class as formula-safe CSV for managers only, calling the audit hook before any row", async () => {
    let audited = 0;
    const csv = await text(await exportClassContacts({ actor: actor("MANAGER"), classKey: "marginal", header: HEADER, beforeRows: async () => void (audited += 1) }));
    expect(audited).toBe(1);
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines).toHaveLength(31);
    expect(csv).toContain("'=HYPERLINK");
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    await expectAppError(exportClassContacts({ actor: actor("VIEWER"), classKey: "marginal", header: HEADER, beforeRows: async () => void (audited += 1) }), "forbidden");
    await expectAppError(exportClassContacts({ actor: actor("ADMIN"), classKey: "nosuch", header: HEADER, beforeRows: async () => void (audited += 1) }), "not_found");
    expect(audited).toBe(1);
  });
});

describe("a class as a campaign audience", () => {
  it("shows the class's size before sending and sends to it with unsubscribes and throttling honoured", async () => {
    const admin = { organizationId, userId: null, role: "ADMIN" as const };
    const input = { surveyId, name: "Win back", audience: { kind: "class" as const, classKey: "marginal" } };
    const preview = await previewCampaign({ actor: admin, input });
    expect(preview.audienceCount).toBe(30);
    expect(preview.unsubscribedCount).toBe(1);
    expect(preview.throttledCount).toBe(1);
    expect(preview.recipientCount).toBe(28);
    await expectAppError(previewCampaign({ actor: admin, input: { ...input, audience: { kind: "class", classKey: "nosuch" } } }), "validation_failed");
    const queue = recordingEnqueuer();
    const campaign = await createCampaign({ actor: admin, input, enqueue: queue.enqueue });
    const fanned = await fanOutCampaign({ organizationId, campaignId: campaign.id, enqueue: queue.enqueue });
    expect(fanned).toMatchObject({ started: true, audienceCount: 30, queuedCount: 28, throttledCount: 1, unsubscribedCount: 1 });
    const invited = await db.invitation.findMany({ where: { organizationId, campaignId: campaign.id }, select: { contactId: true } });
    expect(invited.every((i) => marginalIds.includes(i.contactId))).toBe(true);
  });
});

describe("class rules edited by admins", () => {
  it("reads a rule form, saves it for admins only, and the order decides the class", async () => {
    const form = new FormData();
    form.set("classKey", "loyal");
    form.append("cat", "DETRACTOR");
    form.set("scoreMin", "3");
    form.set("scoreMax", "3");
    form.set("c0.type", "complaint");
    form.set("c0.present", "0");
    form.set("c0.window", "90");
    const input = classRuleInputSchema.parse(classRuleFromForm(form));
    expect(input).toEqual({ classKey: "loyal", categories: ["DETRACTOR"], scoreMin: 3, scoreMax: 3, conditions: { all: [{ type: "complaint", present: false, windowDays: 90 }] } });
    await expectAppError(saveCustomerClassRule({ actor: { organizationId, userId: null, role: "MANAGER" }, input }), "forbidden");
    const admin = { organizationId, userId: null, role: "ADMIN" as const };
    const id = await saveCustomerClassRule({ actor: admin, input });
    // Added last: the default "detractor → marginal" rule still wins.
    expect((await listClassContacts({ actor: actor("ADMIN"), classKey: "loyal" })).total).toBe(0);
    for (let i = 0; i < 10; i += 1) await moveCustomerClassRule({ actor: admin, id, direction: -1 });
    const settings = await getClassSettings(organizationId);
    expect(settings.rules[0]?.id).toBe(id);
    expect((await listClassContacts({ actor: actor("ADMIN"), classKey: "loyal" })).total).toBe(30);
    expect((await listClassContacts({ actor: actor("ADMIN"), classKey: "marginal" })).total).toBe(0);
    expect(classRuleInputSchema.safeParse(classRuleFromForm(new FormData())).success).toBe(false);
  });
});
