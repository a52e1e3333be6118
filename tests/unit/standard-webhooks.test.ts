import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  generateWebhookSecret,
  MAX_ATTEMPTS,
  retryDelaySeconds,
  SECRET_PREFIX,
  signPayload,
  verifyWebhook,
  webhookHeaders,
} from "@/lib/standard-webhooks";

describe("Standard Webhooks signing", () => {
  it("generates whsec_ secrets of 32 random bytes", () => {
    const a = generateWebhookSecret();
    expect(a.startsWith(SECRET_PREFIX)).toBe(true);
    expect(Buffer.from(a.slice(6), "base64")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it("signs exactly as the reference implementation (standardwebhooks npm package)", () => {
    const secret = generateWebhookSecret();
    const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const body = JSON.stringify({ type: "response.created", timestamp: "2026-12-07T00:00:00.000Z", data: { score: 3, comment: "排队太久" } });
    const timestamp = new Date("2026-12-07T00:00:01Z");
    const reference = new Webhook(secret).sign(id, timestamp, body);
    expect(signPayload(secret, id, Math.floor(timestamp.getTime() / 1000), body)).toBe(reference);
    // And the reference verifies what we send (with the real clock, as receivers do).
    const now = Math.floor(Date.now() / 1000);
    const headers = webhookHeaders([secret], id, now, body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(verifyWebhook(secret, headers, body, now)).toBe(true);
    expect(verifyWebhook(secret, headers, `${body} `, now)).toBe(false);
    expect(verifyWebhook(secret, headers, body, now + 3600)).toBe(false);
  });

  it("is HMAC-SHA256 of {id}.{timestamp}.{body} keyed by the base64-decoded secret (the specification's example)", () => {
    // The example of the Standard Webhooks specification.
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const body = '{"test": 2432232314}';
    expect(signPayload(secret, id, 1614265330, body)).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    const manual = createHmac("sha256", Buffer.from("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "base64")).update(`${id}.1614265330.${body}`).digest("base64");
    expect(signPayload(secret, id, 1614265330, body)).toBe(`v1,${manual}`);
  });

  it("sends one signature per secret during a rotation, space-separated", () => {
    const [a, b] = [generateWebhookSecret(), generateWebhookSecret()];
    const now = Math.floor(Date.now() / 1000);
    const headers = webhookHeaders([a, b], "msg_1", now, "{}");
    expect(headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(new Webhook(a).verify("{}", headers)).toEqual({});
    expect(new Webhook(b).verify("{}", headers)).toEqual({});
  });

  it("backs off exponentially", () => {
    const delays = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelaySeconds(i + 1));
    expect(delays[0]).toBe(30);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBe((delays[i - 1] ?? 0) * 4);
  });
});
