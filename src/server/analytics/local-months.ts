import "server-only";
import type { Prisma } from "@/generated/prisma/client";

export type LocalMonth = { since: Date; before: Date; n: number };

/**
 * The organisation's local calendar months that hold responses, in order: each month's bounds as instants in the
 * organisation's time zone and its number of responses. The rebuilds work a whole month at a time, so every
 * aggregate key (a local day or month) is written by exactly one chunk.
 */
export function localMonths(tx: Prisma.TransactionClient, organizationId: string): Promise<LocalMonth[]> {
  return tx.$queryRaw<LocalMonth[]>`
    SELECT (m AT TIME ZONE o."timeZone") AS "since", ((m + interval '1 month') AT TIME ZONE o."timeZone") AS "before", n
    FROM (
      SELECT date_trunc('month', r."createdAt" AT TIME ZONE o."timeZone") AS m, COUNT(*)::int AS n
      FROM "Response" r JOIN "Organization" o ON o."id" = r."organizationId"
      WHERE r."organizationId" = ${organizationId}::uuid GROUP BY 1
    ) x CROSS JOIN "Organization" o
    WHERE o."id" = ${organizationId}::uuid
    ORDER BY 1`;
}
