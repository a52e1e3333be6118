import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { createSurveySchema, type CreateSurveyInput } from "@/schemas/survey";
import { db } from "@/server/db";
import { surveyContentOf } from "./survey-content";
import { templateQuestions } from "./survey-templates";

export type CreateSurveyOptions = {
  organizationId: string;
  userId: string | null;
  input: CreateSurveyInput;
  /** Start as a draft to be written in the builder and published (the UI does); otherwise active at once. */
  draft?: boolean;
};

/** Creates a survey from a template (the NPS question, its follow-up, and the template's questions), all or nothing. */
export async function createSurvey({ organizationId, userId, input, draft = false }: CreateSurveyOptions) {
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
        status: draft ? "DRAFT" : "ACTIVE",
        publishedAt: draft ? null : new Date(),
      },
    });
    const template = templateQuestions(data.template);
    const questions = template.map((question, position) => ({
      organizationId,
      surveyId: survey.id,
      key: question.key,
      type: question.type,
      position,
      required: question.required,
      text: question.text as Prisma.InputJsonObject,
      settings: question.settings as Prisma.InputJsonObject,
    }));
    await tx.question.createMany({ data: questions });
    if (!draft) {
      await tx.surveyRevision.create({
        data: { organizationId, surveyId: survey.id, version: 1, createdById: userId, content: surveyContentOf(survey, template.map((q, position) => ({ ...q, position }))) as unknown as Prisma.InputJsonObject },
      });
    }
    return survey;
  });
}
