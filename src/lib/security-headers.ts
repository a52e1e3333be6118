/**
 * The Content-Security-Policy and transport headers every response carries (src/proxy.ts sets them;
 * docs/decisions/0015). Pure, so the policy is unit-tested.
 *
 * - App pages: scripts only from our origin and with the request's nonce (Next puts it on its own inline
 *   scripts when it finds the policy in the request headers; 'strict-dynamic' lets those load their chunks).
 *   No inline script without the nonce. Inline styles are allowed (recharts and React's style attributes).
 * - Respondent documents (/s/*, the builder's preview): no inline script or style at all — one stylesheet and
 *   one small deferred script, both files of ours.
 */

export type PolicyOptions = { nonce: string; dev: boolean; https: boolean };

function join(directives: Record<string, string>): string {
  return Object.entries(directives)
    .map(([name, value]) => (value ? `${name} ${value}` : name))
    .join("; ");
}

/** The policy of the admin app's pages (React / Next, recharts). */
export function appPolicy({ nonce, dev, https }: PolicyOptions): string {
  return join({
    "default-src": "'self'",
    "script-src": `'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": dev ? "'self' ws: wss:" : "'self'",
    "frame-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    ...(https ? { "upgrade-insecure-requests": "" } : {}),
  });
}

/** The policy of the plain respondent documents: nothing inline. `framable`: the builder's preview (same origin). */
export function respondentPolicy({ https, framable }: { https: boolean; framable: boolean }): string {
  return join({
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "frame-ancestors": framable ? "'self'" : "'none'",
    ...(https ? { "upgrade-insecure-requests": "" } : {}),
  });
}

/** Whether the request came over https: the proxy in front says so (X-Forwarded-Proto), or the URL does. */
export function isHttps(url: string, forwardedProto: string | null): boolean {
  const first = forwardedProto?.split(",")[0]?.trim().toLowerCase();
  if (first) return first === "https";
  return url.startsWith("https:");
}

/** HSTS for https responses only (a browser ignores it over http, and it must never pin a dev host). */
export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

/** Paths served as plain respondent documents (no React): the public survey links and the builder's preview. */
export function isRespondentDocumentPath(pathname: string): { respondent: boolean; framable: boolean } {
  if (pathname.startsWith("/s/")) return { respondent: true, framable: false };
  if (/^\/surveys\/[^/]+\/preview\/?$/.test(pathname)) return { respondent: true, framable: true };
  return { respondent: false, framable: false };
}
