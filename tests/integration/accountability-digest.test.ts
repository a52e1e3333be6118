import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyScore } from "@/lib/nps";
import { sendWeeklyDigests } from "@/server/accountability/send-weekly-digest";
import { db } from "@/server/db";
import { createSmtpTransport, type MailTransport } from "@/server/email/transport";
import { SETTINGS, startSmtp } from "./distribution-support";
import { createOrganization } from "./support/fixtures";

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let transport: MailTransport;
let orgId: string;
const users = { owner: "", manager: "", viewer: "" };
const emails = { owner: "", manager: "", viewer: "" };

// Wednesday 2026-11-18 10:00 in Shanghai: the digest reports Mon 2026-11-09 … Sun 2026-11-15.
const WEDNESDAY = new Date("2026-11-18T02:00:00Z");
const LAST_WEEK = new Date("2026-11-12T04:00:00Z");
const WEEK_BEFORE = new Date("2026-11-04T04:00:00Z");

beforeAll(async () => {
  smtp = await startSmtp();
  transport = createSmtpTransport(smtp.url, { maxConnections: 1 });
  const org = await createOrganization("Digest Bank");
  orgId = org.id;
  const survey = await db.survey.create({ data: { organizationId: orgId, name: "Relationship", brandName: "Bank", status: "ACTIVE" } });
  const mk = async (key: keyof typeof users, role: "OWNER" | "MANAGER" | "VIEWER", locale: string) => {
    const email = `${key}-${orgId}@example.com`;
    const user = await db.user.create({ data: { email, name: key === "manager" ? "李经理" : `${key} <b>`, passwordHash: "x", locale } });
    await db.membership.create({ data: { organizationId: orgId, userId: user.id, role } });
    users[key] = user.id;
    emails[key] = email;
  };
  await mk("owner", "OWNER", "en");
  await mk("manager", "MANAGER", "zh-CN");
  await mk("viewer", "VIEWER", "en");
  const region = await db.orgUnit.create({ data: { organizationId: orgId, kind: "REGION", code: "EAST", name: "华东" } });
  const ljz = await db.orgUnit.create({ data: { organizationId: orgId, kind: "BRANCH", code: "LJZ", name: "上海陆家嘴支行", parentId: region.id, managerId: users.manager } });
  const team = await db.orgUnit.create({ data: { organizationId: orgId, kind: "TEAM", code: "LJZ-T", name: "柜面组", parentId: ljz.id } });
  const xh = await db.orgUnit.create({ data: { organizationId: orgId, kind: "BRANCH", code: "XH", name: "杭州西湖支行", parentId: region.id } });
  const answers: { score: number; unitId: string; createdAt: Date; comment?: string }[] = [];
  // Last week: the branch (through its team) did well; the week before badly → a significant rise.
  for (let i = 0; i < 60; i++) answers.push({ score: i < 50 ? 10 : 3, unitId: team.id, createdAt: new Date(LAST_WEEK.getTime() + i * 60_000) });
  for (let i = 0; i < 60; i++) answers.push({ score: i < 15 ? 10 : 2, unitId: ljz.id, createdAt: WEEK_BEFORE });
  answers.push({ score: 1, unitId: ljz.id, createdAt: new Date(LAST_WEEK.getTime() + 3_600_000), comment: "排队太久 <script>alert(1)</script>" });
  answers.push({ score: 9, unitId: team.id, createdAt: new Date(LAST_WEEK.getTime() + 7_200_000), comment: "柜员很耐心" });
  answers.push({ score: 0, unitId: xh.id, createdAt: new Date(LAST_WEEK.getTime() + 9_000_000), comment: "Hangzhou only comment" });
  await db.response.createMany({
    data: answers.map((a) => ({
      organizationId: orgId,
      surveyId: survey.id,
      score: a.score,
      category: classifyScore(a.score),
      comment: a.comment ?? null,
      locale: "zh-CN",
      channel: "EMAIL" as const,
      completed: true,
      unitId: a.unitId,
      createdAt: a.createdAt,
    })),
  });
  // One overdue open case in the branch, one resolved, one overdue elsewhere.
  const responses = await db.response.findMany({ where: { organizationId: orgId, score: { lte: 3 } }, take: 3, orderBy: { createdAt: "desc" } });
  const [r1, r2, r3] = responses;
  if (!r1 || !r2 || !r3) throw new Error("fixture responses missing");
  const due = new Date("2026-11-16T00:00:00Z");
  await db.case.create({ data: { organizationId: orgId, responseId: r1.id, surveyId: survey.id, unitId: ljz.id, dueAt: due, status: "OPEN" } });
  await db.case.create({ data: { organizationId: orgId, responseId: r2.id, surveyId: survey.id, unitId: team.id, dueAt: due, status: "RESOLVED" } });
  await db.case.create({ data: { organizationId: orgId, responseId: r3.id, surveyId: survey.id, unitId: xh.id, dueAt: due, status: "CONTACTED" } });
});

