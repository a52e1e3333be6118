import "server-only";
import { db } from "@/server/db";

export type JourneySummary = { id: string; nameZh: string; nameEn: string; stages: number; touchpoints: number; updatedAt: Date };

/** The organisation's journeys, newest first, with how many stages and touchpoints each holds. */
export async function listJourneys(organizationId: string): Promise<JourneySummary[]> {
  const rows = await db.journey.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, nameZh: true, nameEn: true, updatedAt: true, _count: { select: { stages: true, touchpoints: true } } },
  });
  return rows.map((r) => ({ id: r.id, nameZh: r.nameZh, nameEn: r.nameEn, updatedAt: r.updatedAt, stages: r._count.stages, touchpoints: r._count.touchpoints }));
}
