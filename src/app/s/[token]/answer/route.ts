import { NextResponse, type NextRequest } from "next/server";
import { localeFromAcceptLanguage, pickLocale } from "@/i18n/locales";
import { createTranslator } from "@/i18n/translate";
import { AppError, isAppError } from "@/lib/errors";
import { clientAddress } from "@/lib/sign-in-throttle";
import { COMMENT_MAX_LENGTH } from "@/schemas/response";
import { isDatabaseUnavailable, retryAfterSeconds, unavailableResponse } from "@/server/http/database-unavailable";
import { assertValidUnicode } from "@/server/http/read-json-body";
import { errorResponse, handleRoute } from "@/server/http/respond";
import type { AnswerError } from "@/lib/survey-content";
import { getRespondentView } from "@/server/responses/get-respondent-view";
import {
  renderRespondentDocument,
  renderRespondentErrorDocument,
  renderRetryDocument,
  RESPONDENT_HTML_HEADERS,
} from "@/server/responses/respondent-document";
import { submitDriverAnswers } from "@/server/responses/submit-driver-answers";
import { submitResponse } from "@/server/responses/submit-response";
import { hashClientAddress } from "@/server/survey-links/form-key";

const MAX_BODY_BYTES = 64 * 1024;

type Context = { params: Promise<{ token: string }> };

/**
 * The respondent's submits: step 1 (score + follow-up) and step 2 (`step=drivers`: the driver questions).
 * A plain HTML form posts here (works with JavaScript off) and is redirected to the next step or the
 * thank-you page; JSON clients get JSON. Bad input: 4xx, nothing stored; a bad step 2 is shown again with
 * the answers kept and each problem next to its question. A database that is down or too busy: 503 with
 * Retry-After — JSON `unavailable`, or for the form the retry page keeping the answer (sending it again
 * stores it once).
 */
export const POST = handleRoute(async (request: NextRequest, context: Context) => {
  const { token } = await context.params;
  const wantsJson =
    (request.headers.get("content-type") ?? "").includes("application/json") ||
    (request.headers.get("accept") ?? "").startsWith("application/json");
  const pageUrl = new URL(`/s/${encodeURIComponent(token)}`, request.url);

  let input: Input | null = null;
  try {
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > MAX_BODY_BYTES) throw new AppError("payload_too_large", "The answer is too large.");
    input = await readInput(request);
    const resume = input.one("r");
    if (input.one("step") === "drivers") {
      const result = await submitDriverAnswers({ token, resume, read: input.all });
      if (wantsJson) return NextResponse.json({ status: result.alreadyComplete ? "already_complete" : "completed" }, { status: 200 });
      if (resume) pageUrl.searchParams.set("r", resume);
      pageUrl.searchParams.set("done", "1");
      pageUrl.searchParams.set("lang", result.locale);
      return NextResponse.redirect(pageUrl, 303);
    }
    const address = clientAddress(request.headers);
    const client = hashClientAddress(address === "unknown" ? null : address);
    const result = await submitResponse({ token, input: input.fields(["score", "comment", "locale", "key", "consent"]), client });
    if (wantsJson) {
      return NextResponse.json({ status: "recorded", category: result.category, next: result.next, resume: result.resume }, { status: 201 });
    }
    if (result.resume) pageUrl.searchParams.set("r", result.resume);
    if (result.next === "done") pageUrl.searchParams.set("done", "1");
    pageUrl.searchParams.set("lang", result.locale);
    return NextResponse.redirect(pageUrl, 303);
  } catch (error) {
    if (!isAppError(error) && isDatabaseUnavailable(error)) {
      console.warn("respondent answer: database unavailable, answered 503:", error instanceof Error ? error.message.split("\n")[0] : String(error));
      const retryAfter = retryAfterSeconds();
      if (wantsJson || !input) return unavailableResponse(retryAfter);
      const locale = pickLocale(input.one("locale"), request.nextUrl.searchParams.get("lang"), localeFromAcceptLanguage(request.headers.get("accept-language")));
      const document = renderRetryDocument({ locale, token, retryAfter, fields: input.entries() });
      return new Response(document, { status: 503, headers: { ...RESPONDENT_HTML_HEADERS, "Retry-After": String(retryAfter) } });
    }
    if (!isAppError(error)) throw error;
    // Too many answers through a public link (per address or per link): 429 with Retry-After.
    const retryAfter = error.code === "rate_limited" ? (error.details as { retryAfter?: number } | undefined)?.retryAfter : undefined;
    const limitHeaders: Record<string, string> = retryAfter ? { "Retry-After": String(retryAfter) } : {};
    if (wantsJson) {
      const response = errorResponse(error);
      for (const [name, value] of Object.entries(limitHeaders)) response.headers.set(name, value);
      return response;
    }
    const resume = input?.one("r") ?? null;
    if (resume) pageUrl.searchParams.set("r", resume);
    if (error.code === "already_answered") return NextResponse.redirect(pageUrl, 303);
    const locale = pickLocale(
      input?.one("locale"),
      request.nextUrl.searchParams.get("lang"),
      localeFromAcceptLanguage(request.headers.get("accept-language")),
    );
    const answerErrors = (error.details as { answerErrors?: Record<string, AnswerError> } | undefined)?.answerErrors;
    if (answerErrors && input) {
      const view = await getRespondentView({ token, requestedLocale: locale, resume });
      if (view.state === "drivers") {
        const document = renderRespondentDocument({ view, target: { kind: "answer", token }, preselected: Number.NaN, justAnswered: false, values: input.all, errors: answerErrors });
        return new Response(document, { status: error.status, headers: RESPONDENT_HTML_HEADERS });
      }
    }
    const t = createTranslator(locale);
    const details = error.details as { fields?: string[]; required?: string[]; key?: string } | undefined;
    const fields = details?.fields ?? [];
    const message =
      error.code === "not_found"
        ? t("respondent.notFound.body")
        : error.code === "survey_closed"
          ? t("respondent.closed.body")
          : error.code === "survey_not_open"
            ? t("respond.notOpen.body")
            : error.code === "rate_limited"
              ? t("respond.rateLimited.body", { minutes: Math.max(1, Math.ceil((retryAfter ?? 60) / 60)) })
              : fields.includes("key")
                ? t("respond.formExpired.body")
            : fields.includes("comment")
              ? details?.required?.includes("comment")
                ? t("respond.error.required")
                : t("respondent.error.comment", { max: COMMENT_MAX_LENGTH })
              : fields.includes("score")
                ? t("respondent.error.score")
                : t("respondent.error.generic");
    const document = renderRespondentErrorDocument({
      locale,
      title: error.code === "not_found" ? t("respondent.notFound.title") : error.code === "rate_limited" ? t("respond.rateLimited.title") : t("respondent.error.title"),
      message,
      link: error.code === "not_found" ? undefined : { href: `${pageUrl.pathname}${pageUrl.search}`, label: t("respondent.error.backToSurvey") },
    });
    return new Response(document, { status: error.status, headers: { ...RESPONDENT_HTML_HEADERS, ...limitHeaders } });
  }
});

