import "server-only";
import { createSurveySchema, type CreateSurveyInput } from "@/schemas/survey";
import { db } from "@/server/db";
import { defaultQuestions } from "./default-questions";

export type CreateSurveyOptions = { organizationId: string; userId: string | null; input: CreateSurveyInput };

/** Creates an active NPS survey with its NPS question and follow-up question, all or nothing. */
export async function createSurvey({ organizationId, userId, input }: CreateSurveyOptions) {
  const data = createSurveySchema.parse(input);
  return db.$transaction(async (tx) => {
    const survey = await tx.survey.create({
      data: {
        organizationId,
        createdById: userId,
        name: data.name,
        brandName: data.brandName,
        kind: data.kind,
        touchpoint: data.kind === "TRANSACTIONAL" ? (data.touchpoint ?? null) : null,
        defaultLocale: data.defaultLocale,
        status: "ACTIVE",
        publishedAt: new Date(),
      },
    });
    await tx.question.createMany({
      data: defaultQuestions().map((question) => ({ ...question, organizationId, surveyId: survey.id })),
    });
    return survey;
  });
}
