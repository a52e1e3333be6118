import "server-only";
import { z } from "zod";
import { apiOutcomeReportSchema, MAX_OUTCOME_EVENTS, recordOutcomesResultSchema, recordOutcomesSchema } from "@/schemas/outcome";
import { errorResponse, type JsonObject } from "@/server/api/openapi-parts";

export const OUTCOMES_PATH = "/api/v1/outcomes";
export const SURVEY_OUTCOMES_PATH = "/api/v1/surveys/{id}/outcomes";

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonObject {
  const out: JsonObject = { ...z.toJSONSchema(schema, { io, unrepresentable: "any" }) };
  delete out.$schema;
  return out;
}

const unauthorized = {
  ...errorResponse("unauthorized: the Authorization header is missing, or the key is malformed, unknown or revoked.", {
    code: "unauthorized",
    message: "The API key is not valid or has been revoked.",
  }),
  headers: { "WWW-Authenticate": { schema: { type: "string", const: 'Bearer realm="api"' } } },
};

const REPORT_EXAMPLE = {
  type: "churned",
  windowDays: 180,
  excludedTooRecent: 1200,
  groups: [
    { key: "promoter", n: 410, events: 21, rate: 0.0512, ciLow: 0.0337, ciHigh: 0.077 },
    { key: "passive", n: 300, events: 27, rate: 0.09, ciLow: 0.0625, ciHigh: 0.128 },
    { key: "detractor", n: 210, events: 26, rate: 0.1238, ciLow: 0.0858, ciHigh: 0.1754 },
  ],
  detractorVsPromoter: { ratio: 2.42, difference: 0.0726, p: 0.0011 },
  chiSquare: { statistic: 11.95, df: 2, p: 0.0025 },
};

/** POST /api/v1/outcomes: behaviour events. */
export function outcomesOperation(): JsonObject {
  return {
    post: {
      operationId: "recordOutcomes",
      tags: ["Outcomes"],
      summary: "Record customers' behaviour (churn, purchases, revenue, complaints)",
      description:
        `Up to ${MAX_OUTCOME_EVENTS} events a call, each matched to a contact by email (case-insensitive) or customerId (the contact's ` +
        "externalId). Idempotent by externalId: an id already stored, or repeated within the call, counts as a duplicate and changes " +
        "nothing (a resend is safe). Events whose contact is unknown are not stored and are listed by index; an invalid event refuses the whole call (422). " +
        "Needs the outcomes:write scope and a key for the whole organisation.",
      security: [{ apiKey: [] }],
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: jsonSchema(recordOutcomesSchema, "input"),
            example: {
              events: [
                { externalId: "crm-88121", email: "wang.li@example.com", type: "churned", occurredAt: "2026-10-01T08:00:00Z" },
                { externalId: "crm-88122", customerId: "C-10086", type: "revenue", occurredAt: "2026-10-01T08:00:00Z", amount: 1200.5, currency: "CNY" },
              ],
            },
          },
        },
      },
      responses: {
        "200": {
          description: "What was stored.",
          content: {
            "application/json": {
              schema: jsonSchema(recordOutcomesResultSchema, "output"),
              example: { accepted: 1, duplicates: 0, unmatched: [{ index: 1, reason: "contact_not_found" }] },
            },
          },
        },
        "400": errorResponse("bad_request: the body is not JSON.", { code: "bad_request", message: "The body is not valid JSON." }),
        "401": unauthorized,
        "403": errorResponse("forbidden: the key lacks the outcomes:write scope, or is limited to an org unit.", {
          code: "forbidden",
          message: "This API key lacks the outcomes:write scope.",
        }),
        "429": errorResponse("rate_limited: over the key's requests per minute; retry after Retry-After seconds.", { code: "rate_limited", message: "Too many requests." }),
        "413": errorResponse("payload_too_large: the body is over 4 MB.", { code: "payload_too_large", message: "The body is too large." }),
        "422": errorResponse(`validation_failed: an event is invalid, or there are none or more than ${MAX_OUTCOME_EVENTS}.`, {
          code: "validation_failed",
          message: "events.0: Give exactly one of email and customerId.",
        }),
      },
    },
  };
}

/** GET /api/v1/surveys/{id}/outcomes; `parameters` are the NPS endpoint's filters (without groupBy). */
export function surveyOutcomesOperation(parameters: JsonObject[]): JsonObject {
  return {
    get: {
      operationId: "getSurveyOutcomes",
      tags: ["Outcomes"],
      summary: "Does NPS predict behaviour here? Event rates per NPS category with tests",
      description:
        "One row per contact: their latest answer to the survey in the filter that is at least windowDays old (contacts whose answers " +
        "are all younger are left out and counted in excludedTooRecent: their follow-up would be short and bias the rates), and " +
        "whether they had an event of `type` within windowDays after it. Per category (promoter, passive, detractor): contacts, those " +
        "with the event, the rate with a 95 % Wilson interval; detractors vs promoters (rate ratio, difference, pooled two-proportion " +
        "z test); Pearson's chi-square test of independence on the 3 × 2 table (no continuity correction). A category below the " +
        "organisation's suppression threshold shows n only, and the tests that would reveal it are null. Anonymous answers are left " +
        "out. Takes the NPS endpoint's filters (without range: all time); groupBy does not apply (400). Needs the outcomes:read scope; " +
        "a key limited to an org unit reads its subtree's answers only.",
      security: [{ apiKey: [] }],
      parameters: [
        { name: "type", in: "query", required: false, description: "The outcome type (default churned).", schema: { type: "string", pattern: "^[a-z][a-z0-9_]{0,39}$", default: "churned" } },
        { name: "windowDays", in: "query", required: false, description: "The follow-up window in days (default 180).", schema: { type: "integer", enum: [90, 180, 365], default: 180 } },
        ...parameters,
      ],
      responses: {
        "200": {
          description: "The report. Numbers, never strings; rounded half away from zero (rates and bounds 4 decimals, ratio 2, p 4 with values below 0.0001 as 0.0001 and pBelow: true).",
          headers: { "Cache-Control": { schema: { type: "string", const: "no-store" } } },
          content: { "application/json": { schema: jsonSchema(apiOutcomeReportSchema, "output"), example: REPORT_EXAMPLE } },
        },
        "400": errorResponse("bad_request: an unknown query parameter, groupBy, a repeated parameter, or an attr.<key> that is not an analysis dimension.", {
          code: "bad_request",
          message: "groupBy does not apply to the outcomes report; narrow with the filters instead.",
        }),
        "401": unauthorized,
        "403": errorResponse("forbidden: the key lacks the outcomes:read scope.", { code: "forbidden", message: "This API key lacks the outcomes:read scope." }),
        "429": errorResponse("rate_limited: over the key's requests per minute; retry after Retry-After seconds.", { code: "rate_limited", message: "Too many requests." }),
        "404": errorResponse("not_found: no such survey in the key's organisation.", { code: "not_found", message: "Survey not found." }),
        "422": errorResponse("validation_failed: windowDays other than 90, 180 or 365, a malformed type, or a filter value that is invalid.", {
          code: "validation_failed",
          message: "windowDays: Use 90, 180 or 365.",
        }),
      },
    },
  };
}
