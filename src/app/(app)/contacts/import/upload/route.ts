import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { requireRole } from "@/server/auth/session";
import { createContactImport } from "@/server/contacts/create-contact-import";
import { localizeImportError } from "@/server/contacts/localize-error";
import { handleRoute } from "@/server/http/respond";
import { getRequestLocale } from "@/server/i18n/request-locale";

export const dynamic = "force-dynamic";

/**
 * POST /contacts/import/upload?encoding=auto|utf-8|gbk&delimiter=auto|comma|semicolon|tab with the file as the
 * raw request body (streamed to disk, never held in memory) and its name in `X-File-Name` (URI-encoded).
 * Answers the preview: detected format, column names, first rows, suggested mapping. ADMIN and OWNER.
 */
export const POST = handleRoute(async (request: NextRequest) => {
  const locale = await getRequestLocale();
  try {
    const viewer = await requireRole("ADMIN");
    if (!request.body) throw new AppError("bad_request", "Send the file as the request body.");
    let fileName: string;
    try {
      fileName = decodeURIComponent(request.headers.get("x-file-name") ?? "");
    } catch {
      throw new AppError("bad_request", "X-File-Name must be URI-encoded.");
    }
    const params = request.nextUrl.searchParams;
    const preview = await createContactImport({
      actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
      body: request.body,
      fileName,
      format: { encoding: params.get("encoding") ?? "auto", delimiter: params.get("delimiter") ?? "auto" },
    });
    return NextResponse.json(preview, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    throw localizeImportError(error, locale);
  }
});
