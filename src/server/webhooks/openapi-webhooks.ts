import "server-only";
import { z } from "zod";
import { createWebhookSchema, WEBHOOK_EVENTS } from "@/schemas/webhooks";
import { errorResponse, type JsonObject } from "@/server/api/openapi-parts";

export const WEBHOOKS_TAG = {
  name: "Webhooks",
  description:
    "Signed event deliveries (Standard Webhooks v1). Each delivery carries `webhook-id` (the same for every retry), `webhook-timestamp` " +
    "(Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of \"{id}.{timestamp}.{body}\">` keyed by the base64-decoded part of the " +
    "endpoint's `whsec_` secret (during a secret rotation two signatures, space-separated). Bodies are thin: `{type, timestamp, data}` with ids. " +
    "Failed deliveries are retried with exponential back-off (30 s, 2 min, 8 min, 32 min, ~2 h, ~8.5 h); after 5 deliveries that failed every " +
    "attempt the endpoint is disabled and the organisation's admins are emailed. Targets on private, loopback or link-local addresses are refused " +
    "unless the server runs with WEBHOOKS_ALLOW_PRIVATE_URLS=1; redirects are not followed.",
};

const webhook: JsonObject = {
  type: "object",
  required: ["id", "url", "events", "description"],
  properties: {
    id: { type: "string", format: "uuid" },
    url: { type: "string", format: "uri" },
    events: { type: "array", items: { type: "string", enum: [...WEBHOOK_EVENTS] } },
    description: { type: "string" },
  },
};
const EXAMPLE_ID = "01938a5e-7c1f-7b2a-9d3e-5f6a7b8c9d0e";
const EXAMPLE = { id: EXAMPLE_ID, url: "https://crm.example.com/hooks/nps", events: ["response.detractor", "case.created"], description: "CRM" };
const unauthorized = errorResponse("unauthorized: the Authorization header is missing, or the key is malformed, unknown or revoked.", {
  code: "unauthorized",
  message: "The API key is not valid or has been revoked.",
});
const forbidden = errorResponse("forbidden: the key lacks the webhooks scope this operation needs, or is limited to an org unit.", {
  code: "forbidden",
  message: "This API key lacks the webhooks:write scope.",
});
const notFound = errorResponse("not_found: no such endpoint in the key's organisation.", { code: "not_found", message: "No such webhook." });
const idParameter = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const pageParameters = [
  { name: "limit", in: "query", required: false, description: "Rows per page, 1–200 (default 50).", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
  { name: "cursor", in: "query", required: false, description: "The previous page's nextCursor, unchanged (opaque). Rows come newest first.", schema: { type: "string" } },
];
const idempotencyParameter = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "Makes a retry safe: the same key with the same body answers the first call's stored response (secret included) for 24 hours.",
  schema: { type: "string", minLength: 1, maxLength: 255 },
};
const badQuery = errorResponse("bad_request: an unknown query parameter.", { code: "bad_request", message: 'Unknown query parameter "page". Known: limit, cursor.' });

