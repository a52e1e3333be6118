import "server-only";
import { z } from "zod";
import { API_SCOPES, type ApiAccess, type ApiResource } from "@/lib/api-scopes";
import { CHANNELS } from "@/schemas/analytics";
import { createCampaignSchema } from "@/schemas/distribution";
import { IDEMPOTENCY_KEY_PARAMETER } from "./openapi-idempotency";
import { errorResponse, ref, type JsonObject } from "./openapi-parts";
import { caseNoteBodySchema, caseUpdateSchema, CASE_STATUS_VALUES } from "./v1/cases";
import { contactBatchSchema, MAX_CONTACT_BATCH } from "./v1/contacts";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./v1/params";
import { SURVEY_STATUSES } from "./v1/surveys";

/**
 * The OpenAPI operations of the resource endpoints (surveys, responses, contacts, campaigns, cases, org units,
 * members). Request bodies are the handlers' own zod schemas; examples are checked against them by the tests
 * (tests/unit/api-openapi-v1.test.ts) and sent by the OpenAPI walk (tests/integration/openapi-walk.test.ts).
 */

export const V1_EXAMPLE_IDS = {
  survey: "0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f70",
  response: "0193a5b2-8d2f-7e4b-a021-3c4d5e6f7081",
  contact: "0193a5b2-9e30-7f5c-b132-4d5e6f708192",
  campaign: "0193a5b2-af41-7a6d-8243-5e6f708192a3",
  case: "0193a5b2-b052-7b7e-9354-6f708192a3b4",
  unit: "0193a5b2-c163-7c8f-a465-708192a3b4c5",
  member: "0193a5b2-d274-7d90-b576-8192a3b4c5d6",
  user: "0193a5b2-e385-7ea1-8687-92a3b4c5d6e7",
} as const;

const CURSOR_EXAMPLE = "djE6MDE5M2E1YjItOGQyZi03ZTRiLWEwMjEtM2M0ZDVlNmY3MDgx";

function jsonSchema(schema: z.ZodType): JsonObject {
  const out: JsonObject = { ...z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) };
  delete out.$schema;
  return out;
}

const idParameter = (what: string) => ({ name: "id", in: "path", required: true, description: `The ${what}'s id.`, schema: { type: "string", format: "uuid" } });

