import { formatOfRequest, idParam } from "@/server/imports/import-route";
import { outcomeImportRoute } from "@/server/outcomes/import-route";
import { previewOutcomeImport } from "@/server/outcomes/import-create";

export const dynamic = "force-dynamic";

/** POST /contacts/outcomes/<importId>/preview {"encoding","delimiter"}: reads a pending upload again with other choices. */
export const POST = outcomeImportRoute<{ importId: string }>(async ({ request, actor, params }) =>
  previewOutcomeImport({ actor, importId: idParam(params.importId, "No such import."), format: await formatOfRequest(request) }),
);
