import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { db } from "@/server/db";
import { createCampaign } from "@/server/distribution/create-campaign";
import { deliverInvitations } from "@/server/distribution/deliver-invitations";
import { fanOutCampaign } from "@/server/distribution/fan-out-campaign";
import { sendDueReminders } from "@/server/distribution/send-due-reminders";
import { unsubscribeByToken } from "@/server/distribution/unsubscribe";
import { createSmtpTransport, type MailTransport } from "@/server/email/transport";
import { bossEnqueuer, startBoss } from "@/server/queue/boss";
import { startDistributionWorker } from "@/server/queue/worker";
import { createSurvey } from "@/server/surveys/create-survey";
import { addContacts, rawHeader, recordingEnqueuer, SETTINGS, startSmtp, waitFor } from "./distribution-support";
import { createOrganization } from "./support/fixtures";

const DAY = 86_400_000;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let transport: MailTransport;

beforeAll(async () => {
  smtp = await startSmtp();
  transport = createSmtpTransport(smtp.url, { maxConnections: 2 });
});
afterAll(async () => {
  transport.close();
  await smtp.close();
});

function to(mail: (typeof smtp.received)[number]): string {
  return mail.to && !Array.isArray(mail.to) ? mail.to.text : "";
}

describe("the pg-boss worker", () => {
  it("fans out a campaign and delivers every email through the queue, surviving a refusing SMTP server", async () => {
    const org = await createOrganization("Worker Bank");
    const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Relationship", brandName: "Bank" } });
    await addContacts(org.id, Array.from({ length: 12 }, (_, i) => ({ email: `w${i}@worker.example`, locale: i % 2 ? "en" : "zh-CN" })));
    const before = smtp.received.length;
    smtp.state.refuse = "451";
    const workerTransport = createSmtpTransport(smtp.url, { maxConnections: 2 });
    const worker = await startDistributionWorker({
      connectionString: inject("databaseUrl"),
      transport: workerTransport,
      settings: SETTINGS,
      log: () => undefined,
      pollingIntervalSeconds: 0.5,
    });
    const boss = await startBoss({ connectionString: inject("databaseUrl") });
    try {
      const campaign = await createCampaign({
        actor: { organizationId: org.id, userId: null, role: "ADMIN" },
        input: { surveyId: survey.id, name: "Queued", audience: { kind: "all" } },
        enqueue: bossEnqueuer(boss),
      });
      await waitFor(async () => (await db.invitation.count({ where: { campaignId: campaign.id, attempts: { gte: 1 } } })) === 12, 30_000);
      expect(smtp.received.length).toBe(before);
      smtp.state.refuse = null;
      // pg-boss retries the failed batch after its back-off (10 s).
      await waitFor(async () => (await db.invitation.count({ where: { campaignId: campaign.id, sentAt: { not: null } } })) === 12, 45_000);
      // The worker serves every organisation in the suite's shared database: count this campaign's mail.
      const arrived = smtp.received.slice(before).map(to).filter((address) => address.endsWith("@worker.example"));
      expect(arrived).toHaveLength(12);
      expect(new Set(arrived).size).toBe(12);
    } finally {
      smtp.state.refuse = null;
      await boss.stop({ graceful: false, wait: true });
      await worker.stop();
    }
  }, 90_000);
});

