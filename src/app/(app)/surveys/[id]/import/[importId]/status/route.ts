import { getResponseImport } from "@/server/imports/get-response-import";
import { idParam, importRoute } from "@/server/imports/import-route";

export const dynamic = "force-dynamic";

/** GET /surveys/<id>/import/<importId>/status: progress counters and, when done, the report (the page polls this). */
export const GET = importRoute<{ importId: string }>(({ actor, params }) => getResponseImport({ actor, importId: idParam(params.importId, "No such import.") }));
