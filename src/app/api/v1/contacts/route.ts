import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { listApiContacts } from "@/server/api/v1/contacts";
import { requireApiKey } from "@/server/api-keys/require-api-key";

export const dynamic = "force-dynamic";

/** The organisation's contacts (personal data). Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest) => {
  const principal = await requireApiKey(request, { resource: "contacts", access: "read", personalData: true, wholeOrganisation: true });
  return NextResponse.json(await listApiContacts({ principal, searchParams: request.nextUrl.searchParams }));
});
