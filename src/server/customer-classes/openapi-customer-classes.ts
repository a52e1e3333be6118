import "server-only";
import { CLASS_KEY } from "@/schemas/customer-classes";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "@/server/api/v1/params";
import { errorResponse, ref, type JsonObject } from "@/server/api/openapi-parts";

export const CUSTOMER_CLASSES_PATH = "/api/v1/customer-classes";
export const CLASS_CONTACTS_PATH = "/api/v1/customer-classes/{key}/contacts";
export const CUSTOMER_CLASSES_TAG = { name: "Customer classes", description: "Loyal / potential / marginal / lost (忠诚 / 潜在 / 边缘 / 流失): classes from attitude and behaviour" };

/** The class key of the document's examples (a default class every organisation starts with). */
export const CLASS_KEY_EXAMPLE = "marginal";

const uuid = { type: "string", format: "uuid" };
const time = { type: "string", format: "date-time" };
const nullable = (type: string, extra: JsonObject = {}) => ({ type: [type, "null"], ...extra });

const outcomeTest = {
  type: "object",
  required: ["type", "present", "windowDays"],
  properties: {
    type: { type: "string", description: "churned, purchased, revenue, complaint or an organisation-defined type." },
    present: { type: "boolean", description: "true: at least one such event in the window; false: none." },
    windowDays: { type: "integer", minimum: 1 },
    minTotal: { type: "number", description: "With present: the events' amounts in the window add up to at least this." },
  },
};

/** Component schemas (merged into the document's components). */
export function customerClassComponentSchemas(): Record<string, JsonObject> {
  return {
    CustomerClass: {
      type: "object",
      required: ["key", "name", "position", "count", "rules"],
      properties: {
        key: { type: "string", pattern: CLASS_KEY.source },
        name: { type: "object", required: ["zh-CN", "en"], properties: { "zh-CN": { type: "string" }, en: { type: "string" } } },
        position: { type: "integer", description: "Display order." },
        count: { type: "integer", description: "Contacts in the class now (in the key's unit scope)." },
        rules: {
          type: "array",
          description: "The rules that assign this class. position is the rule's place among all rules: the first matching rule of all wins.",
          items: {
            type: "object",
            required: ["position", "categories", "scoreMin", "scoreMax", "all", "any"],
            properties: {
              position: { type: "integer", minimum: 1 },
              categories: { type: "array", items: { type: "string", enum: ["PROMOTER", "PASSIVE", "DETRACTOR"] }, description: "The latest answer's category; empty: any (also never answered)." },
              scoreMin: nullable("integer", { minimum: 0, maximum: 10 }),
              scoreMax: nullable("integer", { minimum: 0, maximum: 10 }),
              all: { type: "array", items: outcomeTest, description: "Every one must hold." },
              any: { type: "array", items: outcomeTest, description: "At least one must hold (empty: no such condition)." },
            },
          },
        },
      },
    },
    ClassContact: {
      type: "object",
      required: ["id", "name", "email", "phone", "externalId", "locale", "attributes", "unsubscribed", "score", "category", "answeredAt"],
      properties: {
        id: uuid,
        name: nullable("string", { description: "Masked without the personal-data permission." }),
        email: nullable("string", { description: "Masked without the personal-data permission." }),
        phone: nullable("string", { description: "Masked without the personal-data permission." }),
        externalId: nullable("string", { description: "The CRM's customer id; masked without the personal-data permission." }),
        locale: nullable("string"),
        attributes: { type: "object", description: "Personal attributes masked without the personal-data permission." },
        unsubscribed: { type: "boolean" },
        score: nullable("integer", { minimum: 0, maximum: 10, description: "The latest answer's score (null: never answered)." }),
        category: nullable("string", { enum: ["PROMOTER", "PASSIVE", "DETRACTOR", null] }),
        answeredAt: nullable("string", { format: "date-time" }),
      },
    },
  };
}

const RATE_HEADERS = {
  "X-RateLimit-Limit": { description: "Requests a minute this key may make.", schema: { type: "integer" } },
  "X-RateLimit-Remaining": { description: "Requests left in the current minute.", schema: { type: "integer" } },
  "X-RateLimit-Reset": { description: "Seconds until the current window ends.", schema: { type: "integer" } },
};

const COMMON_ERRORS = {
  "401": {
    ...errorResponse("unauthorized: the Authorization header is missing, or the key is malformed, unknown or revoked.", {
      code: "unauthorized",
      message: "The API key is not valid or has been revoked.",
    }),
    headers: { "WWW-Authenticate": { schema: { type: "string", const: 'Bearer realm="api"' } } },
  },
  "403": errorResponse("forbidden: the key lacks the contacts:read scope.", { code: "forbidden", message: "This API key lacks the contacts:read scope." }),
  "429": {
    ...errorResponse("rate_limited: over the key's requests a minute; retry after Retry-After seconds.", { code: "rate_limited", message: "Too many requests." }),
    headers: { "Retry-After": { schema: { type: "integer" } }, ...RATE_HEADERS },
  },
};

