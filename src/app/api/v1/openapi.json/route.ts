import { NextResponse } from "next/server";
import { openApiDocument } from "@/server/api/openapi";

export const dynamic = "force-static";

/** The OpenAPI 3.1 description of /api/v1. Public: it holds no data. */
export function GET() {
  return NextResponse.json(openApiDocument(), {
    headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
