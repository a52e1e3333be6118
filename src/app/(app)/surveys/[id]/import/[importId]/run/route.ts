import { runResponseImportSchema } from "@/schemas/response-import";
import { readJsonBody } from "@/server/http/read-json-body";
import { validationError } from "@/server/http/respond";
import { idParam, importRoute } from "@/server/imports/import-route";
import { startResponseImport } from "@/server/imports/run-response-import";

export const dynamic = "force-dynamic";

/** POST /surveys/<id>/import/<importId>/run {"mapping":{column: field}}: starts the import in the background (202). */
export const POST = importRoute<{ importId: string }>(
  async ({ request, actor, params }) => {
    const importId = idParam(params.importId, "No such import.");
    const input = runResponseImportSchema.safeParse(await readJsonBody(request));
    if (!input.success) throw validationError(input.error);
    await startResponseImport({ actor, importId, input: input.data });
    return { id: importId };
  },
  { status: 202 },
);
