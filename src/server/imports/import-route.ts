import "server-only";
import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { importFormatSchema, type ImportFormatInput } from "@/schemas/contact-import";
import { surveyIdSchema } from "@/schemas/survey";
import { hasRole } from "@/lib/roles";
import { getViewer, requireRole } from "@/server/auth/session";
import type { ContactActor } from "@/server/contacts/actor";
import { localizeImportError } from "@/server/contacts/localize-error";
import { readJsonBody } from "@/server/http/read-json-body";
import { sameOriginOnly } from "@/server/http/origin";
import { handleRoute, validationError } from "@/server/http/respond";
import { getRequestLocale } from "@/server/i18n/request-locale";

/**
 * The import routes' shared frame (contacts, historical responses, outcomes): same-origin only for writes (the
 * session cookie authenticates them: src/server/http/origin.ts), ADMIN and OWNER only, import problems
 * answered in the user's language, `id` path parameters checked as UUIDs (else 404 `notFound`).
 * `hiddenBelowAdmin`: a signed-in member below ADMIN gets 404 (like the import's pages) instead of 403.
 */
export function importRoute<P extends Record<string, string>>(
  handler: (context: { request: NextRequest; actor: ContactActor; params: P }) => Promise<unknown>,
  options: { status?: number; hiddenBelowAdmin?: boolean } = {},
) {
  return sameOriginOnly(handleRoute(async (request: NextRequest, { params }: { params: Promise<P> }) => {
    const locale = await getRequestLocale();
    try {
      if (options.hiddenBelowAdmin) {
        const signedIn = await getViewer();
        if (signedIn && !hasRole(signedIn.role, "ADMIN")) throw new AppError("not_found", "Not found.");
      }
      const viewer = await requireRole("ADMIN");
      const actor: ContactActor = { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role };
      const body = await handler({ request, actor, params: await params });
      return NextResponse.json(body, { status: options.status ?? 200, headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      throw localizeImportError(error, locale);
    }
  }));
}

/** A UUID path parameter, or not_found with `message`. */
export function idParam(value: string | undefined, message: string): string {
  const id = surveyIdSchema.safeParse(value);
  if (!id.success) throw new AppError("not_found", message);
  return id.data;
}

/**
 * An upload request: the file as the raw body (streamed to disk, never held in memory), its name in `X-File-Name`
 * (URI-encoded), ?encoding=auto|utf-8|gbk and ?delimiter=auto|comma|semicolon|tab.
 */
export function uploadOf(request: NextRequest): { body: ReadableStream<Uint8Array>; fileName: string; format: ImportFormatInput } {
  if (!request.body) throw new AppError("bad_request", "Send the file as the request body.");
  let fileName: string;
  try {
    fileName = decodeURIComponent(request.headers.get("x-file-name") ?? "");
  } catch {
    throw new AppError("bad_request", "X-File-Name must be URI-encoded.");
  }
  const query = request.nextUrl.searchParams;
  return { body: request.body, fileName, format: { encoding: query.get("encoding") ?? "auto", delimiter: query.get("delimiter") ?? "auto" } };
}

/** The body of a "read again" request: {"encoding","delimiter"}. */
export async function formatOfRequest(request: NextRequest): Promise<ImportFormatInput> {
  const format = importFormatSchema.safeParse(await readJsonBody(request));
  if (!format.success) throw validationError(format.error);
  return format.data;
}
