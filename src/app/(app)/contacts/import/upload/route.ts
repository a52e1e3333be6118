import { createContactImport } from "@/server/contacts/create-contact-import";
import { importRoute, uploadOf } from "@/server/imports/import-route";

export const dynamic = "force-dynamic";

/**
 * POST /contacts/import/upload?encoding=auto|utf-8|gbk&delimiter=auto|comma|semicolon|tab with the file as the
 * raw request body (streamed to disk, never held in memory) and its name in `X-File-Name` (URI-encoded).
 * Answers the preview: detected format, column names, first rows, suggested mapping. ADMIN and OWNER.
 */
export const POST = importRoute(({ request, actor }) => createContactImport({ actor, ...uploadOf(request) }), { status: 201 });
