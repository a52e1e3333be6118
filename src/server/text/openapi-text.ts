import "server-only";
import { z } from "zod";
import { analyzeText, compileTaxonomy } from "@/lib/text/analyze";
import { themeTemplate } from "@/lib/text/theme-templates";
import { textAnalyzeSchema } from "@/schemas/text";
import { errorResponse, type JsonObject } from "@/server/api/openapi-parts";


export const TEXT_ANALYZE_PATH = "/api/v1/text/analyze";


const polarity = { type: "string", enum: ["negative", "neutral", "positive"] };
const label = {
  type: "object",
  required: ["zh-CN", "en"],
  properties: { "zh-CN": { type: "string" }, en: { type: "string" } },
};

/** The example answer, computed by the endpoint's own reader with the banking template (not written by hand). */
function example(texts: string[]): JsonObject {
  const template = themeTemplate("banking");
  const labels = new Map(template.map((t) => [t.key, { "zh-CN": t.labelZh, en: t.labelEn }]));
  const taxonomy = compileTaxonomy(template);
  return {
    results: texts.map((text) => {
      const r = analyzeText(text, taxonomy);
      return { ...r, themes: r.themes.map((t) => ({ key: t.key, label: labels.get(t.key), sentiment: t.sentiment, polarity: t.polarity })) };
    }),
  };
}

/** The OpenAPI operation of POST /api/v1/text/analyze. */
export function textAnalyzeOperation(): JsonObject {
  const body: JsonObject = { ...z.toJSONSchema(textAnalyzeSchema, { io: "input" }) };
  delete body.$schema;
  const texts = ["网点排队太久了，手机银行还老是闪退", "The teller was friendly and helpful"];
  return {
    post: {
      operationId: "analyzeTexts",
      tags: ["Text"],
      summary: "Read comments: tokens, themes and sentiment",
      description:
        "Reads each text (Chinese, English or both mixed; Traditional characters are read as Simplified) with the organisation's theme " +
        "taxonomy (seeded from the banking template until an admin edits it): its content tokens (jieba with the project's CX dictionary; " +
        "English lower-cased), its themes with the sentiment of the clauses that mention them, and its overall sentiment from −1 to 1 " +
        "with a polarity (neutral within ±0.3). Negation, intensifiers and contrast (但是 / but) are taken into account. Nothing is stored.",
      security: [{ apiKey: [] }],
      requestBody: { required: true, content: { "application/json": { schema: body, example: { texts, locale: null } } } },
      responses: {
        "200": {
          description: "One result per text, in the order sent.",
          headers: { "Cache-Control": { schema: { type: "string", const: "no-store" } } },
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["results"],
                properties: {
                  results: {
                    type: "array",
                    items: {
                      type: "object",
                      required: ["tokens", "themes", "sentiment", "polarity"],
                      properties: {
                        tokens: { type: "array", items: { type: "string" } },
                        themes: {
                          type: "array",
                          items: {
                            type: "object",
                            required: ["key", "label", "sentiment", "polarity"],
                            properties: { key: { type: "string" }, label, sentiment: { type: "number", minimum: -1, maximum: 1 }, polarity },
                          },
                        },
                        sentiment: { type: "number", minimum: -1, maximum: 1 },
                        polarity,
                      },
                    },
                  },
                },
              },
              example: example(texts),
            },
          },
        },
        "400": errorResponse("bad_request: the body is not JSON.", { code: "bad_request", message: "The request body must be JSON." }),
        "401": errorResponse("unauthorized: the Authorization header is missing, or the key is malformed, unknown or revoked.", {
          code: "unauthorized",
          message: "The API key is not valid or has been revoked.",
        }),
        "413": errorResponse("payload_too_large: the body is over 16 MB.", { code: "payload_too_large", message: "The request body is too large." }),
        "422": errorResponse("validation_failed: no texts, more than 1,000, a text over 5,000 characters, an unknown locale or field.", {
          code: "validation_failed",
          message: "texts: send at most 1000 texts per call",
        }),
      },
    },
  };
}

export const THEMES_PATH = "/api/v1/surveys/{id}/themes";

const themeNps = {
  type: "object",
  required: ["n", "promoters", "passives", "detractors", "nps", "ciLow", "ciHigh", "mean", "suppressed"],
  properties: {
    n: { type: "integer" },
    promoters: { type: ["integer", "null"] },
    passives: { type: ["integer", "null"] },
    detractors: { type: ["integer", "null"] },
    nps: { type: ["number", "null"] },
    ciLow: { type: ["number", "null"] },
    ciHigh: { type: ["number", "null"] },
    mean: { type: ["number", "null"] },
    suppressed: { type: "boolean" },
  },
};

/** The OpenAPI operation of GET /api/v1/surveys/{id}/themes; `parameters` are the NPS endpoint's filters (without groupBy). */
export function themesOperation(parameters: JsonObject[]): JsonObject {
  return {
    get: {
      operationId: "getSurveyThemes",
      tags: ["Text"],
      summary: "Themes of a survey's comments, with the NPS of those who mention each",
      description:
        "For the NPS endpoint's filters: n answers, how many with a comment that has been read (comments are read by a background " +
        "job within a minute or so of being stored), and for every theme of the organisation's taxonomy its mentions, share of the " +
        "read comments and of detractors' read comments, the NPS of respondents who mention it and of those who do not, and the " +
        "two-sided p of their difference (uncorrected: correct for the number of themes you compare). When either side is below the " +
        "organisation's suppression threshold both show n only (suppressed: true), so neither can be recovered by subtraction. " +
        "Shares and p are rounded to 4 decimals, NPS figures to 2.",
      security: [{ apiKey: [] }],
      parameters,
      responses: {
        "200": {
          description: "Themes in the taxonomy's order.",
          headers: { "Cache-Control": { schema: { type: "string", const: "no-store" } } },
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["n", "commented", "themes"],
                properties: {
                  n: { type: "integer" },
                  commented: { type: "integer" },
                  themes: {
                    type: "array",
                    items: {
                      type: "object",
                      required: ["key", "label", "mentions", "share", "detractorShare", "nps", "withoutNps", "p"],
                      properties: {
                        key: { type: "string" },
                        label,
                        mentions: { type: "integer" },
                        share: { type: ["number", "null"] },
                        detractorShare: { type: ["number", "null"] },
                        nps: themeNps,
                        withoutNps: themeNps,
                        p: { type: ["number", "null"] },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        "400": errorResponse("bad_request: groupBy, an unknown query parameter, or an attr.<key> that is not an analysis dimension.", {
          code: "bad_request",
          message: "groupBy does not apply to themes; narrow with the filters instead.",
        }),
        "401": errorResponse("unauthorized: the Authorization header is missing, or the key is malformed, unknown or revoked.", {
          code: "unauthorized",
          message: "The API key is not valid or has been revoked.",
        }),
        "404": errorResponse("not_found: no such survey in the key's organisation.", { code: "not_found", message: "Survey not found." }),
      },
    },
  };
}