const ok = (schema: JsonObject, example: unknown) => ({
  description: "Done.",
  headers: { "Cache-Control": { schema: { type: "string", const: "no-store" } }, ...RATE_HEADERS },
  content: { "application/json": { schema, example } },
});

const AS_OF = "2026-12-07T08:00:00.000Z";

/** GET /api/v1/customer-classes and GET /api/v1/customer-classes/{key}/contacts. */
export function customerClassPaths(): Record<string, JsonObject> {
  return {
    [CUSTOMER_CLASSES_PATH]: {
      get: {
        operationId: "listCustomerClasses",
        tags: [CUSTOMER_CLASSES_TAG.name],
        summary: "Customer classes with their names, rules and current counts",
        description:
          "The organisation's classes in display order, each with its names in both languages, the rules that assign it and how many " +
          "contacts are in it now: each contact's latest NPS answer and their behaviour (outcome events) in the rules' windows, the first " +
          "matching rule wins; contacts no rule matches are `unclassified`; erased contacts are not counted. A key limited to an org unit " +
          "counts the contacts whose latest answer its subtree served. No personal data. Needs the `contacts:read` scope.",
        security: [{ apiKey: [] }],
        "x-required-scope": "contacts:read",
        parameters: [],
        responses: {
          "200": ok(
            {
              type: "object",
              required: ["asOf", "total", "unclassified", "data"],
              properties: { asOf: time, total: { type: "integer" }, unclassified: { type: "integer" }, data: { type: "array", items: ref("CustomerClass") } },
            },
            {
              asOf: AS_OF,
              total: 480,
              unclassified: 37,
              data: [
                {
                  key: "lost",
                  name: { "zh-CN": "流失客户", en: "Lost" },
                  position: 3,
                  count: 52,
                  rules: [{ position: 1, categories: [], scoreMin: null, scoreMax: null, all: [{ type: "churned", present: true, windowDays: 365 }], any: [] }],
                },
              ],
            },
          ),
          "400": errorResponse("bad_request: an unknown query parameter.", { code: "bad_request", message: 'Unknown query parameter "limit". Known: none.' }),
          ...COMMON_ERRORS,
        },
      },
    },
    [CLASS_CONTACTS_PATH]: {
      get: {
        operationId: "listCustomerClassContacts",
        tags: [CUSTOMER_CLASSES_TAG.name],
        summary: "The contacts in a customer class now",
        description:
          "The contacts the class holds now (classified at the request), newest contact first, paged with the opaque cursor. Name, email, " +
          "phone, customer id and personal attributes are masked (`masked: true`) unless the key has the personal-data permission. A key " +
          "limited to an org unit lists the contacts whose latest answer its subtree served. Classes change as answers and events arrive: " +
          "a contact may move between pages' requests. Needs the `contacts:read` scope (and the personal-data permission for unmasked values).",
        security: [{ apiKey: [] }],
        "x-required-scope": "contacts:read",
        "x-personal-data": true,
        parameters: [
          { name: "key", in: "path", required: true, description: "The class's key (e.g. loyal, potential, marginal, lost).", schema: { type: "string", pattern: CLASS_KEY.source }, example: CLASS_KEY_EXAMPLE },
          {
            name: "limit",
            in: "query",
            required: false,
            description: `Rows per page, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
            schema: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
          },
          { name: "cursor", in: "query", required: false, description: "The previous page's nextCursor, unchanged (opaque).", schema: { type: "string" } },
        ],
        responses: {
          "200": ok(
            {
              type: "object",
              required: ["classKey", "asOf", "masked", "data", "nextCursor"],
              properties: {
                classKey: { type: "string" },
                asOf: time,
                masked: { type: "boolean", description: "true: personal data is masked (the key lacks the personal-data permission)." },
                data: { type: "array", items: ref("ClassContact") },
                nextCursor: { type: ["string", "null"], description: "null on the last page." },
              },
            },
            {
              classKey: CLASS_KEY_EXAMPLE,
              asOf: AS_OF,
              masked: false,
              data: [
                {
                  id: "0193a5b2-9e30-7f5c-b132-4d5e6f708192",
                  name: "张伟",
                  email: "zhang.wei@example.com",
                  phone: "13812345678",
                  externalId: "CRM-1042",
                  locale: "zh-CN",
                  attributes: { region: "华东", tier: "gold" },
                  unsubscribed: false,
                  score: 3,
                  category: "DETRACTOR",
                  answeredAt: "2026-11-20T03:15:00.000Z",
                },
              ],
              nextCursor: null,
            },
          ),
          "400": errorResponse("bad_request: an unknown query parameter, or one given twice.", { code: "bad_request", message: 'Unknown query parameter "limt". Known: limit, cursor.' }),
          "404": errorResponse("not_found: the organisation has no class with this key.", { code: "not_found", message: "Customer class not found." }),
          "422": errorResponse("validation_failed: limit out of range, or a cursor that is not one of this API's.", { code: "validation_failed", message: "limit: use a whole number from 1 to 200." }),
          ...COMMON_ERRORS,
        },
      },
    },
  };
}
