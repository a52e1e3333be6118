import { createHmac } from "node:crypto";

/**
 * Signatures and request shapes of the chat robots (pure apart from the HMAC):
 * - 钉钉 custom robot, 加签: sign = urlEncode(base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret))),
 *   timestamp in milliseconds, both appended to the webhook URL as query parameters.
 * - 飞书 custom bot, 签名校验: sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = "")), timestamp in
 *   seconds, both as `timestamp` and `sign` in the JSON body.
 * - 企业微信 group robot: no signature (the key in the URL is the secret).
 */

export type ChatKind = "WECOM" | "DINGTALK" | "FEISHU";
export const CHAT_KINDS: readonly ChatKind[] = ["WECOM", "DINGTALK", "FEISHU"];

export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`, "utf8").digest("base64");
}

export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac("sha256", `${timestampSeconds}\n${secret}`).update("", "utf8").digest("base64");
}

/** A chat message: a title and markdown lines (the link to the case is the last line). */
export type ChatMessage = { title: string; lines: string[]; link: { label: string; url: string } | null };

/** The unsigned JSON body each provider documents for a markdown / rich message. */
export function chatBody(kind: ChatKind, message: ChatMessage): Record<string, unknown> {
  const link = message.link ? `[${message.link.label}](${message.link.url})` : null;
  switch (kind) {
    case "WECOM":
      // 企业微信 群机器人 markdown message (content at most 4096 bytes).
      return { msgtype: "markdown", markdown: { content: [`**${message.title}**`, ...message.lines, ...(link ? [link] : [])].join("\n") } };
    case "DINGTALK":
      return { msgtype: "markdown", markdown: { title: message.title, text: [`#### ${message.title}`, ...message.lines, ...(link ? [link] : [])].join("\n\n") } };
    case "FEISHU":
      // 飞书 自定义机器人 rich text (post): one paragraph per line, the link as an `a` element.
      return {
        msg_type: "post",
        content: {
          post: {
            zh_cn: {
              title: message.title,
              content: [
                ...message.lines.map((line) => [{ tag: "text", text: line }]),
                ...(message.link ? [[{ tag: "a", text: message.link.label, href: message.link.url }]] : []),
              ],
            },
          },
        },
      };
  }
}

/**
 * The request to send for a stored body at `nowMs`: the URL (钉钉: with timestamp and sign) and the body
 * (飞书: with timestamp and sign). Signed at send time because both providers refuse timestamps older than an hour.
 */
export function signedChatRequest(kind: ChatKind, url: string, body: string, secret: string | null, nowMs: number): { url: string; body: string } {
  if (!secret) return { url, body };
  if (kind === "DINGTALK") {
    const target = new URL(url);
    target.searchParams.set("timestamp", String(nowMs));
    target.searchParams.set("sign", dingtalkSign(secret, nowMs));
    return { url: target.toString(), body };
  }
  if (kind === "FEISHU") {
    const seconds = Math.floor(nowMs / 1000);
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return { url, body: JSON.stringify({ timestamp: String(seconds), sign: feishuSign(secret, seconds), ...parsed }) };
  }
  return { url, body };
}
