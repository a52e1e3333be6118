import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createCampaign } from "@/server/distribution/create-campaign";
import { deliverInvitations } from "@/server/distribution/deliver-invitations";
import { fanOutCampaign } from "@/server/distribution/fan-out-campaign";
import { getFunnel } from "@/server/distribution/get-funnel";
import { runDistributionTick } from "@/server/distribution/run-distribution-tick";
import { recordOpen, unsubscribeByToken } from "@/server/distribution/unsubscribe";
import { createSmtpTransport, type MailTransport } from "@/server/email/transport";
import { createSurvey } from "@/server/surveys/create-survey";
import { tokenSchema } from "@/schemas/response";
import { addContacts, rawHeader, recordingEnqueuer, SETTINGS, startSmtp } from "./distribution-support";
import { createOrganization, expectAppError } from "./support/fixtures";

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let transport: MailTransport;
const DAY = 86_400_000;

beforeAll(async () => {
  smtp = await startSmtp();
  transport = createSmtpTransport(smtp.url, { maxConnections: 2 });
});
afterAll(async () => {
  transport.close();
  await smtp.close();
});

async function setup(name: string) {
  const org = await createOrganization(name);
  const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Relationship", brandName: "招商<Bank> & Co" } });
  const admin = { organizationId: org.id, userId: null, role: "ADMIN" as const };
  return { org, survey, admin };
}

