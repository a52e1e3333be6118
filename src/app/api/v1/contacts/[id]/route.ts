import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { eraseApiContact, getApiContact } from "@/server/api/v1/contacts";
import { assertKnownParams } from "@/server/api/v1/params";
import { requireApiKey } from "@/server/api-keys/require-api-key";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** One contact (personal data). Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest, context: Context) => {
  const principal = await requireApiKey(request, { resource: "contacts", access: "read", personalData: true, wholeOrganisation: true });
  assertKnownParams(request.nextUrl.searchParams, []);
  const { id } = await context.params;
  return NextResponse.json(await getApiContact({ principal, id }));
});

/** Erases the contact's personal data (scores kept). Described in /api/v1/openapi.json. */
export const DELETE = apiRoute(async (request: NextRequest, context: Context) => {
  const principal = await requireApiKey(request, { resource: "contacts", access: "write", personalData: true, wholeOrganisation: true });
  assertKnownParams(request.nextUrl.searchParams, []);
  const { id } = await context.params;
  return NextResponse.json(await eraseApiContact({ principal, id }));
});
