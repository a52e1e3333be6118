import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { idempotent } from "@/server/api/idempotency";
import { addApiCaseNote } from "@/server/api/v1/cases";
import { requireApiKey } from "@/server/api-keys/require-api-key";
import { readJsonBody } from "@/server/http/read-json-body";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const MAX_BODY = 16 * 1024;

/** Adds a note to a case. Described in /api/v1/openapi.json. */
export const POST = apiRoute(async (request: NextRequest, context: Context) => {
  const principal = await requireApiKey(request, { resource: "cases", access: "write" });
  const { id } = await context.params;
  const input = await readJsonBody(request, MAX_BODY);
  return idempotent(request, principal, input, async () => NextResponse.json(await addApiCaseNote({ principal, id, input }), { status: 201 }));
});