describe("reminders and throttling on a moving clock", () => {
  it("reminds non-respondents after N days, at most twice, never after a response or an unsubscribe", async () => {
    const org = await createOrganization("Reminder Bank");
    const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Relationship", brandName: "Bank" } });
    const [answer, leave, quiet] = await addContacts(org.id, [
      { email: "answer@remind.example" },
      { email: "leave@remind.example" },
      { email: "quiet@remind.example", locale: "en" },
    ]);
    const queue = recordingEnqueuer();
    const t0 = new Date("2026-03-01T08:00:00Z");
    const campaign = await createCampaign({
      actor: { organizationId: org.id, userId: null, role: "ADMIN" },
      input: { surveyId: survey.id, name: "With reminders", audience: { kind: "all" }, reminderDays: [3, 7] },
      enqueue: queue.enqueue,
      now: t0,
    });
    await fanOutCampaign({ organizationId: org.id, campaignId: campaign.id, enqueue: queue.enqueue, now: t0 });
    await deliverInvitations({ organizationId: org.id, invitationIds: queue.sentIds(), transport, settings: SETTINGS, now: () => t0 });
    const at = (days: number) => new Date(t0.getTime() + days * DAY);

    expect((await sendDueReminders({ transport, settings: SETTINGS, now: at(2.9) })).sent).toBe(0);

    // "answer" responds on day 1; "leave" unsubscribes on day 2.
    const answerInvitation = await db.invitation.findFirstOrThrow({ where: { contactId: answer?.id } });
    await db.response.create({
      data: { organizationId: org.id, surveyId: survey.id, invitationId: answerInvitation.id, contactId: answer?.id, score: 9, category: "PROMOTER", locale: "zh-CN", channel: "EMAIL", completed: true },
    });
    await db.invitation.updateMany({ where: { id: answerInvitation.id }, data: { respondedAt: at(1) } });
    const leaveInvitation = await db.invitation.findFirstOrThrow({ where: { contactId: leave?.id } });
    await unsubscribeByToken({ token: leaveInvitation.token, now: at(2) });

    const before = smtp.received.length;
    const first = await sendDueReminders({ transport, settings: SETTINGS, now: at(3) });
    expect(first.sent).toBe(1);
    expect(await sendDueReminders({ transport, settings: SETTINGS, now: at(3.5) })).toMatchObject({ sent: 0 });
    const second = await sendDueReminders({ transport, settings: SETTINGS, now: at(7) });
    expect(second.sent).toBe(1);
    expect((await sendDueReminders({ transport, settings: SETTINGS, now: at(30) })).sent).toBe(0);
    // Other test files' workers may still deliver their organisations' mail to this server: keep this bank's.
    const reminders = smtp.received.slice(before).filter((mail) => to(mail).endsWith("@remind.example"));
    expect(reminders.map(to)).toEqual(["quiet@remind.example", "quiet@remind.example"]);
    expect(reminders[0]?.subject).toContain("Reminder");
    expect(rawHeader(reminders[0] as (typeof reminders)[number], "message-id")).toMatch(/-1@nps\.example\.test>$/);
    expect(rawHeader(reminders[1] as (typeof reminders)[number], "message-id")).toMatch(/-2@nps\.example\.test>$/);
    const quietInvitation = await db.invitation.findFirstOrThrow({ where: { contactId: quiet?.id } });
    expect(quietInvitation).toMatchObject({ remindersSent: 2, lastRemindedAt: at(7) });
  });

  it("throttles a contact for N days across surveys, then invites again; survey override wins", async () => {
    const org = await createOrganization("Throttle Bank");
    await db.organization.update({ where: { id: org.id }, data: { throttleDays: 30 } });
    const a = await createSurvey({ organizationId: org.id, userId: null, input: { name: "A", brandName: "Bank" } });
    const b = await createSurvey({ organizationId: org.id, userId: null, input: { name: "B", brandName: "Bank" } });
    await addContacts(org.id, [
      { email: "t1@throttle.example" },
      { email: "t2@throttle.example" },
      { email: null, name: "No email" },
    ]);
    const actor = { organizationId: org.id, userId: null, role: "ADMIN" as const };
    const queue = recordingEnqueuer();
    const t0 = new Date("2026-05-01T00:00:00Z");
    const send = async (surveyId: string, now: Date) => {
      const campaign = await createCampaign({ actor, input: { surveyId, name: "c", audience: { kind: "all" } }, enqueue: queue.enqueue, now });
      const result = await fanOutCampaign({ organizationId: org.id, campaignId: campaign.id, enqueue: queue.enqueue, now });
      return { campaign, result };
    };
    const first = await send(a.id, t0);
    expect(first.result).toMatchObject({ queuedCount: 2, throttledCount: 0, skippedCount: 1 });
    // Day 29 on another survey: throttled (invitations exist, even before they are sent).
    const second = await send(b.id, new Date(t0.getTime() + 29 * DAY));
    expect(second.result).toMatchObject({ queuedCount: 0, throttledCount: 2, skippedCount: 1 });
    const campaignRow = await db.campaign.findFirstOrThrow({ where: { id: second.campaign.id } });
    expect(campaignRow).toMatchObject({ status: "SENT", throttledCount: 2, skippedCount: 1, audienceCount: 3 });
    expect(await db.invitationSkip.count({ where: { campaignId: second.campaign.id, reason: "THROTTLED" } })).toBe(2);
    expect(await db.invitationSkip.count({ where: { campaignId: second.campaign.id, reason: "NO_EMAIL" } })).toBe(1);
    // Day 30 + 1 ms: free again.
    const third = await send(b.id, new Date(t0.getTime() + 30 * DAY + 1));
    expect(third.result).toMatchObject({ queuedCount: 2, throttledCount: 0 });
    // A survey with a 0-day override is never throttled.
    await db.survey.updateMany({ where: { id: a.id }, data: { throttleDays: 0 } });
    const fourth = await send(a.id, new Date(t0.getTime() + 31 * DAY));
    expect(fourth.result).toMatchObject({ queuedCount: 2, throttledCount: 0 });
  });

  it("samples a random subset of the audience by size or percentage", async () => {
    const org = await createOrganization("Sample Bank");
    await db.organization.update({ where: { id: org.id }, data: { throttleDays: 0 } });
    const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "S", brandName: "Bank" } });
    await addContacts(org.id, Array.from({ length: 40 }, (_, i) => ({ email: `s${i}@sample.example`, attributes: { region: i < 30 ? "华东" : "华北" } })));
    const actor = { organizationId: org.id, userId: null, role: "ADMIN" as const };
    const queue = recordingEnqueuer();
    const bySize = await createCampaign({ actor, input: { surveyId: survey.id, name: "n", audience: { kind: "all" }, sampleSize: 10 }, enqueue: queue.enqueue });
    expect(await fanOutCampaign({ organizationId: org.id, campaignId: bySize.id, enqueue: queue.enqueue })).toMatchObject({ queuedCount: 10, audienceCount: 10 });
    const byPercent = await createCampaign({
      actor,
      input: { surveyId: survey.id, name: "p", audience: { kind: "filter", attributes: { region: ["华东"] } }, samplePercent: 50 },
      enqueue: queue.enqueue,
    });
    expect(await fanOutCampaign({ organizationId: org.id, campaignId: byPercent.id, enqueue: queue.enqueue })).toMatchObject({ queuedCount: 15 });
    const sampled = await db.invitation.findMany({ where: { campaignId: byPercent.id } });
    expect(sampled.every((i) => (i.attributes as Record<string, string>).region === "华东")).toBe(true);
    const other = await createCampaign({ actor, input: { surveyId: survey.id, name: "n2", audience: { kind: "all" }, sampleSize: 10 }, enqueue: queue.enqueue });
    await fanOutCampaign({ organizationId: org.id, campaignId: other.id, enqueue: queue.enqueue });
    const setA = new Set((await db.invitation.findMany({ where: { campaignId: bySize.id } })).map((i) => i.contactId));
    const setB = (await db.invitation.findMany({ where: { campaignId: other.id } })).map((i) => i.contactId);
    // Two seeds draw different samples (the chance of the same 10 of 40 is ~1e-9).
    expect(setB.every((id) => setA.has(id))).toBe(false);
  });
});
