import { NextResponse, type NextRequest } from "next/server";
import { localeFromAcceptLanguage, pickLocale } from "@/i18n/locales";
import { createTranslator } from "@/i18n/translate";
import { AppError, isAppError } from "@/lib/errors";
import { COMMENT_MAX_LENGTH } from "@/schemas/response";
import { errorResponse, handleRoute } from "@/server/http/respond";
import { renderRespondentErrorDocument, RESPONDENT_HTML_HEADERS } from "@/server/responses/respondent-document";
import { submitResponse } from "@/server/responses/submit-response";

const MAX_BODY_BYTES = 64 * 1024;

type Context = { params: Promise<{ token: string }> };

/**
 * The respondent's submit. A plain HTML form posts here (works with JavaScript off) and is redirected to
 * the thank-you page; JSON clients get JSON. Bad input: 4xx, nothing stored.
 */
export const POST = handleRoute(async (request: NextRequest, context: Context) => {
  const { token } = await context.params;
  const wantsJson =
    (request.headers.get("content-type") ?? "").includes("application/json") ||
    (request.headers.get("accept") ?? "").startsWith("application/json");
  const pageUrl = new URL(`/s/${encodeURIComponent(token)}`, request.url);

  let input: Record<string, unknown> | null = null;
  try {
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > MAX_BODY_BYTES) throw new AppError("payload_too_large", "The answer is too large.");
    input = await readInput(request);
    const result = await submitResponse({ token, input });
    if (wantsJson) {
      return NextResponse.json({ status: "recorded", category: result.category }, { status: 201 });
    }
    pageUrl.searchParams.set("done", "1");
    if (result.locale) pageUrl.searchParams.set("lang", result.locale);
    return NextResponse.redirect(pageUrl, 303);
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (wantsJson) return errorResponse(error);
    if (error.code === "already_answered") return NextResponse.redirect(pageUrl, 303);
    const locale = pickLocale(
      typeof input?.locale === "string" ? input.locale : null,
      request.nextUrl.searchParams.get("lang"),
      localeFromAcceptLanguage(request.headers.get("accept-language")),
    );
    const t = createTranslator(locale);
    const fields = (error.details as { fields?: string[] } | undefined)?.fields ?? [];
    const message =
      error.code === "not_found"
        ? t("respondent.notFound.body")
        : error.code === "survey_closed"
          ? t("respondent.closed.body")
          : fields.includes("comment")
            ? t("respondent.error.comment", { max: COMMENT_MAX_LENGTH })
            : fields.includes("score")
              ? t("respondent.error.score")
              : t("respondent.error.generic");
    const document = renderRespondentErrorDocument({
      locale,
      title: error.code === "not_found" ? t("respondent.notFound.title") : t("respondent.error.title"),
      message,
      link: error.code === "not_found" ? undefined : { href: pageUrl.pathname, label: t("respondent.error.backToSurvey") },
    });
    return new Response(document, { status: error.status, headers: RESPONDENT_HTML_HEADERS });
  }
});

/** Reads the body with a hard size cap (whatever content-length claims), as JSON or a urlencoded form. */
async function readInput(request: NextRequest): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  const isJson = type.includes("application/json");
  if (!isJson && !type.includes("application/x-www-form-urlencoded")) {
    throw new AppError("unsupported_media_type", "Send the answer as a form (urlencoded) or as JSON.");
  }
  const text = await readCapped(request);
  if (!isJson) {
    const form = new URLSearchParams(text);
    const input: Record<string, unknown> = {};
    for (const key of ["score", "comment", "locale"]) {
      const value = form.get(key);
      if (value !== null) input[key] = value;
    }
    return input;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new AppError("bad_request", "The body must be a JSON object.");
}

async function readCapped(request: NextRequest): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new AppError("payload_too_large", "The answer is too large.");
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
