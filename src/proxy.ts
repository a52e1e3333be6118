import { NextResponse, type NextRequest } from "next/server";
import { appPolicy, HSTS_VALUE, isHttps, isRespondentDocumentPath, respondentPolicy } from "@/lib/security-headers";

/**
 * Security headers on every response (docs/decisions/0015): a Content-Security-Policy — for app pages with a
 * fresh nonce per request, passed to Next in the request's own CSP header so its inline scripts carry it
 * (every app page renders dynamically: the root layout reads the locale cookie) — and HSTS when the request
 * came over https. The respondent documents get a policy with nothing inline and no framing.
 */
export function proxy(request: NextRequest) {
  const https = isHttps(request.url, request.headers.get("x-forwarded-proto"));
  const { respondent, framable } = isRespondentDocumentPath(request.nextUrl.pathname);
  let response: NextResponse;
  let policy: string;
  if (respondent) {
    policy = respondentPolicy({ https, framable });
    response = NextResponse.next();
  } else {
    const nonce = btoa(crypto.randomUUID());
    policy = appPolicy({ nonce, dev: process.env.NODE_ENV === "development", https });
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("Content-Security-Policy", policy);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", HSTS_VALUE);
  return response;
}

export const config = {
  // Not the build's static files and the public assets (no document, nothing to protect with a policy).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|respondent.css|respondent.js).*)"],
};