const PAGE_PARAMETERS = [
  {
    name: "limit",
    in: "query",
    required: false,
    description: `Rows per page, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
    schema: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
  },
  {
    name: "cursor",
    in: "query",
    required: false,
    description: "The previous page's nextCursor, unchanged (opaque). Rows come newest first.",
    schema: { type: "string" },
    example: CURSOR_EXAMPLE,
  },
];

const IDEMPOTENCY_PARAMETER = IDEMPOTENCY_KEY_PARAMETER;

const RATE_HEADERS = {
  "X-RateLimit-Limit": { description: "Requests a minute this key may make.", schema: { type: "integer" } },
  "X-RateLimit-Remaining": { description: "Requests left in the current minute.", schema: { type: "integer" } },
  "X-RateLimit-Reset": { description: "Seconds until the current window ends.", schema: { type: "integer" } },
};

function errors(codes: readonly (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429)[]): JsonObject {
  const all: Record<number, JsonObject> = {
    400: errorResponse("bad_request: an unknown query parameter, a parameter given twice, or a body that is not JSON.", {
      code: "bad_request",
      message: 'Unknown query parameter "limt". Known: limit, cursor.',
    }),
    401: {
      ...errorResponse("unauthorized: the Authorization header is missing, or the key is malformed, unknown or revoked.", {
        code: "unauthorized",
        message: "The API key is not valid or has been revoked.",
      }),
      headers: { "WWW-Authenticate": { schema: { type: "string", const: 'Bearer realm="api"' } } },
    },
    403: errorResponse("forbidden: the key lacks the operation's scope, the personal-data permission, or is limited to a unit.", {
      code: "forbidden",
      message: "This API key lacks the cases:write scope.",
    }),
    404: errorResponse("not_found: no such object in the key's organisation (and unit scope).", { code: "not_found", message: "Case not found." }),
    409: errorResponse("conflict: the object's state does not allow it, or the same Idempotency-Key is still running.", {
      code: "conflict",
      message: "A CLOSED case cannot move to CONTACTED.",
    }),
    413: errorResponse("payload_too_large: the body is too large.", { code: "payload_too_large", message: "The file is too large (at most 2 MB)." }),
    415: errorResponse("unsupported_media_type: send the documented content type.", { code: "unsupported_media_type", message: "Send the hierarchy as text/csv." }),
    422: errorResponse("validation_failed: a value is invalid (the message names the field), or an Idempotency-Key reused with another body.", {
      code: "validation_failed",
      message: "limit: use a whole number from 1 to 200.",
    }),
    429: {
      ...errorResponse("rate_limited: over the key's requests a minute; retry after Retry-After seconds.", {
        code: "rate_limited",
        message: "Too many requests: this key may make 600 a minute. Retry after 12 s.",
      }),
      headers: { "Retry-After": { schema: { type: "integer" } }, ...RATE_HEADERS },
    },
  };
  return Object.fromEntries(codes.map((code) => [String(code), all[code]]));
}

type OperationSpec = {
  operationId: string;
  tag: string;
  summary: string;
  description: string;
  scope: { resource: ApiResource; access: ApiAccess; personalData?: boolean };
  parameters?: JsonObject[];
  requestBody?: JsonObject;
  status: number;
  schema: JsonObject;
  example: unknown;
  errors: readonly (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429)[];
};

function operation(spec: OperationSpec): JsonObject {
  const scope = `${spec.scope.resource}:${spec.scope.access}`;
  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    description: `${spec.description} Needs the \`${scope}\` scope${spec.scope.personalData ? " and the personal-data permission" : ""}.`,
    security: [{ apiKey: [] }],
    "x-required-scope": scope,
    ...(spec.scope.personalData ? { "x-personal-data": true } : {}),
    parameters: spec.parameters ?? [],
    ...(spec.requestBody ? { requestBody: spec.requestBody } : {}),
    responses: {
      [String(spec.status)]: {
        description: "Done.",
        headers: { "Cache-Control": { schema: { type: "string", const: "no-store" } }, ...RATE_HEADERS },
        content: { "application/json": { schema: spec.schema, example: spec.example } },
      },
      ...errors(spec.errors),
    },
  };
}

const page = (item: string) => ({
  type: "object",
  required: ["data", "nextCursor"],
  properties: { data: { type: "array", items: ref(item) }, nextCursor: { type: ["string", "null"], description: "null on the last page." } },
});

const nullable = (type: string, extra: JsonObject = {}) => ({ type: [type, "null"], ...extra });
const uuid = { type: "string", format: "uuid" };
const time = { type: "string", format: "date-time" };

