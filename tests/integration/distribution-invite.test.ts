/**
 * Issue 12, "defects a newcomer meets": inviting one customer sends the email (through the send queue, exactly like
 * campaigns) in the contact's language, and the personal link opens in that same language whatever the browser says;
 * a campaign is confirmed with its audience size and a sample before it is sent, and reads "sent" once every
 * invitation is handled.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createCampaign, previewCampaign } from "@/server/distribution/create-campaign";
import { createInvitation } from "@/server/distribution/create-invitation";
import { deliverInvitations } from "@/server/distribution/deliver-invitations";
import { fanOutCampaign } from "@/server/distribution/fan-out-campaign";
import { getCampaign, listCampaigns } from "@/server/distribution/list-campaigns";
import { createSmtpTransport, type MailTransport } from "@/server/email/transport";
import { getRespondentView } from "@/server/responses/get-respondent-view";
import { createSurvey } from "@/server/surveys/create-survey";
import { addContacts, rawHeader, recordingEnqueuer, SETTINGS, startSmtp } from "./distribution-support";
import { createOrganization, expectAppError } from "./support/fixtures";

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let transport: MailTransport;

beforeAll(async () => {
  smtp = await startSmtp();
  transport = createSmtpTransport(smtp.url, { maxConnections: 1 });
});
afterAll(async () => {
  transport.close();
  await smtp.close();
});

function mailTo(address: string) {
  return smtp.received.find((mail) => mail.to && !Array.isArray(mail.to) && mail.to.text.includes(address));
}

describe("inviting one customer", () => {
  it("queues the email and sends it through the delivery path, in the contact's language, else the survey's; the link opens in that language", async () => {
    const org = await createOrganization("Invite Bank");
    const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Relationship", brandName: "演示银行" } });
    const queue = recordingEnqueuer();

    const english = await createInvitation({ organizationId: org.id, surveyId: survey.id, contact: { email: "alice@invite.example", name: "Alice", locale: "en" }, send: { enqueue: queue.enqueue } });
    const noLanguage = await createInvitation({ organizationId: org.id, surveyId: survey.id, contact: { email: "wang@invite.example", name: "王小明" }, send: { enqueue: queue.enqueue } });
    expect(english).toMatchObject({ emailQueued: true, locale: "en" });
    expect(noLanguage).toMatchObject({ emailQueued: true, locale: "zh-CN" });
    expect(english.invitation.channel).toBe("EMAIL");
    expect(english.invitation.queuedAt).not.toBeNull();
    expect(english.invitation.locale).toBe("en");
    // Handed to the send queue after the commit, one job each.
    expect(queue.sends).toEqual([
      { organizationId: org.id, ids: [english.invitation.id], startAfter: undefined },
      { organizationId: org.id, ids: [noLanguage.invitation.id], startAfter: undefined },
    ]);

    // The worker's send job: the same deliverInvitations as campaigns.
    const outcomes = await deliverInvitations({ organizationId: org.id, invitationIds: queue.sentIds(), transport, settings: SETTINGS });
    expect(outcomes).toEqual(["sent", "sent"]);
    const en = mailTo("alice@invite.example");
    const zh = mailTo("wang@invite.example");
    if (!en || !zh) throw new Error("both invitation emails should arrive");
    expect(rawHeader(en, "content-language")).toBe("en");
    expect(rawHeader(zh, "content-language")).toBe("zh-CN");
    expect(en.text).toContain(`/s/${english.invitation.token}`);
    expect(zh.text).toContain(`/s/${noLanguage.invitation.token}`);
    const sent = await db.invitation.findMany({ where: { organizationId: org.id }, select: { sentAt: true } });
    expect(sent.every((row) => row.sentAt !== null)).toBe(true);

    // The link opens in the email's language, not the browser's; ?lang= still switches.
    const view = async (token: string, browserLocale: "en" | "zh-CN", requestedLocale?: string) => {
      const shown = await getRespondentView({ token, browserLocale, requestedLocale });
      return shown.state === "not_found" ? null : shown.locale;
    };
    expect(await view(noLanguage.invitation.token, "en")).toBe("zh-CN");
    expect(await view(english.invitation.token, "zh-CN")).toBe("en");
    expect(await view(noLanguage.invitation.token, "en", "en")).toBe("en");
  });

  it("'link only' makes the link without queueing an email; an unsubscribed contact is not emailed", async () => {
    const org = await createOrganization("Invite Link Bank");
    const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Relationship", brandName: "Demo", defaultLocale: "en" } });
    const queue = recordingEnqueuer();
    const link = await createInvitation({ organizationId: org.id, surveyId: survey.id, contact: { email: "link@invite.example" } });
    expect(link).toMatchObject({ emailQueued: false, locale: "en" });
    expect(link.invitation.channel).toBe("LINK");
    expect(link.invitation.queuedAt).toBeNull();
    expect(queue.sends).toEqual([]);

    await db.contact.update({ where: { organizationId_id: { organizationId: org.id, id: link.contact.id } }, data: { unsubscribedAt: new Date() } });
    const before = await db.invitation.count({ where: { organizationId: org.id } });
    await expectAppError(createInvitation({ organizationId: org.id, surveyId: survey.id, contact: { email: "link@invite.example" }, send: { enqueue: queue.enqueue } }), "conflict");
    expect(await db.invitation.count({ where: { organizationId: org.id } })).toBe(before);
    expect(queue.sends).toEqual([]);
  });

  it("an unreachable queue leaves the invitation queued for the worker's tick", async () => {
    const org = await createOrganization("Invite Queue Bank");
    const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Relationship", brandName: "Demo" } });
    const broken = {
      fanout: async () => undefined,
      send: async () => {
        throw new Error("queue down");
      },
    };
    const created = await createInvitation({ organizationId: org.id, surveyId: survey.id, contact: { email: "later@invite.example" }, send: { enqueue: broken } });
    expect(created.emailQueued).toBe(true);
    const row = await db.invitation.findFirstOrThrow({ where: { organizationId: org.id, id: created.invitation.id } });
    expect(row.queuedAt).not.toBeNull();
    expect(row.sentAt).toBeNull();
  });
});

describe("confirming a campaign", () => {
  it("previews the audience, the sample, who is skipped and a few recipients, writing nothing; the campaign then draws the same sample", async () => {
    const org = await createOrganization("Confirm Bank");
    const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Relationship", brandName: "Demo" } });
    const admin = { organizationId: org.id, userId: null, role: "ADMIN" as const };
    const contacts = await addContacts(
      org.id,
      Array.from({ length: 12 }, (_, i) => ({ email: `c${i}@confirm.example`, name: `客户 ${i}`, locale: i % 2 ? "en" : undefined, attributes: { region: i < 10 ? "华东" : "华南" } })),
    );
    await addContacts(org.id, [{ email: null, name: "没有邮箱", attributes: { region: "华东" } }]);
    await db.contact.update({ where: { organizationId_id: { organizationId: org.id, id: contacts[0]?.id ?? "" } }, data: { unsubscribedAt: new Date() } });
    await db.contact.update({ where: { organizationId_id: { organizationId: org.id, id: contacts[1]?.id ?? "" } }, data: { lastInvitedAt: new Date() } });

    const input = { surveyId: survey.id, name: "Q4", audience: { kind: "filter" as const, attributes: { region: ["华东"] } } };
    const campaignsBefore = await db.campaign.count({ where: { organizationId: org.id } });
    const preview = await previewCampaign({ actor: admin, input });
    expect(preview).toMatchObject({ audienceCount: 11, sampledCount: 11, recipientCount: 8, throttledCount: 1, unsubscribedCount: 1, noEmailCount: 1 });
    expect(preview.sample).toHaveLength(5);
    expect(preview.sample.every((r) => r.email.endsWith("@confirm.example") && r.email !== "c0@confirm.example" && r.email !== "c1@confirm.example")).toBe(true);
    expect(await db.campaign.count({ where: { organizationId: org.id } })).toBe(campaignsBefore);

    // With a sample: the recipients shown are among those the campaign then invites (same seed).
    const sampled = await previewCampaign({ actor: admin, input: { ...input, sampleSize: 6 } });
    expect(sampled.sampledCount).toBe(6);
    const queue = recordingEnqueuer();
    const campaign = await createCampaign({ actor: admin, input: { ...input, sampleSize: 6 }, enqueue: queue.enqueue, seed: sampled.seed });
    const fanned = await fanOutCampaign({ organizationId: org.id, campaignId: campaign.id, enqueue: queue.enqueue });
    expect(fanned).toMatchObject({ started: true, queuedCount: sampled.recipientCount });
    const invited = await db.invitation.findMany({ where: { organizationId: org.id, campaignId: campaign.id }, include: { contact: true } });
    const invitedEmails = new Set(invited.map((i) => i.contact.email));
    for (const recipient of sampled.sample) expect(invitedEmails.has(recipient.email)).toBe(true);

    await expectAppError(previewCampaign({ actor: { ...admin, role: "MANAGER" }, input }), "forbidden");
  });

  it("reads SENT as soon as every invitation is handled, before the worker's tick writes it", async () => {
    const org = await createOrganization("Status Bank");
    const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Relationship", brandName: "Demo" } });
    const admin = { organizationId: org.id, userId: null, role: "ADMIN" as const };
    await addContacts(org.id, [{ email: "s1@status.example" }, { email: "s2@status.example" }]);
    const queue = recordingEnqueuer();
    const campaign = await createCampaign({ actor: admin, input: { surveyId: survey.id, name: "All", audience: { kind: "all" } }, enqueue: queue.enqueue });
    await fanOutCampaign({ organizationId: org.id, campaignId: campaign.id, enqueue: queue.enqueue });
    const ids = queue.sentIds();
    expect(ids).toHaveLength(2);
    expect((await getCampaign({ organizationId: org.id, campaignId: campaign.id })).campaign.status).toBe("SENDING");
    await deliverInvitations({ organizationId: org.id, invitationIds: ids.slice(0, 1), transport, settings: SETTINGS });
    expect((await listCampaigns({ organizationId: org.id })).find((c) => c.id === campaign.id)?.status).toBe("SENDING");
    await deliverInvitations({ organizationId: org.id, invitationIds: ids.slice(1), transport, settings: SETTINGS });
    // The row still says SENDING (the tick has not run) …
    expect((await db.campaign.findFirstOrThrow({ where: { organizationId: org.id, id: campaign.id } })).status).toBe("SENDING");
    // … what the pages read says SENT.
    expect((await getCampaign({ organizationId: org.id, campaignId: campaign.id })).campaign.status).toBe("SENT");
    expect((await listCampaigns({ organizationId: org.id })).find((c) => c.id === campaign.id)?.status).toBe("SENT");
  });
});
