import { previewContactImport } from "@/server/contacts/create-contact-import";
import { formatOfRequest, idParam, importRoute } from "@/server/imports/import-route";

export const dynamic = "force-dynamic";

/** POST /contacts/import/<id>/preview {"encoding","delimiter"}: reads a pending upload again with other choices. */
export const POST = importRoute<{ id: string }>(async ({ request, actor, params }) =>
  previewContactImport({ actor, importId: idParam(params.id, "No such import."), format: await formatOfRequest(request) }),
);
