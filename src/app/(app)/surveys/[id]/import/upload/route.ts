import { createResponseImport } from "@/server/imports/create-response-import";
import { idParam, importRoute, uploadOf } from "@/server/imports/import-route";

export const dynamic = "force-dynamic";

/**
 * POST /surveys/<id>/import/upload?encoding=…&delimiter=… with the file as the raw request body and its name in
 * `X-File-Name`: a historical response import's preview (format, column names, first rows, suggested mapping).
 */
export const POST = importRoute<{ id: string }>(
  ({ request, actor, params }) => createResponseImport({ actor, surveyId: idParam(params.id, "No such survey."), ...uploadOf(request) }),
  { status: 201 },
);
