import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { requireApiKey } from "@/server/api-keys/require-api-key";
import { readJsonBody } from "@/server/http/read-json-body";
import { analyzeTexts } from "@/server/text/analyze-texts";

export const dynamic = "force-dynamic";

/** 1,000 texts × 5,000 characters of Chinese is ~15 MB of UTF-8. */
const MAX_BODY = 16 * 1024 * 1024;

/** Reads texts with the organisation's theme taxonomy (tokens, themes, sentiment). Described in /api/v1/openapi.json. */
export const POST = apiRoute(async (request: NextRequest) => {
  const { organizationId } = await requireApiKey(request, { resource: "responses", access: "read", wholeOrganisation: true });
  const input = await readJsonBody(request, MAX_BODY);
  return NextResponse.json(await analyzeTexts({ organizationId, input }));
});
