import { createHash } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/server/api/api-route";
import { idempotent } from "@/server/api/idempotency";
import { importApiOrgUnits } from "@/server/api/v1/org";
import { requireApiKey } from "@/server/api-keys/require-api-key";
import { MAX_HIERARCHY_BYTES } from "@/server/org/import-hierarchy";

export const dynamic = "force-dynamic";

/** Imports the hierarchy CSV (text/csv). Described in /api/v1/openapi.json. */
export const POST = apiRoute(async (request: NextRequest) => {
  const principal = await requireApiKey(request, { resource: "orgUnits", access: "write", wholeOrganisation: true });
  const type = request.headers.get("content-type") ?? "";
  if (!/^text\/(csv|plain)\b/i.test(type)) throw new AppError("unsupported_media_type", "Send the hierarchy as text/csv.");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_HIERARCHY_BYTES) throw new AppError("payload_too_large", "The file is too large (at most 2 MB).");
  const bytes = new Uint8Array(await request.arrayBuffer());
  const digest = createHash("sha256").update(bytes).digest("hex");
  return idempotent(request, principal, { sha256: digest }, async () => NextResponse.json(await importApiOrgUnits({ principal, bytes })));
});