afterAll(async () => {
  transport.close();
  await smtp.close();
});

const mailTo = (email: string) => smtp.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === email);

describe("weekly digest", () => {
  it("emails each manager their scope in their language, with both parts, once per week", async () => {
    const first = await sendWeeklyDigests({ now: WEDNESDAY, transport, settings: SETTINGS, organizationId: orgId });
    expect(first).toEqual({ sent: 2, skipped: 0, failed: 0 });
    expect(mailTo(emails.viewer)).toHaveLength(0);

    const [manager] = mailTo(emails.manager);
    expect(manager?.subject).toBe("NPS 周报——上海陆家嘴支行，2026-11-09 当周");
    const text = manager?.text ?? "";
    // Scope = the branch with its team: 60 + 2 answers last week (the Hangzhou answer is not theirs).
    expect(text).toContain("n = 62");
    expect(text).toMatch(/较前一周变化：\+\d+(\.\d+)? 分（显著，p (= 0\.\d+|< 0\.001)）/);
    expect(text).toContain("新增贬损者：11");
    expect(text).toContain("逾期工单：1");
    expect(text).toContain("排队太久 <script>alert(1)</script>");
    expect(text).toContain("柜员很耐心");
    expect(text).not.toContain("Hangzhou only comment");
    const htmlPart = typeof manager?.html === "string" ? manager.html : "";
    expect(htmlPart).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(htmlPart).not.toContain("<script>");
    expect(htmlPart).toContain('lang="zh-CN"');

    const [owner] = mailTo(emails.owner);
    expect(owner?.subject).toBe("Weekly NPS digest — the whole organisation, week of 2026-11-09");
    expect(owner?.text).toContain("n = 63");
    expect(owner?.text).toContain("Overdue cases: 2");
    expect(owner?.text).toContain("Hangzhou only comment");
    expect(typeof owner?.html === "string" ? owner.html : "").toContain("Hello owner &lt;b&gt;,");
    expect((owner?.text ?? "").match(/^> /gm)).toHaveLength(3);

    // Same week again (later that day, or concurrently): nothing more.
    const again = await Promise.all([
      sendWeeklyDigests({ now: new Date(WEDNESDAY.getTime() + 3_600_000), transport, settings: SETTINGS, organizationId: orgId }),
      sendWeeklyDigests({ now: new Date(WEDNESDAY.getTime() + 7_200_000), transport, settings: SETTINGS, organizationId: orgId }),
    ]);
    expect(again.reduce((sum, o) => sum + o.sent, 0)).toBe(0);
    expect(smtp.received).toHaveLength(2);
    expect(await db.digestRun.count({ where: { organizationId: orgId } })).toBe(2);
  });

  it("moves with the clock: nothing on Monday before 08:00, the next week's digest after", async () => {
    const mondayEarly = new Date("2026-11-22T23:00:00Z"); // Mon 2026-11-23 07:00 Shanghai
    expect(await sendWeeklyDigests({ now: mondayEarly, transport, settings: SETTINGS, organizationId: orgId })).toEqual({ sent: 0, skipped: 0, failed: 0 });
    const mondayNine = new Date("2026-11-23T01:00:00Z");
    expect(await sendWeeklyDigests({ now: mondayNine, transport, settings: SETTINGS, organizationId: orgId })).toEqual({ sent: 2, skipped: 0, failed: 0 });
    const [, next] = mailTo(emails.manager);
    expect(next?.subject).toContain("2026-11-16");
    // No answers that week; last week had some: no comparison.
    expect(next?.text).toContain("NPS：上周没有回复");
    expect(next?.text).toContain("无法比较");
    expect(await db.digestRun.findMany({ where: { organizationId: orgId, userId: users.manager }, orderBy: { weekStart: "asc" }, select: { weekStart: true } })).toEqual([
      { weekStart: new Date("2026-11-09T00:00:00Z") },
      { weekStart: new Date("2026-11-16T00:00:00Z") },
    ]);
  });

  it("a failed send releases the week so the next run retries", async () => {
    const sunday = new Date("2026-12-06T04:00:00Z"); // reports 2026-11-23
    smtp.state.refuse = "451";
    const failed = await sendWeeklyDigests({ now: sunday, transport, settings: SETTINGS, organizationId: orgId });
    expect(failed).toEqual({ sent: 0, skipped: 0, failed: 2 });
    smtp.state.refuse = null;
    expect(await sendWeeklyDigests({ now: sunday, transport, settings: SETTINGS, organizationId: orgId })).toEqual({ sent: 2, skipped: 0, failed: 0 });
  });
});
