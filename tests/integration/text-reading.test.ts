import { beforeAll, describe, expect, inject, it } from "vitest";
import { createSmtpTransport } from "@/server/email/transport";
import { startBoss } from "@/server/queue/boss";
import { QUEUES } from "@/server/queue/queues";
import { startDistributionWorker } from "@/server/queue/worker";
import { SETTINGS } from "./distribution-support";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { commentReadingProgress, readComments } from "@/server/text/read-comments";
import { createOrganization } from "./support/fixtures";
import { insertResponses } from "./support/responses";

let organizationId: string;
let surveyId: string;
let otherOrganizationId: string;
let ids: string[];

const COMMENTS = [
  "网点排队太久了，手机银行还老是闪退",
  "柜员态度很好，非常满意",
  "The app keeps crashing",
  "跨行转账还要收手续费",
  "   ",
  null,
];

async function readings(org = organizationId) {
  return db.responseText.findMany({ where: { organizationId: org }, orderBy: { responseId: "asc" } });
}

beforeAll(async () => {
  organizationId = (await createOrganization("Reading Bank")).id;
  otherOrganizationId = (await createOrganization("Other Reading Bank")).id;
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  const otherSurvey = (await createSurvey({ organizationId: otherOrganizationId, userId: null, input: { name: "Theirs", brandName: "X" } })).id;
  const rows = COMMENTS.map((comment, i) => ({
    organizationId,
    surveyId,
    score: i % 2 ? 9 : 3,
    category: i % 2 ? ("PROMOTER" as const) : ("DETRACTOR" as const),
    comment,
    locale: "zh-CN",
    channel: "LINK" as const,
  }));
  ids = (await insertResponses(rows)).map((r) => r.id);
  await insertResponses([{ organizationId: otherOrganizationId, surveyId: otherSurvey, score: 2, category: "DETRACTOR", comment: "排队太久", locale: "zh-CN", channel: "LINK" }]);
});

describe("reading comments (the worker's job)", () => {
  it("reads every non-empty comment once, with themes, their sentiment and tokens, and only the organisation's", async () => {
    expect(await commentReadingProgress(organizationId)).toEqual({ read: 0, total: 4 });
    const result = await readComments({ organizationId, batchSize: 3 });
    expect(result).toEqual({ read: 4, removed: 0, done: true });
    const rows = await readings();
    expect(rows).toHaveLength(4);
    const byId = new Map(rows.map((r) => [r.responseId, r]));
    const first = byId.get(ids[0]!)!;
    expect(first.surveyId).toBe(surveyId);
    expect(first.themes).toEqual(expect.arrayContaining(["waiting", "mobile_app"]));
    expect(first.themeSentiments).toHaveLength(first.themes.length);
    expect(first.polarity).toBe("negative");
    expect(first.tokens).toEqual(expect.arrayContaining(["排队", "手机银行", "闪退"]));
    expect(byId.get(ids[1]!)!.polarity).toBe("positive");
    expect(byId.get(ids[2]!)!.themes).toEqual(["mobile_app"]);
    expect(byId.get(ids[4]!)).toBeUndefined();
    expect(await readings(otherOrganizationId)).toHaveLength(0);
    expect(await commentReadingProgress(organizationId)).toEqual({ read: 4, total: 4 });
    // Nothing left: a second run reads nothing.
    expect(await readComments({ organizationId })).toEqual({ read: 0, removed: 0, done: true });
  });

  it("reads a changed comment again and forgets a removed one", async () => {
    await db.response.update({ where: { organizationId_id: { organizationId, id: ids[3]! } }, data: { comment: "客服电话根本打不通" } });
    await db.response.update({ where: { organizationId_id: { organizationId, id: ids[2]! } }, data: { comment: null } });
    expect(await commentReadingProgress(organizationId)).toEqual({ read: 2, total: 3 });
    expect(await readComments({ organizationId })).toEqual({ read: 1, removed: 1, done: true });
    const rows = new Map((await readings()).map((r) => [r.responseId, r]));
    expect(rows.get(ids[3]!)!.themes).toEqual(["customer_service_line"]);
    expect(rows.has(ids[2]!)).toBe(false);
  });

  it("reads everything again after a taxonomy edit, with the new rules", async () => {
    await db.themeDefinition.update({
      where: { organizationId_key: { organizationId, key: "staff_attitude" } },
      data: { keywords: { set: ["满意"] } },
    });
    expect((await commentReadingProgress(organizationId)).read).toBe(0);
    expect(await readComments({ organizationId })).toMatchObject({ read: 3, done: true });
    const rows = new Map((await readings()).map((r) => [r.responseId, r]));
    expect(rows.get(ids[1]!)!.themes).toEqual(["staff_attitude"]);
  });

  it("two runs at once write each reading once", async () => {
    await db.themeDefinition.update({ where: { organizationId_key: { organizationId, key: "fees" } }, data: { labelEn: "Charges" } });
    const [a, b] = await Promise.all([readComments({ organizationId, batchSize: 1 }), readComments({ organizationId, batchSize: 1 })]);
    expect(a.read + b.read).toBeGreaterThanOrEqual(3);
    expect(await readings()).toHaveLength(3);
    expect(await commentReadingProgress(organizationId)).toEqual({ read: 3, total: 3 });
  });

  it("a deleted response takes its reading with it", async () => {
    await db.response.delete({ where: { organizationId_id: { organizationId, id: ids[0]! } } });
    expect((await readings()).map((r) => r.responseId)).not.toContain(ids[0]);
  });
});

