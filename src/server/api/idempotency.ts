import "server-only";
import { createHash } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { AppError, isAppError } from "@/lib/errors";
import { db } from "@/server/db";
import { errorResponse } from "@/server/http/respond";

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Stored answers are kept this long; a key reused later starts afresh. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

function requestHash(method: string, path: string, body: unknown): string {
  return createHash("sha256").update(`${method}\n${path}\n${JSON.stringify(body ?? null)}`, "utf8").digest("hex");
}

/** Answers worth replaying: successes and refusals of the input itself (not a conflict, a rate limit or a 5xx). */
function storable(status: number): boolean {
  return status < 500 && status !== 409 && status !== 429 && status !== 401;
}

/**
 * Runs a POST at most once per `Idempotency-Key` (per API key): the first call runs and its answer is stored;
 * the same key with the same method, path and body answers the stored response (header `Idempotent-Replayed:
 * true`); with another body it is 422 `validation_failed`; while the first is still running, 409 `conflict`.
 * Without the header, `run` simply runs. A 5xx or a crash frees the key so the client can retry.
 */
export async function idempotent(
  request: Request,
  principal: { organizationId: string; apiKeyId: string },
  body: unknown,
  run: () => Promise<Response>,
  { now = new Date() }: { now?: Date } = {},
): Promise<Response> {
  const key = request.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (key === null) return run();
  if (!KEY_PATTERN.test(key)) {
    throw new AppError("bad_request", `${IDEMPOTENCY_KEY_HEADER}: use 1 to 255 visible ASCII characters (a UUID is ideal).`);
  }
  const { organizationId, apiKeyId } = principal;
  const method = request.method.toUpperCase();
  const path = new URL(request.url).pathname;
  const hash = requestHash(method, path, body);
  const unique = { organizationId_apiKeyId_key: { organizationId, apiKeyId, key } };

  await db.apiIdempotencyKey.deleteMany({
    where: { organizationId, apiKeyId, key, createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_TTL_MS) } },
  });
  let id: string;
  try {
    id = (await db.apiIdempotencyKey.create({ data: { organizationId, apiKeyId, key, method, path, requestHash: hash }, select: { id: true } })).id;
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    const stored = await db.apiIdempotencyKey.findUnique({ where: unique });
    if (!stored) throw new AppError("conflict", "A request with this Idempotency-Key is in progress; retry in a moment.");
    if (stored.requestHash !== hash) {
      throw new AppError(
        "validation_failed",
        `${IDEMPOTENCY_KEY_HEADER}: this key was used with another request (method, path or body); use a new key for a new request.`,
      );
    }
    if (stored.status === null || stored.body === null) {
      throw new AppError("conflict", "A request with this Idempotency-Key is in progress; retry in a moment.");
    }
    return new Response(stored.body, {
      status: stored.status,
      headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true" },
    });
  }

  let response: Response;
  try {
    response = await run();
  } catch (error) {
    if (!isAppError(error)) {
      await db.apiIdempotencyKey.deleteMany({ where: { organizationId, id } });
      throw error;
    }
    response = errorResponse(error);
  }
  if (storable(response.status)) {
    const text = await response.clone().text();
    await db.apiIdempotencyKey.updateMany({ where: { organizationId, id }, data: { status: response.status, body: text } });
  } else {
    await db.apiIdempotencyKey.deleteMany({ where: { organizationId, id } });
  }
  return response;
}
