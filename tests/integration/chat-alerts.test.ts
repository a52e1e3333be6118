import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openCaseForResponse } from "@/server/cases/open-case-for-response";
import { escalateOverdueCases } from "@/server/cases/escalate-overdue-cases";
import { db } from "@/server/db";
import { defaultMailSettings } from "@/server/distribution/mail-settings";
import { createSurvey } from "@/server/surveys/create-survey";
import { sendTestEvent } from "@/server/webhooks/deliveries";
import { emitResponseEvents } from "@/server/webhooks/emit-domain-events";
import { createChatChannel, listWebhooks } from "@/server/webhooks/manage-webhooks";
import { runWebhookDeliveries } from "@/server/webhooks/run-webhook-deliveries";
import { createOrganization, expectAppError } from "./support/fixtures";
import { insertResponse } from "./support/responses";
import { startReceiver, type Received } from "./support/webhook-receiver";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let organizationId: string;
let otherOrganizationId: string;
let surveyId: string;
let branchA: string;
let branchB: string;
let teamA1: string;
const admin = () => ({ organizationId, role: "ADMIN" as const });
const DING_SECRET = "SECdingtalk0123456789abcdef";
const FEISHU_SECRET = "feishu-signing-secret";

beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE_URLS = "1";
  receiver = await startReceiver();
  organizationId = (await createOrganization("Chat Alerts Bank")).id;
  otherOrganizationId = (await createOrganization("Chat Alerts Other")).id;
  const region = await db.orgUnit.create({ data: { organizationId, kind: "REGION", code: "EAST", name: "华东" } });
  branchA = (await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "SH-A", name: "上海 A 支行", parentId: region.id } })).id;
  branchB = (await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "SH-B", name: "上海 B 支行", parentId: region.id } })).id;
  teamA1 = (await db.orgUnit.create({ data: { organizationId, kind: "TEAM", code: "SH-A-1", name: "A 支行一组", parentId: branchA } })).id;
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "开户回访", brandName: "演示银行" } })).id;
});

afterAll(async () => {
  // runWebhookDeliveries sends every organisation's due deliveries: leave none behind for the next test file.
  await db.webhookEndpoint.deleteMany({ where: { organizationId } });
  await receiver.close();
  delete process.env.WEBHOOKS_ALLOW_PRIVATE_URLS;
});

beforeEach(async () => {
  receiver.received.length = 0;
  receiver.reply.status = 200;
  receiver.reply.body = '{"errcode":0,"errmsg":"ok"}';
  await db.webhookEndpoint.deleteMany({ where: { organizationId } });
});

/** A detractor answer in `unitId`, its case opened and its events emitted, as the respondent's step 1 does. */
async function detractorIn(unitId: string, comment: string) {
  const response = await insertResponse({ organizationId, surveyId, score: 2, category: "DETRACTOR", comment, unitId, locale: "zh-CN", channel: "EMAIL", attributes: {} });
  return db.$transaction(async (tx) => {
    const opened = await openCaseForResponse(tx, organizationId, response.id);
    await emitResponseEvents(tx, {
      organizationId, responseId: response.id, surveyId, score: 2, category: "DETRACTOR", completed: true, unitId, caseId: opened?.created ? opened.caseId : null, now: new Date(),
    });
    return { responseId: response.id, caseId: opened?.caseId ?? null };
  });
}

const appUrl = defaultMailSettings().appUrl;
const byPath = (prefix: string): Received[] => receiver.received.filter((r) => r.path.startsWith(prefix));

