import { uploadOf } from "@/server/imports/import-route";
import { outcomeImportRoute } from "@/server/outcomes/import-route";
import { createOutcomeImport } from "@/server/outcomes/import-create";

export const dynamic = "force-dynamic";

/**
 * POST /contacts/outcomes/upload?encoding=…&delimiter=… with the file as the raw request body and its name in
 * `X-File-Name`: an outcome import's preview (format, column names, first rows, each column's values, suggested
 * mapping). ADMIN and OWNER only (others 404), same origin only.
 */
export const POST = outcomeImportRoute(({ request, actor }) => createOutcomeImport({ actor, ...uploadOf(request) }), { status: 201 });
