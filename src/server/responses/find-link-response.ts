import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { tokenSchema } from "@/schemas/response";
import type { db } from "@/server/db";

type Client = Prisma.TransactionClient | typeof db;

/**
 * The anonymous response a public link's one-time key names: only a response made through that very link
 * (a key from another link, or a malformed key, names nothing).
 */
export async function findLinkResponse(client: Client, link: { id: string; organizationId: string }, key: unknown) {
  const parsed = tokenSchema.safeParse(key);
  if (!parsed.success) return null;
  const response = await client.response.findUnique({
    where: { organizationId_submissionKey: { organizationId: link.organizationId, submissionKey: parsed.data } },
  });
  return response && response.surveyLinkId === link.id ? { ...response, submissionKey: parsed.data } : null;
}