describe("chat alerts", () => {
  it("each provider gets its documented format and signature; a unit's group gets only its subtree's alerts, in its language, with a link to the case", async () => {
    await createChatChannel({ actor: admin(), input: { kind: "WECOM", url: `${receiver.url}/wecom/send?key=k1`, events: ["response.detractor"], locale: "zh-CN" } });
    await createChatChannel({ actor: admin(), input: { kind: "DINGTALK", url: `${receiver.url}/ding/robot/send?access_token=t1`, secret: DING_SECRET, events: ["response.detractor"], unitId: branchA } });
    await createChatChannel({ actor: admin(), input: { kind: "FEISHU", url: `${receiver.url}/feishu/hook/h1`, secret: FEISHU_SECRET, events: ["response.detractor", "case.sla_breached"], unitId: branchB, locale: "en" } });
    expect((await listWebhooks({ actor: admin(), kind: "chat" })).map((c) => c.kind).sort()).toEqual(["DINGTALK", "FEISHU", "WECOM"]);
    expect(await listWebhooks({ actor: admin() })).toEqual([]);

    // A team below branch A: the organisation's 企业微信 group and branch A's 钉钉 group; not branch B's 飞书 group.
    const inA = await detractorIn(teamA1, "柜员态度差，排队一小时");
    const result = await runWebhookDeliveries({ organizationId, now: () => new Date() });
    expect(result).toMatchObject({ succeeded: 2, failed: 0, retry: 0 });
    const caseUrl = `/cases/${inA.caseId}`;

    const [wecom] = byPath("/wecom/");
    expect(wecom?.path).toBe("/wecom/send?key=k1");
    expect(wecom?.headers["content-type"]).toBe("application/json");
    const wecomBody = JSON.parse(wecom!.body) as { msgtype: string; markdown: { content: string } };
    expect(wecomBody.msgtype).toBe("markdown");
    expect(wecomBody.markdown.content).toContain("贬损者：2/10 分");
    expect(wecomBody.markdown.content).toContain("A 支行一组");
    expect(wecomBody.markdown.content).toContain("柜员态度差");
    expect(wecomBody.markdown.content).toContain(`(${appUrl}${caseUrl})`);
    expect(Buffer.byteLength(wecomBody.markdown.content)).toBeLessThanOrEqual(4096);

    const [ding] = byPath("/ding/");
    const dingUrl = new URL(ding!.path, receiver.url);
    expect(dingUrl.searchParams.get("access_token")).toBe("t1");
    const timestamp = dingUrl.searchParams.get("timestamp")!;
    expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(60 * 60 * 1000);
    expect(dingUrl.searchParams.get("sign")).toBe(createHmac("sha256", DING_SECRET).update(`${timestamp}\n${DING_SECRET}`).digest("base64"));
    expect(ding!.path).toMatch(/&sign=[A-Za-z0-9%]+$/); // url-encoded: no raw + / =
    const dingBody = JSON.parse(ding!.body) as { msgtype: string; markdown: { title: string; text: string } };
    expect(dingBody).toMatchObject({ msgtype: "markdown", markdown: { title: "贬损者：2/10 分" } });
    expect(dingBody.markdown.text).toContain(caseUrl);
    expect(byPath("/feishu/")).toHaveLength(0);

    // Branch B: the 飞书 group, in English, signed in the body.
    receiver.received.length = 0;
    receiver.reply.body = '{"code":0,"msg":"success","data":{}}';
    const inB = await detractorIn(branchB, "App keeps crashing");
    await runWebhookDeliveries({ organizationId, now: () => new Date() });
    expect(byPath("/ding/")).toHaveLength(0);
    const [feishu] = byPath("/feishu/");
    const feishuBody = JSON.parse(feishu!.body) as { timestamp: string; sign: string; msg_type: string; content: { post: Record<string, { title: string; content: { tag: string; text: string; href?: string }[][] }> } };
    expect(feishuBody.timestamp).toMatch(/^\d{10}$/);
    expect(feishuBody.sign).toBe(createHmac("sha256", `${feishuBody.timestamp}\n${FEISHU_SECRET}`).update("").digest("base64"));
    expect(feishuBody.msg_type).toBe("post");
    const post = Object.values(feishuBody.content.post)[0]!;
    expect(post.title).toBe("Detractor: 2/10");
    expect(post.content.flat()).toContainEqual({ tag: "a", text: "Open the case", href: `${appUrl}/cases/${inB.caseId}` });
    expect(byPath("/wecom/")).toHaveLength(1);
  });

  it("an SLA breach goes to the case's unit group; a provider's error code is a failed attempt, retried", async () => {
    await createChatChannel({ actor: admin(), input: { kind: "FEISHU", url: `${receiver.url}/feishu/sla`, secret: FEISHU_SECRET, events: ["case.sla_breached"], unitId: branchB, locale: "zh-CN" } });
    const { caseId } = await detractorIn(branchB, "没人回电话");
    const due = await db.case.findFirstOrThrow({ where: { organizationId, id: caseId! }, select: { dueAt: true } });
    await db.case.updateMany({ where: { organizationId, id: { not: caseId! } }, data: { escalatedAt: new Date() } });
    const at = new Date(due.dueAt.getTime() + 60_000);
    await escalateOverdueCases({ now: at, organizationId });
    receiver.reply.body = '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}';
    const first = await runWebhookDeliveries({ organizationId, now: () => at });
    expect(first).toMatchObject({ retry: 1 });
    const row = await db.webhookDelivery.findFirstOrThrow({ where: { organizationId, eventType: "case.sla_breached" } });
    expect(row.error).toContain("19021");
    receiver.reply.body = '{"code":0,"msg":"success"}';
    const second = await runWebhookDeliveries({ organizationId, now: () => new Date(at.getTime() + 31_000) });
    expect(second).toMatchObject({ succeeded: 1 });
    const sla = byPath("/feishu/sla");
    expect(sla).toHaveLength(2);
    expect(sla[1]!.body).toContain("工单超时");
    expect(sla[1]!.body).toContain(`/cases/${caseId}`);
  });

  it("a test message, a unit of another organisation refused, other organisations' channels untouched", async () => {
    const channel = await createChatChannel({ actor: admin(), input: { kind: "WECOM", url: `${receiver.url}/wecom/test`, events: ["response.detractor"] } });
    const delivery = await sendTestEvent({ actor: admin(), id: channel.id, options: { now: () => new Date() } });
    expect(delivery).toMatchObject({ status: "SUCCEEDED", eventType: "webhook.test" });
    expect(JSON.parse(byPath("/wecom/test")[0]!.body)).toMatchObject({ msgtype: "markdown" });
    await expectAppError(createChatChannel({ actor: { organizationId: otherOrganizationId, role: "ADMIN" }, input: { kind: "WECOM", url: `${receiver.url}/x`, events: ["response.detractor"], unitId: branchA } }), "validation_failed");
    await expectAppError(sendTestEvent({ actor: { organizationId: otherOrganizationId, role: "ADMIN" }, id: channel.id, options: { now: () => new Date() } }), "not_found");
    await expectAppError(createChatChannel({ actor: { organizationId, role: "MANAGER" }, input: { kind: "WECOM", url: `${receiver.url}/x`, events: ["response.detractor"] } }), "forbidden");
  });
});
