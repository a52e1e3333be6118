import "server-only";
import { db } from "@/server/db";
import { withPending } from "@/server/analytics/pending-responses";

/**
 * The organisation's touchpoints a journey can hold: every transactional survey's touchpoint and every touchpoint
 * responses carry (the monthly aggregates' "touchpoint" dimension — every response has a monthly row — so no response row is read), sorted. Scoped by
 * organizationId.
 */
export async function listJourneyTouchpointOptions(organizationId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ touchpoint: string }[]>`
    SELECT s."touchpoint" FROM "Survey" s
    WHERE s."organizationId" = ${organizationId}::uuid AND s."touchpoint" IS NOT NULL AND s."touchpoint" <> ''
    UNION
    SELECT r."value" FROM ${withPending("ResponseAggregate", organizationId)} r
    WHERE r."organizationId" = ${organizationId}::uuid AND r."grain" = 'M' AND r."dimension" = 'touchpoint'
      AND r."scope" = '' AND r."value" <> ''
    GROUP BY r."value" HAVING SUM(r."n") > 0`;
  return rows.map((r) => r.touchpoint).sort((a, b) => a.localeCompare(b, "zh-CN"));
}
