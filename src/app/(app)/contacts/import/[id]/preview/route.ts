import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { contactIdSchema } from "@/schemas/contact";
import { importFormatSchema } from "@/schemas/contact-import";
import { requireRole } from "@/server/auth/session";
import { previewContactImport } from "@/server/contacts/create-contact-import";
import { localizeImportError } from "@/server/contacts/localize-error";
import { readJsonBody } from "@/server/http/read-json-body";
import { handleRoute, validationError } from "@/server/http/respond";
import { getRequestLocale } from "@/server/i18n/request-locale";

export const dynamic = "force-dynamic";

/** POST /contacts/import/<id>/preview {"encoding","delimiter"}: reads a pending upload again with other choices. */
export const POST = handleRoute(async (request: NextRequest, { params }: { params: Promise<{ id: string }> }) => {
  const locale = await getRequestLocale();
  try {
    const viewer = await requireRole("ADMIN");
    const id = contactIdSchema.safeParse((await params).id);
    if (!id.success) throw new AppError("not_found", "No such import.");
    const body = await readJsonBody(request);
    const format = importFormatSchema.safeParse(body);
    if (!format.success) throw validationError(format.error);
    const preview = await previewContactImport({
      actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
      importId: id.data,
      format: format.data,
    });
    return NextResponse.json(preview, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    throw localizeImportError(error, locale);
  }
});