/** Component schemas of the resources (merged into the document's components). */
export function v1ComponentSchemas(): Record<string, JsonObject> {
  return {
    Survey: {
      type: "object",
      required: ["id", "name", "kind", "status", "defaultLocale", "locales", "createdAt"],
      properties: {
        id: uuid,
        name: { type: "string" },
        kind: { type: "string", enum: ["RELATIONSHIP", "TRANSACTIONAL"] },
        status: { type: "string", enum: [...SURVEY_STATUSES] },
        touchpoint: nullable("string"),
        brandName: { type: "string" },
        defaultLocale: { type: "string" },
        locales: { type: "array", items: { type: "string" } },
        version: { type: "integer" },
        createdAt: time,
        updatedAt: time,
        publishedAt: nullable("string", { format: "date-time" }),
        closedAt: nullable("string", { format: "date-time" }),
      },
    },
    Question: {
      type: "object",
      required: ["id", "key", "type", "position", "required", "text"],
      properties: {
        id: uuid,
        key: { type: "string" },
        type: { type: "string" },
        position: { type: "integer" },
        required: { type: "boolean" },
        text: { type: "object", description: "Wording per locale." },
        settings: { type: "object" },
      },
    },
    SurveyWithQuestions: { allOf: [ref("Survey"), { type: "object", properties: { questions: { type: "array", items: ref("Question") } } }] },
    SurveyResponse: {
      type: "object",
      required: ["id", "surveyId", "score", "category", "channel", "createdAt", "answers", "text"],
      properties: {
        id: uuid,
        surveyId: uuid,
        contactId: nullable("string", { format: "uuid" }),
        score: nullable("integer", { minimum: 0, maximum: 10 }),
        category: nullable("string", { enum: ["PROMOTER", "PASSIVE", "DETRACTOR", null] }),
        comment: nullable("string", { description: "Masked without the personal-data permission." }),
        locale: { type: "string" },
        channel: { type: "string", enum: [...CHANNELS] },
        touchpoint: nullable("string"),
        attributes: { type: "object", description: "The contact's attributes when they answered; personal ones masked without the permission." },
        completed: { type: "boolean" },
        completedAt: nullable("string", { format: "date-time" }),
        unitId: nullable("string", { format: "uuid" }),
        employeeId: nullable("string", { format: "uuid" }),
        surveyVersion: { type: "integer" },
        createdAt: time,
        updatedAt: time,
        answers: {
          type: "array",
          items: { type: "object", properties: { questionKey: { type: "string" }, type: { type: "string" }, value: {} } },
        },
        text: {
          oneOf: [
            { type: "null" },
            {
              type: "object",
              properties: { sentiment: { type: "number", minimum: -1, maximum: 1 }, polarity: { type: "string" }, themes: { type: "array", items: { type: "string" } } },
            },
          ],
          description: "Themes and sentiment of the comment, once the worker has read it.",
        },
      },
    },
    Contact: {
      type: "object",
      required: ["id", "email", "createdAt"],
      properties: {
        id: uuid,
        email: nullable("string", { description: "null once erased." }),
        name: nullable("string"),
        phone: nullable("string"),
        locale: nullable("string"),
        externalId: nullable("string"),
        attributes: { type: "object" },
        unsubscribedAt: nullable("string", { format: "date-time" }),
        erasedAt: nullable("string", { format: "date-time" }),
        createdAt: time,
        updatedAt: time,
      },
    },
    Campaign: {
      type: "object",
      required: ["id", "surveyId", "name", "status"],
      properties: {
        id: uuid,
        surveyId: uuid,
        name: { type: "string" },
        audience: { type: "object" },
        status: { type: "string", enum: ["DRAFT", "SCHEDULED", "SENDING", "SENT", "CANCELLED"] },
        scheduledAt: nullable("string", { format: "date-time" }),
        reminderDays: { type: "array", items: { type: "integer" } },
        audienceCount: { type: "integer" },
        queuedCount: { type: "integer" },
        throttledCount: { type: "integer" },
        createdAt: time,
        funnel: {
          type: "object",
          description: "Only on GET /campaigns/{id} and POST /campaigns.",
          properties: Object.fromEntries(
            ["total", "queued", "sent", "failed", "opened", "clicked", "responded", "unsubscribed", "throttled"].map((name) => [name, { type: "integer" }]),
          ),
        },
      },
    },
    Case: {
      type: "object",
      required: ["id", "status", "priority", "responseId", "dueAt", "createdAt"],
      properties: {
        id: uuid,
        status: { type: "string", enum: [...CASE_STATUS_VALUES] },
        priority: { type: "string" },
        surveyId: uuid,
        responseId: uuid,
        unitId: nullable("string", { format: "uuid" }),
        ownerId: nullable("string", { format: "uuid" }),
        rootCauseId: nullable("string", { format: "uuid" }),
        dueAt: time,
        createdAt: time,
        score: nullable("integer"),
        comment: nullable("string", { description: "Masked without the personal-data permission." }),
        contactId: nullable("string", { format: "uuid" }),
        events: { type: "array", description: "Only on GET /cases/{id}: the timeline.", items: { type: "object" } },
      },
    },
    OrgUnit: {
      type: "object",
      required: ["id", "code", "name", "kind"],
      properties: {
        id: uuid,
        code: { type: "string" },
        name: { type: "string" },
        kind: { type: "string", enum: ["REGION", "BRANCH", "TEAM"] },
        parentId: nullable("string", { format: "uuid" }),
        managerId: nullable("string", { format: "uuid" }),
        createdAt: time,
      },
    },
    Member: {
      type: "object",
      required: ["id", "userId", "role", "email"],
      properties: {
        id: uuid,
        userId: uuid,
        role: { type: "string", enum: ["OWNER", "ADMIN", "MANAGER", "VIEWER"] },
        scopeUnitId: nullable("string", { format: "uuid" }),
        name: nullable("string", { description: "null without the personal-data permission." }),
        email: { type: "string", description: "Masked without the personal-data permission." },
        createdAt: time,
      },
    },
  };
}

