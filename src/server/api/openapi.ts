import "server-only";
import { z } from "zod";
import { ALL_TIME_FROM, RANGE_PRESETS } from "@/lib/date-range";
import { CHANNELS } from "@/schemas/analytics";
import {
  API_GROUP_BY_VALUES,
  API_KEY_PATTERN,
  apiErrorSchema,
  apiGroupedNpsSchema,
  apiGroupSchema,
  apiNpsResultSchema,
  apiNpsStatsSchema,
  apiSuppressedGroupSchema,
  apiSuppressedStatsSchema,
  apiVisibleGroupSchema,
} from "@/schemas/api";
import { triggerInvitationsSchema } from "@/schemas/distribution";
import { apiDriverSchema, apiDriversSchema } from "@/schemas/drivers";
import { DRIVERS_PATH, driversOperation } from "@/server/drivers/openapi-drivers";
import { TEXT_ANALYZE_PATH, THEMES_PATH, textAnalyzeOperation, themesOperation } from "@/server/text/openapi-text";
import { OUTCOMES_PATH, SURVEY_OUTCOMES_PATH, outcomesOperation, surveyOutcomesOperation } from "@/server/outcomes/openapi-outcomes";
import { WEBHOOKS_TAG, webhookPaths } from "@/server/webhooks/openapi-webhooks";
import { CUSTOMER_CLASSES_TAG, customerClassComponentSchemas, customerClassPaths } from "@/server/customer-classes/openapi-customer-classes";
import { API_EARLIEST_DATE, API_LATEST_DATE } from "./read-nps-params";
import { groupedNpsExample, npsStatsExample } from "./nps-example";
import { withIdempotencyKey } from "./openapi-idempotency";
import { errorResponse, ref, type JsonObject } from "./openapi-parts";
import { V1_DESCRIPTION, V1_TAGS, v1ComponentSchemas, v1Paths } from "./openapi-v1";


export const NPS_PATH = "/api/v1/surveys/{id}/nps";
export const INVITATIONS_PATH = "/api/v1/surveys/{id}/invitations";

