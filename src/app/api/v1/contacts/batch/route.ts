import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { idempotent } from "@/server/api/idempotency";
import { upsertApiContacts } from "@/server/api/v1/contacts";
import { requireApiKey } from "@/server/api-keys/require-api-key";
import { readJsonBody } from "@/server/http/read-json-body";

export const dynamic = "force-dynamic";

const MAX_BODY = 4 * 1024 * 1024;

/** Up to 1,000 contacts created or updated by email. Described in /api/v1/openapi.json. */
export const POST = apiRoute(async (request: NextRequest) => {
  const principal = await requireApiKey(request, { resource: "contacts", access: "write", personalData: true, wholeOrganisation: true });
  const input = await readJsonBody(request, MAX_BODY);
  return idempotent(request, principal, input, async () => NextResponse.json(await upsertApiContacts({ principal, input })));
});