/** The OpenAPI paths of /api/v1/webhooks. */
export function webhookPaths(): Record<string, JsonObject> {
  const body: JsonObject = { ...z.toJSONSchema(createWebhookSchema, { io: "input" }) };
  delete body.$schema;
  return {
    "/api/v1/webhooks": {
      get: {
        operationId: "listWebhooks",
        tags: ["Webhooks"],
        summary: "List webhook endpoints",
        description: "The organisation's endpoints, newest first, cursor-paged. Secrets are never listed. Needs `webhooks:read`.",
        security: [{ apiKey: [] }],
        parameters: pageParameters,
        responses: {
          "200": {
            description: "The endpoints.",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["data", "nextCursor"],
                  properties: {
                    nextCursor: { type: ["string", "null"], description: "null on the last page." },
                    data: {
                      type: "array",
                      items: {
                        ...webhook,
                        properties: {
                          ...(webhook.properties as JsonObject),
                          disabledAt: { type: ["string", "null"], format: "date-time" },
                          consecutiveFailures: { type: "integer" },
                          createdAt: { type: "string", format: "date-time" },
                        },
                      },
                    },
                  },
                },
                example: { data: [{ ...EXAMPLE, kind: "STANDARD", unitId: null, locale: "zh-CN", disabledAt: null, consecutiveFailures: 0, createdAt: "2026-12-07T08:00:00.000Z" }], nextCursor: null },
              },
            },
          },
          "400": badQuery,
          "401": unauthorized,
          "403": forbidden,
          "422": errorResponse("validation_failed: limit out of range, or a cursor this API did not give.", { code: "validation_failed", message: "limit: use a whole number from 1 to 200." }),
        },
      },
      post: {
        operationId: "createWebhook",
        tags: ["Webhooks"],
        summary: "Add a webhook endpoint",
        description:
          "Subscribes `url` to `events`. The answer carries the signing secret `whsec_<base64 of 32 random bytes>` — the only time it is shown. " +
          "Needs `webhooks:write`.",
        security: [{ apiKey: [] }],
        parameters: [idempotencyParameter],
        requestBody: { required: true, content: { "application/json": { schema: body, example: { url: EXAMPLE.url, events: EXAMPLE.events, description: "CRM" } } } },
        responses: {
          "201": {
            description: "Created; the secret is shown only here.",
            content: {
              "application/json": {
                schema: { ...webhook, required: [...(webhook.required as string[]), "secret"], properties: { ...(webhook.properties as JsonObject), secret: { type: "string", pattern: "^whsec_[A-Za-z0-9+/]+={0,2}$" } } },
                example: { ...EXAMPLE, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYo=" },
              },
            },
          },
          "400": errorResponse("bad_request: the body is not JSON.", { code: "bad_request", message: "The request body must be JSON." }),
          "401": unauthorized,
          "403": forbidden,
          "422": errorResponse("validation_failed: an unknown event, no event, a URL that is not http(s) or points at a private address.", {
            code: "validation_failed",
            message: "url: the address is private, loopback or link-local",
          }),
        },
      },
    },
    "/api/v1/webhooks/{id}": {
      delete: {
        operationId: "deleteWebhook",
        tags: ["Webhooks"],
        summary: "Remove a webhook endpoint",
        description: "Removes the endpoint and its delivery log; pending deliveries are dropped. Needs `webhooks:write`.",
        security: [{ apiKey: [] }],
        parameters: [idParameter],
        responses: { "204": { description: "Removed." }, "401": unauthorized, "403": forbidden, "404": notFound },
      },
    },
    "/api/v1/webhooks/{id}/test": {
      post: {
        operationId: "testWebhook",
        tags: ["Webhooks"],
        summary: "Send a webhook.test event",
        description:
          "Sends `{\"type\":\"webhook.test\",\"timestamp\":…,\"data\":{\"endpointId\":…}}` now, signed like every delivery, and answers with the " +
          "delivery as recorded (a failure is retried like any delivery). Needs `webhooks:write`.",
        security: [{ apiKey: [] }],
        parameters: [idParameter],
        responses: {
          "200": {
            description: "The delivery: status SUCCEEDED (a 2xx answer), or PENDING with the next attempt scheduled.",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["id", "eventId", "eventType", "status", "attempts", "responseCode", "durationMs"],
                  properties: {
                    id: { type: "string", format: "uuid" },
                    eventId: { type: "string" },
                    eventType: { type: "string", const: "webhook.test" },
                    status: { type: "string", enum: ["PENDING", "SUCCEEDED", "FAILED"] },
                    attempts: { type: "integer" },
                    responseCode: { type: ["integer", "null"] },
                    durationMs: { type: ["integer", "null"] },
                    error: { type: ["string", "null"] },
                    nextAttemptAt: { type: ["string", "null"], format: "date-time" },
                  },
                },
                example: { id: "01938a5e-8000-7000-8000-000000000001", eventId: "msg_2b8H0kqvUuY1cZ8m3fR9Qw", eventType: "webhook.test", status: "SUCCEEDED", attempts: 1, responseCode: 200, durationMs: 84, error: null, nextAttemptAt: null },
              },
            },
          },
          "401": unauthorized,
          "403": forbidden,
          "404": notFound,
          "409": errorResponse("conflict: the endpoint is disabled; enable it first.", { code: "conflict", message: "The endpoint is disabled; enable it before sending a test event." }),
        },
      },
    },
  };
}
