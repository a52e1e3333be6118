import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";

/** Deletes a journey with its stages (ADMIN+, checked by the caller); another organisation's is not_found. */
export async function deleteJourney(organizationId: string, journeyId: string): Promise<void> {
  if (!z.uuid().safeParse(journeyId).success) throw new AppError("not_found", "Journey not found.");
  const deleted = await db.journey.deleteMany({ where: { organizationId, id: journeyId } });
  if (deleted.count === 0) throw new AppError("not_found", "Journey not found.");
}
