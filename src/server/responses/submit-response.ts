import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { pickLocale } from "@/i18n/locales";
import { AppError } from "@/lib/errors";
import { classifyScore } from "@/lib/nps";
import { submitResponseSchema, tokenSchema } from "@/schemas/response";
import { db } from "@/server/db";

/** `input` is untrusted (form or JSON); it is validated here. */
export type SubmitResponseOptions = { token: string; input: unknown };

/**
 * Records the respondent's answer for a personal link: one response per invitation, all or nothing.
 * The invitation row is locked while answering, and a unique key (organizationId, invitationId) makes a
 * double submit impossible even across processes; a second submit gets `already_answered`.
 */
export async function submitResponse({ token, input }: SubmitResponseOptions) {
  const parsedToken = tokenSchema.safeParse(token);
  if (!parsedToken.success) throw new AppError("not_found", "This survey link is not valid.");
  const parsed = submitResponseSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("validation_failed", issue ? `${issue.path.join(".")}: ${issue.message}` : "Invalid answer.", {
      fields: parsed.error.issues.map((i) => i.path.join(".")),
    });
  }
  const data = parsed.data;

  try {
    return await db.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Invitation" WHERE "token" = ${parsedToken.data} FOR UPDATE`;
      const invitationId = locked[0]?.id;
      if (!invitationId) throw new AppError("not_found", "This survey link is not valid.");
      const invitation = await tx.invitation.findUniqueOrThrow({
        where: { id: invitationId },
        include: { survey: { include: { questions: true } }, contact: true },
      });
      if (invitation.respondedAt) throw new AppError("already_answered", "This link has already been answered.");
      if (invitation.survey.status === "CLOSED") throw new AppError("survey_closed", "This survey is closed.");

      const { organizationId, survey, contact } = invitation;
      const category = classifyScore(data.score);
      const locale = pickLocale(data.locale, contact.locale, survey.defaultLocale);
      const response = await tx.response.create({
        data: {
          organizationId,
          surveyId: survey.id,
          invitationId: invitation.id,
          contactId: contact.id,
          score: data.score,
          category,
          comment: data.comment ?? null,
          locale,
          channel: invitation.channel,
          touchpoint: survey.touchpoint,
          attributes: (contact.attributes ?? {}) as Prisma.InputJsonObject,
          completed: true,
        },
      });
      const npsQuestion = survey.questions.find((q) => q.type === "NPS");
      const reasonQuestion = survey.questions.find((q) => q.key === "reason");
      const answers: Prisma.AnswerCreateManyInput[] = [];
      if (npsQuestion) {
        answers.push({ organizationId, responseId: response.id, questionId: npsQuestion.id, value: data.score });
      }
      if (reasonQuestion && data.comment) {
        answers.push({ organizationId, responseId: response.id, questionId: reasonQuestion.id, value: data.comment });
      }
      if (answers.length > 0) await tx.answer.createMany({ data: answers });
      await tx.invitation.update({ where: { id: invitation.id }, data: { respondedAt: response.createdAt } });
      return { responseId: response.id, category, locale, brand: survey.brandName };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("already_answered", "This link has already been answered.");
    }
    throw error;
  }
}
