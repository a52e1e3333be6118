import { runOutcomeImportSchema } from "@/schemas/outcome-import";
import { readJsonBody } from "@/server/http/read-json-body";
import { validationError } from "@/server/http/respond";
import { idParam } from "@/server/imports/import-route";
import { outcomeImportRoute } from "@/server/outcomes/import-route";
import { startOutcomeImport } from "@/server/outcomes/import-run";

export const dynamic = "force-dynamic";

/** POST /contacts/outcomes/<importId>/run {"mapping":{column: field},"typeValues":{value: type}}: starts the import (202). */
export const POST = outcomeImportRoute<{ importId: string }>(
  async ({ request, actor, params }) => {
    const importId = idParam(params.importId, "No such import.");
    const input = runOutcomeImportSchema.safeParse(await readJsonBody(request));
    if (!input.success) throw validationError(input.error);
    await startOutcomeImport({ actor, importId, input: input.data });
    return { id: importId };
  },
  { status: 202 },
);
