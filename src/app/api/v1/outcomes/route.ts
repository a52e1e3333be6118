import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/server/api/api-route";
import { idempotent } from "@/server/api/idempotency";
import { readJsonBody } from "@/server/http/read-json-body";
import { outcomesCaller } from "@/server/outcomes/api-caller";
import { recordOutcomeEvents } from "@/server/outcomes/record-outcome-events";

export const dynamic = "force-dynamic";

/** 5,000 events of a few hundred bytes each. */
const MAX_BODY = 4 * 1024 * 1024;

/**
 * Behaviour events (churned, purchased, revenue, complaint …), idempotent by externalId; with an `Idempotency-Key` a
 * retried call answers the first call's result. Described in /api/v1/openapi.json.
 */
export const POST = apiRoute(async (request: NextRequest) => {
  const caller = await outcomesCaller(request, "write");
  const input = await readJsonBody(request, MAX_BODY);
  return idempotent(request, caller, input, async () => NextResponse.json(await recordOutcomeEvents({ organizationId: caller.organizationId, input })));
});
