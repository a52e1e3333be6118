import { previewResponseImport } from "@/server/imports/create-response-import";
import { formatOfRequest, idParam, importRoute } from "@/server/imports/import-route";

export const dynamic = "force-dynamic";

/** POST /surveys/<id>/import/<importId>/preview {"encoding","delimiter"}: reads a pending upload again with other choices. */
export const POST = importRoute<{ importId: string }>(async ({ request, actor, params }) =>
  previewResponseImport({ actor, importId: idParam(params.importId, "No such import."), format: await formatOfRequest(request) }),
);
