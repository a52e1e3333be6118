import "server-only";
import { handleRoute } from "@/server/http/respond";
import { rateLimitStateOf, setRateLimitHeaders } from "./rate-limit";

/**
 * Wraps a /api/v1 route handler: errors become `{"error":{"code","message"}}` with their 4xx status
 * (handleRoute), no answer is cached, a 401 names the Bearer scheme (RFC 6750), and a request counted by
 * requireApiKey carries the X-RateLimit-* headers (Retry-After on a 429).
 */
export function apiRoute<Args extends unknown[]>(
  handler: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  const wrapped = handleRoute(handler);
  return async (...args: Args) => {
    const response = await wrapped(...args);
    response.headers.set("Cache-Control", "no-store");
    if (response.status === 401) response.headers.set("WWW-Authenticate", 'Bearer realm="api"');
    const rate = rateLimitStateOf(args[0]);
    if (rate) setRateLimitHeaders(response, rate);
    return response;
  };
}