/** The posted fields, from a urlencoded form or a JSON object: `all(name)` gives every value of a field. */
type Input = {
  one: (name: string) => string | null;
  all: (name: string) => string[];
  fields: (names: string[]) => Record<string, unknown>;
  /** Every posted field as strings, in order (the retry page posts them again). */
  entries: () => [string, string][];
};

/** Reads the body with a hard size cap (whatever content-length claims), as JSON or a urlencoded form. */
async function readInput(request: NextRequest): Promise<Input> {
  const type = request.headers.get("content-type") ?? "";
  const isJson = type.includes("application/json");
  if (!isJson && !type.includes("application/x-www-form-urlencoded")) {
    throw new AppError("unsupported_media_type", "Send the answer as a form (urlencoded) or as JSON.");
  }
  const text = await readCapped(request);
  if (!isJson) {
    const form = new URLSearchParams(text);
    return {
      one: (name) => form.get(name),
      all: (name) => form.getAll(name),
      fields: (names) => Object.fromEntries(names.flatMap((name) => (form.has(name) ? [[name, form.get(name)]] : []))),
      entries: () => [...form.entries()],
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = null;
  }
  assertValidUnicode(value);
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new AppError("bad_request", "The body must be a JSON object.");
  const object = value as Record<string, unknown>;
  const strings = (v: unknown): string[] =>
    typeof v === "string" ? [v] : typeof v === "number" ? [String(v)] : Array.isArray(v) ? v.flatMap((item) => (typeof item === "string" || typeof item === "number" ? [String(item)] : [])) : [];
  return {
    one: (name) => (typeof object[name] === "string" ? (object[name] as string) : null),
    all: (name) => strings(object[name]),
    fields: (names) => Object.fromEntries(names.flatMap((name) => (name in object ? [[name, object[name]]] : []))),
    entries: () => Object.keys(object).flatMap((name) => strings(object[name]).map((value): [string, string] => [name, value])),
  };
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
