/**
 * Issue 16 / 14 loose ends of the weekly digest: chat groups (企业微信 / 钉钉 / 飞书 robots) subscribed to
 * `digest.weekly` get a short message of their scope in their language — NPS, change, n, the rising theme with two
 * example comments, a link — signed as each provider documents, once per week; the email digest shows the rising
 * theme too. The rising theme: the largest rise in share of comments against the 4 weeks before, with a minimum
 * count (a 4-comment theme with a steeper rise does not win), examples with personal data masked.
 */
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyScore } from "@/lib/nps";
import { sendWeeklyDigests } from "@/server/accountability/send-weekly-digest";
import { db } from "@/server/db";
import { createSmtpTransport, type MailTransport } from "@/server/email/transport";
import { getRisingTheme } from "@/server/text/get-rising-theme";
import { createChatChannel } from "@/server/webhooks/manage-webhooks";
import { runWebhookDeliveries } from "@/server/webhooks/run-webhook-deliveries";
import { SETTINGS, startSmtp } from "./distribution-support";
import { createOrganization } from "./support/fixtures";
import { startReceiver, type Received } from "./support/webhook-receiver";

// Wednesday 2026-11-18 10:00 in Shanghai: the digest reports Mon 2026-11-09 … Sun 2026-11-15; the baseline is
// 2026-10-12 … 2026-11-08, the week before 2026-11-02 … 2026-11-08.
const WEDNESDAY = new Date("2026-11-18T02:00:00Z");
const IN_WEEK = new Date("2026-11-12T04:00:00Z");
const WEEK_BEFORE = new Date("2026-11-04T04:00:00Z");
const EARLIER = new Date("2026-10-20T04:00:00Z");
const FEISHU_SECRET = "feishu-digest-secret";
const DING_SECRET = "SECding-digest-secret";

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let transport: MailTransport;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let orgId: string;
let branchA: string;
let branchB: string;
let ownerEmail: string;

type Planted = { score: number; createdAt: Date; unitId: string; themes: string[]; comment: string };

beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE_URLS = "1";
  smtp = await startSmtp();
  transport = createSmtpTransport(smtp.url, { maxConnections: 1 });
  receiver = await startReceiver();
  orgId = (await createOrganization("Rising Digest Bank")).id;
  ownerEmail = `owner-${randomUUID()}@example.com`;
  const owner = await db.user.create({ data: { email: ownerEmail, name: "Owner", passwordHash: "x", locale: "en" } });
  await db.membership.create({ data: { organizationId: orgId, userId: owner.id, role: "OWNER" } });
  branchA = (await db.orgUnit.create({ data: { organizationId: orgId, kind: "BRANCH", code: "A", name: "上海 A 支行" } })).id;
  branchB = (await db.orgUnit.create({ data: { organizationId: orgId, kind: "BRANCH", code: "B", name: "上海 B 支行" } })).id;
  const survey = await db.survey.create({ data: { organizationId: orgId, name: "Relationship", brandName: "Bank", status: "ACTIVE" } });
  await db.themeDefinition.createMany({
    data: [
      { organizationId: orgId, key: "waiting", labelZh: "排队等候", labelEn: "Waiting time", keywords: ["排队"] },
      { organizationId: orgId, key: "staff", labelZh: "员工态度", labelEn: "Staff attitude", keywords: ["态度"] },
      { organizationId: orgId, key: "fees", labelZh: "收费", labelEn: "Fees", keywords: ["收费"] },
    ],
  });

  const planted: Planted[] = [];
  const at = (base: Date, i: number) => new Date(base.getTime() + i * 60_000);
  // Baseline (4 weeks before): 40 read comments — staff 20 (50 %), waiting 8 (20 %), fees 0, 12 without a theme.
  for (let i = 0; i < 40; i++) {
    const themes = i < 20 ? ["staff"] : i < 28 ? ["waiting"] : [];
    planted.push({ score: i % 2 ? 9 : 4, createdAt: at(i < 20 ? EARLIER : WEEK_BEFORE, i), unitId: branchA, themes, comment: `过去的评论 ${i}` });
  }
  // The week: 20 read comments — waiting 6 (30 %: +10 points), fees 4 (20 %: +20 points but under the minimum of 5),
  // staff 6 (30 %: −20 points), 4 without a theme.
  for (let i = 0; i < 20; i++) {
    const themes = i < 6 ? ["waiting"] : i < 10 ? ["fees"] : i < 16 ? ["staff"] : [];
    const comment =
      i === 4 ? "排队一个多小时，请打 13812345678 或写信 wang.li@example.com 联系我"
      : i === 5 ? "Queue took forever, call me on +86 139 8765 4321"
      : `本周评论 ${i}`;
    planted.push({ score: i < 6 ? 3 : 9, createdAt: at(IN_WEEK, i), unitId: branchA, themes, comment });
  }
  for (const p of planted) {
    const response = await db.response.create({
      data: {
        organizationId: orgId, surveyId: survey.id, score: p.score, category: classifyScore(p.score), comment: p.comment, locale: "zh-CN",
        channel: "EMAIL", completed: true, unitId: p.unitId, createdAt: p.createdAt,
      },
    });
    await db.responseText.create({
      data: {
        organizationId: orgId, responseId: response.id, surveyId: survey.id, sentiment: p.score < 7 ? -0.6 : 0.5, polarity: p.score < 7 ? "negative" : "positive",
        themes: p.themes, themeSentiments: p.themes.map(() => (p.score < 7 ? -0.6 : 0.5)), tokens: [], taxonomyHash: "t", commentHash: randomUUID(),
      },
    });
  }
});

