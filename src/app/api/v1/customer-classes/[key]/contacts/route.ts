import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { requireApiKey } from "@/server/api-keys/require-api-key";
import { listApiClassContacts } from "@/server/customer-classes/api-customer-classes";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ key: string }> };

/** The contacts in a class now, cursor-paged; personal data masked without the key's permission. Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest, context: Context) => {
  const principal = await requireApiKey(request, { resource: "contacts", access: "read" });
  const { key } = await context.params;
  return NextResponse.json(await listApiClassContacts({ principal, classKey: key, searchParams: request.nextUrl.searchParams }));
});
