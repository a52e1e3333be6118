import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { chatBody, dingtalkSign, feishuSign, signedChatRequest } from "@/lib/chat-signatures";
import { isBlockedAddress, urlProblem } from "@/server/webhooks/ssrf";

const message = { title: "贬损者：3/10 分", lines: ["问卷：开户回访", "评论：排队太久"], link: { label: "查看工单", url: "https://nps.example.com/cases/abc" } };

describe("chat robot formats", () => {
  it("企业微信: a markdown message with the link", () => {
    expect(chatBody("WECOM", message)).toEqual({
      msgtype: "markdown",
      markdown: { content: "**贬损者：3/10 分**\n问卷：开户回访\n评论：排队太久\n[查看工单](https://nps.example.com/cases/abc)" },
    });
  });

  it("钉钉: markdown with title and text; 加签 as timestamp (ms) and url-encoded sign query parameters", () => {
    expect(chatBody("DINGTALK", message)).toMatchObject({ msgtype: "markdown", markdown: { title: message.title } });
    const secret = "SEC000000000000000000000";
    const ts = 1_700_000_000_123;
    const expected = createHmac("sha256", secret).update(`${ts}\n${secret}`).digest("base64");
    expect(dingtalkSign(secret, ts)).toBe(expected);
    const { url, body } = signedChatRequest("DINGTALK", "https://oapi.dingtalk.com/robot/send?access_token=abc", "{}", secret, ts);
    expect(body).toBe("{}");
    expect(url).toContain(`&timestamp=${ts}&sign=${encodeURIComponent(expected)}`);
    expect(new URL(url).searchParams.get("access_token")).toBe("abc");
  });

  it("飞书: a post message; timestamp (s) and sign = base64(HMAC-SHA256 keyed by timestamp\\nsecret over nothing) in the body", () => {
    const secret = "feishu-secret";
    const ts = 1_700_000_000;
    const expected = createHmac("sha256", `${ts}\n${secret}`).update("").digest("base64");
    expect(feishuSign(secret, ts)).toBe(expected);
    const { url, body } = signedChatRequest("FEISHU", "https://open.feishu.cn/open-apis/bot/v2/hook/x", JSON.stringify(chatBody("FEISHU", message)), secret, ts * 1000 + 999);
    expect(url).toBe("https://open.feishu.cn/open-apis/bot/v2/hook/x");
    const parsed = JSON.parse(body) as Record<string, unknown>;
    expect(parsed).toMatchObject({ timestamp: String(ts), sign: expected, msg_type: "post" });
    expect(JSON.stringify(parsed)).toContain('"tag":"a"');
  });

  it("without a secret nothing is added", () => {
    expect(signedChatRequest("DINGTALK", "https://x.example/robot?access_token=1", "{}", null, 1)).toEqual({ url: "https://x.example/robot?access_token=1", body: "{}" });
  });
});

describe("SSRF address classes", () => {
  it.each([
    "127.0.0.1", "127.8.9.1", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.1", "ff02::1", "224.0.0.1", "255.255.255.255",
  ])("%s is blocked", (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "203.0.114.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("%s is allowed", (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });

  it("refuses other schemes, credentials and private literals unless allowed", () => {
    expect(urlProblem("ftp://example.com", false)).toMatch(/http/);
    expect(urlProblem("https://user:pw@example.com", false)).toMatch(/credentials/);
    expect(urlProblem("http://127.0.0.1:8080/x", false)).toMatch(/private/);
    expect(urlProblem("http://[::1]/x", false)).toMatch(/private/);
    expect(urlProblem("http://localhost/x", false)).toMatch(/private/);
    expect(urlProblem("http://127.0.0.1:8080/x", true)).toBeNull();
    expect(urlProblem("https://hooks.example.com/x", false)).toBeNull();
  });
});
