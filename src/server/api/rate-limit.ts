import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";

/** Fixed windows of one minute per key; the counts live in the database so every process counts together. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

export type RateLimitState = { limit: number; remaining: number; resetSeconds: number };

/** What the last rate-limited call of a request found, read by apiRoute to set the X-RateLimit-* headers. */
const states = new WeakMap<Request, RateLimitState>();

export function rateLimitStateOf(request: unknown): RateLimitState | undefined {
  return request instanceof Request ? states.get(request) : undefined;
}

/**
 * Counts one request of the key in the current window (one upsert: concurrent requests in any process each get
 * their own count) and throws 429 `rate_limited` when it goes over `limit`. Old windows of the key are removed
 * when a new one starts.
 */
export async function consumeRateLimit(
  request: Request,
  { organizationId, apiKeyId, limit, now = new Date() }: { organizationId: string; apiKeyId: string; limit: number; now?: Date },
): Promise<RateLimitState> {
  const windowStart = new Date(Math.floor(now.getTime() / RATE_LIMIT_WINDOW_MS) * RATE_LIMIT_WINDOW_MS);
  const rows = await db.$queryRaw<{ count: number }[]>(Prisma.sql`
    INSERT INTO "ApiRateLimit" ("id", "organizationId", "apiKeyId", "windowStart", "count")
    VALUES (gen_random_uuid(), ${organizationId}::uuid, ${apiKeyId}::uuid, ${windowStart}, 1)
    ON CONFLICT ("organizationId", "apiKeyId", "windowStart") DO UPDATE SET "count" = "ApiRateLimit"."count" + 1
    RETURNING "count"`);
  const count = rows[0]?.count ?? 1;
  if (count === 1) {
    await db.apiRateLimit.deleteMany({ where: { organizationId, apiKeyId, windowStart: { lt: windowStart } } });
  }
  const resetSeconds = Math.max(1, Math.ceil((windowStart.getTime() + RATE_LIMIT_WINDOW_MS - now.getTime()) / 1000));
  const state = { limit, remaining: Math.max(0, limit - count), resetSeconds };
  states.set(request, state);
  if (count > limit) {
    throw new AppError("rate_limited", `Too many requests: this key may make ${limit} a minute. Retry after ${resetSeconds} s.`);
  }
  return state;
}

/** The X-RateLimit-* headers (and Retry-After on a 429) of a response. */
export function setRateLimitHeaders(response: Response, state: RateLimitState): void {
  response.headers.set("X-RateLimit-Limit", String(state.limit));
  response.headers.set("X-RateLimit-Remaining", String(state.remaining));
  response.headers.set("X-RateLimit-Reset", String(state.resetSeconds));
  if (response.status === 429) response.headers.set("Retry-After", String(state.resetSeconds));
}
