import { runImportSchema } from "@/schemas/contact-import";
import { startContactImport } from "@/server/contacts/run-contact-import";
import { readJsonBody } from "@/server/http/read-json-body";
import { validationError } from "@/server/http/respond";
import { idParam, importRoute } from "@/server/imports/import-route";

export const dynamic = "force-dynamic";

/**
 * POST /contacts/import/<id>/run {"mapping":{column: field},"onDuplicate":"update"|"skip"}: starts the import
 * in the server's background and answers 202; GET …/status reports its progress.
 */
export const POST = importRoute<{ id: string }>(
  async ({ request, actor, params }) => {
    const importId = idParam(params.id, "No such import.");
    const input = runImportSchema.safeParse(await readJsonBody(request));
    if (!input.success) throw validationError(input.error);
    await startContactImport({ actor, importId, input: input.data });
    return { id: importId };
  },
  { status: 202 },
);
