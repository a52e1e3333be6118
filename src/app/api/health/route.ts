import { NextResponse } from "next/server";
import { isDatabaseHealthy } from "@/server/health/check-health";

export const dynamic = "force-dynamic";

/** Contract (product.md): 200 {"status":"ok","db":"ok"} when the database answers; 503 otherwise. */
export async function GET() {
  const healthy = await isDatabaseHealthy();
  return healthy
    ? NextResponse.json({ status: "ok", db: "ok" }, { headers: { "Cache-Control": "no-store" } })
    : NextResponse.json({ status: "error", db: "error" }, { status: 503, headers: { "Cache-Control": "no-store" } });
}
