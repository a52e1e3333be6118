import type { NextRequest } from "next/server";
import { localeFromAcceptLanguage } from "@/i18n/locales";
import { getUnsubscribeTarget, unsubscribeByToken } from "@/server/distribution/unsubscribe";
import {
  renderUnsubscribeConfirm,
  renderUnsubscribed,
  renderUnsubscribeNotFound,
  UNSUBSCRIBE_HTML_HEADERS,
} from "@/server/distribution/unsubscribe-document";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

/** The unsubscribe link in every email: a confirmation page whose button POSTs here. */
export async function GET(request: NextRequest, context: Context) {
  const { token } = await context.params;
  const target = await getUnsubscribeTarget(token);
  if (!target) {
    return new Response(renderUnsubscribeNotFound(localeFromAcceptLanguage(request.headers.get("accept-language"))), {
      status: 404,
      headers: UNSUBSCRIBE_HTML_HEADERS,
    });
  }
  return new Response(renderUnsubscribeConfirm(target, request.nextUrl.pathname), { status: 200, headers: UNSUBSCRIBE_HTML_HEADERS });
}

/** One-click unsubscribe (the page's button, and mail apps' List-Unsubscribe-Post, RFC 8058). Idempotent. */
export async function POST(request: NextRequest, context: Context) {
  const { token } = await context.params;
  const target = await unsubscribeByToken({ token });
  if (!target) {
    return new Response(renderUnsubscribeNotFound(localeFromAcceptLanguage(request.headers.get("accept-language"))), {
      status: 404,
      headers: UNSUBSCRIBE_HTML_HEADERS,
    });
  }
  return new Response(renderUnsubscribed(target), { status: 200, headers: UNSUBSCRIBE_HTML_HEADERS });
}
