import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { journeyInputSchema, journeyValidationKey, type JourneyValidationKey } from "@/schemas/journey";
import { db } from "@/server/db";
import { listJourneyTouchpointOptions } from "./journey-touchpoint-options";

export type SaveJourneyOptions = {
  organizationId: string;
  /** null creates a journey; an id replaces that journey's names and stages (its stages are written anew in order). */
  journeyId: string | null;
  /** Unparsed: validated here with journeyInputSchema. */
  input: unknown;
};

/** A refused journey: which field (a zod path joined by ".") and the message key the editor shows. */
export type JourneyFieldErrors = Record<string, JourneyValidationKey>;

/**
 * Creates or replaces a journey (ADMIN+, checked by the caller). Every touchpoint must be one of the organisation's
 * (listJourneyTouchpointOptions); a touchpoint may sit in one stage only. Refusals are AppError("validation_failed")
 * with `details.fieldErrors`; another organisation's journey is not_found. Returns the journey's id.
 */
export async function saveJourney({ organizationId, journeyId, input }: SaveJourneyOptions): Promise<string> {
  const parsed = journeyInputSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: JourneyFieldErrors = {};
    for (const issue of parsed.error.issues) fieldErrors[issue.path.join(".") || "journey"] ??= journeyValidationKey(issue.message);
    throw new AppError("validation_failed", "The journey is not valid.", { fieldErrors });
  }
  const journey = parsed.data;
  const known = new Set(await listJourneyTouchpointOptions(organizationId));
  const fieldErrors: JourneyFieldErrors = {};
  journey.stages.forEach((stage, s) =>
    stage.touchpoints.forEach((tp, t) => {
      if (!known.has(tp.touchpoint)) fieldErrors[`stages.${s}.touchpoints.${t}.touchpoint`] = "unknownTouchpoint";
    }),
  );
  if (Object.keys(fieldErrors).length > 0) throw new AppError("validation_failed", "Unknown touchpoint.", { fieldErrors });
  if (journeyId !== null && !z.uuid().safeParse(journeyId).success) throw new AppError("not_found", "Journey not found.");

  return db.$transaction(async (tx) => {
    let id: string;
    if (journeyId === null) {
      id = (await tx.journey.create({ data: { organizationId, nameZh: journey.nameZh, nameEn: journey.nameEn }, select: { id: true } })).id;
    } else {
      const updated = await tx.journey.updateMany({ where: { organizationId, id: journeyId }, data: { nameZh: journey.nameZh, nameEn: journey.nameEn } });
      if (updated.count === 0) throw new AppError("not_found", "Journey not found.");
      id = journeyId;
      await tx.journeyStage.deleteMany({ where: { organizationId, journeyId: id } });
    }
    for (const [position, stage] of journey.stages.entries()) {
      const created = await tx.journeyStage.create({
        data: { organizationId, journeyId: id, position, nameZh: stage.nameZh, nameEn: stage.nameEn },
        select: { id: true },
      });
      if (stage.touchpoints.length === 0) continue;
      await tx.journeyTouchpoint.createMany({
        data: stage.touchpoints.map((tp, i) => ({ organizationId, journeyId: id, stageId: created.id, touchpoint: tp.touchpoint, kind: tp.kind, position: i })),
      });
    }
    return id;
  });
}