const E = V1_EXAMPLE_IDS;
const SURVEY_EXAMPLE = {
  id: E.survey,
  name: "开户满意度",
  kind: "TRANSACTIONAL",
  status: "ACTIVE",
  touchpoint: "开户",
  brandName: "浦发演示银行",
  defaultLocale: "zh-CN",
  locales: ["zh-CN", "en"],
  version: 1,
  createdAt: "2026-11-02T03:04:05.000Z",
  updatedAt: "2026-11-02T03:04:05.000Z",
  publishedAt: "2026-11-02T03:10:00.000Z",
  closedAt: null,
};
const RESPONSE_EXAMPLE = {
  id: E.response,
  surveyId: E.survey,
  contactId: E.contact,
  score: 3,
  category: "DETRACTOR",
  comment: "柜员态度不好，排队太久",
  locale: "zh-CN",
  channel: "EMAIL",
  touchpoint: "开户",
  attributes: { region: "华东", tier: "gold" },
  completed: true,
  completedAt: "2026-12-01T02:03:04.000Z",
  unitId: E.unit,
  employeeId: null,
  surveyVersion: 1,
  createdAt: "2026-12-01T02:01:00.000Z",
  updatedAt: "2026-12-01T02:03:04.000Z",
  answers: [{ questionKey: "driver_speed", type: "RATING", value: 2 }],
  text: { sentiment: -0.6, polarity: "negative", themes: ["staff_attitude", "waiting_time"] },
};
const CONTACT_EXAMPLE = {
  id: E.contact,
  email: "wang.fang@example.com",
  name: "王芳",
  phone: null,
  locale: "zh-CN",
  externalId: "CRM-1042",
  attributes: { region: "华东", tier: "gold" },
  unsubscribedAt: null,
  erasedAt: null,
  createdAt: "2026-10-01T00:00:00.000Z",
  updatedAt: "2026-12-01T00:00:00.000Z",
};
const CASE_EXAMPLE = {
  id: E.case,
  status: "OPEN",
  priority: "NORMAL",
  surveyId: E.survey,
  responseId: E.response,
  unitId: E.unit,
  ownerId: E.user,
  rootCauseId: null,
  dueAt: "2026-12-03T02:03:04.000Z",
  firstContactAt: null,
  resolvedAt: null,
  closedAt: null,
  escalatedAt: null,
  createdAt: "2026-12-01T02:03:04.000Z",
  updatedAt: "2026-12-01T02:03:04.000Z",
  score: 3,
  comment: "柜员态度不好，排队太久",
  contactId: E.contact,
};
const CAMPAIGN_EXAMPLE = {
  id: E.campaign,
  surveyId: E.survey,
  name: "2026 Q4 关系调研",
  audience: { kind: "filter", attributes: { region: ["华东"] } },
  sampleSize: null,
  samplePercent: 20,
  status: "SENDING",
  scheduledAt: "2026-12-01T01:00:00.000Z",
  reminderDays: [3],
  audienceCount: 5200,
  queuedCount: 1040,
  throttledCount: 12,
  unsubscribedCount: 3,
  skippedCount: 15,
  createdAt: "2026-12-01T00:59:00.000Z",
  startedAt: "2026-12-01T01:00:02.000Z",
  finishedAt: null,
  funnel: { total: 1040, queued: 20, sent: 1015, failed: 5, opened: 600, clicked: 300, responded: 210, unsubscribed: 3, throttled: 12, responseRate: 0.2069 },
};
const UNIT_EXAMPLE = { id: E.unit, code: "SH-LJZ", name: "陆家嘴支行", kind: "BRANCH", parentId: null, managerId: E.user, createdAt: "2026-11-01T00:00:00.000Z", updatedAt: "2026-11-01T00:00:00.000Z" };
const MEMBER_EXAMPLE = { id: E.member, userId: E.user, role: "MANAGER", scopeUnitId: E.unit, createdAt: "2026-11-01T00:00:00.000Z", name: "王经理", email: "wang@demo-bank.example" };

