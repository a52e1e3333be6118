import "server-only";
import { headers } from "next/headers";
import { NextResponse } from "next/server";
import { env } from "@/env";
import type { ErrorBody } from "@/lib/errors";

/** The public origin for links we hand out: APP_URL when configured, else the request's host. */
export async function getPublicOrigin(): Promise<string> {
  if (env.APP_URL) return env.APP_URL.replace(/\/$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a state-changing request must be refused as cross-site, or null when it may go on. The rule is the one
 * browsers make possible (the same as Go's `http.CrossOriginProtection`, and what Next.js does for server actions):
 * - GET, HEAD and OPTIONS never change anything: allowed;
 * - `Sec-Fetch-Site` (every current browser sends it): only `same-origin`, or `none` (typed by the user), pass;
 * - else `Origin` (older browsers): its host must be this request's host (`X-Forwarded-Host` / `Host`) or
 *   APP_URL's; `Origin: null` (sandboxed frames, privacy redirects) is refused;
 * - neither header: not a browser, or one too old for either — no cross-site form can be told apart, and the
 *   session cookie is SameSite=Lax, so it goes on.
 * Requests authenticated by an API key (/api/v1) or a token in the URL (/s/<token>) do not use this: they carry
 * no ambient credential a foreign page could borrow.
 */
export function crossSiteRefusal(request: Request): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const site = request.headers.get("sec-fetch-site")?.trim().toLowerCase();
  if (site) return site === "same-origin" || site === "none" ? null : `Sec-Fetch-Site: ${site}`;
  const origin = request.headers.get("origin")?.trim();
  if (!origin) return null;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return `Origin: ${origin.slice(0, 100)}`;
  }
  const hosts = new Set<string>();
  for (const value of [request.headers.get("x-forwarded-host"), request.headers.get("host")]) {
    const first = value?.split(",")[0]?.trim().toLowerCase();
    if (first) hosts.add(first);
  }
  try {
    hosts.add(new URL(request.url).host.toLowerCase());
  } catch {
    // a relative URL in a test double: the headers decide
  }
  if (env.APP_URL) hosts.add(new URL(env.APP_URL).host.toLowerCase());
  return hosts.has(originHost) ? null : `Origin: ${origin.slice(0, 100)}`;
}

export const CROSS_SITE_MESSAGE = "Cross-site request refused: this action can only be sent from a page of this site.";

/**
 * Wraps a route handler that authenticates by the session cookie: a cross-site POST/PUT/PATCH/DELETE is
 * answered 403 `{"error":{"code":"forbidden",…}}` before anything else runs (no session is read, nothing is
 * written). tests/integration/cross-site-requests.test.ts checks that every such handler uses it.
 */
export function sameOriginOnly<Args extends [Request, ...unknown[]]>(
  handler: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args: Args) => {
    const refusal = crossSiteRefusal(args[0]);
    if (refusal) {
      return NextResponse.json<ErrorBody>(
        { error: { code: "forbidden", message: CROSS_SITE_MESSAGE } },
        { status: 403, headers: { "Cache-Control": "no-store", Vary: "Origin, Sec-Fetch-Site" } },
      );
    }
    return handler(...args);
  };
}
