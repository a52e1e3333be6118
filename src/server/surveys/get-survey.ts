import "server-only";
import { AppError } from "@/lib/errors";
import { surveyIdSchema } from "@/schemas/survey";
import { db } from "@/server/db";

/** A survey of this organisation; another organisation's survey is "not found", never revealed. */
export async function getSurvey({ organizationId, surveyId }: { organizationId: string; surveyId: string }) {
  const id = surveyIdSchema.safeParse(surveyId);
  if (!id.success) throw new AppError("not_found", "Survey not found.");
  const survey = await db.survey.findFirst({ where: { id: id.data, organizationId } });
  if (!survey) throw new AppError("not_found", "Survey not found.");
  return survey;
}
