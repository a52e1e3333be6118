import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { JourneyTouchpointKindName } from "@/schemas/journey";
import { db } from "@/server/db";

export type JourneyTouchpointDto = { touchpoint: string; kind: JourneyTouchpointKindName };
export type JourneyStageDto = { id: string; position: number; nameZh: string; nameEn: string; touchpoints: JourneyTouchpointDto[] };
export type JourneyDto = { id: string; nameZh: string; nameEn: string; updatedAt: Date; stages: JourneyStageDto[] };

/** One journey of the organisation with its stages and touchpoints in order; another organisation's (or a bad id) is not_found. */
export async function getJourney(organizationId: string, journeyId: string): Promise<JourneyDto> {
  if (!z.uuid().safeParse(journeyId).success) throw new AppError("not_found", "Journey not found.");
  const journey = await db.journey.findFirst({
    where: { organizationId, id: journeyId },
    select: {
      id: true,
      nameZh: true,
      nameEn: true,
      updatedAt: true,
      stages: {
        orderBy: [{ position: "asc" }, { id: "asc" }],
        select: {
          id: true,
          position: true,
          nameZh: true,
          nameEn: true,
          touchpoints: { orderBy: [{ position: "asc" }, { id: "asc" }], select: { touchpoint: true, kind: true } },
        },
      },
    },
  });
  if (!journey) throw new AppError("not_found", "Journey not found.");
  return journey;
}