/** Request-body examples, by operationId: the tests parse each with the handler's schema. */
export const V1_REQUEST_EXAMPLES = {
  upsertContacts: {
    contacts: [
      { email: "wang.fang@example.com", name: "王芳", locale: "zh-CN", externalId: "CRM-1042", attributes: { region: "华东", tier: "gold" } },
      { email: "li.lei@example.com", attributes: { region: "华南" } },
    ],
  },
  createCampaign: { surveyId: E.survey, name: "2026 Q4 关系调研", audience: { kind: "filter", attributes: { region: ["华东"] } }, samplePercent: 20, reminderDays: [3] },
  updateCase: { status: "CONTACTED", ownerId: E.user },
  addCaseNote: { body: "已致电客户，约定周五回访。" },
} as const;

export const ORG_IMPORT_EXAMPLE = "type,code,name,kind,parent,manager\nunit,EAST,华东,REGION,,\nunit,SH-LJZ,陆家嘴支行,BRANCH,EAST,\n";

const jsonBody = (schema: z.ZodType, example: unknown) => ({ required: true, content: { "application/json": { schema: jsonSchema(schema), example } } });

/** The paths of the resource endpoints, ready to spread into the document's `paths`. */
export function v1Paths(filterParameters: JsonObject[]): Record<string, JsonObject> {
  return {
    "/api/v1/surveys": {
      get: operation({
        operationId: "listSurveys",
        tag: "Surveys",
        summary: "List surveys",
        description: "The organisation's surveys, newest first, optionally by status.",
        scope: { resource: "surveys", access: "read" },
        parameters: [...PAGE_PARAMETERS, { name: "status", in: "query", required: false, schema: { type: "string", enum: [...SURVEY_STATUSES] } }],
        status: 200,
        schema: page("Survey"),
        example: { data: [SURVEY_EXAMPLE], nextCursor: null },
        errors: [400, 401, 403, 422, 429],
      }),
    },
    "/api/v1/surveys/{id}": {
      get: operation({
        operationId: "getSurvey",
        tag: "Surveys",
        summary: "Get a survey with its questions",
        description: "One survey and its questions in order, as respondents see them now.",
        scope: { resource: "surveys", access: "read" },
        parameters: [idParameter("survey")],
        status: 200,
        schema: ref("SurveyWithQuestions"),
        example: {
          ...SURVEY_EXAMPLE,
          questions: [{ id: E.response, key: "nps", type: "NPS", position: 0, required: true, text: { "zh-CN": "您有多大可能向朋友推荐浦发演示银行？", en: "How likely are you to recommend Demo Bank?" }, settings: {} }],
        },
        errors: [400, 401, 403, 404, 429],
      }),
    },
    "/api/v1/responses": {
      get: operation({
        operationId: "listResponses",
        tag: "Responses",
        summary: "List responses (the dashboard's filters, cursor paging)",
        description:
          "Responses in the filter (range — default the last 90 days, as on the dashboard; range=all for everything —, survey, channel, " +
          "touchpoint, attr.<key>), test and spam excluded, limited to the key's unit scope; `updatedSince` keeps only responses changed " +
          "since then (for incremental sync). Unknown parameters are refused (400).",
        scope: { resource: "responses", access: "read" },
        parameters: [
          ...filterParameters,
          { name: "survey", in: "query", required: false, description: "Only these surveys (repeat for several).", style: "form", explode: true, schema: { type: "array", items: { type: "string", format: "uuid" } } },
          { name: "updatedSince", in: "query", required: false, description: "ISO 8601 instant with offset.", schema: { type: "string", format: "date-time" }, example: "2026-12-01T00:00:00Z" },
          ...PAGE_PARAMETERS,
        ],
        status: 200,
        schema: page("SurveyResponse"),
        example: { data: [RESPONSE_EXAMPLE], nextCursor: CURSOR_EXAMPLE },
        errors: [400, 401, 403, 422, 429],
      }),
    },
    "/api/v1/responses/{id}": {
      get: operation({
        operationId: "getResponse",
        tag: "Responses",
        summary: "Get a response",
        description: "One response with its answers and, once read, the comment's themes and sentiment.",
        scope: { resource: "responses", access: "read" },
        parameters: [idParameter("response")],
        status: 200,
        schema: ref("SurveyResponse"),
        example: RESPONSE_EXAMPLE,
        errors: [400, 401, 403, 404, 429],
      }),
    },
    "/api/v1/contacts": {
      get: operation({
        operationId: "listContacts",
        tag: "Contacts",
        summary: "List contacts",
        description: "The organisation's contacts, newest first; `email` or `externalId` find one. Not for unit-scoped keys.",
        scope: { resource: "contacts", access: "read", personalData: true },
        parameters: [
          ...PAGE_PARAMETERS,
          { name: "email", in: "query", required: false, schema: { type: "string" } },
          { name: "externalId", in: "query", required: false, schema: { type: "string" } },
        ],
        status: 200,
        schema: page("Contact"),
        example: { data: [CONTACT_EXAMPLE], nextCursor: null },
        errors: [400, 401, 403, 422, 429],
      }),
    },
    "/api/v1/contacts/batch": {
      post: operation({
        operationId: "upsertContacts",
        tag: "Contacts",
        summary: `Create or update up to ${MAX_CONTACT_BATCH} contacts`,
        description:
          "Each contact is matched by email (case-insensitive): given fields replace the stored ones, attributes are merged. One transaction; " +
          "invalid input writes nothing (422); a row whose externalId belongs to another contact is skipped and reported.",
        scope: { resource: "contacts", access: "write", personalData: true },
        parameters: [IDEMPOTENCY_PARAMETER],
        requestBody: jsonBody(contactBatchSchema, V1_REQUEST_EXAMPLES.upsertContacts),
        status: 200,
        schema: {
          type: "object",
          required: ["created", "updated", "skipped", "contacts"],
          properties: {
            created: { type: "integer" },
            updated: { type: "integer" },
            skipped: { type: "array", items: { type: "object", properties: { index: { type: "integer" }, reason: { type: "string" }, field: nullable("string") } } },
            contacts: { type: "array", items: { type: "object", properties: { id: uuid, email: { type: "string" } } } },
          },
        },
        example: { created: 1, updated: 1, skipped: [], contacts: [{ id: E.contact, email: "wang.fang@example.com" }] },
        errors: [400, 401, 403, 409, 413, 422, 429],
      }),
    },
    "/api/v1/contacts/{id}": {
      get: operation({
        operationId: "getContact",
        tag: "Contacts",
        summary: "Get a contact",
        description: "One contact of the organisation.",
        scope: { resource: "contacts", access: "read", personalData: true },
        parameters: [idParameter("contact")],
        status: 200,
        schema: ref("Contact"),
        example: CONTACT_EXAMPLE,
        errors: [400, 401, 403, 404, 429],
      }),
      delete: operation({
        operationId: "eraseContact",
        tag: "Contacts",
        summary: "Erase a contact's personal data",
        description:
          "On the customer's request: email, name, phone, external id and attributes removed, comments and open-text answers deleted; " +
          "scores stay (anonymous), so NPS figures do not change. Repeating it is harmless.",
        scope: { resource: "contacts", access: "write", personalData: true },
        parameters: [idParameter("contact")],
        status: 200,
        schema: { type: "object", properties: { id: uuid, erased: { type: "boolean", const: true }, responsesKept: { type: "integer" }, commentsRemoved: { type: "integer" }, answersRemoved: { type: "integer" } } },
        example: { id: E.contact, erased: true, responsesKept: 3, commentsRemoved: 1, answersRemoved: 1 },
        errors: [400, 401, 403, 404, 429],
      }),
    },
    "/api/v1/campaigns": {
      get: operation({
        operationId: "listCampaigns",
        tag: "Campaigns",
        summary: "List campaigns",
        description: "The organisation's email campaigns, newest first.",
        scope: { resource: "campaigns", access: "read" },
        parameters: [...PAGE_PARAMETERS],
        status: 200,
        schema: page("Campaign"),
        example: { data: [{ ...CAMPAIGN_EXAMPLE, funnel: undefined }], nextCursor: null },
        errors: [400, 401, 403, 422, 429],
      }),
      post: operation({
        operationId: "createCampaign",
        tag: "Campaigns",
        summary: "Create and send a campaign",
        description:
          "Emails an ACTIVE survey to an audience (all contacts, or those with given attribute values), optionally a sample, now or at " +
          "`scheduledAt`, with up to two reminders. The organisation's throttle applies at send time. 409 when the survey is not open.",
        scope: { resource: "campaigns", access: "write" },
        parameters: [IDEMPOTENCY_PARAMETER],
        requestBody: jsonBody(createCampaignSchema, V1_REQUEST_EXAMPLES.createCampaign),
        status: 201,
        schema: ref("Campaign"),
        example: CAMPAIGN_EXAMPLE,
        errors: [400, 401, 403, 404, 409, 413, 422, 429],
      }),
    },
    "/api/v1/campaigns/{id}": {
      get: operation({
        operationId: "getCampaign",
        tag: "Campaigns",
        summary: "A campaign's status and funnel",
        description: "Status and the email funnel (queued, sent, failed, opened, clicked, responded, unsubscribed, throttled; response rate).",
        scope: { resource: "campaigns", access: "read" },
        parameters: [idParameter("campaign")],
        status: 200,
        schema: ref("Campaign"),
        example: CAMPAIGN_EXAMPLE,
        errors: [400, 401, 403, 404, 429],
      }),
    },
    "/api/v1/cases": {
      get: operation({
        operationId: "listCases",
        tag: "Cases",
        summary: "List follow-up cases",
        description: "Cases in the key's scope (a unit-scoped key: its subtree), newest first, by status or owner.",
        scope: { resource: "cases", access: "read" },
        parameters: [
          ...PAGE_PARAMETERS,
          { name: "status", in: "query", required: false, schema: { type: "string", enum: [...CASE_STATUS_VALUES] } },
          { name: "ownerId", in: "query", required: false, schema: { type: "string", format: "uuid" } },
        ],
        status: 200,
        schema: page("Case"),
        example: { data: [CASE_EXAMPLE], nextCursor: null },
        errors: [400, 401, 403, 422, 429],
      }),
    },
    "/api/v1/cases/{id}": {
      get: operation({
        operationId: "getCase",
        tag: "Cases",
        summary: "Get a case with its timeline",
        description: "One case and its events (opened, assigned, status, notes, replies, escalations).",
        scope: { resource: "cases", access: "read" },
        parameters: [idParameter("case")],
        status: 200,
        schema: ref("Case"),
        example: { ...CASE_EXAMPLE, events: [{ id: E.member, kind: "OPENED", actorId: null, body: null, data: {}, createdAt: "2026-12-01T02:03:04.000Z" }] },
        errors: [400, 401, 403, 404, 429],
      }),
      patch: operation({
        operationId: "updateCase",
        tag: "Cases",
        summary: "Change a case's status and / or owner",
        description:
          "status: open → contacted → resolved → closed, or reopen (resolving needs a root cause: 422; an impossible move: 409). " +
          "ownerId: a member who works cases (OWNER, ADMIN, MANAGER), else 422. Recorded on the timeline in the key creator's name.",
        scope: { resource: "cases", access: "write" },
        parameters: [idParameter("case")],
        requestBody: jsonBody(caseUpdateSchema, V1_REQUEST_EXAMPLES.updateCase),
        status: 200,
        schema: ref("Case"),
        example: { ...CASE_EXAMPLE, status: "CONTACTED", events: [] },
        errors: [400, 401, 403, 404, 409, 413, 422, 429],
      }),
    },
    "/api/v1/cases/{id}/notes": {
      post: operation({
        operationId: "addCaseNote",
        tag: "Cases",
        summary: "Add a note to a case",
        description: "A note on the case's timeline.",
        scope: { resource: "cases", access: "write" },
        parameters: [idParameter("case"), IDEMPOTENCY_PARAMETER],
        requestBody: jsonBody(caseNoteBodySchema, V1_REQUEST_EXAMPLES.addCaseNote),
        status: 201,
        schema: { type: "object", properties: { id: uuid, caseId: uuid, kind: { type: "string", const: "NOTE" }, body: { type: "string" } } },
        example: { id: E.member, caseId: E.case, kind: "NOTE", body: V1_REQUEST_EXAMPLES.addCaseNote.body },
        errors: [400, 401, 403, 404, 413, 422, 429],
      }),
    },
    "/api/v1/org-units": {
      get: operation({
        operationId: "listOrgUnits",
        tag: "Organisation",
        summary: "List org units",
        description: "Regions, branches and teams (a unit-scoped key: its subtree), newest first.",
        scope: { resource: "orgUnits", access: "read" },
        parameters: [...PAGE_PARAMETERS],
        status: 200,
        schema: page("OrgUnit"),
        example: { data: [UNIT_EXAMPLE], nextCursor: null },
        errors: [400, 401, 403, 422, 429],
      }),
    },
    "/api/v1/org-units/import": {
      post: operation({
        operationId: "importOrgUnits",
        tag: "Organisation",
        summary: "Import the hierarchy (CSV)",
        description:
          "The CSV of Settings → Organisation (`type,code,name,kind,parent,manager,email,unit`, UTF-8 or GBK, at most 2 MB), upserted by code " +
          "in one transaction; rows that cannot be taken are skipped with reasons.",
        scope: { resource: "orgUnits", access: "write" },
        parameters: [IDEMPOTENCY_PARAMETER],
        requestBody: { required: true, content: { "text/csv": { schema: { type: "string" }, example: ORG_IMPORT_EXAMPLE } } },
        status: 200,
        schema: {
          type: "object",
          properties: {
            encoding: { type: "string" },
            unitsCreated: { type: "integer" },
            unitsUpdated: { type: "integer" },
            employeesCreated: { type: "integer" },
            employeesUpdated: { type: "integer" },
            skipped: { type: "array", items: { type: "object" } },
            warnings: { type: "array", items: { type: "object" } },
          },
        },
        example: { encoding: "utf-8", unitsCreated: 2, unitsUpdated: 0, employeesCreated: 0, employeesUpdated: 0, skipped: [], warnings: [] },
        errors: [401, 403, 413, 415, 422, 429],
      }),
    },
    "/api/v1/members": {
      get: operation({
        operationId: "listMembers",
        tag: "Organisation",
        summary: "List members",
        description: "The organisation's members and roles (names and emails need the personal-data permission). Not for unit-scoped keys.",
        scope: { resource: "members", access: "read" },
        parameters: [...PAGE_PARAMETERS],
        status: 200,
        schema: page("Member"),
        example: { data: [MEMBER_EXAMPLE], nextCursor: null },
        errors: [400, 401, 403, 422, 429],
      }),
    },
  };
}

/** Tags of the resource endpoints, and how scopes work (for the document's description). */
export const V1_TAGS = [
  { name: "Surveys", description: "Surveys and their questions" },
  { name: "Responses", description: "Answers, with the dashboard's filters and cursor paging" },
  { name: "Contacts", description: "Customers: batch upsert, look-up, erasure (personal data)" },
  { name: "Campaigns", description: "Email campaigns: create and send, status and funnel" },
  { name: "Cases", description: "Closed loop: follow-up cases, status, owner, notes" },
  { name: "Organisation", description: "Org units and members" },
];

export const V1_DESCRIPTION =
  ` Keys carry scopes — ${API_SCOPES.length / 2} resources × read / write (write includes read) — optionally the personal-data permission ` +
  "and a unit (the key then sees that unit's subtree only). Lists are paged with an opaque `cursor` (`limit` ≤ " +
  `${MAX_PAGE_SIZE}). POSTs take an \`Idempotency-Key\`. Every answer carries X-RateLimit-Limit / -Remaining / -Reset; over the ` +
  "limit the answer is 429 with Retry-After. Unknown paths answer a JSON 404.";
