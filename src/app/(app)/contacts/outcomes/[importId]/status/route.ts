import { idParam } from "@/server/imports/import-route";
import { outcomeImportRoute } from "@/server/outcomes/import-route";
import { getOutcomeImport } from "@/server/outcomes/import-status";

export const dynamic = "force-dynamic";

/** GET /contacts/outcomes/<importId>/status: progress counters and, when done, the report (the page polls this). */
export const GET = outcomeImportRoute<{ importId: string }>(({ actor, params }) => getOutcomeImport({ actor, importId: idParam(params.importId, "No such import.") }));
