import { NextResponse, type NextRequest } from "next/server";
import { pickLocale } from "@/i18n/locales";
import { createTranslator } from "@/i18n/translate";
import { AppError, isAppError } from "@/lib/errors";
import { COMMENT_MAX_LENGTH } from "@/schemas/response";
import { htmlMessagePage } from "@/server/http/html-page";
import { errorResponse, handleRoute } from "@/server/http/respond";
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

  try {
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > MAX_BODY_BYTES) throw new AppError("payload_too_large", "The answer is too large.");
    const input = await readInput(request);
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
    const locale = pickLocale(request.nextUrl.searchParams.get("lang"), request.headers.get("accept-language"));
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
    return htmlMessagePage({
      status: error.status,
      lang: locale,
      title: error.code === "not_found" ? t("respondent.notFound.title") : t("respondent.error.title"),
      message,
      link: error.code === "not_found" ? undefined : { href: pageUrl.pathname, label: t("respondent.error.backToSurvey") },
    });
  }
});

async function readInput(request: NextRequest): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const text = await request.text();
    if (text.length > MAX_BODY_BYTES) throw new AppError("payload_too_large", "The answer is too large.");
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // fall through
    }
    throw new AppError("bad_request", "The body must be a JSON object.");
  }
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
    const form = await request.formData();
    const input: Record<string, unknown> = {};
    for (const key of ["score", "comment", "locale"]) {
      const value = form.get(key);
      if (typeof value === "string") input[key] = value;
    }
    return input;
  }
  throw new AppError("unsupported_media_type", "Send the answer as a form or as JSON.");
}