/** POST /surveys/{id}/invitations: the transactional trigger (a CRM calls it after a touchpoint). */
function invitationsOperation(): JsonObject {
  const body: JsonObject = { ...z.toJSONSchema(triggerInvitationsSchema, { io: "input" }) };
  delete body.$schema;
  const outcome = {
    type: "object",
    required: ["email", "contactId", "status"],
    properties: {
      email: { type: "string" },
      contactId: { type: "string", format: "uuid" },
      status: { type: "string", enum: ["invited", "skipped"] },
      invitationId: { type: "string", format: "uuid", description: "When invited." },
      reason: { type: "string", enum: ["THROTTLED", "UNSUBSCRIBED", "NO_EMAIL", "ERASED"], description: "When skipped." },
    },
  };
  return {
    post: {
      operationId: "createSurveyInvitations",
      tags: ["Invitations"],
      summary: "Invite contacts to a survey (transactional trigger)",
      description:
        "Upserts each contact by email (attributes merged, externalId set when free) and emails them their personal survey link, " +
        "after `delaySeconds` if given. The organisation's throttle applies: a contact invited in the last N days (organisation " +
        "default, survey override; any survey, any channel) is skipped with reason THROTTLED, like unsubscribed or erased contacts — " +
        "each skip is recorded and reported, never silently dropped. All or nothing: invalid input writes nothing. " +
        "`unitCode` / `employeeCode` (per contact, or at the top level as a default) credit the response to the org unit and " +
        "employee who served the customer (accountability); an employee alone credits their own unit; an unknown code, or an " +
        "employee outside the given unit, is refused with 422 and nothing is written.",
      security: [{ apiKey: [] }],
      parameters: [{ name: "id", in: "path", required: true, description: "The survey's id.", schema: { type: "string", format: "uuid" } }],
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: body,
            example: {
              contacts: [
                { email: "wang.fang@example.com", name: "王芳", locale: "zh-CN", externalId: "CRM-1042", attributes: { branch: "浦东支行", tier: "gold" }, employeeCode: "E-117" },
              ],
              unitCode: "SH-PD",
              delaySeconds: 3600,
              context: { touchpoint: "claim_settled", employee: "E-117" },
            },
          },
        },
      },
      responses: {
        "202": {
          description: "Accepted: the emails are queued. One outcome per distinct email, in request order.",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["surveyId", "sendAfter", "invited", "skipped", "results"],
                properties: {
                  surveyId: { type: "string", format: "uuid" },
                  sendAfter: { type: ["string", "null"], format: "date-time" },
                  invited: { type: "integer" },
                  skipped: { type: "integer" },
                  results: { type: "array", items: outcome },
                },
              },
            },
          },
        },
        "400": errorResponse("bad_request: the body is not JSON.", { code: "bad_request", message: "The request body must be JSON." }),
        "401": {
          ...errorResponse("unauthorized: the Authorization header is missing, or the key is malformed, unknown or revoked.", {
            code: "unauthorized",
            message: "The API key is not valid or has been revoked.",
          }),
          headers: { "WWW-Authenticate": { schema: { type: "string", const: 'Bearer realm="api"' } } },
        },
        "404": errorResponse("not_found: no such survey in the key's organisation.", { code: "not_found", message: "Survey not found." }),
        "409": errorResponse("conflict: the survey is a draft or closed.", {
          code: "conflict",
          message: "The survey is a draft: publish it before inviting contacts.",
        }),
        "413": errorResponse("payload_too_large: the body is over 1 MB.", { code: "payload_too_large", message: "The request body is too large." }),
        "422": errorResponse("validation_failed: a contact's email is invalid, no contacts, more than 1000, a bad delay, an unknown unitCode / employeeCode …", {
          code: "validation_failed",
          message: "contacts.0.email: Enter a valid email address.",
        }),
      },
    },
  };
}

