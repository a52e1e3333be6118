import "server-only";
import { requireApiKey } from "@/server/api-keys/require-api-key";

/**
 * The organisation calling the outcomes endpoints, through the API's one entry point (src/server/api-keys): a valid
 * key within its rate limit holding the outcomes scope (read for the report, write to record events). Recording
 * matches contacts across the organisation, so a key limited to an org unit may not write; the report of such a
 * key covers its unit's subtree only.
 */
export async function outcomesCaller(request: Request, access: "read" | "write"): Promise<{ organizationId: string; apiKeyId: string; unitIds: string[] | null }> {
  const principal = await requireApiKey(request, { resource: "outcomes", access, wholeOrganisation: access === "write" });
  return { organizationId: principal.organizationId, apiKeyId: principal.apiKeyId, unitIds: principal.unitIds };
}
