import "server-only";
import { IDEMPOTENCY_KEY_HEADER } from "./idempotency";
import { errorResponse, type JsonObject } from "./openapi-parts";

/** The `Idempotency-Key` header as every idempotent POST documents it (src/server/api/idempotency.ts). */
export const IDEMPOTENCY_KEY_PARAMETER: JsonObject = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: "header",
  required: false,
  description:
    "Makes a retry safe: the same key with the same body answers the first call's stored response (header Idempotent-Replayed: true) " +
    "for 24 hours; the same key with another body is 422; while the first call runs, 409.",
  schema: { type: "string", minLength: 1, maxLength: 255 },
  example: "3f0c5a52-2f7e-4a7b-9a1d-6c1f0e2b7d11",
};

function describeMore(response: unknown, more: string): JsonObject | null {
  if (!response || typeof response !== "object") return null;
  const r = response as JsonObject;
  return { ...r, description: `${String(r.description ?? "")}${more}` };
}

/**
 * A POST operation (`{ post: {...} }`) with the Idempotency-Key header added, and its 409 / 422 answers naming the
 * key's cases (a 409 is added when the operation had none). The success answers are unchanged.
 */
export function withIdempotencyKey(operation: JsonObject): JsonObject {
  const post = operation.post as JsonObject | undefined;
  if (!post) return operation;
  const parameters = Array.isArray(post.parameters) ? (post.parameters as JsonObject[]) : [];
  const responses = { ...((post.responses as JsonObject | undefined) ?? {}) };
  responses["409"] =
    describeMore(responses["409"], " Or the same Idempotency-Key is still running: retry in a moment.") ??
    errorResponse("conflict: a call with the same Idempotency-Key is still running; retry in a moment.", {
      code: "conflict",
      message: "A request with this Idempotency-Key is in progress; retry in a moment.",
    });
  const with422 = describeMore(responses["422"], " Or an Idempotency-Key reused with another body.");
  if (with422) responses["422"] = with422;
  return { ...operation, post: { ...post, parameters: [...parameters, IDEMPOTENCY_KEY_PARAMETER], responses } };
}