afterAll(async () => {
  await db.webhookEndpoint.deleteMany({ where: { organizationId: orgId } });
  transport.close();
  await smtp.close();
  await receiver.close();
  delete process.env.WEBHOOKS_ALLOW_PRIVATE_URLS;
});

const byPath = (prefix: string): Received[] => receiver.received.filter((r) => r.path.startsWith(prefix));

describe("the rising theme of the week", () => {
  it("is the theme whose share rose most with enough comments, with two masked example comments", async () => {
    const rising = await getRisingTheme({ organizationId: orgId, timeZone: "Asia/Shanghai", week: { from: "2026-11-09", to: "2026-11-15" }, unitIds: null });
    expect(rising).toMatchObject({ key: "waiting", labelZh: "排队等候", labelEn: "Waiting time", weekCount: 6, weekShare: 0.3, baselineShare: 0.2 });
    expect(rising?.examples).toHaveLength(2);
    const text = JSON.stringify(rising?.examples);
    expect(text).not.toContain("13812345678");
    expect(text).not.toContain("wang.li@example.com");
    expect(text).not.toContain("8765 4321");
    expect(rising?.examples.map((e) => e.score)).toEqual([3, 3]);
    // Branch B has no comments: nothing rose there.
    expect(await getRisingTheme({ organizationId: orgId, timeZone: "Asia/Shanghai", week: { from: "2026-11-09", to: "2026-11-15" }, unitIds: [branchB] })).toBeNull();
    // With a minimum of 4 the steeper fees rise wins.
    expect((await getRisingTheme({ organizationId: orgId, timeZone: "Asia/Shanghai", week: { from: "2026-11-09", to: "2026-11-15" }, unitIds: null, minCount: 4 }))?.key).toBe("fees");
  });
});

