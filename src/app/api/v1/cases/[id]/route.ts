import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { getApiCase, updateApiCase } from "@/server/api/v1/cases";
import { assertKnownParams } from "@/server/api/v1/params";
import { requireApiKey } from "@/server/api-keys/require-api-key";
import { readJsonBody } from "@/server/http/read-json-body";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const MAX_BODY = 16 * 1024;

/** One case with its timeline. Described in /api/v1/openapi.json. */
export const GET = apiRoute(async (request: NextRequest, context: Context) => {
  const principal = await requireApiKey(request, { resource: "cases", access: "read" });
  assertKnownParams(request.nextUrl.searchParams, []);
  const { id } = await context.params;
  return NextResponse.json(await getApiCase({ principal, id }));
});

/** Changes a case's status and / or owner. Described in /api/v1/openapi.json. */
export const PATCH = apiRoute(async (request: NextRequest, context: Context) => {
  const principal = await requireApiKey(request, { resource: "cases", access: "write" });
  const { id } = await context.params;
  const input = await readJsonBody(request, MAX_BODY);
  return NextResponse.json(await updateApiCase({ principal, id, input }));
});
