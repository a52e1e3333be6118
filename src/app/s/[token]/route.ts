import type { NextRequest } from "next/server";
import { localeFromAcceptLanguage } from "@/i18n/locales";
import { emailLinkKey } from "@/lib/link-guard";
import { isDatabaseUnavailable, retryAfterSeconds } from "@/server/http/database-unavailable";
import { getRespondentView } from "@/server/responses/get-respondent-view";
import { recordLinkClick } from "@/server/responses/record-link-click";
import {
  renderNotFoundDocument,
  renderRespondentDocument,
  renderUnavailableDocument,
  RESPONDENT_HTML_HEADERS,
} from "@/server/responses/respondent-document";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

/**
 * The respondent page: a complete server-rendered HTML document (the survey is a plain form). Opening a
 * link — even a one-click `?score=N` link — never records an answer; it only notes the first click (that
 * bookkeeping never fails the page, and leaves mail scanners out: record-link-click.ts). A database that is
 * briefly unavailable: 503 with Retry-After and a page offering to try again.
 */
export async function GET(request: NextRequest, context: Context) {
  return respondentPage(request, context, true);
}

/**
 * HEAD (link checkers and mail scanners probe links this way): the page's status and headers, no body, and no
 * click recorded. Without it Next would answer HEAD by running GET.
 */
export async function HEAD(request: NextRequest, context: Context) {
  const page = await respondentPage(request, context, false);
  return new Response(null, { status: page.status, headers: page.headers });
}

async function respondentPage(request: NextRequest, context: Context, countsAsClick: boolean): Promise<Response> {
  const { token } = await context.params;
  const query = request.nextUrl.searchParams;
  const browserLocale = localeFromAcceptLanguage(request.headers.get("accept-language"));
  let view: Awaited<ReturnType<typeof getRespondentView>>;
  try {
    view = await getRespondentView({ token, requestedLocale: query.get("lang"), browserLocale, resume: query.get("r") });
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    const retryAfter = retryAfterSeconds();
    const document = renderUnavailableDocument(browserLocale ?? "zh-CN", `${request.nextUrl.pathname}${request.nextUrl.search}`);
    return new Response(document, { status: 503, headers: { ...RESPONDENT_HTML_HEADERS, "Retry-After": String(retryAfter) } });
  }
  if (view.state === "not_found") {
    return new Response(renderNotFoundDocument(browserLocale ?? "zh-CN"), { status: 404, headers: RESPONDENT_HTML_HEADERS });
  }
  // Only the email's own links count (the plain link or a one-click ?score=N; the page's language switch and
  // resume links carry other parameters).
  const emailLink = !query.has("lang") && !query.has("r") && !query.has("done");
  if (countsAsClick && emailLink && view.state === "start" && view.firstOpen) {
    // One indexed UPDATE while the first click is still open; it never fails the page.
    await recordLinkClick({ token, linkKey: emailLinkKey(query.get("score")), userAgent: request.headers.get("user-agent") }).catch((error: unknown) => console.warn("first-click bookkeeping failed:", error instanceof Error ? error.message : String(error)));
  }
  const html = renderRespondentDocument({
    view,
    target: { kind: "answer", token },
    preselected: Number.parseInt(query.get("score") ?? "", 10),
    justAnswered: query.get("done") === "1",
  });
  return new Response(html, { status: 200, headers: RESPONDENT_HTML_HEADERS });
}
