import { getContactImport } from "@/server/contacts/get-contact-import";
import { idParam, importRoute } from "@/server/imports/import-route";

export const dynamic = "force-dynamic";

/** GET /contacts/import/<id>/status: progress counters and, when done, the report (the import page polls this). */
export const GET = importRoute<{ id: string }>(({ actor, params }) => getContactImport({ actor, importId: idParam(params.id, "No such import.") }));