/** The response and error shapes, as JSON Schema 2020-12 (what OpenAPI 3.1 uses), referenced by name. */
function componentSchemas(): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  registry.add(apiNpsStatsSchema, { id: "NpsStats" });
  registry.add(apiVisibleGroupSchema, { id: "NpsGroup" });
  registry.add(apiSuppressedGroupSchema, { id: "SuppressedNpsGroup" });
  registry.add(apiGroupSchema, { id: "Group" });
  registry.add(apiSuppressedStatsSchema, { id: "SuppressedNpsStats" });
  registry.add(apiNpsResultSchema, { id: "NpsResult" });
  registry.add(apiGroupedNpsSchema, { id: "GroupedNps" });
  registry.add(apiErrorSchema, { id: "Error" });
  registry.add(apiDriverSchema, { id: "Driver" });
  registry.add(apiDriversSchema, { id: "Drivers" });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}` });
  const out: Record<string, JsonObject> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    // Inside an OpenAPI document the dialect is implied and the location is the reference.
    const rest: JsonObject = { ...schema };
    delete rest.$schema;
    delete rest.$id;
    out[name] = rest;
  }
  return out;
}



function parameters(): JsonObject[] {
  const isoDate = { type: "string", format: "date", example: "2026-11-01" };
  return [
    {
      name: "id",
      in: "path",
      required: true,
      description: "The survey's id. A survey of another organisation (or none) is 404.",
      schema: { type: "string", format: "uuid" },
    },
    {
      name: "range",
      in: "query",
      required: false,
      description:
        "Reporting period in the organisation's time zone, today included: the last 7 / 30 / 90 days, the last 12 months, the year to date, " +
        `everything (from ${ALL_TIME_FROM}), or custom (needs from and to).`,
      schema: { type: "string", enum: [...RANGE_PRESETS, "custom"], default: "90d" },
    },
    {
      name: "from",
      in: "query",
      required: false,
      description: `First day of a custom range (range=custom only), YYYY-MM-DD, ${API_EARLIEST_DATE}…${API_LATEST_DATE}.`,
      schema: isoDate,
    },
    {
      name: "to",
      in: "query",
      required: false,
      description: "Last day of a custom range (range=custom only), YYYY-MM-DD, not before from.",
      schema: isoDate,
    },
    {
      name: "channel",
      in: "query",
      required: false,
      description: "Only responses that came through these channels (IMPORT: historical responses imported from a file). Repeat the parameter for several (OR).",
      style: "form",
      explode: true,
      schema: { type: "array", items: { type: "string", enum: [...CHANNELS] }, maxItems: 50 },
    },
    {
      name: "touchpoint",
      in: "query",
      required: false,
      description: "Only responses about these touchpoints (exact match). Repeat for several (OR).",
      style: "form",
      explode: true,
      schema: { type: "array", items: { type: "string", maxLength: 80 }, maxItems: 50 },
    },
    {
      name: "attr.{key}",
      in: "query",
      required: false,
      description:
        "Only responses whose contact attribute <key> (as it was when they answered) has one of these values: " +
        "e.g. `attr.region=华东&attr.region=华南&attr.tier=gold` means region is 华东 or 华南, and tier is gold. " +
        "The parameter's name is `attr.` followed by the attribute key (letters of any script, digits, space, _ . -; at most 64). " +
        "The key must be one of the organisation's analysis dimensions (Settings → Attributes); any other key is refused (400) with the known ones listed.",
      "x-parameter-name-pattern": "^attr\\.[\\p{L}\\p{N}_ .-]{1,64}$",
      style: "form",
      explode: true,
      schema: { type: "array", items: { type: "string", maxLength: 200 }, maxItems: 50 },
    },
    {
      name: "groupBy",
      in: "query",
      required: false,
      description:
        "Answer per group instead of one figure: `attribute:<key>` (e.g. attribute:region; a dimension of the organisation, else 400), touchpoint, channel, survey, locale, " +
        "or per period: day, week (ISO weeks starting Monday), month. Without it the answer is NpsStats for the whole filter. " +
        "Groups below the organisation's suppression threshold carry only key and n (suppressed: true).",
      schema: {
        anyOf: [
          { type: "string", enum: [...API_GROUP_BY_VALUES] },
          { type: "string", pattern: "^attribute:[\\p{L}\\p{N}_ .-]{1,64}$" },
        ],
      },
      examples: { region: { value: "attribute:region" }, month: { value: "month" } },
    },
  ];
}

/** The OpenAPI 3.1 document served at GET /api/v1/openapi.json. */
export function openApiDocument(): JsonObject {
  return {
    openapi: "3.1.0",
    info: {
      title: "Echo NPS REST API",
      version: "1.0.0",
      description:
        "Read Net Promoter Score results of your organisation's surveys. Authenticate with an organisation API key " +
        "(Settings → API keys, ADMIN or OWNER) sent as `Authorization: Bearer nps_…`. NPS is %promoters (9–10) − " +
        "%detractors (0–6) in points from −100 to 100, with the adjusted-Wald 95 % confidence interval. Filters mean " +
        "exactly what they mean on the dashboard. Answers are never cached (`Cache-Control: no-store`). Errors are " +
        '`{"error":{"code","message"}}` with a 4xx status for bad input.' +
        V1_DESCRIPTION,
    },
    servers: [{ url: "/", description: "This server" }],
    security: [{ apiKey: [] }],
    tags: [
      { name: "NPS", description: "Net Promoter Score results" },
      { name: "Invitations", description: "Transactional survey invitations by email" },
      { name: "Drivers", description: "Key driver analysis: what moves NPS" },
      { name: "Text", description: "Reading customers' comments: themes and sentiment" },
      ...V1_TAGS,
      WEBHOOKS_TAG,
      { name: "Outcomes", description: "Customers' behaviour and whether NPS predicts it" },
      CUSTOMER_CLASSES_TAG,
    ],
    paths: {
      [NPS_PATH]: {
        get: {
          operationId: "getSurveyNps",
          tags: ["NPS"],
          summary: "NPS of a survey, whole or per group",
          description:
            "Statistics of the survey's answers in the filter (test and spam responses excluded, skipped answers not counted). " +
            "Unknown query parameters are refused (400), so a misspelt filter never silently widens the result.",
          security: [{ apiKey: [] }],
          parameters: parameters(),
          responses: {
            "200": {
              description:
                "NpsStats without groupBy; GroupedNps with groupBy. A group with fewer answers than the suppression threshold " +
                "(the organisation's, default 5) is SuppressedNpsGroup: key and n only, every figure null, suppressed: true; when exactly one group " +
                "is small (or the small ones hold fewer than the threshold together) the smallest other groups are hidden too, for segments and " +
                "day / week / month periods alike. A filter narrowing to a segment (channel, touchpoint, attr.<key>) with fewer answers than the " +
                "threshold answers SuppressedNpsStats (the same keys, figures null), also as overall.",
              headers: { "Cache-Control": { schema: { type: "string", const: "no-store" } } },
              content: {
                "application/json": {
                  schema: { oneOf: [ref("NpsStats"), ref("SuppressedNpsStats"), ref("GroupedNps")] },
                  examples: {
                    whole: { summary: "Without groupBy", value: npsStatsExample() },
                    grouped: {
                      summary: "groupBy=attribute:region (西北 has 3 answers: hidden, and 华南 with it so 西北 is not overall minus the rest)",
                      value: groupedNpsExample(),
                    },
                  },
                },
              },
            },
            "400": errorResponse("bad_request: an unknown query parameter, range / from / to / groupBy given more than once, or an attr.<key> / attribute:<key> that is not an analysis dimension of the organisation (the message lists the known ones).", {
              code: "bad_request",
              message: 'Unknown query parameter "chanel". Known: range, from, to, groupBy, channel, touchpoint, survey, attr.<key>.',
            }),
            "401": {
              ...errorResponse("unauthorized: the Authorization header is missing, or the key is malformed, unknown or revoked.", {
                code: "unauthorized",
                message: "The API key is not valid or has been revoked.",
              }),
              headers: { "WWW-Authenticate": { schema: { type: "string", const: 'Bearer realm="api"' } } },
            },
            "404": errorResponse("not_found: no such survey in the key's organisation.", {
              code: "not_found",
              message: "Survey not found.",
            }),
            "422": errorResponse(
              "validation_failed: a parameter's value is invalid (unknown range, channel or groupBy, a date that does not exist, range=custom without from and to, from after to, from/to without range=custom, a survey parameter other than the path's).",
              { code: "validation_failed", message: "channel: Invalid option: expected one of \"EMAIL\"|\"LINK\"|\"QR\"|\"API\"|\"SMS\"|\"IMPORT\"" },
            ),
          },
        },
      },
      [INVITATIONS_PATH]: withIdempotencyKey(invitationsOperation()),
      [DRIVERS_PATH]: driversOperation(parameters().filter((parameter) => parameter.name !== "groupBy")),
      [TEXT_ANALYZE_PATH]: textAnalyzeOperation(),
      [THEMES_PATH]: themesOperation(parameters().filter((parameter) => parameter.name !== "groupBy")),
      ...v1Paths(parameters().filter((parameter) => parameter.name !== "groupBy")),
      ...webhookPaths(),
      [OUTCOMES_PATH]: withIdempotencyKey(outcomesOperation()),
      [SURVEY_OUTCOMES_PATH]: surveyOutcomesOperation(parameters().filter((parameter) => parameter.name !== "groupBy")),
      ...customerClassPaths(),
    },
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "nps_<prefix>_<secret>",
          description: `An organisation API key, matching ${API_KEY_PATTERN.source}. Shown once when created; revoked keys answer 401.`,
        },
      },
      schemas: { ...componentSchemas(), ...v1ComponentSchemas(), ...customerClassComponentSchemas() },
    },
  };
}
