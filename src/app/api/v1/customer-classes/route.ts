import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { requireApiKey } from "@/server/api-keys/require-api-key";
import { listApiCustomerClasses } from "@/server/customer-classes/api-customer-classes";

export const dynamic = "force-dynamic";

/** The organisation's customer classes with both names, their rules and current counts. Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest) => {
  const principal = await requireApiKey(request, { resource: "contacts", access: "read" });
  return NextResponse.json(await listApiCustomerClasses({ principal, searchParams: request.nextUrl.searchParams }));
});