describe("the weekly digest in chat groups and email", () => {
  it("each subscribed group gets its scope's digest in its language, signed, once a week; the email shows the rising theme", async () => {
    const wecom = await createChatChannel({ actor: { organizationId: orgId, role: "ADMIN" }, input: { kind: "WECOM", url: `${receiver.url}/wecom/send?key=k1`, events: ["digest.weekly"], locale: "zh-CN" } });
    await createChatChannel({
      actor: { organizationId: orgId, role: "ADMIN" },
      input: { kind: "FEISHU", url: `${receiver.url}/feishu/hook/h1`, secret: FEISHU_SECRET, events: ["digest.weekly", "response.detractor"], locale: "en", unitId: branchA },
    });
    await createChatChannel({
      actor: { organizationId: orgId, role: "ADMIN" },
      input: { kind: "DINGTALK", url: `${receiver.url}/ding/robot/send?access_token=t1`, secret: DING_SECRET, events: ["digest.weekly"], unitId: branchB },
    });
    // Not subscribed to the digest: no digest.
    await createChatChannel({ actor: { organizationId: orgId, role: "ADMIN" }, input: { kind: "WECOM", url: `${receiver.url}/wecom-alerts/send?key=k2`, events: ["response.detractor"] } });

    receiver.reply.body = '{"errcode":0,"code":0}';
    expect(await sendWeeklyDigests({ now: WEDNESDAY, transport, settings: SETTINGS, organizationId: orgId })).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(await runWebhookDeliveries({ organizationId: orgId, now: () => new Date() })).toMatchObject({ succeeded: 3, failed: 0, retry: 0 });
    expect(byPath("/wecom-alerts")).toHaveLength(0);

    // 企业微信, whole organisation, Chinese: markdown with NPS, n, change, the rising theme, two masked examples, the link.
    const [wecomMsg] = byPath("/wecom/");
    const wecomBody = JSON.parse(wecomMsg!.body) as { msgtype: string; markdown: { content: string } };
    expect(wecomBody.msgtype).toBe("markdown");
    const content = wecomBody.markdown.content;
    expect(content).toContain("NPS 周报 · 整个机构 · 2026-11-09 至 2026-11-15");
    // 14 promoters and 6 detractors this week; 10 and 10 the week before.
    expect(content).toContain("NPS：+40（n = 20）");
    expect(content).toContain("较前一周变化：+40 分");
    expect(content).toContain("上升主题：排队等候，占评论 30%（此前 4 周：20%）");
    expect(content).not.toContain("13812345678");
    expect(content).not.toContain("wang.li@example.com");
    expect(content.match(/^> \[3\]/gm)).toHaveLength(2);
    expect(content).toContain(`(${SETTINGS.appUrl}/accountability?range=30d)`);

    // 飞书, branch A, English, signed: timestamp + sign in the body.
    const [feishuMsg] = byPath("/feishu/");
    const feishu = JSON.parse(feishuMsg!.body) as { timestamp: string; sign: string; msg_type: string; content: { post: { zh_cn: { title: string; content: { tag: string; text: string; href?: string }[][] } } } };
    expect(feishu.msg_type).toBe("post");
    expect(feishu.sign).toBe(createHmac("sha256", `${feishu.timestamp}\n${FEISHU_SECRET}`).update("").digest("base64"));
    expect(feishu.content.post.zh_cn.title).toBe("Weekly NPS digest · 上海 A 支行 · 2026-11-09 – 2026-11-15");
    const feishuText = JSON.stringify(feishu.content.post.zh_cn.content);
    expect(feishuText).toContain("Rising theme: Waiting time, 30% of comments (the 4 weeks before: 20%)");
    expect(feishuText).toContain("NPS: +40 (n = 20)");

    // 钉钉, branch B (no answers), Chinese, signed in the URL.
    const [dingMsg] = byPath("/ding/");
    const dingUrl = new URL(dingMsg!.path, receiver.url);
    const ts = dingUrl.searchParams.get("timestamp")!;
    expect(dingUrl.searchParams.get("sign")).toBe(createHmac("sha256", DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest("base64"));
    const ding = JSON.parse(dingMsg!.body) as { msgtype: string; markdown: { title: string; text: string } };
    expect(ding.markdown.title).toContain("上海 B 支行");
    expect(ding.markdown.text).not.toContain("上升主题");

    // Once a week: the next hourly run queues nothing more.
    const before = receiver.received.length;
    await sendWeeklyDigests({ now: new Date(WEDNESDAY.getTime() + 3_600_000), transport, settings: SETTINGS, organizationId: orgId });
    await runWebhookDeliveries({ organizationId: orgId, now: () => new Date() });
    expect(receiver.received.length).toBe(before);
    expect(await db.webhookDelivery.count({ where: { organizationId: orgId, endpointId: wecom.id, eventType: "digest.weekly" } })).toBe(1);

    // The email digest (the owner reads English) shows the rising theme with its masked examples.
    const mail = smtp.received.find((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === ownerEmail);
    expect(mail?.text).toContain("Rising theme of the week:");
    expect(mail?.text).toContain("Waiting time: 30% of comments last week (the 4 weeks before: 20%)");
    expect(mail?.text).not.toContain("13812345678");
    expect(mail?.html).toContain("Rising theme of the week");
  });
});
