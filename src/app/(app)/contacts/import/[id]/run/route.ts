import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { contactIdSchema } from "@/schemas/contact";
import { runImportSchema } from "@/schemas/contact-import";
import { requireRole } from "@/server/auth/session";
import { localizeImportError } from "@/server/contacts/localize-error";
import { startContactImport } from "@/server/contacts/run-contact-import";
import { readJsonBody } from "@/server/http/read-json-body";
import { handleRoute, validationError } from "@/server/http/respond";
import { getRequestLocale } from "@/server/i18n/request-locale";

export const dynamic = "force-dynamic";

/**
 * POST /contacts/import/<id>/run {"mapping":{column: field},"onDuplicate":"update"|"skip"}: starts the import
 * in the server's background and answers 202; GET …/status reports its progress.
 */
export const POST = handleRoute(async (request: NextRequest, { params }: { params: Promise<{ id: string }> }) => {
  const locale = await getRequestLocale();
  try {
    const viewer = await requireRole("ADMIN");
    const id = contactIdSchema.safeParse((await params).id);
    if (!id.success) throw new AppError("not_found", "No such import.");
    const body = await readJsonBody(request);
    const input = runImportSchema.safeParse(body);
    if (!input.success) throw validationError(input.error);
    await startContactImport({
      actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
      importId: id.data,
      input: input.data,
    });
    return NextResponse.json({ id: id.data }, { status: 202, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    throw localizeImportError(error, locale);
  }
});