describe("a campaign sent to a real SMTP server", () => {
  it("creates invitations set-based, sends one email per contact with both parts, headers, language and 11 one-click links", async () => {
    const { org, survey, admin } = await setup("Campaign Bank");
    await addContacts(org.id, [
      { email: "wang@example.com", name: "王小明", locale: "zh-CN", attributes: { region: "华东" } },
      { email: "alice@example.com", name: "Alice <b>", locale: "en", attributes: { region: "华东" } },
      { email: "bob@example.com", name: "Bob", attributes: { region: "华南" } },
    ]);
    const queue = recordingEnqueuer();
    const now = new Date();
    const campaign = await createCampaign({
      actor: admin,
      input: { surveyId: survey.id, name: "Q3", audience: { kind: "filter", attributes: { region: ["华东"] } } },
      enqueue: queue.enqueue,
      now,
    });
    expect(queue.fanouts).toEqual([{ job: { organizationId: org.id, campaignId: campaign.id }, startAfter: null }]);

    const fanned = await fanOutCampaign({ organizationId: org.id, campaignId: campaign.id, enqueue: queue.enqueue, now });
    expect(fanned).toMatchObject({ started: true, audienceCount: 2, queuedCount: 2, throttledCount: 0 });
    // A second fan-out (a retried job) does nothing.
    expect(await fanOutCampaign({ organizationId: org.id, campaignId: campaign.id, enqueue: queue.enqueue, now })).toEqual({ started: false });

    const invitations = await db.invitation.findMany({ where: { campaignId: campaign.id }, include: { contact: true } });
    expect(invitations).toHaveLength(2);
    for (const invitation of invitations) {
      expect(tokenSchema.safeParse(invitation.token).success).toBe(true);
      expect(invitation.token).toHaveLength(43);
      expect(invitation.attributes).toEqual({ region: "华东" });
      expect(invitation.locale).toBe(invitation.contact.locale);
      expect(invitation.queuedAt).not.toBeNull();
    }

    const outcomes = await deliverInvitations({ organizationId: org.id, invitationIds: queue.sentIds(), transport, settings: SETTINGS });
    expect(outcomes).toEqual(["sent", "sent"]);
    expect(smtp.received).toHaveLength(2);

    const zh = smtp.received.find((mail) => mail.to && !Array.isArray(mail.to) && mail.to.text.includes("wang@"));
    const en = smtp.received.find((mail) => mail.to && !Array.isArray(mail.to) && mail.to.text.includes("alice@"));
    if (!zh || !en) throw new Error("both mails should arrive");
    const zhToken = invitations.find((i) => i.contact.email === "wang@example.com")?.token ?? "";
    expect(zh.subject).toContain("您有多大可能");
    expect(rawHeader(zh, "content-language")).toBe("zh-CN");
    expect(rawHeader(en, "content-language")).toBe("en");
    expect(zh.text).toContain("您有多大可能向朋友或同事推荐招商<Bank> & Co");
    expect(zh.subject).toContain("招商<Bank> & Co");
    expect(en.subject).toContain("how likely are you to recommend us");
    expect(rawHeader(zh, "list-unsubscribe")).toBe(`<${SETTINGS.appUrl}/s/${zhToken}/unsubscribe>`);
    expect(rawHeader(zh, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(rawHeader(zh, "message-id")).toMatch(/^<invitation-[0-9a-f-]+-0@nps\.example\.test>$/);
    const html = typeof zh.html === "string" ? zh.html : "";
    for (let score = 0; score <= 10; score += 1) {
      expect(html).toContain(`href="${SETTINGS.appUrl}/s/${zhToken}?score=${score}"`);
      expect(zh.text).toContain(`${SETTINGS.appUrl}/s/${zhToken}?score=${score}`);
    }
    expect(html).toContain("招商&lt;Bank&gt; &amp; Co");
    expect(html).not.toContain("<Bank>");
    expect(html).toContain(`${SETTINGS.appUrl}/s/${zhToken}/open`);
    expect(html).toContain("王小明");
    expect(typeof en.html === "string" ? en.html : "").toContain("Alice &lt;b&gt;");

    // Sending again sends nothing: idempotent on sentAt.
    expect(await deliverInvitations({ organizationId: org.id, invitationIds: queue.sentIds(), transport, settings: SETTINGS })).toEqual([
      "already_sent",
      "already_sent",
    ]);
    expect(smtp.received).toHaveLength(2);
    const sent = await db.invitation.findMany({ where: { campaignId: campaign.id } });
    expect(sent.every((i) => i.sentAt && i.messageId && i.attempts === 1)).toBe(true);
    const contacts = await db.contact.findMany({ where: { organizationId: org.id, email: { in: ["wang@example.com", "alice@example.com"] } } });
    expect(contacts.every((c) => c.lastInvitedAt !== null)).toBe(true);

    // Pixel, then the funnel.
    await recordOpen({ token: zhToken });
    await recordOpen({ token: zhToken });
    await recordOpen({ token: "not a token" });
    const tick = await runDistributionTick({ enqueue: queue.enqueue, transport, settings: SETTINGS });
    expect(tick.finished).toBeGreaterThanOrEqual(1);
    expect(await getFunnel({ organizationId: org.id, campaignId: campaign.id })).toMatchObject({
      total: 2,
      queued: 0,
      sent: 2,
      failed: 0,
      opened: 1,
      responded: 0,
      responseRate: 0,
    });
    expect((await db.campaign.findFirstOrThrow({ where: { id: campaign.id } })).status).toBe("SENT");
  });

  it("loses nothing while the SMTP server refuses, and sends each email once when it recovers", async () => {
    const { org, survey, admin } = await setup("Outage Bank");
    await addContacts(org.id, Array.from({ length: 5 }, (_, i) => ({ email: `outage${i}@example.com`, locale: "en" })));
    const queue = recordingEnqueuer();
    const campaign = await createCampaign({ actor: admin, input: { surveyId: survey.id, name: "Outage", audience: { kind: "all" } }, enqueue: queue.enqueue });
    await fanOutCampaign({ organizationId: org.id, campaignId: campaign.id, enqueue: queue.enqueue });
    const ids = queue.sentIds();
    const before = smtp.received.length;

    smtp.state.refuse = "451";
    expect(new Set(await deliverInvitations({ organizationId: org.id, invitationIds: ids, transport, settings: SETTINGS }))).toEqual(new Set(["retry"]));
    smtp.state.refuse = "421";
    expect(new Set(await deliverInvitations({ organizationId: org.id, invitationIds: ids, transport, settings: SETTINGS }))).toEqual(new Set(["retry"]));
    // A closed port: connection refused.
    const down = createSmtpTransport("smtp://127.0.0.1:1");
    expect(new Set(await deliverInvitations({ organizationId: org.id, invitationIds: ids, transport: down, settings: SETTINGS }))).toEqual(new Set(["retry"]));
    down.close();
    expect(smtp.received.length).toBe(before);
    let rows = await db.invitation.findMany({ where: { campaignId: campaign.id } });
    expect(rows.every((r) => r.sentAt === null && r.failedAt === null && r.attempts === 3 && r.lastError)).toBe(true);
    expect(await getFunnel({ organizationId: org.id, campaignId: campaign.id })).toMatchObject({ queued: 5, sent: 0, failed: 0 });

    // Later, the tick re-queues the stalled sends; the server is back.
    smtp.state.refuse = null;
    const later = recordingEnqueuer();
    const tick = await runDistributionTick({ enqueue: later.enqueue, transport, settings: SETTINGS, now: new Date(Date.now() + 60 * 60_000) });
    expect(tick.requeued).toBeGreaterThanOrEqual(5);
    expect(later.sentIds()).toEqual(expect.arrayContaining(ids));
    await deliverInvitations({ organizationId: org.id, invitationIds: later.sentIds(), transport, settings: SETTINGS });
    // A duplicate job for the same batch sends nothing more.
    await deliverInvitations({ organizationId: org.id, invitationIds: ids, transport, settings: SETTINGS });
    const arrived = smtp.received.slice(before).map((mail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : ""));
    expect(arrived.sort()).toEqual(Array.from({ length: 5 }, (_, i) => `outage${i}@example.com`).sort());
    rows = await db.invitation.findMany({ where: { campaignId: campaign.id } });
    expect(rows.every((r) => r.sentAt !== null && r.attempts === 4 && r.lastError === null)).toBe(true);
  });

  it("marks a permanently rejected invitation failed and keeps the rest going", async () => {
    const { org, survey, admin } = await setup("Reject Bank");
    await addContacts(org.id, [{ email: "gone@example.com" }]);
    const queue = recordingEnqueuer();
    const campaign = await createCampaign({ actor: admin, input: { surveyId: survey.id, name: "Reject", audience: { kind: "all" } }, enqueue: queue.enqueue });
    await fanOutCampaign({ organizationId: org.id, campaignId: campaign.id, enqueue: queue.enqueue });
    const rejecting: MailTransport = {
      send: async () => {
        throw Object.assign(new Error("550 mailbox unavailable"), { responseCode: 550 });
      },
      close: () => undefined,
    };
    expect(await deliverInvitations({ organizationId: org.id, invitationIds: queue.sentIds(), transport: rejecting, settings: SETTINGS })).toEqual(["failed"]);
    expect(await getFunnel({ organizationId: org.id, campaignId: campaign.id })).toMatchObject({ failed: 1, queued: 0 });
  });

  it("unsubscribe is one click, idempotent, and stops later sends", async () => {
    const { org, survey, admin } = await setup("Unsub Bank");
    await addContacts(org.id, [{ email: "leave@example.com" }, { email: "stay@example.com" }]);
    const queue = recordingEnqueuer();
    const first = await createCampaign({ actor: admin, input: { surveyId: survey.id, name: "One", audience: { kind: "all" } }, enqueue: queue.enqueue });
    await fanOutCampaign({ organizationId: org.id, campaignId: first.id, enqueue: queue.enqueue });
    const leave = await db.invitation.findFirstOrThrow({ where: { campaignId: first.id, contact: { email: "leave@example.com" } } });
    // Unsubscribed before the email went out: it is not sent.
    const target = await unsubscribeByToken({ token: leave.token });
    expect(target?.email).toBe("leave@example.com");
    const again = await unsubscribeByToken({ token: leave.token, now: new Date(Date.now() + 1000) });
    expect(again?.unsubscribedAt?.getTime()).toBe(target?.unsubscribedAt?.getTime());
    expect(await unsubscribeByToken({ token: "x" })).toBeNull();
    const before = smtp.received.length;
    const outcomes = await deliverInvitations({ organizationId: org.id, invitationIds: queue.sentIds(), transport, settings: SETTINGS });
    expect(outcomes.sort()).toEqual(["sent", "unsubscribed"]);
    expect(smtp.received.length).toBe(before + 1);

    // The next campaign (throttling off) skips and counts the unsubscribed contact.
    await db.organization.update({ where: { id: org.id }, data: { throttleDays: 0 } });
    const second = await createCampaign({ actor: admin, input: { surveyId: survey.id, name: "Two", audience: { kind: "all" } }, enqueue: queue.enqueue });
    const fanned = await fanOutCampaign({ organizationId: org.id, campaignId: second.id, enqueue: queue.enqueue, now: new Date(Date.now() + 2 * DAY) });
    expect(fanned).toMatchObject({ started: true, queuedCount: 1, unsubscribedCount: 1, throttledCount: 0 });
    const skip = await db.invitationSkip.findFirstOrThrow({ where: { campaignId: second.id } });
    expect(skip).toMatchObject({ reason: "UNSUBSCRIBED", source: "campaign", contactId: leave.contactId });
  });

  it("only ADMIN+ may send; draft surveys and foreign surveys are refused", async () => {
    const { org, survey, admin } = await setup("Roles Bank");
    const other = await setup("Roles Other");
    const queue = recordingEnqueuer();
    const input = { surveyId: survey.id, name: "x", audience: { kind: "all" as const } };
    await expectAppError(createCampaign({ actor: { ...admin, role: "MANAGER" }, input, enqueue: queue.enqueue }), "forbidden");
    await expectAppError(createCampaign({ actor: { ...admin, role: "VIEWER" }, input, enqueue: queue.enqueue }), "forbidden");
    await expectAppError(createCampaign({ actor: admin, input: { ...input, surveyId: other.survey.id }, enqueue: queue.enqueue }), "not_found");
    const draft = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Draft", brandName: "B" }, draft: true });
    await expectAppError(createCampaign({ actor: admin, input: { ...input, surveyId: draft.id }, enqueue: queue.enqueue }), "conflict");
    await expect(createCampaign({ actor: admin, input: { ...input, reminderDays: [7, 3] }, enqueue: queue.enqueue })).rejects.toThrow();
    expect(await db.campaign.count({ where: { organizationId: org.id } })).toBe(0);
  });
});
