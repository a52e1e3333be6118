import "server-only";
import { z } from "zod";
import { driversExample } from "@/lib/drivers-example";
import { apiDriversWithThemesSchema } from "@/schemas/theme-drivers";
import { errorResponse, ref, type JsonObject } from "@/server/api/openapi-parts";

/** The includeThemes=true body's JSON Schema, inline (the default body keeps its named component, Drivers). */
function driversWithThemesSchema(): JsonObject {
  const schema = z.toJSONSchema(apiDriversWithThemesSchema) as JsonObject;
  delete schema.$schema;
  return schema;
}

const INCLUDE_THEMES: JsonObject = {
  name: "includeThemes",
  in: "query",
  required: false,
  description:
    "true: the organisation's comment themes enter the analysis as binary drivers (1 when the response's read comment mentions the theme), " +
    "beside the questions; the complete cases are then the responses with a read comment. Theme drivers have questionId null and a themeKey. " +
    "Default false: the body is exactly the one without this parameter.",
  schema: { type: "string", enum: ["true", "false"], default: "false" },
};


export const DRIVERS_PATH = "/api/v1/surveys/{id}/drivers";


/** The OpenAPI operation of GET /api/v1/surveys/{id}/drivers; `parameters` are the NPS endpoint's filters (without groupBy). */
export function driversOperation(parameters: JsonObject[]): JsonObject {
  return {
    get: {
      operationId: "getSurveyDrivers",
      tags: ["Drivers"],
      summary: "Key drivers of a survey's NPS (Johnson's relative weights)",
      description:
        "For the survey's numeric driver questions (rating, CSAT, CES, SERVQUAL perception) against the 0–10 score, on the complete cases " +
        "(responses in the filter that answered the score and every driver): Johnson's relative weights on Pearson correlations — " +
        "importance in % of R² with a 95 % percentile bootstrap interval (500 resamples, fixed seed; on all complete cases, or a uniform " +
        "sample of 20,000 of them when there are more), performance (mean on the driver's scale and normalised 0–100) and the " +
        "importance × performance quadrant. Below minN = max(30, 10 × drivers) complete cases the status is too_few and every figure null. " +
        "Takes the NPS endpoint's filters; groupBy does not apply (400).",
      security: [{ apiKey: [] }],
      parameters: [...parameters, INCLUDE_THEMES],
      responses: {
        "200": {
          description: "The analysis. Numbers, never strings; rounded half away from zero (importance, ciLow, ciHigh, performance, performancePct to 2 decimals; r2, rawWeight, correlation to 4).",
          headers: { "Cache-Control": { schema: { type: "string", const: "no-store" } } },
          content: {
            "application/json": {
              schema: { anyOf: [ref("Drivers"), driversWithThemesSchema()] },
              examples: { ok: { summary: "Computed by the endpoint's own code from a fixed sample of 812 complete cases", value: driversExample() } },
            },
          },
        },
        "400": errorResponse("bad_request: an unknown query parameter, groupBy, a repeated single parameter (includeThemes included), or an attr.<key> that is not an analysis dimension.", {
          code: "bad_request",
          message: "groupBy does not apply to drivers; compare segments with attr.<key> filters.",
        }),
        "401": {
          ...errorResponse("unauthorized: the Authorization header is missing, or the key is malformed, unknown or revoked.", {
            code: "unauthorized",
            message: "The API key is not valid or has been revoked.",
          }),
          headers: { "WWW-Authenticate": { schema: { type: "string", const: 'Bearer realm="api"' } } },
        },
        "404": errorResponse("not_found: no such survey in the key's organisation.", { code: "not_found", message: "Survey not found." }),
        "422": errorResponse("validation_failed: a parameter's value is invalid (as for the NPS endpoint; includeThemes other than true or false).", {
          code: "validation_failed",
          message: "from, to: these apply to range=custom only; add range=custom or leave them out.",
        }),
      },
    },
  };
}
