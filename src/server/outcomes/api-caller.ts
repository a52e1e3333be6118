import "server-only";
import { authenticateApiKey } from "@/server/api-keys/authenticate-api-key";

/**
 * The organisation calling the outcomes endpoints: the one place they authenticate (through src/server/api-keys),
 * so scope checks added there apply to both outcomes routes at once.
 */
export async function outcomesCaller(request: Request): Promise<{ organizationId: string }> {
  const { organizationId } = await authenticateApiKey(request.headers.get("authorization"));
  return { organizationId };
}
