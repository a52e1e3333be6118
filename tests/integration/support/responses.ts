import type { Prisma } from "@/generated/prisma/client";
import { addResponseAggregates } from "@/server/analytics/response-aggregates";
import { addResponseFollowUps } from "@/server/outcomes/follow-ups";
import { ensureAttributeDefinitions } from "@/server/attributes/ensure-attribute-definitions";
import { db } from "@/server/db";

/**
 * Writes responses the way the app's writers do (docs/decisions/0011): attribute keys get definitions, the rows are
 * inserted and counted in the dashboard's aggregates in one transaction. Tests that write "Response" by other
 * means must rebuild the aggregates afterwards, as a bulk load does.
 */
export async function insertResponses(data: Prisma.ResponseCreateManyInput[]): Promise<{ id: string; organizationId: string }[]> {
  return db.$transaction(async (tx) => {
    const organizations = [...new Set(data.map((d) => d.organizationId))];
    for (const organizationId of organizations) {
      const samples = data.filter((d) => d.organizationId === organizationId).map((d) => (d.attributes ?? {}) as Record<string, unknown>);
      await ensureAttributeDefinitions(tx, organizationId, samples);
    }
    const rows = await tx.response.createManyAndReturn({ data, select: { id: true, organizationId: true } });
    for (const organizationId of organizations) {
      await addResponseAggregates(tx, organizationId, rows.filter((r) => r.organizationId === organizationId).map((r) => r.id));
      await addResponseFollowUps(tx, organizationId, rows.filter((r) => r.organizationId === organizationId).map((r) => r.id));
    }
    return rows;
  }, { timeout: 120_000, maxWait: 60_000 });
}

/** One response, written as insertResponses does; returns the stored row. */
export async function insertResponse(data: Prisma.ResponseCreateManyInput) {
  const [row] = await insertResponses([data]);
  return db.response.findFirstOrThrow({ where: { id: row?.id } });
}
