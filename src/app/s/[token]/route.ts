import type { NextRequest } from "next/server";
import { localeFromAcceptLanguage } from "@/i18n/locales";
import { getRespondentView } from "@/server/responses/get-respondent-view";
import { recordLinkClick } from "@/server/responses/record-link-click";
import {
  renderNotFoundDocument,
  renderRespondentDocument,
  RESPONDENT_HTML_HEADERS,
} from "@/server/responses/respondent-document";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

/**
 * The respondent page: a complete server-rendered HTML document (the survey is a plain form). Opening a
 * link — even a one-click `?score=N` link — never records an answer; it only notes the first click.
 */
export async function GET(request: NextRequest, context: Context) {
  const { token } = await context.params;
  const query = request.nextUrl.searchParams;
  const browserLocale = localeFromAcceptLanguage(request.headers.get("accept-language"));
  const view = await getRespondentView({ token, requestedLocale: query.get("lang"), browserLocale, resume: query.get("r") });
  if (view.state === "not_found") {
    return new Response(renderNotFoundDocument(browserLocale ?? "zh-CN"), { status: 404, headers: RESPONDENT_HTML_HEADERS });
  }
  if (view.state === "start" && view.firstOpen) await recordLinkClick(token);
  const html = renderRespondentDocument({
    view,
    target: { kind: "answer", token },
    preselected: Number.parseInt(query.get("score") ?? "", 10),
    justAnswered: query.get("done") === "1",
  });
  return new Response(html, { status: 200, headers: RESPONDENT_HTML_HEADERS });
}