describe("the worker", () => {
  it("reads a new comment soon after it is stored, and schedules the reading every minute", async () => {
    const [response] = await insertResponses([
      { organizationId, surveyId, score: 2, category: "DETRACTOR", comment: "理赔太慢，客服也打不通", locale: "zh-CN", channel: "LINK" },
    ]);
    const transport = createSmtpTransport("smtp://127.0.0.1:9", { maxConnections: 1 });
    const worker = await startDistributionWorker({ connectionString: inject("databaseUrl"), transport, settings: SETTINGS, log: () => undefined });
    const boss = await startBoss({ connectionString: inject("databaseUrl") });
    try {
      const deadline = Date.now() + 30_000;
      let reading = null;
      while (!reading && Date.now() < deadline) {
        reading = await db.responseText.findUnique({ where: { organizationId_responseId: { organizationId, responseId: response!.id } } });
        if (!reading) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(reading?.themes).toContain("customer_service_line");
      expect(reading?.polarity).toBe("negative");
      const schedules = await boss.getSchedules();
      expect(schedules.find((schedule) => schedule.name === QUEUES.commentReading)?.cron).toBe("* * * * *");
    } finally {
      await boss.stop({ graceful: false, wait: true });
      await worker.stop();
    }
  }, 90_000);
});

describe("turns", () => {
  it("readComments stops after maxBatches (the minute job's turn per organisation), newest first, and says it is not done", async () => {
    const otherSurvey = await db.survey.findFirstOrThrow({ where: { organizationId: otherOrganizationId } });
    await readComments({ organizationId: otherOrganizationId });
    const base = Date.UTC(2026, 5, 1);
    const fresh = await insertResponses(
      Array.from({ length: 5 }, (_, i) => ({
        organizationId: otherOrganizationId,
        surveyId: otherSurvey.id,
        score: 4,
        category: "DETRACTOR" as const,
        comment: `排队等了${i + 1}个小时`,
        locale: "zh-CN",
        channel: "LINK" as const,
        createdAt: new Date(base + i * 60_000),
      })),
    );
    expect(await readComments({ organizationId: otherOrganizationId, batchSize: 2, maxBatches: 1 })).toEqual({ read: 2, removed: 0, done: false });
    const read = new Set((await readings(otherOrganizationId)).map((r) => r.responseId));
    // The two newest were read first.
    expect(fresh.map((r) => read.has(r.id))).toEqual([false, false, false, true, true]);
    expect(await readComments({ organizationId: otherOrganizationId, batchSize: 2, maxBatches: 2 })).toEqual({ read: 3, removed: 0, done: true });
  });
});
